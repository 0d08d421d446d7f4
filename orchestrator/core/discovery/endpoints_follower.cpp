// The follower's thread: leader finding, then our long-poll or Drove's summary polling, with the
// last good snapshot kept through every failure.
#include "orchestrator/core/util/guarded_thread.h"
#include "orchestrator/core/discovery/endpoints_follower.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "orchestrator/core/discovery/endpoints_reader.h"
#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/http_client.h"

namespace drove::discovery {
namespace {

using core::HttpClient;
using core::HttpRequest;
using core::HttpResponse;
using core::HttpTarget;
using core::Result;
using core::Status;
using std::chrono::milliseconds;

constexpr const char* kGenerationHeader =
    "x-drove-endpoints-generation";  // lower-cased by the client
constexpr milliseconds kPauseSlice{20};
// Event types after which Drove's own clients refetch the endpoints.
constexpr const char* kRefetchEvents[] = {"APP_STATE_CHANGE", "INSTANCE_STATE_CHANGE"};

struct Controller {
  std::string url;
  HttpTarget target;
};

int64_t NowMs() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<int64_t> ParseInt(std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string Snippet(const std::string& body) {
  constexpr size_t kMax = 200;
  return body.size() <= kMax ? body : body.substr(0, kMax) + "...";
}

// What one events-summary round says: the new sync time and whether endpoints may have moved.
struct SummaryRound {
  int64_t last_sync_time = 0;
  bool refetch = false;
};

Result<SummaryRound> ParseSummary(const std::string& body) {
  using nlohmann::json;
  json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object())
    return Result<SummaryRound>::Error("events summary: invalid JSON");
  auto status = root.find("status");
  if (status == root.end() || *status != "SUCCESS") {
    return Result<SummaryRound>::Error("events summary: status " +
                                       (status == root.end() ? "missing" : status->dump()));
  }
  auto data = root.find("data");
  if (data == root.end() || !data->is_object())
    return Result<SummaryRound>::Error("events summary: no data");
  auto sync = data->find("lastSyncTime");
  if (sync == data->end() || !sync->is_number_integer()) {
    return Result<SummaryRound>::Error("events summary: no integer lastSyncTime");
  }
  SummaryRound round{sync->get<int64_t>(), false};
  auto counts = data->find("eventsCount");
  if (counts != data->end() && counts->is_object()) {
    for (const char* type : kRefetchEvents) {
      auto count = counts->find(type);
      if (count != counts->end() && count->is_number() && count->get<double>() > 0)
        round.refetch = true;
    }
  }
  return round;
}

// One follower thread's state. Every method that talks to a controller returns on stop.
class Worker {
 public:
  Worker(const FollowerOptions& options, const EndpointsFollower::SnapshotFn& on_snapshot,
         const EndpointsFollower::ErrorFn& on_error, const std::atomic<bool>& stop)
      : options_(options), on_snapshot_(on_snapshot), on_error_(on_error), stop_(stop) {}

  void Loop() {
    while (!stopped()) {
      auto leader = FindLeader();
      Status status = leader.ok() ? Follow(*leader) : leader.status();
      if (stopped()) break;
      Error(status.message());
      Pause(options_.retry_interval);
    }
  }

 private:
  bool stopped() const { return stop_.load(); }

  void Error(const std::string& message) {
    if (on_error_) on_error_(message);
  }

  void Pause(milliseconds total) {
    auto until = std::chrono::steady_clock::now() + total;
    while (!stopped() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(kPauseSlice);
  }

  Result<HttpResponse> Get(const Controller& controller, const std::string& path,
                           milliseconds timeout) {
    HttpRequest request;
    request.target = path;
    if (!options_.authorization.empty()) request.headers["Authorization"] = options_.authorization;
    auto response = HttpClient::Send(controller.target, request, timeout, &stop_);
    if (!response.ok())
      return Result<HttpResponse>::Error(controller.url + path + ": " + response.error());
    if (response->status != 200) {
      return Result<HttpResponse>::Error(controller.url + path + ": HTTP " +
                                         std::to_string(response->status) + " " +
                                         Snippet(response->body));
    }
    return response;
  }

  // Drove's rule: the first controller answering /ping with 200 is the leader.
  Result<Controller> FindLeader() {
    std::string failures;
    for (const auto& url : options_.controllers) {
      if (stopped()) break;
      auto target = HttpTarget::Parse(url);
      if (!target.ok()) {
        failures += "; " + target.error();
        continue;
      }
      core::ApplyTlsConfig(options_.tls, &target.value());
      Controller controller{url, *target};
      auto pong = Get(controller, "/apis/v1/ping", options_.request_timeout);
      if (pong.ok()) return controller;
      failures += "; " + pong.error();
    }
    if (options_.controllers.empty()) return Result<Controller>::Error("no controllers configured");
    return Result<Controller>::Error("no leader controller" + failures);
  }

  // Full resync against one leader, then follows it until an error (returned) or stop.
  Status Follow(const Controller& leader) {
    if (options_.mode == SyncMode::kLongPoll) return FollowByLongPoll(leader);
    // The summary comes first so no event between the two calls is missed on the polling path.
    auto summary =
        Get(leader, "/apis/v1/cluster/events/summary?lastSyncTime=0", options_.request_timeout);
    if (!summary.ok()) return summary.status();
    auto round = ParseSummary(summary->body);
    if (!round.ok()) return Status::Error(leader.url + ": " + round.error());
    auto first = Get(leader, "/apis/v1/endpoints", options_.request_timeout);
    if (!first.ok()) return first.status();
    auto header = first->headers.find(kGenerationHeader);
    if (header == first->headers.end() || options_.mode == SyncMode::kPoll) {
      Status status = Offer(leader, *first, std::nullopt);
      return status.ok() ? PollSummaries(leader, round->last_sync_time) : status;
    }
    return OfferAndLongPoll(leader, *first, header->second);
  }

  // SyncMode::kLongPoll: no events summary; a controller without the long-poll is an error.
  Status FollowByLongPoll(const Controller& leader) {
    auto first = Get(leader, "/apis/v1/endpoints", options_.request_timeout);
    if (!first.ok()) return first.status();
    auto header = first->headers.find(kGenerationHeader);
    if (header == first->headers.end()) {
      return Status::Error(leader.url + ": no " + std::string(kGenerationHeader) +
                           " header: this controller does not offer the endpoints long-poll "
                           "(sync mode longpoll); use auto or poll");
    }
    return OfferAndLongPoll(leader, *first, header->second);
  }

  Status OfferAndLongPoll(const Controller& leader, const HttpResponse& first,
                          const std::string& generation_header) {
    auto generation = ParseInt(generation_header);
    if (!generation)
      return Status::Error(leader.url + ": bad " + kGenerationHeader + ": " + generation_header);
    Status status = Offer(leader, first, *generation);
    return status.ok() ? LongPoll(leader, *generation) : status;
  }

  // Our controller: each answer comes when the generation moves or the wait runs out.
  Status LongPoll(const Controller& leader, int64_t generation) {
    const int64_t wait_seconds = std::max<int64_t>(1, options_.long_poll_wait.count());
    const milliseconds timeout = std::chrono::seconds(wait_seconds) + options_.request_timeout;
    while (!stopped()) {
      auto response = Get(leader,
                          "/apis/v1/endpoints?sinceGeneration=" + std::to_string(generation) +
                              "&waitSeconds=" + std::to_string(wait_seconds),
                          timeout);
      if (!response.ok()) return response.status();
      auto header = response->headers.find(kGenerationHeader);
      std::optional<int64_t> next;
      if (header != response->headers.end()) next = ParseInt(header->second);
      if (!next) return Status::Error(leader.url + ": long-poll answer without a valid generation");
      if (*next == generation) continue;  // the wait ran out with nothing new
      Status status = Offer(leader, *response, *next);
      if (!status.ok()) return status;
      generation = *next;
    }
    return Status::Ok();
  }

  // A stock Drove controller: refetch when the events summary reports app or instance changes.
  Status PollSummaries(const Controller& leader, int64_t last_sync_time) {
    while (!stopped()) {
      Pause(options_.poll_interval);
      if (stopped()) break;
      auto summary = Get(
          leader, "/apis/v1/cluster/events/summary?lastSyncTime=" + std::to_string(last_sync_time),
          options_.request_timeout);
      if (!summary.ok()) return summary.status();
      auto round = ParseSummary(summary->body);
      if (!round.ok()) return Status::Error(leader.url + ": " + round.error());
      if (round->refetch) {
        auto endpoints = Get(leader, "/apis/v1/endpoints", options_.request_timeout);
        if (!endpoints.ok()) return endpoints.status();
        Status status = Offer(leader, *endpoints, std::nullopt);
        if (!status.ok()) return status;
      }
      last_sync_time = round->last_sync_time;
    }
    return Status::Ok();
  }

  // Validates an endpoints answer and hands it on when it differs from the last good one.
  // `generation` is the controller's; without one a local counter stands in.
  Status Offer(const Controller& leader, const HttpResponse& response,
               std::optional<int64_t> generation) {
    // Apps unchanged since the last view are copied from it instead of parsed again.
    auto apps = reader_.Read(response.body, last_ ? &last_->apps : nullptr);
    if (!apps.ok()) return Status::Error(leader.url + ": " + apps.error());
    const size_t guard = options_.collapse_guard_min_apps;
    if (last_ && guard > 0 && apps->empty() && last_->apps.size() >= guard) {
      reader_.Forget();  // the view kept is not the one it read
      return Status::Error(leader.url + ": refused an empty endpoints list after " +
                           std::to_string(last_->apps.size()) +
                           " apps; keeping the last good view");
    }
    bool changed = !last_ || last_->apps != *apps || last_->leader != leader.url;
    if (!generation) {
      if (changed) ++local_generation_;
      generation = local_generation_;
    }
    if (!changed && *generation == last_->generation) return Status::Ok();
    EndpointsSnapshot snapshot;
    snapshot.generation = *generation;
    snapshot.leader = leader.url;
    snapshot.fetched_at_ms = NowMs();
    snapshot.apps = std::move(*apps);
    last_ = std::move(snapshot);
    if (on_snapshot_) on_snapshot_(*last_);
    return Status::Ok();
  }

  const FollowerOptions& options_;
  const EndpointsFollower::SnapshotFn& on_snapshot_;
  const EndpointsFollower::ErrorFn& on_error_;
  const std::atomic<bool>& stop_;
  EndpointsReader reader_;
  std::optional<EndpointsSnapshot> last_;
  int64_t local_generation_ = 0;
};

}  // namespace

EndpointsFollower::EndpointsFollower(FollowerOptions options, SnapshotFn on_snapshot,
                                     ErrorFn on_error)
    : options_(std::move(options)),
      on_snapshot_(std::move(on_snapshot)),
      on_error_(std::move(on_error)) {}

EndpointsFollower::~EndpointsFollower() { Stop(); }

void EndpointsFollower::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = core::StartGuardedThread("endpoints-follower", [this] { Run(); },
                                     [this] { return !stop_; });
}

void EndpointsFollower::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void EndpointsFollower::Run() {
  Worker worker(options_, on_snapshot_, on_error_, stop_);
  worker.Loop();
}

}  // namespace drove::discovery

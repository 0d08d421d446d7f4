// Queue + sender thread for controller messages, with leader discovery by ping.
#include "orchestrator/core/util/guarded_thread.h"
#include "orchestrator/executor/link/controller_link.h"

#include <algorithm>

#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/util/log.h"

namespace drove::executor {
namespace {

using std::chrono::milliseconds;

constexpr size_t kMaxQueued = 10000;  // beyond this the next snapshot carries the truth anyway
constexpr milliseconds kCallTimeout{5000};
constexpr milliseconds kMinBackoff{250};
constexpr milliseconds kMaxBackoff{5000};

}  // namespace

ControllerLink::ControllerLink(ControllerLinkOptions options,
                               std::function<core::ExecutorSnapshotMessage()> snapshot)
    : options_(std::move(options)), snapshot_(std::move(snapshot)) {}

ControllerLink::~ControllerLink() { Stop(); }

void ControllerLink::Start() {
  thread_ = core::StartGuardedThread("controller-link", [this] { Run(); }, [this] {
    std::lock_guard<std::mutex> lock(mutex_);
    return !stop_;
  });
}

void ControllerLink::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ControllerLink::RequestSnapshot() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    snapshot_due_ = true;
  }
  cv_.notify_all();
}

void ControllerLink::InstanceChanged(const core::InstanceInfo& info) {
  Enqueue(nlohmann::json(core::InstanceStateMessage{info}));
}

void ControllerLink::TaskChanged(const core::TaskInfo& info) {
  Enqueue(nlohmann::json(core::TaskStateMessage{info}));
}

void ControllerLink::Enqueue(nlohmann::json message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      DLOG_WARN("controller message queue full; dropping oldest", {});
      queue_.pop_front();
    }
    queue_.push_back(std::move(message));
  }
  cv_.notify_all();
}

void ControllerLink::Run() {
  auto next_snapshot = std::chrono::steady_clock::now();
  milliseconds backoff = kMinBackoff;
  while (true) {
    nlohmann::json message;
    bool is_snapshot = false;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait_until(lock, next_snapshot, [this] { return stop_ || snapshot_due_ || !queue_.empty(); });
      if (stop_) return;
      if (!queue_.empty()) {
        message = queue_.front();
      } else if (snapshot_due_ || std::chrono::steady_clock::now() >= next_snapshot) {
        is_snapshot = true;
        snapshot_due_ = false;
      } else {
        continue;
      }
    }
    if (is_snapshot) {
      next_snapshot = std::chrono::steady_clock::now() + options_.snapshot_interval;
      // A failed snapshot is not retried: the next one is due soon and will be fresher.
      if (!Deliver(nlohmann::json(snapshot_()))) {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, backoff, [this] { return stop_; });
        backoff = std::min(backoff * 2, kMaxBackoff);
      } else {
        backoff = kMinBackoff;
      }
      continue;
    }
    if (Deliver(message)) {
      backoff = kMinBackoff;
      std::lock_guard<std::mutex> lock(mutex_);
      if (!queue_.empty()) queue_.pop_front();
      continue;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, backoff, [this] { return stop_; });
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

core::Result<core::HttpTarget> ControllerLink::TargetOf(const std::string& url) const {
  auto target = core::HttpTarget::Parse(url);
  if (target.ok()) core::ApplyTlsConfig(options_.tls, &target.value());
  return target;
}

bool ControllerLink::FindLeader(std::string* why) {
  for (const auto& url : options_.controllers) {
    auto target = TargetOf(url);
    if (!target.ok()) continue;  // the config reader refused bad URLs
    core::HttpRequest request;
    request.target = "/apis/v1/ping";
    request.headers["Cluster-Authorization"] = options_.secret;
    request.headers["NodeId"] = options_.node_id;
    auto response = core::HttpClient::Send(*target, request, kCallTimeout);
    if (response.ok() && response->status == 200) {
      if (leader_ != url) DLOG_INFO("controller leader found", {{"url", url}});
      leader_ = url;
      return true;
    }
    // Transport errors name the controller already.
    *why += (why->empty() ? "" : "; ") +
            (response.ok() ? url + ": HTTP " + std::to_string(response->status) : response.error());
  }
  leader_.clear();
  return false;
}

bool ControllerLink::Deliver(const nlohmann::json& message) {
  std::string why;
  if (leader_.empty() && !FindLeader(&why)) {
    DLOG_WARN("no controller reachable", {{"type", message.value("type", "")}, {"error", why}});
    return false;
  }
  auto target = TargetOf(leader_);
  if (!target.ok()) {
    leader_.clear();
    return false;
  }
  core::HttpRequest request;
  request.method = "POST";
  request.target = "/apis/v1/messages";
  request.headers["Content-Type"] = "application/json";
  request.headers["Cluster-Authorization"] = options_.secret;
  request.headers["NodeId"] = options_.node_id;
  request.body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto response = core::HttpClient::Send(*target, request, kCallTimeout);
  if (response.ok() && response->status == 200) return true;
  DLOG_WARN("controller message failed",
            {{"url", leader_},
             {"type", message.value("type", "")},
             {"error", response.ok() ? "HTTP " + std::to_string(response->status) : response.error()}});
  leader_.clear();  // it may have lost leadership; look again next time
  return false;
}

}  // namespace drove::executor

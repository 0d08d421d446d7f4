// The endpoints routes and their long-poll: parked requests answered on a generation change or timeout.
#include "orchestrator/controller/api/endpoint_feed.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "orchestrator/core/util/log.h"

namespace drove::controller::api {

namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kGenerationHeader = "X-Drove-Endpoints-Generation";

struct Waiter {
  uint64_t since = 0;
  std::set<std::string> apps;
  Clock::time_point deadline;
  Reply reply;
};

}  // namespace

struct EndpointFeed::State {
  ControllerCore* core = nullptr;
  std::mutex mutex;
  std::condition_variable wake;
  std::vector<Waiter> waiters;  // guarded by mutex
  bool dirty = false;           // a change or a new waiter since the last pass
  bool stopping = false;
  std::thread thread;

  ApiResponse View(const std::set<std::string>& apps) {
    uint64_t generation = 0;
    nlohmann::json view = core->Endpoints(apps, &generation);
    if (!view.is_array()) view = nlohmann::json::array();
    ApiResponse response = Success(view);
    response.headers.emplace_back(kGenerationHeader, std::to_string(generation));
    return response;
  }

  void Notify() {
    {
      std::lock_guard lock(mutex);
      dirty = true;
    }
    wake.notify_all();
  }

  // Takes out the waiters that are due: their generation moved, their time ran out, or stopping.
  std::vector<Waiter> TakeDue(uint64_t generation, Clock::time_point now, bool all) {
    std::vector<Waiter> due;
    std::lock_guard lock(mutex);
    auto keep = std::partition(waiters.begin(), waiters.end(), [&](const Waiter& w) {
      return !(all || w.since != generation || w.deadline <= now);
    });
    std::move(keep, waiters.end(), std::back_inserter(due));
    waiters.erase(keep, waiters.end());
    return due;
  }

  void Answer(std::vector<Waiter> due) {
    for (auto& waiter : due) {
      try {
        waiter.reply(View(waiter.apps));
      } catch (const std::exception& e) {
        DLOG_ERROR("endpoints long-poll reply failed", {{"error", e.what()}});
        waiter.reply(ServerError(e.what()));
      }
    }
  }

  void Run() {
    for (;;) {
      {
        std::unique_lock lock(mutex);
        auto next = Clock::time_point::max();
        for (const auto& w : waiters) next = std::min(next, w.deadline);
        auto ready = [&] { return dirty || stopping; };
        if (next == Clock::time_point::max()) {
          wake.wait(lock, ready);
        } else {
          wake.wait_until(lock, next, ready);
        }
        dirty = false;
        if (stopping) break;
      }
      Answer(TakeDue(core->EndpointsGeneration(), Clock::now(), false));
    }
    Answer(TakeDue(0, Clock::now(), true));
  }

  void Serve(const ApiRequest& request, std::set<std::string> apps, Reply reply) {
    auto since_text = request.Query("sinceGeneration");
    auto wait_seconds = QueryInt(request, "waitSeconds", 0);
    if (!wait_seconds) return reply(NotFound());
    if (!since_text) return reply(View(apps));
    auto since = QueryInt(request, "sinceGeneration", 0);
    if (!since || *since < 0) return reply(NotFound());
    const uint64_t since_generation = static_cast<uint64_t>(*since);
    const int64_t seconds = std::clamp<int64_t>(*wait_seconds, 0, kMaxLongPollSeconds);
    if (seconds == 0 || core->EndpointsGeneration() != since_generation) return reply(View(apps));
    {
      std::lock_guard lock(mutex);
      if (stopping) return reply(View(apps));
      waiters.push_back(Waiter{since_generation, std::move(apps),
                               Clock::now() + std::chrono::seconds(seconds), std::move(reply)});
      dirty = true;  // re-check at once: the generation may have moved before we parked
    }
    wake.notify_all();
  }
};

EndpointFeed::EndpointFeed(ControllerCore* core) : state_(std::make_shared<State>()) {
  state_->core = core;
  std::weak_ptr<State> weak = state_;
  core->OnEndpointsChanged([weak](uint64_t) {
    if (auto state = weak.lock()) state->Notify();
  });
  state_->thread = std::thread([state = state_.get()] { state->Run(); });
}

EndpointFeed::~EndpointFeed() { Stop(); }

void EndpointFeed::Stop() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

void EndpointFeed::AddRoutes(std::vector<Route>* routes) {
  State* state = state_.get();
  routes->push_back({"GET", "/apis/v1/endpoints",
                     [state](const ApiRequest& request, Reply reply) {
                       auto names = request.QueryAll("app");
                       state->Serve(request, {names.begin(), names.end()}, std::move(reply));
                     }});
  routes->push_back({"GET", "/apis/v1/endpoints/app/{appName}",
                     [state](const ApiRequest& request, Reply reply) {
                       state->Serve(request, {request.Param("appName")}, std::move(reply));
                     }});
}

}  // namespace drove::controller::api

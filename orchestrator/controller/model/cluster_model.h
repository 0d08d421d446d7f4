// The leader's cluster model: the one mutex around ModelState, plus the endpoints view and its generation.
//
// Owner: the controller core owns one ClusterModel. Its mutex guards the whole ModelState
// (apps, instances, tasks, operations, executors, scheduler view) and the endpoints cache. API
// handlers and the operations engine both go through Update/Read and hold the lock only for
// in-memory work and store writes, never for network calls. Endpoint listeners run after the
// lock is released, so they may call back into the core.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

class ClusterModel {
 public:
  using EndpointsListener = std::function<void(uint64_t generation)>;

  ClusterModel(store::StateStore* store, EventStore* events, NowFn now)
      : state_(store, events, std::move(now)) {}

  core::Status Load();

  // Runs f(ModelState&) under the lock, then refreshes the endpoints view and, if it changed,
  // bumps the generation and notifies listeners (outside the lock).
  template <typename F>
  auto Update(F&& f) {
    std::unique_lock<std::mutex> lock(mu_);
    if constexpr (std::is_void_v<decltype(f(state_))>) {
      f(state_);
      AfterUpdate(lock);
    } else {
      auto result = f(state_);
      AfterUpdate(lock);
      return result;
    }
  }

  // Runs f(const ModelState&) under the lock (reads and copies only).
  template <typename F>
  auto Read(F&& f) const {
    std::lock_guard<std::mutex> lock(mu_);
    return f(static_cast<const ModelState&>(state_));
  }

  // The current endpoints view (ExposedAppInfo[]) and its generation, consistent with each other.
  std::pair<nlohmann::json, uint64_t> Endpoints() const;
  uint64_t EndpointsGeneration() const;
  void OnEndpointsChanged(EndpointsListener listener);

 private:
  void AfterUpdate(std::unique_lock<std::mutex>& lock);

  mutable std::mutex mu_;
  ModelState state_;
  EndpointsView view_;                                // per app, refreshed for touched apps
  nlohmann::json endpoints_ = nlohmann::json::array();  // view_.ToJson(), rebuilt on change
  uint64_t generation_ = 1;
  std::vector<EndpointsListener> listeners_;
};

}  // namespace drove::controller

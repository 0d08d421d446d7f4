// The leader's cluster model: the one mutex around ModelState, plus the endpoints view and its generation.
//
// Owner: the controller core owns one ClusterModel. Its mutex guards the whole ModelState
// (apps, instances, tasks, operations, executors, scheduler view) and the endpoints cache. API
// handlers and the operations engine both go through Update/Read and hold the lock only for
// in-memory work and store writes, never for network calls. Endpoint listeners run after the
// lock is released, so they may call back into the core.
//
// Leadership: a controller that becomes leader calls Reload, which replaces the whole ModelState
// with a fresh one loaded from the store (so it is idempotent, whatever a former term left in
// memory); one that steps down calls Clear. The endpoints generation never goes backwards.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
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

  ClusterModel(store::StateStore* store, EventStore* events, NowFn now);

  // Replaces the model with what the store holds now. The endpoints generation jumps to at least
  // the wall clock in ms, so it stays above any generation an earlier leader handed out (it
  // moves by one per change) and followers of the old leader see a newer view.
  core::Status Reload();
  // Forgets every record (this node no longer leads).
  void Clear();

  // Runs f(ModelState&) under the lock, then refreshes the endpoints view and, if it changed,
  // bumps the generation and notifies listeners (outside the lock).
  template <typename F>
  auto Update(F&& f) {
    std::unique_lock<std::mutex> lock(mu_);
    if constexpr (std::is_void_v<decltype(f(*state_))>) {
      f(*state_);
      AfterUpdate(lock);
    } else {
      auto result = f(*state_);
      AfterUpdate(lock);
      return result;
    }
  }

  // Runs f(const ModelState&) under the lock (reads and copies only).
  template <typename F>
  auto Read(F&& f) const {
    std::lock_guard<std::mutex> lock(mu_);
    return f(static_cast<const ModelState&>(*state_));
  }

  // The current endpoints view (ExposedAppInfo[]) and its generation, consistent with each other.
  std::pair<nlohmann::json, uint64_t> Endpoints() const;
  uint64_t EndpointsGeneration() const;
  void OnEndpointsChanged(EndpointsListener listener);

 private:
  void AfterUpdate(std::unique_lock<std::mutex>& lock);
  // Publishes `endpoints_` under `generation` to the listeners, unlocking meanwhile.
  void Notify(std::unique_lock<std::mutex>& lock, uint64_t generation);

  store::StateStore* const store_;
  EventStore* const events_;
  const NowFn now_;
  mutable std::mutex mu_;
  std::unique_ptr<ModelState> state_;
  EndpointsView view_;                                // per app, refreshed for touched apps
  nlohmann::json endpoints_ = nlohmann::json::array();  // view_.ToJson(), rebuilt on change
  uint64_t generation_ = 1;
  std::vector<EndpointsListener> listeners_;
};

}  // namespace drove::controller

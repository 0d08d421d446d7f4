// The leader's cluster model: the one mutex around ModelState, the one writer, plus the endpoints
// view and its generation.
//
// Owner: the controller core owns one ClusterModel. Its mutex guards the whole ModelState
// (apps, instances, tasks, operations, executors, scheduler view) and the endpoints cache. API
// handlers and the operations engine both go through Update/Read and hold the mutex only for
// in-memory work. Updates run one at a time (writer_mu_): each mutates memory under the mutex,
// then commits the writes it staged with the mutex released, so reads never wait on the store
// (a ZooKeeper round trip). A read may thus see a change a few milliseconds before it is stored;
// nothing acts on it before then, because whoever acts (the engine sending a start, the API
// answering 200) does so after its own Update returned.
//
// A commit the store refuses leaves memory ahead of the store: the model turns stale, takes no
// more updates, and the core starts a new term, which reloads it (see ControllerCoreImpl).
//
// Leadership: a controller that becomes leader calls Reload, which replaces the whole ModelState
// with a fresh one loaded from the store (so it is idempotent, whatever a former term left in
// memory); one that steps down calls Clear. The endpoints generation never goes backwards.
// Endpoint listeners run after the mutex is released, so they may read the core (not update it).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/app_summaries.h"
#include "orchestrator/controller/model/event_store.h"
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

// What Update returns for an f returning R: the store's verdict folded into f's own result.
// void and Status become Status, Result<T> stays Result<T>, anything else becomes Result<R>.
template <typename R>
struct Committed {
  using type = core::Result<R>;
};
template <>
struct Committed<void> {
  using type = core::Status;
};
template <>
struct Committed<core::Status> {
  using type = core::Status;
};
template <typename T>
struct Committed<core::Result<T>> {
  using type = core::Result<T>;
};

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
  // A commit failed since the last Reload: memory may hold changes the store does not.
  bool stale() const;

  // Runs f(ModelState&) under the mutex, then commits the writes it staged (mutex released) and,
  // if the endpoints view changed, bumps the generation and notifies listeners. A stale model
  // runs nothing and answers kUnavailable.
  template <typename F>
  auto Update(F&& f) -> typename Committed<std::invoke_result_t<F, ModelState&>>::type {
    using R = std::invoke_result_t<F, ModelState&>;
    std::lock_guard<std::mutex> writing(writer_mu_);
    std::unique_lock<std::mutex> lock(mu_);
    if (stale_) return StaleRefusal();
    if constexpr (std::is_void_v<R>) {
      f(*state_);
      return Commit(lock);
    } else {
      R result = f(*state_);
      if (core::Status st = Commit(lock); !st.ok()) return st;
      return result;
    }
  }

  // Runs f(const ModelState&) under the mutex (reads and copies only).
  template <typename F>
  auto Read(F&& f) const {
    std::lock_guard<std::mutex> lock(mu_);
    return f(static_cast<const ModelState&>(*state_));
  }

  // The current endpoints view (ExposedAppInfo[]) and its generation, consistent with each other.
  // The view is immutable and shared: readers copy a pointer, not the JSON.
  std::pair<std::shared_ptr<const nlohmann::json>, uint64_t> Endpoints() const;
  // {appId: AppSummary} as JSON text, from index `from` in appId order, at most `size` apps.
  std::string AppListJson(int64_t from, int64_t size) const;
  uint64_t EndpointsGeneration() const;
  void OnEndpointsChanged(EndpointsListener listener);

 private:
  static core::Status StaleRefusal();
  // Stores what the update staged (unlocking meanwhile), then refreshes the endpoints view.
  core::Status Commit(std::unique_lock<std::mutex>& lock);
  void AfterUpdate(std::unique_lock<std::mutex>& lock);
  // Tells the listeners the view changed (its new `generation`), unlocking meanwhile.
  void Notify(std::unique_lock<std::mutex>& lock, uint64_t generation);

  store::StateStore* const store_;
  EventStore* const events_;
  const NowFn now_;
  std::mutex writer_mu_;  // one update (mutate + commit) at a time; taken before mu_
  mutable std::mutex mu_;
  std::unique_ptr<ModelState> state_;
  std::atomic<bool> stale_{false};  // written under mu_; read lock-free per API request
  EndpointsView view_;         // per app, refreshed for touched apps
  AppSummaryTexts summaries_;  // likewise
  // view_.ToJson(), built by the first read after a change: instance reports change the view far
  // more often than followers read it, and a copy of a large view costs milliseconds.
  mutable std::shared_ptr<const nlohmann::json> endpoints_;
  uint64_t generation_ = 1;
  std::vector<EndpointsListener> listeners_;
};

}  // namespace drove::controller

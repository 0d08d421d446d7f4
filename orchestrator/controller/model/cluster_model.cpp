// ClusterModel: commits outside the lock, endpoints refresh after each update, and listener
// notification outside the lock.
#include "orchestrator/controller/model/cluster_model.h"

#include <algorithm>

#include "orchestrator/core/util/log.h"

namespace drove::controller {
namespace {

// The endpoints view reads instances as Drove JSON, and only those of the apps it re-derives:
// the touched apps' live instances, serialised (an update touches a few apps).
InstancesByApp EndpointInputs(const ModelState& s, const TouchedApps& touched) {
  InstancesByApp out;
  auto add = [&](const std::string& app_id, const InstanceMap& of_app) {
    auto& json_of_app = out[app_id];
    for (const auto& [id, info] : of_app) {
      if (core::IsActive(info.state)) json_of_app.emplace(id, info);
    }
  };
  if (touched.all) {
    for (const auto& [app_id, of_app] : s.instances()) add(app_id, of_app);
    return out;
  }
  for (const auto& app_id : touched.ids) add(app_id, s.InstancesOf(app_id));
  return out;
}

}  // namespace

ClusterModel::ClusterModel(store::StateStore* store, EventStore* events, NowFn now)
    : store_(store),
      events_(events),
      now_(std::move(now)),
      state_(std::make_unique<ModelState>(store_, events_, now_)) {}

core::Status ClusterModel::Reload() {
  std::lock_guard<std::mutex> writing(writer_mu_);
  auto fresh = std::make_unique<ModelState>(store_, events_, now_);
  if (auto st = fresh->Load(); !st.ok()) return st;
  std::unique_lock<std::mutex> lock(mu_);
  state_ = std::move(fresh);
  stale_ = false;
  view_ = EndpointsView();
  TouchedApps touched = state_->TakeTouchedApps();
  summaries_.Refresh(*state_, touched);
  view_.Refresh(state_->apps(), EndpointInputs(*state_, touched), touched);
  endpoints_.reset();
  generation_ = std::max(generation_ + 1, static_cast<uint64_t>(now_()));
  Notify(lock, generation_);
  return core::Status::Ok();
}

void ClusterModel::Clear() {
  std::lock_guard<std::mutex> writing(writer_mu_);
  std::unique_lock<std::mutex> lock(mu_);
  state_ = std::make_unique<ModelState>(store_, events_, now_);
  stale_ = false;
  view_ = EndpointsView();
  summaries_ = AppSummaryTexts();
  endpoints_.reset();
  Notify(lock, ++generation_);
}

bool ClusterModel::stale() const { return stale_; }

core::Status ClusterModel::StaleRefusal() {
  return core::Status::Error(core::StatusCode::kUnavailable,
                             "the model is reloading after a failed store write");
}

core::Status ClusterModel::Commit(std::unique_lock<std::mutex>& lock) {
  std::vector<store::StoreWrite> writes = state_->TakeStagedWrites();
  if (!writes.empty()) {
    lock.unlock();
    core::Status st = store::ApplyInBatches(*store_, writes);
    lock.lock();
    if (!st.ok()) {
      stale_ = true;
      DLOG_ERROR("store write failed, the model will reload",
                 {{"writes", std::to_string(writes.size())}, {"error", st.message()}});
      return st;
    }
  }
  AfterUpdate(lock);
  return core::Status::Ok();
}

void ClusterModel::AfterUpdate(std::unique_lock<std::mutex>& lock) {
  TouchedApps touched = state_->TakeTouchedApps();
  if (touched.empty()) return;
  summaries_.Refresh(*state_, touched);
  if (!view_.Refresh(state_->apps(), EndpointInputs(*state_, touched), touched)) return;
  endpoints_.reset();
  Notify(lock, ++generation_);
}

void ClusterModel::Notify(std::unique_lock<std::mutex>& lock, uint64_t generation) {
  std::vector<EndpointsListener> listeners = listeners_;
  lock.unlock();
  for (const auto& listener : listeners) listener(generation);
  lock.lock();
}

std::pair<std::shared_ptr<const nlohmann::json>, uint64_t> ClusterModel::Endpoints() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!endpoints_) endpoints_ = std::make_shared<const nlohmann::json>(view_.ToJson());
  return {endpoints_, generation_};
}

std::string ClusterModel::AppListJson(int64_t from, int64_t size) const {
  std::lock_guard<std::mutex> lock(mu_);
  return summaries_.ListJson(from, size);
}

uint64_t ClusterModel::EndpointsGeneration() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

void ClusterModel::OnEndpointsChanged(EndpointsListener listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.push_back(std::move(listener));
}

}  // namespace drove::controller

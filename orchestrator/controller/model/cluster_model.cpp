// ClusterModel: endpoints refresh after each update and listener notification outside the lock.
#include "orchestrator/controller/model/cluster_model.h"

namespace drove::controller {

core::Status ClusterModel::Load() {
  return Update([](ModelState& s) { return s.Load(); });
}

void ClusterModel::AfterUpdate(std::unique_lock<std::mutex>& lock) {
  TouchedApps touched = state_.TakeTouchedApps();
  if (touched.empty()) return;
  if (!view_.Refresh(state_.apps(), state_.instances(), touched)) return;
  endpoints_ = view_.ToJson();
  uint64_t generation = ++generation_;
  std::vector<EndpointsListener> listeners = listeners_;
  lock.unlock();
  for (const auto& listener : listeners) listener(generation);
  lock.lock();
}

std::pair<nlohmann::json, uint64_t> ClusterModel::Endpoints() const {
  std::lock_guard<std::mutex> lock(mu_);
  return {endpoints_, generation_};
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

// The scheduler's cluster resource view: executor upkeep and reserving/releasing allocations.
#include "orchestrator/scheduler/cluster_view.h"

#include <algorithm>
#include <string>
#include <utility>

namespace drove::scheduler {
namespace {

using core::Status;

std::string NodeName(const Allocation& a) {
  return "NUMA node " + std::to_string(a.node_id) + " of executor " + a.executor_id;
}

std::string JoinConflicts(const std::string& executor_id, const std::vector<std::string>& items) {
  std::string out = "executor " + executor_id + ": new layout conflicts with allocations: ";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// Carries the used cores and memory of `old_nodes` into `nodes` (built from the new layout).
void CarryUsed(const std::map<NumaNodeId, NumaNodeView>& old_nodes,
               std::map<NumaNodeId, NumaNodeView>* nodes, std::vector<std::string>* conflicts) {
  for (const auto& [id, old] : old_nodes) {
    if (old.used_cores.empty() && old.used_mb == 0) continue;
    NumaNodeView& node = (*nodes)[id];
    for (CoreId core : old.used_cores) {
      if (node.free_cores.erase(core) == 0) {
        conflicts->push_back("used core " + std::to_string(core) + " of node " +
                             std::to_string(id) + " not offered");
      }
      node.used_cores.insert(core);
    }
    node.used_mb = old.used_mb;
    if (node.free_mb < old.used_mb) {
      conflicts->push_back("node " + std::to_string(id) + " offers " +
                           std::to_string(node.free_mb) + " MB, " + std::to_string(old.used_mb) +
                           " MB in use");
      node.free_mb = 0;
    } else {
      node.free_mb -= old.used_mb;
    }
  }
}

bool ById(const ExecutorView* a, const ExecutorView* b) { return a->executor_id < b->executor_id; }

void Insert(ClusterView::Executors* executors, const ExecutorView* executor) {
  auto at = std::lower_bound(executors->begin(), executors->end(), executor, ById);
  if (at == executors->end() || *at != executor) executors->insert(at, executor);
}

void Erase(ClusterView::Executors* executors, const ExecutorView* executor) {
  auto at = std::lower_bound(executors->begin(), executors->end(), executor, ById);
  if (at != executors->end() && *at == executor) executors->erase(at);
}

const ClusterView::Executors kNoExecutors;
const ClusterView::AppHosts kNoHosts;

// Recomputes ExecutorView::largest_free_cores after its nodes changed.
void RefreshLargestFree(ExecutorView* view) {
  view->largest_free_cores = 0;
  for (const auto& [id, node] : view->nodes) {
    view->largest_free_cores =
        std::max(view->largest_free_cores, static_cast<int64_t>(node.free_cores.size()));
  }
}

}  // namespace

std::string_view ExecutorStateName(ExecutorState state) {
  switch (state) {
    case ExecutorState::kActive:
      return "ACTIVE";
    case ExecutorState::kBlacklistRequested:
      return "BLACKLIST_REQUESTED";
    case ExecutorState::kBlacklisted:
      return "BLACKLISTED";
    case ExecutorState::kUnready:
      return "UNREADY";
  }
  return "UNKNOWN";
}

int ExecutorView::InstancesOf(const std::string& app_id) const {
  auto it = app_instances.find(app_id);
  return it == app_instances.end() ? 0 : it->second;
}

int64_t ExecutorView::FreeCores() const {
  int64_t total = 0;
  for (const auto& [id, node] : nodes) total += static_cast<int64_t>(node.free_cores.size());
  return total;
}

int64_t ExecutorView::UsedCores() const {
  int64_t total = 0;
  for (const auto& [id, node] : nodes) total += static_cast<int64_t>(node.used_cores.size());
  return total;
}

int64_t ExecutorView::FreeMemoryMb() const {
  int64_t total = 0;
  for (const auto& [id, node] : nodes) total += node.free_mb;
  return total;
}

int64_t ExecutorView::UsedMemoryMb() const {
  int64_t total = 0;
  for (const auto& [id, node] : nodes) total += node.used_mb;
  return total;
}

std::vector<std::string> ExecutorView::ExtraTags() const {
  std::vector<std::string> extra;
  for (const auto& tag : tags) {
    if (tag != hostname) extra.push_back(tag);
  }
  return extra;
}

ClusterView::ClusterView(const ClusterView& other) : executors_(other.executors_) { Reindex(); }

ClusterView& ClusterView::operator=(const ClusterView& other) {
  if (this != &other) {
    executors_ = other.executors_;
    Reindex();
  }
  return *this;
}

void ClusterView::Reindex() {
  ordered_.clear();
  by_tag_.clear();
  hosts_by_app_.clear();
  instance_count_ = 0;
  for (const auto& [id, executor] : executors_) {
    ordered_.push_back(&executor);
    for (const auto& tag : executor.tags) by_tag_[tag].push_back(&executor);
    for (const auto& [app, count] : executor.app_instances) {
      instance_count_ += static_cast<size_t>(count);
      hosts_by_app_[app][&executor] = count;
    }
  }
}

const ClusterView::AppHosts& ClusterView::HostsOf(const std::string& app_id) const {
  auto it = hosts_by_app_.find(app_id);
  return it == hosts_by_app_.end() ? kNoHosts : it->second;
}

void ClusterView::ForgetHost(const std::string& app_id, const ExecutorView* executor) {
  auto it = hosts_by_app_.find(app_id);
  if (it == hosts_by_app_.end()) return;
  it->second.erase(executor);
  if (it->second.empty()) hosts_by_app_.erase(it);
}

bool ExecutorView::HasExtraTags() const { return tags.size() > tags.count(hostname); }

Status ClusterView::UpsertExecutor(const ExecutorInfo& info) {
  auto [it, added] = executors_.try_emplace(info.executor_id);
  ExecutorView& view = it->second;
  view.executor_id = info.executor_id;
  if (added) Insert(&ordered_, &view);
  std::set<std::string> old_tags = std::move(view.tags);
  view.hostname = info.hostname;
  view.state = info.state;
  view.tags = info.tags;
  if (!info.hostname.empty()) view.tags.insert(info.hostname);
  IndexTags(view, old_tags);
  view.metadata = info.metadata;
  view.layout = info.layout;

  std::map<NumaNodeId, NumaNodeView> nodes;
  for (const auto& [id, offer] : info.layout.nodes) {
    nodes[id].free_cores = offer.cores;
    nodes[id].free_mb = offer.memory_mb;
  }
  std::vector<std::string> conflicts;
  CarryUsed(view.nodes, &nodes, &conflicts);
  view.nodes = std::move(nodes);
  RefreshLargestFree(&view);
  if (!conflicts.empty()) return Status::Error(JoinConflicts(info.executor_id, conflicts));
  return Status::Ok();
}

void ClusterView::IndexTags(const ExecutorView& executor, const std::set<std::string>& old_tags) {
  for (const auto& tag : old_tags) {
    if (executor.tags.count(tag)) continue;
    auto it = by_tag_.find(tag);
    if (it == by_tag_.end()) continue;
    Erase(&it->second, &executor);
    if (it->second.empty()) by_tag_.erase(it);
  }
  for (const auto& tag : executor.tags) Insert(&by_tag_[tag], &executor);
}

bool ClusterView::RemoveExecutor(const std::string& executor_id) {
  auto it = executors_.find(executor_id);
  if (it == executors_.end()) return false;
  ExecutorView& view = it->second;
  const std::set<std::string> old_tags = std::move(view.tags);
  view.tags.clear();
  IndexTags(view, old_tags);
  Erase(&ordered_, &view);
  for (const auto& [app, count] : view.app_instances) {
    instance_count_ -= static_cast<size_t>(count);
    ForgetHost(app, &view);
  }
  executors_.erase(it);
  return true;
}

const ClusterView::Executors& ClusterView::WithTag(const std::string& tag) const {
  auto it = by_tag_.find(tag);
  return it == by_tag_.end() ? kNoExecutors : it->second;
}

bool ClusterView::SetExecutorState(const std::string& executor_id, ExecutorState state) {
  auto it = executors_.find(executor_id);
  if (it == executors_.end()) return false;
  it->second.state = state;
  return true;
}

bool ClusterView::SetHeld(const std::string& executor_id, int64_t cores, int64_t memory_mb) {
  auto it = executors_.find(executor_id);
  if (it == executors_.end()) return false;
  it->second.held_cores = cores;
  it->second.held_memory_mb = memory_mb;
  return true;
}

Status ClusterView::Reserve(const Allocation& a) {
  auto it = executors_.find(a.executor_id);
  if (it == executors_.end()) return Status::Error("unknown executor " + a.executor_id);
  auto node_it = it->second.nodes.find(a.node_id);
  if (node_it == it->second.nodes.end()) return Status::Error("no " + NodeName(a));
  NumaNodeView& node = node_it->second;
  if (std::set<CoreId>(a.cores.begin(), a.cores.end()).size() != a.cores.size()) {
    return Status::Error("allocation on " + NodeName(a) + " names a core twice");
  }
  for (CoreId core : a.cores) {
    if (node.free_cores.count(core) == 0) {
      const char* why = node.used_cores.count(core) ? "already in use" : "not offered";
      return Status::Error("core " + std::to_string(core) + " on " + NodeName(a) + " is " + why);
    }
  }
  if (a.memory_mb < 0 || a.memory_mb > node.free_mb) {
    return Status::Error("needs " + std::to_string(a.memory_mb) + " MB on " + NodeName(a) + ", " +
                         std::to_string(node.free_mb) + " MB free");
  }
  for (CoreId core : a.cores) {
    node.free_cores.erase(core);
    node.used_cores.insert(core);
  }
  node.free_mb -= a.memory_mb;
  node.used_mb += a.memory_mb;
  ++it->second.app_instances[a.app_id];
  ++hosts_by_app_[a.app_id][&it->second];
  ++instance_count_;
  RefreshLargestFree(&it->second);
  return Status::Ok();
}

Status ClusterView::Release(const Allocation& a) {
  auto it = executors_.find(a.executor_id);
  if (it == executors_.end()) return Status::Error("unknown executor " + a.executor_id);
  ExecutorView& view = it->second;
  auto node_it = view.nodes.find(a.node_id);
  if (node_it == view.nodes.end()) return Status::Error("no " + NodeName(a));
  NumaNodeView& node = node_it->second;
  for (CoreId core : a.cores) {
    if (node.used_cores.count(core) == 0) {
      return Status::Error("core " + std::to_string(core) + " on " + NodeName(a) +
                           " is not in use");
    }
  }
  if (a.memory_mb < 0 || a.memory_mb > node.used_mb) {
    return Status::Error("releases " + std::to_string(a.memory_mb) + " MB on " + NodeName(a) +
                         ", only " + std::to_string(node.used_mb) + " MB in use");
  }
  if (view.InstancesOf(a.app_id) == 0) {
    return Status::Error("no instance of app " + a.app_id + " on executor " + a.executor_id);
  }
  for (CoreId core : a.cores) {
    node.used_cores.erase(core);
    if (view.layout.nodes.count(a.node_id) && view.layout.nodes.at(a.node_id).cores.count(core)) {
      node.free_cores.insert(core);  // a core the layout no longer offers just disappears
    }
  }
  node.used_mb -= a.memory_mb;
  auto offer = view.layout.nodes.find(a.node_id);
  const int64_t offered = offer == view.layout.nodes.end() ? 0 : offer->second.memory_mb;
  node.free_mb = std::max<int64_t>(0, offered - node.used_mb);
  if (--view.app_instances[a.app_id] == 0) {
    view.app_instances.erase(a.app_id);
    ForgetHost(a.app_id, &view);
  } else {
    --hosts_by_app_[a.app_id][&view];
  }
  --instance_count_;
  RefreshLargestFree(&view);
  return Status::Ok();
}

const ExecutorView* ClusterView::Find(const std::string& executor_id) const {
  auto it = executors_.find(executor_id);
  return it == executors_.end() ? nullptr : &it->second;
}

}  // namespace drove::scheduler

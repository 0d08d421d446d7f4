// The scheduler's view of cluster resources: executors -> NUMA nodes -> free/used cores and memory.
//
// Owner: one ClusterView belongs to one Scheduler; not thread-safe (the caller's lock guards it).
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/scheduler/resources.h"

namespace drove::scheduler {

// Drove's ExecutorState; only kActive executors take new work.
enum class ExecutorState { kActive, kBlacklistRequested, kBlacklisted, kUnready };
std::string_view ExecutorStateName(ExecutorState state);

// What the controller tells the scheduler about an executor (from its snapshot).
struct ExecutorInfo {
  std::string executor_id;
  std::string hostname;
  ExecutorState state = ExecutorState::kActive;
  std::set<std::string> tags;  // the hostname is added as a tag by the view
  std::map<std::string, std::string> metadata;
  ExecutorLayout layout;
};

struct NumaNodeView {
  std::set<CoreId> free_cores;
  std::set<CoreId> used_cores;
  int64_t free_mb = 0;
  int64_t used_mb = 0;
};

struct ExecutorView {
  std::string executor_id;
  std::string hostname;
  ExecutorState state = ExecutorState::kActive;
  // Most free cores on any one NUMA node (kept by ClusterView): the scan's first fit test, next
  // to `state` so that both come in one cache line, without touching the node map.
  int64_t largest_free_cores = 0;
  std::set<std::string> tags;  // always contains hostname
  std::map<std::string, std::string> metadata;
  ExecutorLayout layout;  // as last reported
  std::map<NumaNodeId, NumaNodeView> nodes;
  // appId -> instances placed here (hashed: looked up for every candidate of every placement)
  std::unordered_map<std::string, int> app_instances;
  // Cores and memory held back for local services whose instances are not (all) here yet: apps
  // and tasks may not take them, the services' own instances (pinned requests) may.
  int64_t held_cores = 0;
  int64_t held_memory_mb = 0;

  bool Schedulable() const { return state == ExecutorState::kActive; }
  int InstancesOf(const std::string& app_id) const;
  int64_t FreeCores() const;
  int64_t UsedCores() const;
  int64_t FreeMemoryMb() const;
  int64_t UsedMemoryMb() const;
  // Tags other than the hostname (NO_TAG wants none).
  std::vector<std::string> ExtraTags() const;
  bool HasExtraTags() const;  // !ExtraTags().empty(), without building the list
};

class ClusterView {
 public:
  ClusterView() = default;
  // Copies rebuild the indexes (they point into the executor map); moves keep them.
  ClusterView(const ClusterView& other);
  ClusterView& operator=(const ClusterView& other);
  ClusterView(ClusterView&&) = default;
  ClusterView& operator=(ClusterView&&) = default;

  // Adds an executor or refreshes its state, tags, metadata and layout. Allocations already
  // recorded are kept; a used core or memory the new layout no longer offers stays used, and
  // the returned Status describes that conflict (the view is updated either way).
  core::Status UpsertExecutor(const ExecutorInfo& info);
  // Forgets the executor and every allocation on it. False if it was unknown.
  bool RemoveExecutor(const std::string& executor_id);
  bool SetExecutorState(const std::string& executor_id, ExecutorState state);
  // Sets the local services' held-back share on an executor (ExecutorView::held_cores). False
  // if the executor is unknown.
  bool SetHeld(const std::string& executor_id, int64_t cores, int64_t memory_mb);

  // Records an allocation (a placement, or a live instance re-added after a controller restart).
  // Fails, changing nothing, if the executor/node is unknown or any core or the memory is not free.
  core::Status Reserve(const Allocation& allocation);
  // Returns an allocation's cores and memory. Fails, changing nothing, if they are not in use.
  core::Status Release(const Allocation& allocation);

  const ExecutorView* Find(const std::string& executor_id) const;
  // Ordered by executor id (deterministic iteration).
  const std::map<std::string, ExecutorView>& executors() const { return executors_; }

  // Indexes kept by every change above, for the scheduler's bounded scan (candidate_scan.h).
  using Executors = std::vector<const ExecutorView*>;  // ordered by executor id
  // Every executor, by position (the scan starts at any of them).
  const Executors& ordered() const { return ordered_; }
  // The executors carrying `tag` (hostnames included); empty when none does.
  const Executors& WithTag(const std::string& tag) const;
  // Instances placed on all executors together.
  size_t instance_count() const { return instance_count_; }
  // Executors holding instances of `app_id`, with their counts (as ExecutorView::app_instances).
  using AppHosts = std::unordered_map<const ExecutorView*, int>;
  const AppHosts& HostsOf(const std::string& app_id) const;

 private:
  void IndexTags(const ExecutorView& executor, const std::set<std::string>& old_tags);
  void Reindex();
  void ForgetHost(const std::string& app_id, const ExecutorView* executor);

  std::map<std::string, ExecutorView> executors_;
  Executors ordered_;
  std::map<std::string, Executors, std::less<>> by_tag_;
  size_t instance_count_ = 0;
  std::unordered_map<std::string, AppHosts> hosts_by_app_;
};

}  // namespace drove::scheduler

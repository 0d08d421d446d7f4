// Scheduler entry point: place, reserve and release instances over a ClusterView (pure logic).
//
// Owner: the controller's cluster model holds the one Scheduler and guards it with its mutex;
// the Scheduler itself is not thread-safe.
//
// Place() follows Nomad: feasibility checks (state, NUMA fit, effective placement policy) over a
// bounded, deterministic scan of the candidates (candidate_scan.h: the first `candidate_limit`
// feasible executors are ranked, ranking.h), and the winner's allocation is recorded in the view.
// When the scan finds nothing it has checked the whole pool; the exhaustive scan then checks
// every executor again, recording each rejection with its reason for Explain(). Clusters no
// larger than the limit always get the exhaustive scan (same choice, and every reason).
// Over-provisioning needs nothing here: executors report a virtual layout (cores × cpuMultiplier,
// memory × memoryMultiplier) and the scheduler just sees more cores and memory.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/scheduler/candidate_scan.h"
#include "orchestrator/scheduler/cluster_view.h"
#include "orchestrator/scheduler/feasibility.h"
#include "orchestrator/scheduler/resources.h"

namespace drove::scheduler {

struct Rejection {
  std::string executor_id;
  std::string reason;
};

// The outcome of one placement: an allocation, or why no executor fits (data, not an error).
struct Decision {
  std::optional<Allocation> allocation;
  size_t executors_checked = 0;
  // One per executor checked and refused, by executor id; a placement found by the bounded
  // scan (clusters larger than the candidate limit) records none: it builds no reasons.
  std::vector<Rejection> rejections;

  bool placed() const { return allocation.has_value(); }
  // "placed on exec-a node 0 cores [2,3] 512 MB", or
  // "no executor fits: 2 executors checked; exec-a: needs 2 cores on one NUMA node, ...".
  std::string Explain() const;
};

// Whether `requested` instances fit at once (create / scale up pre-check).
struct CapacityCheck {
  int requested = 0;
  int placeable = 0;
  std::string explanation;  // empty when all fit; else why the first refused one did not
  bool ok() const { return placeable == requested; }
};

class Scheduler {
 public:
  // `candidate_limit`: feasible executors ranked per placement (0: all; candidate_scan.h).
  explicit Scheduler(const RuleEvaluator* rules = nullptr,
                     size_t candidate_limit = kDefaultCandidateLimit)
      : rules_(rules), candidate_limit_(candidate_limit) {}

  // Executor upkeep (see ClusterView for the semantics and errors).
  core::Status UpsertExecutor(const ExecutorInfo& info) { return view_.UpsertExecutor(info); }
  bool RemoveExecutor(const std::string& executor_id) { return view_.RemoveExecutor(executor_id); }
  bool SetExecutorState(const std::string& executor_id, ExecutorState state) {
    return view_.SetExecutorState(executor_id, state);
  }
  bool SetHeld(const std::string& executor_id, int64_t cores, int64_t memory_mb) {
    return view_.SetHeld(executor_id, cores, memory_mb);
  }

  // Re-adds an existing instance's allocation (controller restart). Fails clearly if the cores
  // or memory are not free; add the executor first.
  core::Status Reserve(const Allocation& allocation) { return view_.Reserve(allocation); }
  // Frees an instance's allocation (instance stopped, lost, or placement abandoned).
  core::Status Release(const Allocation& allocation) { return view_.Release(allocation); }

  // Chooses an executor, NUMA node and cores; records the allocation when placed.
  Decision Place(const PlacementRequest& request);
  // What Place would decide now, recording nothing.
  Decision Evaluate(const PlacementRequest& request) const;
  // Every executor checked, every feasible one ranked, every rejection with its reason (what
  // Evaluate falls back to when its bounded scan finds nothing; the reference in tests).
  Decision EvaluateExhaustive(const PlacementRequest& request) const;
  // Places `count` instances tentatively and rolls them all back.
  CapacityCheck CanPlace(const PlacementRequest& request, int count);

  const ClusterView& view() const { return view_; }

 private:
  ClusterView view_;
  const RuleEvaluator* rules_;
  size_t candidate_limit_;
};

}  // namespace drove::scheduler

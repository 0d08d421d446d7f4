// Bounded candidate scan (Nomad's LimitIterator): rank the first `limit` feasible executors met
// on a deterministic rotation of the candidate pool instead of every executor in the cluster.
//
// The pool: only `request.executor_id` when set; else the executors carrying a tag the
// effective policy requires (MATCH_TAG at the top or under an AND, from the view's tag index);
// else every executor. The rotation starts at a position hashed from the appId and the number
// of instances in the view (FNV-1a + splitmix64, so it is the same on every platform and run),
// walks the pool in executor-id order and wraps. Checks are reason-free (Admissible): state,
// NUMA fit, then the policy, whose RULE_BASED parts are the dearest.
// A scan that meets no feasible executor has checked the whole pool, so "nothing fits" is never
// a false negative; the scheduler then runs the exhaustive scan for the reasons.
#pragma once

#include <cstddef>

#include "orchestrator/scheduler/cluster_view.h"
#include "orchestrator/scheduler/feasibility.h"

namespace drove::scheduler {

// Nomad ranks 2 candidates by default (max(2, log2(nodes)) for jobs with spread or affinity).
// 8 keeps "fewest instances of the app first" spreading an app well and best fit meaningful,
// at half the checks of 16 (the benchmark's cost is about linear in executors checked).
inline constexpr size_t kDefaultCandidateLimit = 8;

struct ScanResult {
  const ExecutorView* best = nullptr;  // best ranked (ranking.h) of the feasible ones met
  size_t checked = 0;                  // executors checked
  size_t feasible = 0;                 // feasible ones met (<= limit)
};

// `limit` 0 means no limit (rank every feasible executor of the pool).
ScanResult ScanCandidates(const ClusterView& view, const PlacementRequest& request,
                          const core::PlacementPolicy& effective_policy, const RuleEvaluator* rules,
                          size_t limit);

}  // namespace drove::scheduler

// Bounded candidate scan: pool from the indexes, deterministic rotation, first `limit` feasible.
#include "orchestrator/scheduler/candidate_scan.h"

#include <cstdint>
#include <span>
#include <string_view>

#include "orchestrator/scheduler/ranking.h"

namespace drove::scheduler {
namespace {

using core::PlacementPolicy;
using core::PlacementPolicyType;

constexpr size_t kPrefetchAhead = 4;

// A tag every executor admitted by `policy` must carry, or null.
const std::string* RequiredTag(const PlacementPolicy& policy) {
  static const std::string kEmptyTag;  // MATCH_TAG without a tag matches the tag ""
  if (policy.type == PlacementPolicyType::kMatchTag) return policy.tag ? &*policy.tag : &kEmptyTag;
  if (policy.type != PlacementPolicyType::kComposite ||
      core::EffectiveCombiner(policy) != core::PlacementCombiner::kAnd) {
    return nullptr;
  }
  for (const auto& child : policy.policies) {
    if (const std::string* tag = RequiredTag(child)) return tag;
  }
  return nullptr;
}

uint64_t Fnv1a(std::string_view text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

ScanResult ScanCandidates(const ClusterView& view, const PlacementRequest& request,
                          const PlacementPolicy& effective_policy, const RuleEvaluator* rules,
                          size_t limit) {
  const ExecutorView* only = nullptr;
  std::span<const ExecutorView* const> pool;
  if (request.executor_id) {
    only = view.Find(*request.executor_id);
    if (only != nullptr) pool = std::span<const ExecutorView* const>(&only, 1);
  } else if (const std::string* tag = RequiredTag(effective_policy)) {
    pool = view.WithTag(*tag);
  } else {
    pool = view.ordered();
  }
  ScanResult result;
  if (pool.empty()) return result;
  const size_t start =
      SplitMix64(Fnv1a(request.app_id) ^ static_cast<uint64_t>(view.instance_count())) %
      pool.size();
  const ClusterView::AppHosts& hosts = view.HostsOf(request.app_id);
  const PolicyContext context{request.app_id, rules, RuleScope{&view, &request.app_env}, &hosts};
  RankKey best_key;
  for (size_t i = 0; i < pool.size() && (limit == 0 || result.feasible < limit); ++i) {
    // Most executors met are refused on state or fit alone: fetch those fields ahead.
    __builtin_prefetch(&pool[(start + i + kPrefetchAhead) % pool.size()]->state);
    const ExecutorView& executor = *pool[(start + i) % pool.size()];
    ++result.checked;
    if (!Admissible(executor, request, effective_policy, context)) continue;
    ++result.feasible;
    const RankKey key{context.InstancesOn(executor), executor.FreeCores(), executor.FreeMemoryMb(),
                      executor.executor_id};
    if (result.best == nullptr || key < best_key) {
      result.best = &executor;
      best_key = key;
    }
  }
  return result;
}

}  // namespace drove::scheduler

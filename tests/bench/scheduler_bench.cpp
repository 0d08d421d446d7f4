// Scheduler benchmark (issue 3): places 100,000 instances on 5,000 simulated executors, releases
// 20,000 and places them again, timing every decision; prints one JSON line.
//
// Cluster: executors e00000.. on host-00000.., 2 NUMA nodes x 24 cores (0-23, 24-47), 96 GB per
// node (192 GB each). Every 10th executor is tagged (gpu and ssd alternating: 250 each) and has
// metadata pool=special; the rest have pool=general. All have zone=z0..z3, rack=r00..r49,
// rackIndex=0..49.
//
// Workload (fixed seed): 1,000 apps x 100 instances. Each app has one size, like a spec:
// 1 core 50%, 2 cores 30%, 3 cores 12%, 4 cores 8% (mean ~1.8 cores) and 1-3 GB per core.
// Expected demand ~180k of 240k cores (~75%), so capacity allows and `unplaced` must be 0:
// the tagged pools (12,000 cores per tag) take at most ~9,000 cores each even if every app
// that may go there does. Policies (apps): ANY 300, ONE_PER_HOST 150, MAX_N_PER_HOST(2-4) 150,
// MATCH_TAG gpu|ssd 50, RULE_BASED 200 (HOPE over metadata: a zone, or a numeric rack range,
// always && pool == "general"), COMPOSITE 150 (110 AND[MAX_N_PER_HOST 3, RULE_BASED zone],
// 40 OR[AND[MATCH_TAG, ONE_PER_HOST], AND[RULE_BASED zone, MAX_N_PER_HOST 2]]).
// Apps are deployed one after the other in a shuffled order (all instances of an app in a row,
// as a create operation does); then 20,000 random live instances are released and each is
// placed again with its app's request.
//
// Output keys: executors, instances, placements_per_sec (placements / seconds spent inside
// Place), p99_decision_us, rss_mb (peak RSS, VmHWM), unplaced; plus p50/max decision, phase
// rates, cores used, and `consistent` (the view's used cores equal the live allocations').
// placements_per_sec divides by this thread's CPU time over the placement loops
// (CLOCK_THREAD_CPUTIME_ID, read once per phase): the rate on a core of its own even when the
// machine is shared; wall_placements_per_sec divides by the wall time inside Place instead
// (equal on an idle machine). Decision latencies are wall time per Place (steady_clock).
// Flags: --executors N --apps N --instances-per-app N --release N --seed N --candidate-limit N
// (0 ranks every feasible executor per placement, as the scheduler did before the bounded scan).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "orchestrator/scheduler/hope/hope_rule_evaluator.h"
#include "orchestrator/scheduler/scheduler.h"

namespace {

using drove::core::PlacementPolicy;
using drove::core::PlacementRuleType;
namespace sched = drove::scheduler;

struct Options {
  int executors = 5000;
  int apps = 1000;
  int instances_per_app = 100;
  int release = 20000;
  uint64_t seed = 20261125;
  size_t candidate_limit = sched::kDefaultCandidateLimit;  // 0: rank every feasible executor
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const long value = std::strtol(argv[i + 1], nullptr, 10);
    if (flag == "--executors")
      o.executors = static_cast<int>(value);
    else if (flag == "--apps")
      o.apps = static_cast<int>(value);
    else if (flag == "--instances-per-app")
      o.instances_per_app = static_cast<int>(value);
    else if (flag == "--release")
      o.release = static_cast<int>(value);
    else if (flag == "--seed")
      o.seed = static_cast<uint64_t>(value);
    else if (flag == "--candidate-limit")
      o.candidate_limit = static_cast<size_t>(value);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      std::exit(2);
    }
  }
  return o;
}

std::string Padded(int value, int width) {
  std::string s = std::to_string(value);
  return std::string(static_cast<size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

sched::ExecutorInfo MakeExecutor(int i) {
  sched::ExecutorInfo info;
  info.executor_id = "e" + Padded(i, 5);
  info.hostname = "host-" + Padded(i, 5);
  const bool tagged = i % 10 == 0;
  if (tagged) info.tags.insert(i % 20 == 0 ? "gpu" : "ssd");
  info.metadata = {{"zone", "z" + std::to_string(i % 4)},
                   {"rack", "r" + Padded(i % 50, 2)},
                   {"rackIndex", std::to_string(i % 50)},
                   {"pool", tagged ? "special" : "general"}};
  for (int node = 0; node < 2; ++node) {
    sched::NodeLayout layout;
    for (int core = 0; core < 24; ++core) layout.cores.insert(node * 24 + core);
    layout.memory_mb = 96 * 1024;
    info.layout.nodes[node] = layout;
  }
  return info;
}

std::string ZoneRule(uint64_t zone) {
  return "'/allocatedExecutorNodeMetadata/zone' == \"z" + std::to_string(zone) +
         "\" && '/allocatedExecutorNodeMetadata/pool' == \"general\"";
}

PlacementPolicy RulePolicy(std::mt19937_64& rng) {
  if (rng() % 2) return PlacementPolicy::RuleBased(ZoneRule(rng() % 4), PlacementRuleType::kHope);
  const uint64_t low = rng() % 40;
  return PlacementPolicy::RuleBased(
      "'/allocatedExecutorNodeMetadata/rackIndex' >= " + std::to_string(low) +
          " && '/allocatedExecutorNodeMetadata/rackIndex' < " + std::to_string(low + 10) +
          " && '/allocatedExecutorNodeMetadata/pool' == \"general\"",
      PlacementRuleType::kHope);
}

// The policy of app number `index` (the mix in the header comment; order shuffled later).
PlacementPolicy PolicyFor(int index, int apps, std::mt19937_64& rng) {
  const int permille = index * 1000 / apps;
  const std::string tag = rng() % 2 ? "gpu" : "ssd";
  if (permille < 300) return PlacementPolicy::Any();
  if (permille < 450) return PlacementPolicy::OnePerHost();
  if (permille < 600) return PlacementPolicy::MaxNPerHost(2 + static_cast<int64_t>(rng() % 3));
  if (permille < 650) return PlacementPolicy::MatchTag(tag);
  if (permille < 850) return RulePolicy(rng);
  if (permille < 960) {
    return PlacementPolicy::Composite(
        {PlacementPolicy::MaxNPerHost(3),
         PlacementPolicy::RuleBased(ZoneRule(rng() % 4), PlacementRuleType::kHope)});
  }
  return PlacementPolicy::Composite(
      {PlacementPolicy::Composite({PlacementPolicy::MatchTag(tag), PlacementPolicy::OnePerHost()}),
       PlacementPolicy::Composite(
           {PlacementPolicy::RuleBased(ZoneRule(rng() % 4), PlacementRuleType::kHope),
            PlacementPolicy::MaxNPerHost(2)})},
      drove::core::PlacementCombiner::kOr);
}

int64_t CoresFor(std::mt19937_64& rng) {
  const uint64_t roll = rng() % 100;
  if (roll < 50) return 1;
  if (roll < 80) return 2;
  if (roll < 92) return 3;
  return 4;
}

double PeakRssMb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  }
  return -1;
}

// CPU time of this thread: what the placements cost on a core of its own, whatever else the
// machine runs. Read per phase, not per decision: on this VM the call is a system call.
double ThreadCpuUs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// Decision latencies (wall), CPU time and misses of one phase.
struct Timings {
  std::vector<double> decision_us;
  double cpu_seconds = 0;
  double wall_seconds = 0;
  size_t checked = 0;  // executors checked, summed over decisions
  int unplaced = 0;
};

// Places `request`, timing the call; keeps the allocation in `live` at `slot` (or appends).
void TimedPlace(sched::Scheduler& scheduler, const sched::PlacementRequest& request,
                std::vector<sched::Allocation>& live, size_t slot, Timings& timings) {
  const auto start = std::chrono::steady_clock::now();
  sched::Decision decision = scheduler.Place(request);
  const double us =
      std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
  timings.decision_us.push_back(us);
  timings.wall_seconds += us / 1e6;
  timings.checked += decision.executors_checked;
  if (!decision.placed()) {
    if (timings.unplaced++ < 3)
      std::cerr << "unplaced " << request.app_id << ": " << decision.Explain().substr(0, 400)
                << "\n";
    return;
  }
  if (slot < live.size())
    live[slot] = std::move(*decision.allocation);
  else
    live.push_back(std::move(*decision.allocation));
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  const size_t index = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::mt19937_64 rng(options.seed);
  sched::hope::HopeRuleEvaluator rules;
  sched::Scheduler scheduler(&rules, options.candidate_limit);
  for (int i = 0; i < options.executors; ++i) {
    auto status = scheduler.UpsertExecutor(MakeExecutor(i));
    if (!status.ok()) {
      std::cerr << status.message() << "\n";
      return 1;
    }
  }

  std::vector<sched::PlacementRequest> requests;  // one per app
  int64_t demand_cores = 0;
  for (int a = 0; a < options.apps; ++a) {
    sched::PlacementRequest request;
    request.app_id = "APP_" + Padded(a, 4) + "-1";
    request.cores = CoresFor(rng);
    request.memory_mb = request.cores * 1024 * (1 + static_cast<int64_t>(rng() % 3));
    request.policy = PolicyFor(a, options.apps, rng);
    demand_cores += request.cores * options.instances_per_app;
    requests.push_back(std::move(request));
  }
  std::vector<size_t> order(requests.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), rng);

  std::vector<sched::Allocation> live;
  std::vector<size_t> live_app;  // request index of live[i]
  Timings initial;
  const double initial_cpu = ThreadCpuUs();
  for (size_t app : order) {
    for (int i = 0; i < options.instances_per_app; ++i) {
      const size_t before = live.size();
      TimedPlace(scheduler, requests[app], live, live.size(), initial);
      if (live.size() > before) live_app.push_back(app);
    }
  }
  initial.cpu_seconds = (ThreadCpuUs() - initial_cpu) / 1e6;

  // Release `release` random live instances, then place each again (same app, same request).
  std::vector<size_t> victims(live.size());
  for (size_t i = 0; i < victims.size(); ++i) victims[i] = i;
  std::shuffle(victims.begin(), victims.end(), rng);
  victims.resize(std::min(victims.size(), static_cast<size_t>(options.release)));
  for (size_t v : victims) {
    auto status = scheduler.Release(live[v]);
    if (!status.ok()) {
      std::cerr << "release failed: " << status.message() << "\n";
      return 1;
    }
  }
  Timings replace;
  const double replace_cpu = ThreadCpuUs();
  for (size_t v : victims) TimedPlace(scheduler, requests[live_app[v]], live, v, replace);
  replace.cpu_seconds = (ThreadCpuUs() - replace_cpu) / 1e6;

  int64_t used_view = 0, used_live = 0;
  for (const auto& [id, executor] : scheduler.view().executors()) used_view += executor.UsedCores();
  for (const auto& a : live) used_live += static_cast<int64_t>(a.cores.size());

  std::vector<double> all = initial.decision_us;
  all.insert(all.end(), replace.decision_us.begin(), replace.decision_us.end());
  const double seconds = initial.cpu_seconds + replace.cpu_seconds;
  const double wall_seconds = initial.wall_seconds + replace.wall_seconds;
  const auto rate = [](const Timings& t) {
    return t.cpu_seconds > 0 ? static_cast<double>(t.decision_us.size()) / t.cpu_seconds : 0.0;
  };
  char line[1024];
  std::snprintf(
      line, sizeof line,
      "{\"executors\": %d, \"instances\": %zu, \"placements_per_sec\": %.0f, "
      "\"p99_decision_us\": %.1f, \"rss_mb\": %.1f, \"unplaced\": %d, \"placements\": %zu, "
      "\"released\": %zu, \"p50_decision_us\": %.1f, \"max_decision_us\": %.1f, "
      "\"initial_per_sec\": %.0f, \"replace_per_sec\": %.0f, \"capacity_cores\": %d, "
      "\"demand_cores\": %lld, \"used_cores\": %lld, \"consistent\": %s, \"candidate_limit\": %zu, "
      "\"wall_placements_per_sec\": %.0f, \"mean_executors_checked\": %.1f}",
      options.executors, live.size(), seconds > 0 ? static_cast<double>(all.size()) / seconds : 0.0,
      Percentile(all, 0.99), PeakRssMb(), initial.unplaced + replace.unplaced, all.size(),
      victims.size(), Percentile(all, 0.50), Percentile(all, 1.0), rate(initial), rate(replace),
      options.executors * 48, static_cast<long long>(demand_cores),
      static_cast<long long>(used_view), used_view == used_live ? "true" : "false",
      options.candidate_limit,
      wall_seconds > 0 ? static_cast<double>(all.size()) / wall_seconds : 0.0,
      static_cast<double>(initial.checked + replace.checked) / static_cast<double>(all.size()));
  std::cout << line << std::endl;
  return 0;
}

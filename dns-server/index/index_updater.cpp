// Snapshot → host lookups → BuildIndex (or, when only instances of a few vhosts changed,
// BuildIndexDelta) → atomic swap, one log line per swap and per skipped item.
#include "dns-server/index/index_updater.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <set>
#include <string_view>
#include <unordered_set>

#include "dns-server/index/index_builder.h"
#include "dns-server/index/index_delta.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A controller listing thousands of unusable items (hostile, or one cluster's apps exposed under
// another cluster's zone) must not flood the log on every change: the first ones, then a count.
constexpr size_t kMaxSkippedLogged = 20;

void LogSkipped(const std::string& cluster, int64_t generation,
                const std::vector<std::string>& skipped) {
  for (size_t i = 0; i < skipped.size() && i < kMaxSkippedLogged; ++i) {
    DLOG_WARN(
        "endpoint skipped",
        {{"cluster", cluster}, {"generation", std::to_string(generation)}, {"reason", skipped[i]}});
  }
  if (skipped.size() > kMaxSkippedLogged) {
    DLOG_WARN("endpoints skipped",
              {{"cluster", cluster},
               {"generation", std::to_string(generation)},
               {"notLogged", std::to_string(skipped.size() - kMaxSkippedLogged)}});
  }
}

// Past this many changed vhosts a partial build saves little over the full one.
constexpr size_t kMaxDeltaVhosts = 1000;

// Every executor hostname, lowercased, once. Thousands of instances share a few executors, so the
// raw names are deduplicated first (no copy) and only those are lowercased.
std::vector<std::string> HostsOf(const std::vector<core::ExposedAppInfo>& apps) {
  std::unordered_set<std::string_view> raw;
  for (const core::ExposedAppInfo& app : apps) {
    for (const core::ExposedHost& host : app.hosts) raw.insert(host.host);
  }
  std::set<std::string> hosts;
  for (std::string_view host : raw) hosts.insert(Lower(std::string(host)));
  return {hosts.begin(), hosts.end()};
}

}  // namespace

void IndexUpdater::OnSnapshot(const discovery::EndpointsSnapshot& snapshot) {
  // A controller's data must not take the process (and every other cluster's zone) down with it.
  try {
    Apply(snapshot);
  } catch (const std::exception& e) {
    OnError(std::string("snapshot not applied: ") + e.what());
  }
}

void IndexUpdater::Apply(const discovery::EndpointsSnapshot& snapshot) {
  auto started = std::chrono::steady_clock::now();
  auto input = std::make_shared<IndexInput>();
  input->generation = snapshot.generation;
  input->synced_at_ms = snapshot.fetched_at_ms;
  input->apps = snapshot.apps;
  input->host_addresses = resolver_->Resolve(HostsOf(snapshot.apps));
  std::shared_ptr<const Index> previous = cluster_->index.Get();
  std::optional<BuildResult> delta = Delta(*input, *previous);
  BuildResult result = delta ? std::move(*delta) : BuildIndex(config_, *input, previous.get());
  LogSkipped(cluster_->name, snapshot.generation, result.skipped);
  size_t names = result.index->name_count();
  cluster_->index.Set(std::move(result.index));
  last_input_ = std::move(input);
  cluster_->sync.syncs.fetch_add(1);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  DLOG_INFO("index swapped",
            {{"cluster", cluster_->name},
             {"generation", std::to_string(snapshot.generation)},
             {"leader", snapshot.leader},
             {delta ? "rebuiltVhosts" : "vhosts", std::to_string(result.vhosts)},
             {delta ? "rebuiltInstances" : "instances", std::to_string(result.instances)},
             {"names", std::to_string(names)},
             {"reused", std::to_string(result.reused)},
             {"buildMicros", std::to_string(took.count())}});
  if (on_swap_) on_swap_(last_input_);
}

// Only when the previous index was built here from the last input (the first one is not ready).
std::optional<BuildResult> IndexUpdater::Delta(const IndexInput& input,
                                               const Index& previous) const {
  if (!last_input_) return std::nullopt;
  auto vhosts = ChangedVhosts(last_input_->apps, input.apps, kMaxDeltaVhosts);
  if (!vhosts) return std::nullopt;
  return BuildIndexDelta(config_, *last_input_, input, previous, *vhosts);
}

void IndexUpdater::OnError(const std::string& error) {
  cluster_->sync.errors.fetch_add(1);
  bool serving = cluster_->index.Get()->ready();
  DLOG_WARN("endpoints sync failed",
            {{"cluster", cluster_->name},
             {"error", error},
             {"serving", serving ? "last good data" : "SERVFAIL (no data yet)"}});
}

}  // namespace drove::dns

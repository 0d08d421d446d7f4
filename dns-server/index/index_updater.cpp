// Snapshot → host lookups → BuildIndex → atomic swap, one log line per swap and per skipped item.
#include "dns-server/index/index_updater.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "dns-server/index/index_builder.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

void IndexUpdater::OnSnapshot(const discovery::EndpointsSnapshot& snapshot) {
  auto started = std::chrono::steady_clock::now();
  IndexInput input;
  input.generation = snapshot.generation;
  input.synced_at_ms = snapshot.fetched_at_ms;
  input.apps = snapshot.apps;
  std::set<std::string> hosts;
  for (const core::ExposedAppInfo& app : snapshot.apps) {
    for (const core::ExposedHost& host : app.hosts) hosts.insert(Lower(host.host));
  }
  input.host_addresses = resolver_->Resolve(std::vector<std::string>(hosts.begin(), hosts.end()));
  std::shared_ptr<const Index> previous = holder_->Get();
  BuildResult result = BuildIndex(*config_, input, previous.get());
  for (const std::string& reason : result.skipped) {
    DLOG_WARN("endpoint skipped",
              {{"generation", std::to_string(snapshot.generation)}, {"reason", reason}});
  }
  size_t names = result.index->name_count();
  holder_->Set(std::move(result.index));
  metrics_->sync_total.fetch_add(1);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  DLOG_INFO("index swapped", {{"generation", std::to_string(snapshot.generation)},
                              {"leader", snapshot.leader},
                              {"vhosts", std::to_string(result.vhosts)},
                              {"instances", std::to_string(result.instances)},
                              {"names", std::to_string(names)},
                              {"reused", std::to_string(result.reused)},
                              {"buildMicros", std::to_string(took.count())}});
}

void IndexUpdater::OnError(const std::string& error) {
  metrics_->sync_errors.fetch_add(1);
  bool serving = holder_->Get()->ready();
  DLOG_WARN("endpoints sync failed",
            {{"error", error}, {"serving", serving ? "last good data" : "SERVFAIL (no data yet)"}});
}

}  // namespace drove::dns

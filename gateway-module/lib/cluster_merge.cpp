// The merge of several clusters' routing tables: priority per vhost, leader vhosts.
#include "gateway-module/lib/cluster_merge.h"

#include <algorithm>
#include <map>

#include "orchestrator/core/net/http_client.h"

namespace drove::gateway {
namespace {

// The member a leader vhost routes to: the leader controller itself.
std::vector<Member> LeaderMembers(const ClusterSpec& spec, const RoutingTable* table) {
  if (table == nullptr || table->leader_ip.empty()) return {};
  auto url = core::HttpTarget::Parse(table->leader);
  if (!url.ok() || url->host.empty()) return {};
  return {Member{"drove-controller", url->host, url->port, table->leader_ip, "", spec.name}};
}

}  // namespace

RoutingTable MergeClusters(const std::vector<ClusterSpec>& specs,
                           const std::vector<const RoutingTable*>& tables) {
  RoutingTable out;
  std::map<std::string, Priority> best;  // vhost -> best priority of a cluster with a member
  for (size_t i = 0; i < specs.size(); ++i) {
    if (tables[i] == nullptr) continue;
    out.generation += tables[i]->generation;  // moves whenever any cluster's does
    out.fetched_at_ms = std::max(out.fetched_at_ms, tables[i]->fetched_at_ms);
    for (const auto& [vhost, members] : tables[i]->vhosts) {
      out.vhosts[vhost];  // known even with no member anywhere: 503 "no healthy instance"
      if (members.empty()) continue;
      auto [at, added] = best.emplace(vhost, specs[i].priority);
      if (!added) at->second = std::min(at->second, specs[i].priority);
    }
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (tables[i] == nullptr) continue;
    for (const auto& [vhost, members] : tables[i]->vhosts) {
      if (members.empty() || best[vhost] != specs[i].priority) continue;
      std::vector<Member>& merged = out.vhosts[vhost];
      for (Member m : members) {
        m.cluster = specs[i].name;
        merged.push_back(std::move(m));
      }
    }
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    for (const std::string& vhost : specs[i].leader_vhosts) {
      out.vhosts[vhost] = LeaderMembers(specs[i], tables[i]);
    }
  }
  return out;
}

RoutingMerger::RoutingMerger(std::vector<ClusterSpec> specs,
                             std::vector<std::optional<RoutingTable>> tables, PublishFn publish)
    : specs_(std::move(specs)), tables_(std::move(tables)), publish_(std::move(publish)) {
  tables_.resize(specs_.size());
}

bool RoutingMerger::Publish(std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  return PublishLocked(error);
}

bool RoutingMerger::Update(size_t index, RoutingTable table, std::string* error) {
  std::lock_guard<std::mutex> lock(mu_);
  tables_.at(index) = std::move(table);
  return PublishLocked(error);
}

bool RoutingMerger::PublishLocked(std::string* error) {
  std::vector<const RoutingTable*> tables;
  for (const auto& t : tables_) tables.push_back(t ? &*t : nullptr);
  RoutingTable merged = MergeClusters(specs_, tables);
  return publish_(SerializeTable(merged), merged, error);
}

}  // namespace drove::gateway

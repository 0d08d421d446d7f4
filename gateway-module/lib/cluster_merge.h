// Several clusters behind one gateway (drove_cluster blocks): each cluster's follower publishes its
// own routing table; workers route with one table merged from all of them. The merge is where
// primary/backup failover and the leader's vhost happen, so the request path stays one lookup.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gateway-module/lib/routing_table.h"

namespace drove::gateway {

enum class Priority { kPrimary = 0, kBackup = 1 };

struct ClusterSpec {
  std::string name;
  Priority priority = Priority::kPrimary;
  std::vector<std::string> leader_vhosts;  // lower-case; each routes to this cluster's leader
};

// A vhost's members come from the clusters of the best priority among those that list at least one
// member for it (the union when several share that priority); a backup cluster's members are used
// only while no primary has one. Each member is tagged with its cluster. A leader vhost has one
// member, the cluster's leader (none while its address is unknown), whatever the apps claim.
// `tables[i]` belongs to `specs[i]`; a null table is a cluster not heard from yet.
RoutingTable MergeClusters(const std::vector<ClusterSpec>& specs,
                           const std::vector<const RoutingTable*>& tables);

// Keeps each cluster's latest table and publishes the merge after every change. Called from the
// clusters' follower threads; one merge at a time, so the published tables follow one order.
class RoutingMerger {
 public:
  // Returns false with *error set when the merge could not be published (zone too small).
  using PublishFn = std::function<bool(const std::string& serialized, const RoutingTable& merged,
                                       std::string* error)>;

  // `tables[i]`: what cluster `specs[i]` routes with now (nullopt: nothing known yet).
  RoutingMerger(std::vector<ClusterSpec> specs, std::vector<std::optional<RoutingTable>> tables,
                PublishFn publish);

  // Publishes the merge of the tables held now.
  bool Publish(std::string* error);
  // Cluster `index` now routes with `table`; publishes the new merge.
  bool Update(size_t index, RoutingTable table, std::string* error);

 private:
  bool PublishLocked(std::string* error);

  std::mutex mu_;
  std::vector<ClusterSpec> specs_;
  std::vector<std::optional<RoutingTable>> tables_;
  PublishFn publish_;
};

}  // namespace drove::gateway

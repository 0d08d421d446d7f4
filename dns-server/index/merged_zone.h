// The `merged:` zone (dns.yml): `<name>.<zone>` answers from the first listed cluster that
// currently has a healthy instance of `<name>.<that cluster's zone>` (primary, then the backups),
// and from the primary again as soon as it has one.
//
// Owner: MergedZone writes the merged zone's ClusterZone (its index and counters) and its members'
// inputs; Update() runs on whichever member's follower thread has just swapped, and mu_ serializes
// those threads.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index_builder.h"
#include "dns-server/index/zone_set.h"

namespace drove::dns {

struct MergedMember {
  std::string cluster;  // its name, for logs
  Name cluster_zone;    // its own zone (lowercased)
  DnsConfig config;     // ConfigForMerged(config, member): its gateways, the merged apex
  std::shared_ptr<const IndexInput> input;  // what its current index was built from; null before
};

// The merged index of `zone` from the members' current inputs, primary first. `owners`: each
// merged name (lowercased wire labels below the zone, "\3web") → the member index answering it.
BuildResult BuildMergedIndex(const std::vector<MergedMember>& members, const Name& zone,
                             int64_t generation, const Index* previous,
                             std::map<std::string, size_t>* owners);

class MergedZone {
 public:
  MergedZone(Name zone, std::vector<MergedMember> members, ClusterZone* target)
      : zone_(std::move(zone)), members_(std::move(members)), target_(target) {}

  // Member `member` now serves an index built from `input`: rebuild the merged zone, logging
  // every name that moved to another cluster.
  void Update(size_t member, std::shared_ptr<const IndexInput> input);

 private:
  void LogMoves(const std::map<std::string, size_t>& owners) const;

  const Name zone_;
  std::mutex mu_;
  std::vector<MergedMember> members_;     // guarded by mu_
  std::map<std::string, size_t> owners_;  // guarded by mu_
  int64_t generation_ = 0;                // guarded by mu_; the merged SOA serial
  ClusterZone* target_;
};

}  // namespace drove::dns

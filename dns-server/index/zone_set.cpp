// Zone routing: the first index (longest zone first) whose zone holds the name.
#include "dns-server/index/zone_set.h"

#include <algorithm>

namespace drove::dns {

ZoneSet::ZoneSet(const std::vector<Zone>& zones, uint16_t edns_udp_size, bool named)
    : edns_udp_size_(edns_udp_size), named_(named) {
  for (const Zone& zone : zones) {
    clusters_.push_back(std::make_unique<ClusterZone>(zone.cluster, zone.zone, edns_udp_size));
    by_zone_length_.push_back(clusters_.back().get());
  }
  // Longer wire form = more labels or longer ones; a zone below another is always longer, so
  // the first match is the longest suffix.
  std::stable_sort(by_zone_length_.begin(), by_zone_length_.end(),
                   [](const ClusterZone* a, const ClusterZone* b) {
                     return a->index.Get()->zone().size() > b->index.Get()->zone().size();
                   });
}

void ZoneSet::Load(std::vector<std::shared_ptr<const Index>>* held,
                   std::vector<const Index*>* view) const {
  held->clear();
  view->clear();
  for (const ClusterZone* cluster : by_zone_length_) {
    held->push_back(cluster->index.Get());
    view->push_back(held->back().get());
  }
}

bool ZoneSet::AllReady() const {
  return std::all_of(clusters_.begin(), clusters_.end(),
                     [](const auto& cluster) { return cluster->index.Get()->ready(); });
}

const Index* RouteByZone(std::span<const Index* const> indexes, std::string_view lowercase_wire) {
  for (const Index* index : indexes) {
    if (index->InZone(lowercase_wire)) return index;
  }
  return nullptr;
}

}  // namespace drove::dns

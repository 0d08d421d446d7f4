// Merged zone: each member's healthy vhosts renamed into the merged zone, earlier members first,
// built with that member's gateways, and the entries put together into one index.
#include "dns-server/index/merged_zone.h"

#include <algorithm>
#include <exception>
#include <optional>
#include <set>

#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

// The lowercased wire labels of `vhost` strictly below `zone` ("\3web" for web.a.test in a.test).
std::optional<std::string> LabelsBelow(const std::string& vhost, const Name& zone) {
  auto name = NameFromText(vhost);
  if (!name.ok()) return std::nullopt;
  Name lower = name->Lowercased();
  if (lower.size() <= zone.size() || !IsSubdomainOf(lower, zone)) return std::nullopt;
  return lower.wire().substr(0, lower.size() - zone.size());
}

// The member's apps with at least one (healthy: the endpoints list no others) instance, renamed
// into the merged zone, for the names no earlier member took; `owners` gets those names.
IndexInput Claim(const MergedMember& member, size_t index, const Name& merged_zone,
                 std::map<std::string, size_t>* owners) {
  IndexInput out;
  out.synced_at_ms = member.input->synced_at_ms;
  out.host_addresses = member.input->host_addresses;
  std::set<std::string> mine;
  for (const core::ExposedAppInfo& app : member.input->apps) {
    if (app.hosts.empty()) continue;
    auto labels = LabelsBelow(app.vhost, member.cluster_zone);
    if (!labels || owners->count(*labels)) continue;
    mine.insert(*labels);
    core::ExposedAppInfo renamed = app;
    renamed.vhost = Name::FromWire(*labels + merged_zone.wire()).ToText();
    out.apps.push_back(std::move(renamed));
  }
  for (const std::string& labels : mine) owners->emplace(labels, index);
  return out;
}

std::string NameText(const std::string& labels, const Name& zone) {
  return Name::FromWire(labels + zone.wire()).ToText();
}

}  // namespace

BuildResult BuildMergedIndex(const std::vector<MergedMember>& members, const Name& zone,
                             int64_t generation, const Index* previous,
                             std::map<std::string, size_t>* owners) {
  BuildResult result;
  std::map<std::string, std::shared_ptr<const NameEntry>> entries;
  std::optional<Record> soa;
  int64_t synced_at = 0;
  uint16_t edns_udp_size = members.empty() ? 1232 : members.front().config.edns_udp_size;
  for (size_t i = 0; i < members.size(); ++i) {
    const MergedMember& member = members[i];
    if (!member.input) continue;
    IndexInput input = Claim(member, i, zone, owners);
    input.generation = generation;
    synced_at = std::max(synced_at, input.synced_at_ms);
    BuildResult part = BuildIndex(member.config, input, previous);
    result.vhosts += part.vhosts;
    result.instances += part.instances;
    result.reused += part.reused;
    if (!soa) soa = part.index->soa();
    // Apex and empty non-terminals come from every part; a name with records beats an empty one.
    for (std::shared_ptr<const NameEntry>& entry : part.index->Entries()) {
      auto [it, inserted] = entries.try_emplace(entry->owner.wire(), entry);
      if (!inserted && it->second->answers.empty() && !entry->answers.empty()) it->second = entry;
    }
  }
  if (!soa) {
    result.index = std::make_shared<const Index>(zone, edns_udp_size);
    return result;
  }
  std::vector<std::shared_ptr<const NameEntry>> list;
  list.reserve(entries.size());
  for (auto& [wire, entry] : entries) list.push_back(std::move(entry));
  result.index = std::make_shared<const Index>(zone, edns_udp_size, generation, synced_at, *soa,
                                               std::move(list));
  return result;
}

void MergedZone::Update(size_t member, std::shared_ptr<const IndexInput> input) {
  std::lock_guard lock(mu_);
  members_[member].input = std::move(input);
  try {
    std::map<std::string, size_t> owners;
    BuildResult result =
        BuildMergedIndex(members_, zone_, ++generation_, target_->index.Get().get(), &owners);
    LogMoves(owners);
    owners_ = std::move(owners);
    size_t names = result.index->name_count();
    target_->index.Set(std::move(result.index));
    target_->sync.syncs.fetch_add(1);
    DLOG_INFO("index swapped", {{"cluster", target_->name},
                                {"trigger", members_[member].cluster},
                                {"generation", std::to_string(generation_)},
                                {"vhosts", std::to_string(result.vhosts)},
                                {"names", std::to_string(names)}});
  } catch (const std::exception& e) {
    target_->sync.errors.fetch_add(1);
    DLOG_WARN("endpoints sync failed", {{"cluster", target_->name},
                                        {"trigger", members_[member].cluster},
                                        {"error", e.what()},
                                        {"serving", "last good data"}});
  }
}

// One line per name that changed hands (primary lost its last instance, or got one back).
void MergedZone::LogMoves(const std::map<std::string, size_t>& owners) const {
  for (const auto& [labels, now] : owners) {
    auto before = owners_.find(labels);
    if (before == owners_.end() || before->second == now) continue;
    DLOG_INFO("merged name moved", {{"cluster", target_->name},
                                    {"name", NameText(labels, zone_)},
                                    {"from", members_[before->second].cluster},
                                    {"to", members_[now].cluster}});
  }
  for (const auto& [labels, was] : owners_) {
    if (owners.count(labels)) continue;
    DLOG_INFO("merged name gone", {{"cluster", target_->name},
                                   {"name", NameText(labels, zone_)},
                                   {"from", members_[was].cluster}});
  }
}

}  // namespace drove::dns

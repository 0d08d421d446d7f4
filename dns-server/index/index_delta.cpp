// Which vhosts changed, the guards that keep a partial build exact, and the merge into the previous
// index.
#include "dns-server/index/index_delta.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>
#include <utility>

namespace drove::dns {
namespace {

// The vhost as the builder names it: lowercased, one trailing dot dropped.
std::string VhostKey(const std::string& vhost) {
  std::string key = vhost;
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!key.empty() && key.back() == '.') key.pop_back();
  return key;
}

bool SameAddresses(const std::map<std::string, discovery::HostAddresses>& a,
                   const std::map<std::string, discovery::HostAddresses>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.first == y.first && x.second.ipv4 == y.second.ipv4 && x.second.ipv6 == y.second.ipv6;
  });
}

IndexInput Slice(const IndexInput& input, const std::set<std::string>& vhosts) {
  IndexInput out;
  out.generation = input.generation;
  out.synced_at_ms = input.synced_at_ms;
  out.host_addresses = input.host_addresses;
  for (const core::ExposedAppInfo& app : input.apps) {
    if (vhosts.count(VhostKey(app.vhost)) != 0) out.apps.push_back(app);
  }
  return out;
}

bool UnderAny(const Name& name, const std::vector<Name>& roots) {
  return std::any_of(roots.begin(), roots.end(),
                     [&](const Name& root) { return IsSubdomainOf(name, root); });
}

// True when a name outside the changed vhosts could read them: an executor hostname (every SRV
// target is one) or a name server under a changed vhost, a target that is itself a name of the
// zone (its records are glue), or the apex being a changed vhost.
bool ReadFromOutside(const DnsConfig& config, const IndexInput& after, const Index& previous,
                     const std::vector<Name>& roots) {
  for (const auto& [host, addresses] : after.host_addresses) {
    auto name = NameFromText(host);
    if (!name.ok()) continue;
    Name lower = name->Lowercased();
    if (UnderAny(lower, roots) || previous.Find(lower.wire()) != nullptr) return true;
  }
  for (const Name& ns : config.name_servers) {
    if (UnderAny(ns.Lowercased(), roots)) return true;
  }
  return UnderAny(config.zone, roots);
}

// Names the partial build has outside the changed vhosts (the apex aside) are shared with the rest
// of the zone: they must come out exactly as the previous index has them.
bool SharedNamesAgree(const Index& part, const Index& previous, const std::vector<Name>& roots,
                      const Name& zone) {
  for (const auto& entry : part.Entries()) {
    if (UnderAny(entry->owner, roots) || entry->owner.wire() == zone.wire()) continue;
    auto old = previous.FindShared(entry->owner.wire());
    if (!old || old->fingerprint != entry->fingerprint) return false;
  }
  return true;
}

}  // namespace

std::optional<std::set<std::string>> ChangedVhosts(const std::vector<core::ExposedAppInfo>& before,
                                                   const std::vector<core::ExposedAppInfo>& after,
                                                   size_t max_vhosts) {
  if (before.size() != after.size()) return std::nullopt;
  std::set<std::string> changed;
  for (size_t i = 0; i < after.size(); ++i) {
    if (before[i].app_id != after[i].app_id) return std::nullopt;
    if (before[i] == after[i]) continue;
    std::string key = VhostKey(after[i].vhost);
    // An escape could make two spellings one name: not worth following, build it whole.
    if (key != VhostKey(before[i].vhost) || key.find('\\') != std::string::npos) {
      return std::nullopt;
    }
    changed.insert(std::move(key));
    if (changed.size() > max_vhosts) return std::nullopt;
  }
  return changed;
}

std::optional<BuildResult> BuildIndexDelta(const DnsConfig& config, const IndexInput& before,
                                           const IndexInput& after, const Index& previous,
                                           const std::set<std::string>& vhosts) {
  if (!previous.ready() || !SameAddresses(before.host_addresses, after.host_addresses)) {
    return std::nullopt;
  }
  std::vector<Name> roots;
  for (const std::string& vhost : vhosts) {
    if (auto name = NameFromText(vhost); name.ok()) roots.push_back(name->Lowercased());
  }
  if (ReadFromOutside(config, after, previous, roots)) return std::nullopt;
  BuildResult old_part = BuildIndex(config, Slice(before, vhosts), &previous);
  BuildResult result = BuildIndex(config, Slice(after, vhosts), &previous);
  if (!SharedNamesAgree(*result.index, previous, roots, config.zone)) return std::nullopt;
  // Previous entries stay unless the changed vhosts had them (their names are rebuilt) or they
  // are the apex (its SOA serial is the generation).
  std::unordered_set<std::string> replaced = {config.zone.wire()};
  for (const auto& entry : old_part.index->Entries()) {
    if (UnderAny(entry->owner, roots)) replaced.insert(entry->owner.wire());
  }
  std::vector<std::shared_ptr<const NameEntry>> entries;
  entries.reserve(previous.name_count() + result.index->name_count());
  for (auto& entry : previous.Entries()) {
    if (replaced.count(entry->owner.wire()) == 0) {
      entries.push_back(std::move(entry));
      ++result.reused;
    }
  }
  for (auto& entry : result.index->Entries()) {
    if (UnderAny(entry->owner, roots) || entry->owner.wire() == config.zone.wire()) {
      entries.push_back(std::move(entry));
    }
  }
  result.index =
      std::make_shared<const Index>(config.zone, config.edns_udp_size, after.generation,
                                    after.synced_at_ms, result.index->soa(), std::move(entries));
  return result;
}

}  // namespace drove::dns

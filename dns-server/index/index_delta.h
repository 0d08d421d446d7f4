// The next Index from the previous one when only the instances of a few vhosts changed.
//
// A full BuildIndex at 10,000 vhosts takes most of a second, while an instance change touches one
// vhost's names. So when the apps are the same (ids, order, vhosts) and only some of their hosts
// differ, the changed vhosts are built alone (BuildIndex over their apps) and their names replace
// the previous index's; every other entry is taken as it is. Anything that could make another name
// depend on a changed vhost (an executor hostname or a name server under it, a target that is a
// name of the zone, a shared name whose answers would differ) falls back to the full build, so the
// result is always what BuildIndex would have built.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dns-server/config/dns_config.h"
#include "dns-server/index/index.h"
#include "dns-server/index/index_builder.h"

namespace drove::dns {

// The lowercased vhosts whose apps differ between two snapshots' apps, when the apps are the same
// ones in the same order with the same vhosts and at most `max_vhosts` vhosts changed; else
// nullopt (build the whole index).
std::optional<std::set<std::string>> ChangedVhosts(const std::vector<core::ExposedAppInfo>& before,
                                                   const std::vector<core::ExposedAppInfo>& after,
                                                   size_t max_vhosts);

// The index for `after`, from `previous` (built from `before`) with `vhosts` (from ChangedVhosts)
// rebuilt; nullopt when it cannot be done that way. BuildResult's counts are those of the rebuilt
// vhosts only.
std::optional<BuildResult> BuildIndexDelta(const DnsConfig& config, const IndexInput& before,
                                           const IndexInput& after, const Index& previous,
                                           const std::set<std::string>& vhosts);

}  // namespace drove::dns

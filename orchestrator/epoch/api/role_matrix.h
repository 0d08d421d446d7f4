// drove-epoch's role matrix (epoch-api.md 0): every route on the API port with the access it
// requires, in one table that the API filter and the tests read. A route without a row is refused
// to everyone.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "orchestrator/core/auth/route_rules.h"
#include "orchestrator/epoch/config/epoch_config.h"

namespace drove::epoch::api {

// Epoch's resources are all @PermitAll (any authenticated user); the ones that change anything
// need READ_WRITE.
enum class EpochAccess { kAnyUser, kReadWrite };

using RoleMatrixRow = core::RouteRule<EpochAccess>;

const std::vector<RoleMatrixRow>& RoleMatrix();

// The access the matrix gives (method, pattern); nullopt when it has no row.
std::optional<EpochAccess> RequiredAccess(std::string_view method, std::string_view pattern);

bool Admits(EpochAccess access, EpochRole role);

}  // namespace drove::epoch::api

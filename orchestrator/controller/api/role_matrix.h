// The controller's role matrix: every route (method, pattern) with the access it requires, in one
// table that the API filter and the tests read. A route without a row is refused to everyone.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "orchestrator/controller/auth/access.h"
#include "orchestrator/core/auth/route_rules.h"

namespace drove::controller::api {

using RoleMatrixRow = core::RouteRule<Access>;

const std::vector<RoleMatrixRow>& RoleMatrix();

// The access the matrix gives (method, pattern); nullopt when it has no row.
std::optional<Access> RequiredAccess(std::string_view method, std::string_view pattern);

}  // namespace drove::controller::api

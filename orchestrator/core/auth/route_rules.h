// A role matrix as data: rows of (method, route pattern) -> the access the route requires, where
// each daemon defines what an access level is and whom it admits.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace drove::core {

template <typename Access>
struct RouteRule {
  std::string_view method;
  std::string_view pattern;  // as the route declares it, e.g. /apis/v1/applications/{appId}
  Access access;
};

// The access of the row for (method, pattern); nullopt when there is none (refuse the call).
template <typename Access>
std::optional<Access> AccessOf(const std::vector<RouteRule<Access>>& rules, std::string_view method,
                               std::string_view pattern) {
  for (const RouteRule<Access>& rule : rules) {
    if (rule.method == method && rule.pattern == pattern) return rule.access;
  }
  return std::nullopt;
}

}  // namespace drove::core

// Shared by the tests that walk every route of a daemon's API with every kind of caller (the role
// matrix tests): a concrete path for a route pattern, and the answer a caller must get.
#pragma once

#include <boost/test/unit_test.hpp>
#include <string>

namespace drove::testing {

// A concrete path for a pattern: each {param} becomes "p-<param>".
inline std::string PathFor(const std::string& pattern) {
  std::string path;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      path.push_back(pattern[i]);
      continue;
    }
    size_t end = pattern.find('}', i);
    path += "p-" + pattern.substr(i + 1, end - i - 1);
    i = end;
  }
  return path;
}

enum class Expected { kUnauthenticated, kForbidden, kServed };

// What a caller gets: 401 unless it authenticated, then 403 unless its role is admitted.
inline Expected ExpectedFor(bool authenticated, bool admitted) {
  if (!authenticated) return Expected::kUnauthenticated;
  return admitted ? Expected::kServed : Expected::kForbidden;
}

// 401, 403, or anything else (the handler ran: its own answer, which may be 400, 404, ...).
inline void CheckAnswer(int status, Expected expected, const std::string& what) {
  switch (expected) {
    case Expected::kUnauthenticated:
      BOOST_TEST(status == 401, what);
      break;
    case Expected::kForbidden:
      BOOST_TEST(status == 403, what);
      break;
    case Expected::kServed:
      BOOST_TEST((status != 401 && status != 403), what);
      break;
  }
}

}  // namespace drove::testing

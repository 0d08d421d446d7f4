// Reads one follower's successive GET /apis/v1/endpoints bodies, parsing only the apps that
// changed.
//
// At 10,000 apps a body is ~9 MB and parsing it whole takes hundreds of milliseconds, while one
// instance change alters one app's text. So the body's "data" items are found by a scan that
// does not parse them, and an item whose bytes equal the previous body's item at the same place
// (give or take the apps added or removed before it) is taken from the previous result; only new
// or changed items are parsed, each as a one-item body. The envelope is parsed with its list
// emptied. Anything of another shape, and any item that is refused, goes to ParseEndpointsResponse
// whole, so results and error messages are always that function's.
// One owner (the follower's thread); not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/discovery/endpoints_snapshot.h"

namespace drove::discovery {

class EndpointsReader {
 public:
  // The same value or error as ParseEndpointsResponse(body). `last` is what the previous Read
  // returned, as the caller kept it (the reused apps are copied from there, so the reader keeps
  // no second copy of the cluster's apps); null, or after Forget(), nothing is reused.
  core::Result<std::vector<core::ExposedAppInfo>> Read(
      std::string_view body, const std::vector<core::ExposedAppInfo>* last);
  // The caller did not keep the last result.
  void Forget();

 private:
  const core::ExposedAppInfo* Same(std::string_view text, size_t at, ptrdiff_t* shift,
                                   const std::vector<core::ExposedAppInfo>* last) const;
  core::Result<std::vector<core::ExposedAppInfo>> ReadWhole(std::string_view body);

  std::string body_;                     // the last body read
  std::vector<std::string_view> items_;  // its items' text, in body order
  std::vector<size_t> ranks_;            // where each item's app is in the result (sorted)
};

}  // namespace drove::discovery

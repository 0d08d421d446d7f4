// One validated view of the leader's exposed endpoints (GET /apis/v1/endpoints), as the edge uses
// it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/model/summaries.h"
#include "orchestrator/core/util/status.h"

namespace drove::discovery {

struct EndpointsSnapshot {
  // Our controller's X-Drove-Endpoints-Generation; for a stock Drove controller a local counter
  // that increases whenever the content changes.
  int64_t generation = 0;
  std::string leader;                      // the controller URL that answered
  int64_t fetched_at_ms = 0;               // wall clock of the fetch
  std::vector<core::ExposedAppInfo> apps;  // as the controller sent them (sorted by appId)
};

// Parses a /apis/v1/endpoints response body (Drove's envelope). Refuses, naming the part that is
// wrong: invalid JSON, status other than SUCCESS, data not a list, an item without a string
// vhost/appId, a host entry without a host name, with a port outside 1..65535 or a portName that is
// not a string. Never throws; safe on any bytes.
core::Result<std::vector<core::ExposedAppInfo>> ParseEndpointsResponse(std::string_view body);

}  // namespace drove::discovery

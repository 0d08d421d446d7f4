// The HTTP edge's limits as a daemon's YAML spells them, under its `server:` map, e.g.
//   server: {host: 0.0.0.0, port: 4000, maxBodyBytes: 16777216, maxConnectionsPerClient: 256}
// Keys left out keep the daemon's defaults: maxHeaderBytes, maxBodyBytes, maxJsonDepth,
// maxConnections, maxConnectionsPerClient, maxRequestsPerSecondPerClient, requestBurstPerClient
// (counts; 0 turns a limit off) and headerTimeout, bodyTimeout, idleTimeout (Drove durations).
// idleTimeout is held as io_timeout_seconds (whole seconds, rounded up).
#pragma once

#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/yaml_config.h"

namespace drove::core {

// Reads the limit keys of `server` over `defaults`; `tls` is not read here (it is its own
// top-level section, see tls_config.h).
HttpServerOptions ReadHttpServerOptions(const ConfigNode& server, HttpServerOptions defaults);

}  // namespace drove::core

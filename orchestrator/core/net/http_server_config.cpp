// Reading the HTTP edge's limits from a `server:` map.
#include "orchestrator/core/net/http_server_config.h"

namespace drove::core {

HttpServerOptions ReadHttpServerOptions(const ConfigNode& server, HttpServerOptions defaults) {
  HttpServerOptions options = defaults;
  options.max_body_bytes = static_cast<size_t>(
      server.Int("maxBodyBytes", static_cast<int64_t>(defaults.max_body_bytes), 1024));
  options.max_header_bytes = static_cast<size_t>(
      server.Int("maxHeaderBytes", static_cast<int64_t>(defaults.max_header_bytes), 1024));
  return options;
}

}  // namespace drove::core

// Reading the HTTP edge's limits from a `server:` map.
#include "orchestrator/core/net/http_server_config.h"

#include "orchestrator/core/model/duration.h"

namespace drove::core {
namespace {

using Millis = std::chrono::milliseconds;

// A Drove duration ("10s", "2 minutes") of at least a millisecond.
Result<Millis> ParsePositiveDuration(std::string_view text) {
  auto duration = Duration::Parse(text);
  if (!duration) {
    return Result<Millis>::Error("must be a duration such as \"10s\" or \"2 minutes\", got \"" +
                                 std::string(text) + "\"");
  }
  if (duration->ToMillis().count() <= 0) return Result<Millis>::Error("must be greater than zero");
  return duration->ToMillis();
}

Millis ReadDuration(const ConfigNode& node, std::string_view key, Millis default_value) {
  return node.Value<Millis>(key, default_value, ParsePositiveDuration);
}

int ReadCount(const ConfigNode& node, std::string_view key, int default_value) {
  return static_cast<int>(node.Int(key, default_value, 0, 1'000'000'000));
}

}  // namespace

HttpServerOptions ReadHttpServerOptions(const ConfigNode& server, HttpServerOptions defaults) {
  HttpServerOptions options = defaults;
  options.max_body_bytes = static_cast<size_t>(
      server.Int("maxBodyBytes", static_cast<int64_t>(defaults.max_body_bytes), 1024));
  options.max_header_bytes = static_cast<size_t>(server.Int(
      "maxHeaderBytes", static_cast<int64_t>(defaults.max_header_bytes), 1024, 1024 * 1024));
  options.max_json_depth = ReadCount(server, "maxJsonDepth", defaults.max_json_depth);
  options.max_connections = ReadCount(server, "maxConnections", defaults.max_connections);
  options.max_connections_per_client =
      ReadCount(server, "maxConnectionsPerClient", defaults.max_connections_per_client);
  options.max_requests_per_second_per_client = ReadCount(
      server, "maxRequestsPerSecondPerClient", defaults.max_requests_per_second_per_client);
  options.request_burst_per_client =
      ReadCount(server, "requestBurstPerClient", defaults.request_burst_per_client);
  options.header_timeout = ReadDuration(server, "headerTimeout", defaults.header_timeout);
  options.body_timeout = ReadDuration(server, "bodyTimeout", defaults.body_timeout);
  // Whole seconds, rounded up: the idle timeout is io_timeout_seconds.
  Millis idle =
      ReadDuration(server, "idleTimeout", std::chrono::seconds(defaults.io_timeout_seconds));
  options.io_timeout_seconds = static_cast<int>((idle.count() + 999) / 1000);
  return options;
}

}  // namespace drove::core

// Renders the status JSON and the Prometheus metrics text.
#include "gateway-module/lib/status_text.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace drove::gateway {
namespace {

const char* SourceName(Source s) {
  switch (s) {
    case Source::kDump: return "dump";
    case Source::kController: return "controller";
    case Source::kNone: break;
  }
  return "none";
}

// Prometheus label value: backslash, double quote and newline escaped.
std::string LabelValue(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void Line(std::string* out, const std::string& name, uint64_t value) {
  *out += name + " " + std::to_string(value) + "\n";
}

}  // namespace

std::string StatusJson(const SyncInfo& info, const View* view, int64_t worker_pid, int64_t now_s,
                       const PickPolicy& policy) {
  using nlohmann::json;
  json vhosts = json::object();
  if (view != nullptr) {
    for (const auto& route : view->routes()) {
      json members = json::array();
      for (const RoutedMember& m : route->members) {
        members.push_back({{"app_id", m.member.app_id}, {"host", m.member.host},
                           {"port", m.member.port}, {"address", m.name}, {"group", m.member.group},
                           {"state", m.state->Failed(policy, now_s) ? "failed" : "up"},
                           {"fails", m.state->fails}, {"conns", m.state->conns},
                           {"requests", m.state->requests}});
      }
      vhosts[route->vhost] = {{"members", std::move(members)}};
    }
  }
  json root = {{"worker_pid", worker_pid},       {"version", info.version},
               {"generation", info.generation},  {"source", SourceName(info.source)},
               {"leader", info.leader},          {"last_sync_ms", info.last_sync_ms},
               {"last_error", info.last_error},  {"last_error_ms", info.last_error_ms},
               {"sync_count", info.sync_count},  {"sync_errors", info.sync_errors},
               {"vhosts", std::move(vhosts)}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string MetricsText(const SyncInfo& info, const std::vector<VhostCounters>& counters,
                        const View* view) {
  std::string out;
  out += "# TYPE drove_gateway_requests_total counter\n";
  for (const auto& c : counters) {
    Line(&out, "drove_gateway_requests_total{vhost=\"" + LabelValue(c.vhost) + "\"}", c.requests);
  }
  out += "# TYPE drove_gateway_upstream_failures_total counter\n";
  for (const auto& c : counters) {
    Line(&out, "drove_gateway_upstream_failures_total{vhost=\"" + LabelValue(c.vhost) + "\"}",
         c.failures);
  }
  out += "# TYPE drove_gateway_unrouted_total counter\n";
  Line(&out, "drove_gateway_unrouted_total", info.unrouted);
  out += "# TYPE drove_gateway_syncs_total counter\n";
  Line(&out, "drove_gateway_syncs_total", info.sync_count);
  out += "# TYPE drove_gateway_sync_errors_total counter\n";
  Line(&out, "drove_gateway_sync_errors_total", info.sync_errors);
  out += "# TYPE drove_gateway_generation gauge\n";
  out += "drove_gateway_generation " + std::to_string(info.generation) + "\n";
  out += "# TYPE drove_gateway_version gauge\n";
  Line(&out, "drove_gateway_version", info.version);
  char seconds[64];
  std::snprintf(seconds, sizeof(seconds), "%.3f", static_cast<double>(info.last_sync_ms) / 1000.0);
  out += "# TYPE drove_gateway_last_sync_timestamp_seconds gauge\n";
  out += std::string("drove_gateway_last_sync_timestamp_seconds ") + seconds + "\n";
  out += "# TYPE drove_gateway_vhosts gauge\n";
  Line(&out, "drove_gateway_vhosts", view ? view->routes().size() : 0);
  out += "# TYPE drove_gateway_members gauge\n";
  Line(&out, "drove_gateway_members", view ? view->member_count() : 0);
  return out;
}

}  // namespace drove::gateway

// Renders the status JSON and the Prometheus metrics text.
#include "gateway-module/lib/status_text.h"

#include <cstdio>
#include <functional>
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

// One line per cluster of the metric drove_gateway_<name>, labelled cluster="...".
void ClusterLines(std::string* out, const std::vector<ClusterStatus>& clusters,
                  const std::string& name, const char* type,
                  const std::function<std::string(const SyncInfo&)>& value) {
  *out += "# TYPE drove_gateway_" + name + " " + type + "\n";
  for (const ClusterStatus& c : clusters) {
    *out += "drove_gateway_" + name + "{cluster=\"" + LabelValue(c.spec.name) + "\"} " +
            value(c.sync) + "\n";
  }
}

nlohmann::json SyncJson(const SyncInfo& info) {
  return {{"generation", info.generation},      {"source", SourceName(info.source)},
          {"leader", info.leader},              {"last_sync_ms", info.last_sync_ms},
          {"last_error", info.last_error},      {"last_error_ms", info.last_error_ms},
          {"sync_count", info.sync_count},      {"sync_errors", info.sync_errors}};
}

nlohmann::json MemberJson(const RoutedMember& m, const PickPolicy& policy, int64_t now_s) {
  nlohmann::json j = {{"app_id", m.member.app_id}, {"host", m.member.host},
                      {"port", m.member.port}, {"address", m.name}, {"group", m.member.group},
                      {"state", m.state->Failed(policy, now_s) ? "failed" : "up"},
                      {"fails", m.state->fails}, {"conns", m.state->conns},
                      {"requests", m.state->requests}};
  if (!m.member.cluster.empty()) j["cluster"] = m.member.cluster;
  return j;
}

}  // namespace

std::string StatusJson(const std::vector<ClusterStatus>& clusters, const RoutingInfo& routing,
                       const View* view, int64_t worker_pid, int64_t now_s,
                       const PickPolicy& policy) {
  using nlohmann::json;
  json vhosts = json::object();
  if (view != nullptr) {
    for (const auto& route : view->routes()) {
      json members = json::array();
      for (const RoutedMember& m : route->members) members.push_back(MemberJson(m, policy, now_s));
      vhosts[route->vhost] = {{"members", std::move(members)}};
    }
  }
  json by_name = json::object();
  for (const ClusterStatus& c : clusters) {
    json one = SyncJson(c.sync);
    one["priority"] = c.spec.priority == Priority::kBackup ? "backup" : "primary";
    one["leader_vhosts"] = c.spec.leader_vhosts;
    by_name[c.spec.name] = std::move(one);
  }
  json root = SyncJson(clusters.at(0).sync);
  root["worker_pid"] = worker_pid;
  root["version"] = routing.version;
  root["clusters"] = std::move(by_name);
  root["vhosts"] = std::move(vhosts);
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string MetricsText(const std::vector<ClusterStatus>& clusters, const RoutingInfo& routing,
                        const std::vector<VhostCounters>& counters, const View* view) {
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
  Line(&out, "drove_gateway_unrouted_total", routing.unrouted);
  ClusterLines(&out, clusters, "syncs_total", "counter",
               [](const SyncInfo& s) { return std::to_string(s.sync_count); });
  ClusterLines(&out, clusters, "sync_errors_total", "counter",
               [](const SyncInfo& s) { return std::to_string(s.sync_errors); });
  ClusterLines(&out, clusters, "generation", "gauge",
               [](const SyncInfo& s) { return std::to_string(s.generation); });
  ClusterLines(&out, clusters, "last_sync_timestamp_seconds", "gauge", [](const SyncInfo& s) {
    char seconds[64];
    std::snprintf(seconds, sizeof(seconds), "%.3f", static_cast<double>(s.last_sync_ms) / 1000.0);
    return std::string(seconds);
  });
  out += "# TYPE drove_gateway_version gauge\n";
  Line(&out, "drove_gateway_version", routing.version);
  out += "# TYPE drove_gateway_vhosts gauge\n";
  Line(&out, "drove_gateway_vhosts", view ? view->routes().size() : 0);
  out += "# TYPE drove_gateway_members gauge\n";
  Line(&out, "drove_gateway_members", view ? view->member_count() : 0);
  return out;
}

}  // namespace drove::gateway

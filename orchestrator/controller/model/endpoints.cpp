// Builds the endpoints view from the app records and their live instances.
#include "orchestrator/controller/model/endpoints.h"

#include <algorithm>
#include <tuple>
#include <vector>

namespace drove::controller {
namespace {

using nlohmann::json;

bool Exposed(const AppRecord& app) {
  if (!core::IsActive(app.state)) return false;
  auto exposure = app.spec.find("exposureSpec");
  if (exposure == app.spec.end() || !exposure->is_object()) return false;
  auto ports = app.spec.find("exposedPorts");
  return ports != app.spec.end() && ports->is_array() && !ports->empty();
}

// HEALTHY instances that carry the exposure port, ordered by creation (then id, for stability).
json Hosts(const std::map<std::string, json>* instances, const std::string& port_name) {
  std::vector<std::tuple<int64_t, std::string, json>> hosts;
  if (instances != nullptr) {
    for (const auto& [id, info] : *instances) {
      if (InstanceStateOf(info) != core::InstanceState::kHealthy) continue;
      auto local = info.find("localInfo");
      if (local == info.end() || !local->is_object()) continue;
      auto ports = local->find("ports");
      if (ports == local->end() || !ports->is_object() || !ports->contains(port_name)) continue;
      const json& port = (*ports)[port_name];
      hosts.emplace_back(IntField(info, "created"), id,
                         json{{"host", StrField(*local, "hostname")},
                              {"port", IntField(port, "hostPort")},
                              {"portType", StrField(port, "portType")}});
    }
  }
  std::sort(hosts.begin(), hosts.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  json out = json::array();
  for (auto& host : hosts) out.push_back(std::move(std::get<2>(host)));
  return out;
}

}  // namespace

json BuildEndpoints(const std::map<std::string, AppRecord>& apps, const InstancesByApp& instances) {
  json out = json::array();
  for (const auto& [app_id, app] : apps) {  // std::map: sorted by appId
    if (!Exposed(app)) continue;
    const json& exposure = app.spec["exposureSpec"];
    auto it = instances.find(app_id);
    json item{{"appName", StrField(app.spec, "name")},
              {"appId", app_id},
              {"vhost", StrField(exposure, "vhost")}};
    if (auto tags = app.spec.find("tags"); tags != app.spec.end() && tags->is_object()) {
      item["tags"] = *tags;
    }
    item["hosts"] = Hosts(it == instances.end() ? nullptr : &it->second,
                          StrField(exposure, "portName"));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace drove::controller

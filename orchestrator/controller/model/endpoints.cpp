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
// Each host carries Drove's fields plus `portName`, the port's name as the spec spells it
// (exposedPorts[].name, exposureSpec.portName), so DNS can serve `_<portName>._tcp.<vhost>`;
// clients that know only Drove's fields ignore it.
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
                              {"portType", StrField(port, "portType")},
                              {"portName", port_name}});
    }
  }
  std::sort(hosts.begin(), hosts.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  json out = json::array();
  for (auto& host : hosts) out.push_back(std::move(std::get<2>(host)));
  return out;
}

// The app's ExposedAppInfo, or null when it is not exposed (or gone).
json ItemOf(const std::string& app_id, const AppRecord& app, const InstancesByApp& instances) {
  if (!Exposed(app)) return nullptr;
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
  return item;
}

}  // namespace

bool EndpointsView::Refresh(const std::map<std::string, AppRecord>& apps,
                            const InstancesByApp& instances, const TouchedApps& touched) {
  if (!touched.all) {
    bool changed = false;
    for (const auto& app_id : touched.ids) changed |= RefreshApp(app_id, apps, instances);
    return changed;
  }
  std::map<std::string, json> items;
  for (const auto& [app_id, app] : apps) {
    json item = ItemOf(app_id, app, instances);
    if (!item.is_null()) items.emplace(app_id, std::move(item));
  }
  if (items == items_) return false;
  items_ = std::move(items);
  return true;
}

bool EndpointsView::RefreshApp(const std::string& app_id,
                               const std::map<std::string, AppRecord>& apps,
                               const InstancesByApp& instances) {
  auto app = apps.find(app_id);
  json item = app == apps.end() ? json(nullptr) : ItemOf(app_id, app->second, instances);
  auto current = items_.find(app_id);
  if (item.is_null()) {
    if (current == items_.end()) return false;
    items_.erase(current);
    return true;
  }
  if (current != items_.end() && current->second == item) return false;
  items_[app_id] = std::move(item);
  return true;
}

json EndpointsView::ToJson() const {
  json out = json::array();
  for (const auto& [app_id, item] : items_) out.push_back(item);  // std::map: sorted by appId
  return out;
}

}  // namespace drove::controller

// AppSummary (drove-api.md 4.1) and the per-app texts the application list is assembled from.
#include "orchestrator/controller/model/app_summaries.h"

#include "orchestrator/core/net/envelope.h"

namespace drove::controller {

nlohmann::json AppSummaryJson(const ModelState& s, const AppRecord& app) {
  SpecFacts facts = ReadResourceFacts(app.spec);
  int64_t healthy = 0;
  for (const auto& [id, info] : s.InstancesOf(app.app_id)) {
    healthy += info.state == core::InstanceState::kHealthy;
  }
  nlohmann::json out{{"id", app.app_id},
                     {"name", StrField(app.spec, "name")},
                     {"requiredInstances", app.instances},
                     {"healthyInstances", healthy},
                     {"totalCPUs", facts.cores * app.instances},
                     {"totalMemory", facts.memory_mb * app.instances},
                     {"state", core::ToString(app.state)},
                     {"created", app.created},
                     {"updated", app.updated}};
  if (auto tags = app.spec.find("tags"); tags != app.spec.end() && tags->is_object()) {
    out["tags"] = *tags;
  }
  return out;
}

void AppSummaryTexts::Refresh(const ModelState& s, const TouchedApps& touched) {
  auto render = [&](const AppRecord& app) {
    texts_[app.app_id] = core::DumpJson(app.app_id) + ":" + core::DumpJson(AppSummaryJson(s, app));
  };
  if (touched.all) {
    texts_.clear();
    for (const auto& [id, app] : s.apps()) render(app);
    return;
  }
  for (const auto& app_id : touched.ids) {
    if (const AppRecord* app = s.FindApp(app_id)) {
      render(*app);
    } else {
      texts_.erase(app_id);
    }
  }
}

std::string AppSummaryTexts::ListJson(int64_t from, int64_t size) const {
  std::string out = "{";
  int64_t index = 0, listed = 0;
  for (const auto& [id, text] : texts_) {
    if (index++ < from) continue;
    if (listed >= size) break;
    if (listed++ > 0) out += ',';
    out += text;
  }
  out += '}';
  return out;
}

}  // namespace drove::controller

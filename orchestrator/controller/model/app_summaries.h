// Drove's AppSummary for each app, kept as JSON text and re-rendered only for the apps an update
// touched: open UIs list 1,000 apps many times a second while instances change state, and building
// that list as a JSON tree under the model lock cost ~7 ms a request.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/model/endpoints.h"
#include "orchestrator/controller/model/model_state.h"

namespace drove::controller {

nlohmann::json AppSummaryJson(const ModelState& s, const AppRecord& app);

class AppSummaryTexts {
 public:
  // Re-renders the touched apps (every app when touched.all) and forgets the destroyed ones.
  void Refresh(const ModelState& s, const TouchedApps& touched);
  // {appId: AppSummary} of the apps from index `from` (appId order), at most `size` of them.
  std::string ListJson(int64_t from, int64_t size) const;

 private:
  std::map<std::string, std::string> texts_;  // appId -> "\"appId\":{...}"
};

}  // namespace drove::controller

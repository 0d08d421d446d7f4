// Maps an EpochTask to Drove's TaskSpec, key order as Epoch sends it.
#include "orchestrator/epoch/drove/task_spec_builder.h"

namespace drove::epoch {

Json BuildTaskSpec(const std::string& source_app_name, const std::string& task_id,
                   const EpochTask& task) {
  Json spec = {{"sourceAppName", source_app_name}, {"taskId", task_id}};
  const std::pair<const char*, const Json*> parts[] = {{"executable", &task.executable},
                                                       {"volumes", &task.volumes},
                                                       {"configs", &task.configs},
                                                       {"logging", &task.logging},
                                                       {"resources", &task.resources},
                                                       {"placementPolicy", &task.placement_policy},
                                                       {"tags", &task.tags},
                                                       {"env", &task.env},
                                                       {"args", &task.args}};
  for (const auto& [key, value] : parts) {
    if (!value->is_null()) spec[key] = *value;
  }
  spec["devices"] = Json::array();
  return spec;
}

}  // namespace drove::epoch

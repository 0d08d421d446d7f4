// JSON mapping of run records and the run id format.
#include "orchestrator/epoch/model/run_info.h"

#include <chrono>
#include <cstdio>

namespace drove::epoch {

Json ToJson(const TaskRunInfo& task) {
  Json out = {{"taskId", task.task_id}, {"state", Name(task.state)}};
  if (!task.upstream_id.empty()) out["upstreamId"] = task.upstream_id;
  if (task.error_message) out["errorMessage"] = *task.error_message;
  return out;
}

Json ToJson(const RunInfo& run) {
  Json tasks = Json::object();
  for (const auto& [name, task] : run.tasks) tasks[name] = ToJson(task);
  return Json{{"topologyId", run.topology_id}, {"runId", run.run_id},
              {"state", Name(run.state)},      {"message", run.message},
              {"tasks", std::move(tasks)},     {"runType", Name(run.run_type)},
              {"created", run.created},        {"updated", run.updated}};
}

core::Result<RunInfo> ParseRunInfo(const Json& json) {
  try {
    if (!json.is_object()) throw JsonError("run must be an object");
    RunInfo run;
    run.topology_id = OptString(json, "topologyId");
    run.run_id = OptString(json, "runId");
    auto state = ParseRunState(OptString(json, "state"));
    auto type = ParseRunType(OptString(json, "runType"));
    if (!state || !type) throw JsonError("bad run state or type");
    run.state = *state;
    run.run_type = *type;
    run.message = OptString(json, "message");
    run.created = OptInt(json, "created", 0);
    run.updated = OptInt(json, "updated", 0);
    if (auto it = json.find("tasks"); it != json.end() && it->is_object()) {
      for (const auto& [name, value] : it->items()) {
        TaskRunInfo task;
        task.task_id = OptString(value, "taskId");
        auto task_state = ParseTaskRunState(OptString(value, "state"));
        if (!task_state) throw JsonError("bad task state");
        task.state = *task_state;
        task.upstream_id = OptString(value, "upstreamId");
        if (value.contains("errorMessage") && value["errorMessage"].is_string()) {
          task.error_message = value["errorMessage"].get<std::string>();
        }
        run.tasks[name] = task;
      }
    }
    return run;
  } catch (const std::exception& e) {
    return core::Status::Error(e.what());
  }
}

std::string FormatRunId(RunType type, int64_t fire_millis, const cron::TimeZone& zone) {
  using namespace std::chrono;
  const int64_t seconds = fire_millis >= 0 ? fire_millis / 1000 : (fire_millis - 999) / 1000;
  const int ms = static_cast<int>(fire_millis - seconds * 1000);
  const local_seconds local = zone.ToLocal(sys_seconds(std::chrono::seconds(seconds)));
  const local_days day = floor<days>(local);
  const year_month_day ymd(day);
  const hh_mm_ss<std::chrono::seconds> tod(local - day);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s-%04d-%02u-%02u-%02ld-%02ld-%02ld-%03d",
                type == RunType::kScheduled ? "ESR" : "EIR", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                static_cast<long>(tod.seconds().count()), ms);
  return buf;
}

std::string TaskIdOf(const std::string& topology_id, const std::string& run_id,
                     const std::string& task_name) {
  return topology_id + "-" + run_id + "-" + task_name;
}

}  // namespace drove::epoch

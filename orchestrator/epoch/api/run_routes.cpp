// /apis/v1/topologies/{id}/runs: list, get, kill a task, the task's log link (epoch-api.md 1).
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/api/routes.h"
#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch::api {
namespace {

// `?state=A&state=B`: runs in any of those states. Epoch compares run states with task-run-state
// values, so any filter returns [] there [q]; we filter by run state as the parameter says.
ApiReply ListRuns(ApiContext& ctx, const core::Request& request) {
  std::vector<RunState> wanted;
  for (const std::string& value : request.QueryAll("state")) {
    auto state = ParseRunState(value);
    if (!state) {
      return Raw(400, Json{{"code", 400},
                           {"message",
                            "state must be one of [RUNNING, COMPLETED, SUCCESSFUL, "
                            "SKIPPED, FAILED]"}});
    }
    wanted.push_back(*state);
  }
  Json out = Json::array();
  for (const RunInfo& run : ctx.repository.Runs(request.Param("id"))) {
    const bool match =
        wanted.empty() || std::find(wanted.begin(), wanted.end(), run.state) != wanted.end();
    if (match) out.push_back(ToJson(run));
  }
  return Success(out);
}

ApiReply GetRun(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  const std::string& run_id = request.Param("runId");
  auto run = ctx.repository.Run(id, run_id);
  if (!run) return Failed(200, "Not run exists for " + id + "/" + run_id);
  return Success(ToJson(*run));
}

ApiReply KillTask(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  const std::string& run_id = request.Param("runId");
  const std::string& task_name = request.Param("taskName");
  const std::string path = id + "/" + run_id + "/" + task_name;
  auto run = ctx.repository.Run(id, run_id);
  const TaskRunInfo* task = nullptr;
  if (run) {
    auto it = run->tasks.find(task_name);
    if (it != run->tasks.end()) task = &it->second;
  }
  if (!task) {
    return Failed(200, "No task exists for " + path,
                  Json{{"success", false}, {"message", texts::kNoTaskFound}});
  }
  // The run's state is not touched here: polling sees the task CANCELLED, then the run FAILED.
  const KillTaskResult result = ctx.drove.KillTask(task->task_id);
  DLOG_INFO(result.ok ? "task kill accepted" : "task kill refused", {{"topologyId", id},
                                                                     {"runId", run_id},
                                                                     {"taskId", task->task_id},
                                                                     {"error", result.message}});
  if (result.ok) return Success(Json{{"success", true}, {"message", texts::kCancelAccepted}});
  return Failed(200, "Could not cancel task " + path + ". Error: " + result.message,
                Json{{"success", false}, {"message", result.message}});
}

ApiReply TaskLog(ApiContext& ctx, const core::Request& request) {
  const std::string& id = request.Param("id");
  const std::string& run_id = request.Param("runId");
  const std::string& task_name = request.Param("taskName");
  const ApiReply missing = Failed(200, "No log exists for " + id + "/" + run_id + "/" + task_name);
  auto run = ctx.repository.Run(id, run_id);
  if (!run) return missing;
  auto it = run->tasks.find(task_name);
  if (it == run->tasks.end() || it->second.upstream_id.empty() ||
      it->second.upstream_id == kUnknownUpstreamId) {
    return missing;
  }
  auto leader = ctx.drove.LeaderUrl();
  if (!leader) return missing;
  return Success(*leader + "/tasks/" + core::PercentEncode(ctx.app_name) + "/" +
                 core::PercentEncode(it->second.upstream_id));
}

}  // namespace

std::vector<RouteSpec> RunRoutes() {
  const std::string base = "/apis/v1/topologies/{id}/runs";
  return {
      {"GET", base, false, ListRuns},
      {"GET", base + "/{runId}", false, GetRun},
      {"POST", base + "/{runId}/tasks/{taskName}/kill", true, KillTask},
      {"GET", base + "/{runId}/tasks/{taskName}/log", false, TaskLog},
  };
}

}  // namespace drove::epoch::api

// Routes under /apis/v1/tasks: validate, CREATE/KILL operations, list, get, delete.
#include "orchestrator/controller/api/request_models.h"
#include "orchestrator/controller/api/routes.h"
#include "orchestrator/core/util/log.h"

namespace drove::controller::api {
namespace {

constexpr const char* kBase = "/apis/v1/tasks";

ApiResponse ValidateSpec(ControllerCore* core, const ApiRequest& request) {
  BodyCheck check = CheckTaskSpec(request.body);
  if (!check.ok()) return BodyCheckFailure(check);
  if (auto refused = RefuseInMaintenance(core, request)) return *refused;
  return Success(nullptr);
}

ApiResponse SubmitOperation(ControllerCore* core, const ApiRequest& request) {
  return SubmitCheckedOperation(
      core, request, CheckTaskOperation(request.body),
      {"task", "taskId", [core](const nlohmann::json& op) { return core->SubmitTaskOperation(op); }});
}

ApiResponse ListTasks(ControllerCore* core, const ApiRequest&) {
  nlohmann::json tasks = core->ListTasks();
  if (!tasks.is_array()) tasks = nlohmann::json::array();
  return Success(tasks);
}

ApiResponse GetTask(ControllerCore* core, const ApiRequest& request) {
  const std::string& app = request.Param("sourceAppName");
  const std::string& task_id = request.Param("taskId");
  auto task = core->Task(app, task_id);
  if (!task) return SoftFailure("No such task instance " + app + "/" + task_id);
  return Success(*task);
}

ApiResponse DeleteTask(ControllerCore* core, const ApiRequest& request) {
  const std::string& app = request.Param("sourceAppName");
  const std::string& task_id = request.Param("taskId");
  if (!core->DeleteTask(app, task_id)) {
    DLOG_INFO("task delete refused", {{"sourceAppName", app}, {"taskId", task_id}});
    return SoftFailure("Could not delete " + app + "/" + task_id, {{"deleted", false}});
  }
  DLOG_INFO("task deleted", {{"sourceAppName", app}, {"taskId", task_id},
                             {"user", request.principal.name}});
  return Success({{"deleted", true}});
}

}  // namespace

void AddTaskRoutes(ControllerCore* core, std::vector<Route>* routes) {
  const std::string base = kBase;
  auto bind = [core](ApiResponse (*fn)(ControllerCore*, const ApiRequest&)) {
    return Sync([core, fn](const ApiRequest& request) { return fn(core, request); });
  };
  routes->push_back(
      {"POST", base + "/validate/spec", bind(ValidateSpec)});
  routes->push_back({"POST", base + "/operations", bind(SubmitOperation)});
  routes->push_back({"GET", base, bind(ListTasks)});
  routes->push_back(
      {"GET", base + "/{sourceAppName}/instances/{taskId}", bind(GetTask)});
  routes->push_back({"DELETE", base + "/{sourceAppName}/instances/{taskId}", bind(DeleteTask)});
}

}  // namespace drove::controller::api

// Drove's task API as Epoch calls it: paths, payloads, and Epoch's error texts.
#include "orchestrator/epoch/drove/http_drove_client.h"

#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/basic_auth.h"
#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/log.h"

namespace drove::epoch {
namespace {

constexpr const char* kOperationsPath = "/apis/v1/tasks/operations";
constexpr const char* kAlreadyExists = "Task already exists ";
constexpr const char* kNoSuchTask = "No such task instance";

Json ParseBody(const std::string& body) {
  Json json = Json::parse(body, nullptr, false);
  return json.is_discarded() ? Json() : json;
}

bool IsSuccess(const Json& envelope) {
  return envelope.is_object() && envelope.value("status", "") == "SUCCESS";
}

// 400 whose first validation error says the task exists: a run resumed after a restart.
bool SaysAlreadyExists(const Json& envelope) {
  if (!envelope.is_object() || !envelope.contains("data")) return false;
  const Json& data = envelope["data"];
  if (!data.is_object() || !data.contains("validationErrors")) return false;
  const Json& errors = data["validationErrors"];
  return errors.is_array() && !errors.empty() && errors[0].is_string() &&
         errors[0].get<std::string>().find(kAlreadyExists) != std::string::npos;
}

DroveTaskStatus StatusOf(const Json& info) {
  DroveTaskStatus status;
  status.state = info.value("state", "UNKNOWN");
  if (auto it = info.find("taskResult"); it != info.end() && it->is_object()) {
    status.result_status = it->value("status", "");
    if (it->contains("exitCode") && (*it)["exitCode"].is_number_integer()) {
      status.exit_code = (*it)["exitCode"].get<int64_t>();
    }
  }
  if (auto it = info.find("errorMessage"); it != info.end() && it->is_string()) {
    status.error_message = it->get<std::string>();
  }
  return status;
}

}  // namespace

core::Result<std::unique_ptr<HttpDroveClient>> HttpDroveClient::Create(
    const DroveSettings& settings, const core::TlsConfig& tls) {
  std::vector<core::HttpTarget> targets;
  for (const std::string& endpoint : settings.endpoints) {
    auto target = core::HttpTarget::Parse(endpoint);
    if (!target.ok()) return core::Status::Error("drove.endpoints: " + target.error());
    core::ApplyTlsConfig(tls, &target.value());
    if (settings.insecure) target->tls_verify = false;
    targets.push_back(*target);
  }
  if (targets.empty()) return core::Status::Error("drove.endpoints: none given");
  return std::unique_ptr<HttpDroveClient>(new HttpDroveClient(settings, std::move(targets)));
}

HttpDroveClient::HttpDroveClient(DroveSettings settings, std::vector<core::HttpTarget> targets)
    : settings_(std::move(settings)), targets_(std::move(targets)) {}

std::optional<core::HttpTarget> HttpDroveClient::FindLeader() {
  if (targets_.size() == 1) return targets_[0];
  for (const core::HttpTarget& target : targets_) {
    core::HttpRequest ping;
    ping.target = "/apis/v1/ping";
    if (!settings_.username.empty() && !settings_.password.empty()) {
      ping.headers["Authorization"] = core::BasicAuthHeader(settings_.username, settings_.password);
    }
    auto reply = core::HttpClient::Send(target, ping, settings_.connection_timeout);
    if (reply.ok() && reply->status == 200) return target;
  }
  return std::nullopt;
}

std::optional<core::HttpTarget> HttpDroveClient::Leader() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  if (!leader_ || now - leader_checked_ >= settings_.check_interval) {
    auto found = FindLeader();
    if (found || !leader_) leader_ = found;  // keep the last known leader if none answers now
    leader_checked_ = now;
  }
  return leader_;
}

core::Result<core::HttpResponse> HttpDroveClient::Call(const std::string& method,
                                                       const std::string& path,
                                                       const std::string& body) {
  auto leader = Leader();
  if (!leader) return core::Status::Error(core::StatusCode::kUnavailable, "no Drove leader found");
  core::HttpRequest request;
  request.method = method;
  request.target = path;
  request.body = body;
  request.headers["Accept"] = "application/json";
  if (!body.empty()) request.headers["Content-Type"] = "application/json";
  if (!settings_.username.empty() && !settings_.password.empty()) {
    request.headers["Authorization"] =
        core::BasicAuthHeader(settings_.username, settings_.password);
  }
  auto reply = core::HttpClient::Send(*leader, request,
                                      settings_.connection_timeout + settings_.operation_timeout);
  if (!reply.ok()) {
    std::lock_guard lock(mu_);
    leader_.reset();  // look again before the next call
  }
  return reply;
}

CreateTaskResult HttpDroveClient::CreateTask(const Json& spec) {
  const Json operation = {
      {"type", "CREATE"}, {"spec", spec}, {"opSpec", settings_.cluster_op_spec}};
  auto reply = Call("POST", kOperationsPath, operation.dump());
  CreateTaskResult result;
  if (!reply.ok()) {
    result.error =
        std::string("Error making http call to ") + kOperationsPath + ": " + reply.error();
    result.unanswered = true;
    return result;
  }
  const Json envelope = ParseBody(reply->body);
  if (reply->status == 200 && IsSuccess(envelope)) {
    result.outcome = CreateTaskResult::Outcome::kAccepted;
  } else if (reply->status == 400 && SaysAlreadyExists(envelope)) {
    result.outcome = CreateTaskResult::Outcome::kAlreadyExists;
  } else if (reply->status != 200) {
    result.error =
        "Received error from api: [" + std::to_string(reply->status) + "] " + reply->body;
  } else {
    result.error = "Drove call failed with error: " + reply->body;
  }
  return result;
}

TaskStatusRead HttpDroveClient::GetTask(const std::string& task_id) {
  const std::string path = "/apis/v1/tasks/" + core::PercentEncode(settings_.app_name) +
                           "/instances/" + core::PercentEncode(task_id);
  auto reply = Call("GET", path, "");
  TaskStatusRead read;
  if (!reply.ok()) {
    read.error = "Error getting task status: " + reply.error();
    return read;
  }
  const Json envelope = ParseBody(reply->body);
  if (reply->status == 200 && IsSuccess(envelope) && envelope.contains("data") &&
      envelope["data"].is_object()) {
    read.outcome = TaskStatusRead::Outcome::kFound;
    read.status = StatusOf(envelope["data"]);
    return read;
  }
  const std::string message = envelope.is_object() ? envelope.value("message", "") : "";
  if (reply->status == 404 || message.rfind(kNoSuchTask, 0) == 0) {
    read.outcome = TaskStatusRead::Outcome::kNotFound;
    read.error = message.empty() ? "Task not found on Drove" : message;
    return read;
  }
  read.error = "Error getting task status: [" + std::to_string(reply->status) + "] " + reply->body;
  return read;
}

KillTaskResult HttpDroveClient::KillTask(const std::string& task_id) {
  const Json operation = {
      {"type", "KILL"},
      {"sourceAppName", settings_.app_name},
      {"taskId", task_id},
      {"opSpec",
       Json{{"timeout", "300 seconds"}, {"parallelism", 1}, {"failureStrategy", "STOP"}}}};
  auto reply = Call("POST", kOperationsPath, operation.dump());
  KillTaskResult result;
  if (!reply.ok()) {
    result.message = "Could not send kill command to drove";
    return result;
  }
  const Json envelope = ParseBody(reply->body);
  if (reply->status == 200 && IsSuccess(envelope)) {
    result.ok = true;
  } else if (reply->status == 200) {
    result.message = "Task cancellation failed with error: " + reply->body;
  } else {
    result.message = "Task cancellation failed with status: [" + std::to_string(reply->status) +
                     "] " + reply->body;
  }
  return result;
}

std::optional<std::string> HttpDroveClient::LeaderUrl() {
  auto leader = Leader();
  if (!leader) return std::nullopt;
  return leader->ToString();
}

core::Status HttpDroveClient::DeleteTask(const std::string& task_id) {
  const std::string path = "/apis/v1/tasks/" + core::PercentEncode(settings_.app_name) +
                           "/instances/" + core::PercentEncode(task_id);
  auto reply = Call("DELETE", path, "");
  if (!reply.ok()) return reply.status();
  const Json envelope = ParseBody(reply->body);
  if (IsSuccess(envelope)) return core::Status::Ok();
  return core::Status::Error("Drove refused to delete task " + task_id + ": [" +
                             std::to_string(reply->status) + "] " + reply->body);
}

}  // namespace drove::epoch

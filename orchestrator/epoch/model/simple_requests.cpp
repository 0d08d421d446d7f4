// Simple (UI) topology requests: parse, validate, expand.
#include "orchestrator/epoch/model/simple_requests.h"

#include "orchestrator/epoch/model/docker_reference.h"
#include "orchestrator/epoch/model/email.h"
#include "orchestrator/epoch/model/topology_validation.h"

namespace drove::epoch {
namespace {

constexpr size_t kMaxDockerLength = 2048;

void CheckRange(const char* field, int64_t value, int64_t min, int64_t max,
                std::vector<std::string>* out) {
  if (value < min) {
    out->push_back(std::string(field) + " must be greater than or equal to " + std::to_string(min));
  }
  if (value > max) {
    out->push_back(std::string(field) + " must be less than or equal to " + std::to_string(max));
  }
}

Json Volumes(const Json& volumes) {
  Json out = Json::array();
  if (!volumes.is_array()) return out;
  for (const Json& v : volumes) {
    Json volume = {{"pathInContainer", v.value("pathInContainer", "")},
                   {"pathOnHost", v.value("pathOnHost", "")},
                   {"mode", UpperAscii(v.value("mode", "READ_ONLY"))}};
    out.push_back(std::move(volume));
  }
  return out;
}

void CheckVolumes(const Json& volumes) {
  if (volumes.is_null()) return;
  if (!volumes.is_array()) throw JsonError("'volumes' must be an array");
  for (const Json& v : volumes) {
    if (!v.is_object()) throw JsonError("'volumes' must hold objects");
    OptString(v, "pathInContainer");
    OptString(v, "pathOnHost");
    const std::string mode = UpperAscii(OptString(v, "mode"));
    if (!mode.empty() && mode != "READ_WRITE" && mode != "READ_ONLY") {
      throw JsonError("mode: not one of the values accepted: [READ_WRITE, READ_ONLY]");
    }
  }
}

}  // namespace

core::Result<SimpleTopologyRequest> ParseSimpleRequest(const Json& json) {
  try {
    if (!json.is_object()) throw JsonError("request must be a JSON object");
    SimpleTopologyRequest request;
    request.name = OptString(json, "name");
    request.cron = OptString(json, "cron");
    request.docker = OptString(json, "docker");
    request.cpus = OptInt(json, "cpus", 0);
    request.memory = OptInt(json, "memory", 0);
    if (json.contains("notifyEmail") && !json["notifyEmail"].is_null()) {
      request.notify_email = OptString(json, "notifyEmail");
    }
    if (auto it = json.find("env"); it != json.end() && !it->is_null()) {
      if (!it->is_object()) throw JsonError("'env' must be an object");
      for (const auto& [k, v] : it->items()) {
        if (!v.is_string()) throw JsonError("'env." + k + "' must be a string");
      }
      request.env = *it;
    }
    if (auto it = json.find("volumes"); it != json.end()) {
      CheckVolumes(*it);
      request.volumes = *it;
    }
    return request;
  } catch (const std::exception& e) {
    return core::Status::Error(e.what());
  }
}

std::vector<std::string> ValidateSimpleRequest(const SimpleTopologyRequest& request,
                                               bool with_name) {
  std::vector<std::string> out;
  if (with_name) {
    if (request.name.empty()) out.push_back("name must not be empty");
    if (!IsValidTopologyName(request.name)) out.push_back("name must match \"[0-9a-zA-Z_-]+\"");
  }
  if (request.cron.empty()) out.push_back("cron must not be empty");
  if (request.docker.empty()) out.push_back("docker must not be empty");
  if (request.docker.size() > kMaxDockerLength) {
    out.push_back("docker length must be between 0 and 2048");
  }
  if (!request.docker.empty() && !IsDockerReference(request.docker)) {
    out.push_back("docker must be a docker image reference ([host[:port]/]path[:tag])");
  }
  CheckRange("cpus", request.cpus, 1, 40, &out);
  CheckRange("memory", request.memory, 128, 100000, &out);
  if (!request.notify_email) {
    out.push_back("notifyEmail must not be null");
  } else if (!ParseEmailList(*request.notify_email)) {
    out.push_back("notifyEmail must be a comma-separated list of e-mail addresses");
  }
  return out;
}

EpochTopology ExpandSimpleRequest(const std::string& name, const SimpleTopologyRequest& request) {
  EpochTask task;
  task.type = TaskType::kContainerExecution;
  task.task_name = "docker-task";
  task.executable =
      Json{{"type", "DOCKER"}, {"url", request.docker}, {"dockerPullTimeout", "120 seconds"}};
  task.resources = Json::array({Json{{"type", "CPU"}, {"count", request.cpus}},
                                Json{{"type", "MEMORY"}, {"sizeInMB", request.memory}}});
  task.volumes = Volumes(request.volumes);
  task.configs = Json::array();
  task.logging = Json{{"type", "LOCAL"}, {"maxSize", "10m"}, {"maxFiles", 3}, {"compress", true}};
  task.placement_policy = Json{{"type", "ANY"}};
  task.tags = Json::object();
  task.env = request.env.is_object() ? request.env : Json::object();

  EpochTopology topology;
  topology.name = name;
  topology.task = std::move(task);
  topology.trigger = EpochTrigger{TriggerType::kCron, request.cron, 0};
  EpochNotify notify{NotifyType::kMail, {}};
  if (request.notify_email) {
    notify.emails = ParseEmailList(*request.notify_email).value_or(std::vector<std::string>{});
  }
  topology.notify = std::move(notify);
  return topology;
}

}  // namespace drove::epoch

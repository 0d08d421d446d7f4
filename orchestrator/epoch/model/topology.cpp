// JSON mapping of the topology models: key order as Epoch emits them, `type` first.
#include "orchestrator/epoch/model/topology.h"

#include <cstdio>
#include <ctime>

namespace drove::epoch {
namespace {

const char* const kPassThrough[] = {"executable",      "resources", "volumes", "configs", "logging",
                                    "placementPolicy", "tags",      "env",     "args"};

Json* PassThroughField(EpochTask& task, std::string_view key) {
  Json* fields[] = {&task.executable, &task.resources, &task.volumes,
                    &task.configs,    &task.logging,   &task.placement_policy,
                    &task.tags,       &task.env,       &task.args};
  for (size_t i = 0; i < std::size(kPassThrough); ++i) {
    if (key == kPassThrough[i]) return fields[i];
  }
  return nullptr;
}

const Json& PassThroughField(const EpochTask& task, size_t i) {
  const Json* fields[] = {&task.executable, &task.resources, &task.volumes,
                          &task.configs,    &task.logging,   &task.placement_policy,
                          &task.tags,       &task.env,       &task.args};
  return *fields[i];
}

const Json& RequireObject(const Json& json, const std::string& what) {
  if (!json.is_object()) throw JsonError(what + " must be a JSON object");
  return json;
}

std::string TypeId(const Json& json, const std::string& what) {
  auto it = json.find("type");
  if (it == json.end() || !it->is_string()) {
    throw JsonError("Missing type id when trying to resolve subtype of " + what +
                    ": missing type id property 'type'");
  }
  return it->get<std::string>();
}

EpochTask ParseTask(const Json& json) {
  RequireObject(json, "task");
  const std::string type = TypeId(json, "task");
  auto parsed = ParseTaskType(type);
  if (!parsed) {
    throw JsonError("Could not resolve type id '" + type +
                    "' as a subtype of task: known type ids = [COMPOSITE, CONTAINER_EXECUTION]");
  }
  EpochTask task;
  task.type = *parsed;
  if (task.type == TaskType::kComposite) {
    auto it = json.find("tasks");
    if (it != json.end() && !it->is_null()) {
      if (!it->is_array()) throw JsonError("'tasks' must be an array");
      for (const Json& child : *it) task.tasks.push_back(ParseTask(child));
    }
    const std::string composition = OptString(json, "compositionType");
    if (!composition.empty()) {
      auto c = ParseCompositionType(composition);
      if (!c) throw JsonError("compositionType: not one of the values accepted: [ALL, ANY]");
      task.composition = *c;
    }
    return task;
  }
  if (json.contains("taskName") && !json["taskName"].is_null()) {
    task.task_name = OptString(json, "taskName");
  }
  for (const char* key : kPassThrough) {
    auto it = json.find(key);
    if (it != json.end() && !it->is_null()) *PassThroughField(task, key) = *it;
  }
  if (task.executable.is_object() && !task.executable.contains("type")) {
    Json with_type = {{"type", "DOCKER"}};
    for (auto& [k, v] : task.executable.items()) with_type[k] = v;
    task.executable = std::move(with_type);
  }
  return task;
}

// AT `time`: epoch millis, or an ISO-8601 instant ("2024-01-15T10:30:00Z", "...+05:30").
int64_t ParseInstant(const Json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (!value.is_string()) throw JsonError("'time' must be epoch milliseconds or an ISO-8601 date");
  const std::string text = value.get<std::string>();
  std::tm tm{};
  int ms = 0, consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
    throw JsonError("'time': cannot parse date \"" + text + "\"");
  }
  std::string rest = text.substr(consumed);
  if (!rest.empty() && rest[0] == '.') {
    size_t digits = 1;
    while (digits < rest.size() && isdigit(static_cast<unsigned char>(rest[digits]))) ++digits;
    std::string frac = (rest.substr(1, digits - 1) + "000").substr(0, 3);
    ms = std::stoi(frac);
    rest = rest.substr(digits);
  }
  int offset_minutes = 0;
  if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    offset_minutes = std::stoi(rest.substr(1, 2)) * 60 + std::stoi(rest.substr(4, 2));
    if (rest[0] == '-') offset_minutes = -offset_minutes;
  } else if (!rest.empty() && rest != "Z") {
    throw JsonError("'time': cannot parse date \"" + text + "\"");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const int64_t seconds = static_cast<int64_t>(timegm(&tm)) - offset_minutes * 60;
  return seconds * 1000 + ms;
}

EpochTrigger ParseTrigger(const Json& json) {
  RequireObject(json, "trigger");
  const std::string type = TypeId(json, "trigger");
  auto parsed = ParseTriggerType(type);
  if (!parsed) {
    throw JsonError("Could not resolve type id '" + type +
                    "' as a subtype of trigger: known type ids = [AT, CRON]");
  }
  EpochTrigger trigger;
  trigger.type = *parsed;
  if (trigger.type == TriggerType::kCron) {
    trigger.time_spec = OptString(json, "timeSpec");
  } else if (json.contains("time") && !json["time"].is_null()) {
    trigger.time = ParseInstant(json["time"]);
  }
  return trigger;
}

EpochNotify ParseNotify(const Json& json) {
  RequireObject(json, "notify");
  const std::string type = TypeId(json, "notify");
  auto parsed = ParseNotifyType(type);
  if (!parsed) {
    throw JsonError("Could not resolve type id '" + type +
                    "' as a subtype of notify: known type ids = [BLACKHOLE, MAIL]");
  }
  EpochNotify notify;
  notify.type = *parsed;
  auto it = json.find("emails");
  if (notify.type == NotifyType::kMail && it != json.end() && !it->is_null()) {
    if (!it->is_array()) throw JsonError("'emails' must be an array");
    for (const Json& e : *it) {
      if (!e.is_string()) throw JsonError("'emails' must hold strings");
      notify.emails.push_back(e.get<std::string>());
    }
  }
  return notify;
}

EpochTopology ParseTopologyOrThrow(const Json& json) {
  RequireObject(json, "topology");
  EpochTopology topology;
  topology.name = OptString(json, "name");
  if (auto it = json.find("task"); it != json.end() && !it->is_null()) {
    topology.task = ParseTask(*it);
  }
  if (auto it = json.find("trigger"); it != json.end() && !it->is_null()) {
    topology.trigger = ParseTrigger(*it);
  }
  if (auto it = json.find("notify"); it != json.end() && !it->is_null()) {
    topology.notify = ParseNotify(*it);
  }
  return topology;
}

void CollectContainers(const EpochTask& task, std::vector<const EpochTask*>* out) {
  if (task.type == TaskType::kContainerExecution) {
    out->push_back(&task);
    return;
  }
  for (const EpochTask& child : task.tasks) CollectContainers(child, out);
}

}  // namespace

Json ToJson(const EpochTask& task) {
  Json out = {{"type", Name(task.type)}};
  if (task.type == TaskType::kComposite) {
    Json children = Json::array();
    for (const EpochTask& child : task.tasks) children.push_back(ToJson(child));
    out["tasks"] = std::move(children);
    out["compositionType"] = Name(task.composition);
    return out;
  }
  if (task.task_name) out["taskName"] = *task.task_name;
  for (size_t i = 0; i < std::size(kPassThrough); ++i) {
    const Json& value = PassThroughField(task, i);
    if (!value.is_null()) out[kPassThrough[i]] = value;
  }
  return out;
}

Json ToJson(const EpochTrigger& trigger) {
  Json out = {{"type", Name(trigger.type)}};
  if (trigger.type == TriggerType::kCron) {
    out["timeSpec"] = trigger.time_spec;
  } else {
    out["time"] = trigger.time;
  }
  return out;
}

Json ToJson(const EpochNotify& notify) {
  Json out = {{"type", Name(notify.type)}};
  if (notify.type == NotifyType::kMail) out["emails"] = notify.emails;
  return out;
}

Json ToJson(const EpochTopology& topology) {
  Json out = {{"name", topology.name}};
  if (topology.task) out["task"] = ToJson(*topology.task);
  if (topology.trigger) out["trigger"] = ToJson(*topology.trigger);
  if (topology.notify) out["notify"] = ToJson(*topology.notify);
  return out;
}

Json ToJson(const EpochTopologyDetails& details) {
  return Json{{"id", details.id},
              {"topology", ToJson(details.topology)},
              {"state", Name(details.state)},
              {"created", details.created},
              {"updated", details.updated}};
}

core::Result<EpochTopology> ParseTopology(const Json& json) {
  try {
    return ParseTopologyOrThrow(json);
  } catch (const std::exception& e) {
    return core::Status::Error(e.what());
  }
}

core::Result<EpochTopologyDetails> ParseTopologyDetails(const Json& json) {
  try {
    RequireObject(json, "details");
    EpochTopologyDetails details;
    details.id = OptString(json, "id");
    details.topology = ParseTopologyOrThrow(json.at("topology"));
    auto state = ParseTopologyState(OptString(json, "state"));
    if (!state) throw JsonError("bad topology state");
    details.state = *state;
    details.created = OptInt(json, "created", 0);
    details.updated = OptInt(json, "updated", 0);
    return details;
  } catch (const std::exception& e) {
    return core::Status::Error(e.what());
  }
}

std::vector<const EpochTask*> ContainerTasks(const EpochTask& task) {
  std::vector<const EpochTask*> out;
  CollectContainers(task, &out);
  return out;
}

}  // namespace drove::epoch

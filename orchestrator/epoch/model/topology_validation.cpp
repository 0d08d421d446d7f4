// Epoch's bean constraints on EpochTopology (epoch-api.md "Full-API validation").
#include "orchestrator/epoch/model/topology_validation.h"

#include "orchestrator/epoch/cron/cron_parser.h"
#include "orchestrator/epoch/model/email.h"
#include "orchestrator/epoch/model/texts.h"

namespace drove::epoch {
namespace {

constexpr size_t kMaxNameLength = 255;
constexpr size_t kMaxArgs = 2048;

void ValidateTask(const EpochTask& task, const std::string& path, std::vector<std::string>* out) {
  if (task.type == TaskType::kComposite) {
    if (task.tasks.empty()) out->push_back(path + ".tasks must not be empty");
    return;  // Epoch does not cascade validation into children
  }
  if (task.executable.is_null()) out->push_back(path + ".executable " + texts::kExecutableRequired);
  if (!task.resources.is_array() || task.resources.empty()) {
    out->push_back(path + ".resources " + texts::kResourcesRequired);
  }
  if (task.args.is_array() && task.args.size() > kMaxArgs) {
    out->push_back(path + ".args size must be between 0 and 2048");
  }
}

void ValidateTrigger(const EpochTrigger& trigger, std::vector<std::string>* out) {
  if (trigger.type == TriggerType::kCron && trigger.time_spec.empty()) {
    out->push_back("trigger.timeSpec must not be empty");
  }
}

void ValidateNotify(const EpochNotify& notify, std::vector<std::string>* out) {
  if (notify.type != NotifyType::kMail) return;
  if (notify.emails.empty()) out->push_back("notify.emails must not be empty");
  for (size_t i = 0; i < notify.emails.size(); ++i) {
    if (!IsEmailAddress(notify.emails[i])) {
      out->push_back("notify.emails[" + std::to_string(i) +
                     "] must be a well-formed email address");
    }
  }
}

}  // namespace

bool IsValidTopologyName(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::vector<std::string> ValidateTopology(const EpochTopology& topology) {
  std::vector<std::string> out;
  if (topology.name.empty()) out.push_back(texts::kNameEmpty);
  if (!IsValidTopologyName(topology.name)) out.push_back(texts::kNamePattern);
  if (topology.name.empty() || topology.name.size() > kMaxNameLength) {
    out.push_back(texts::kNameSize);
  }
  if (!topology.task) {
    out.push_back("task must not be null");
  } else {
    ValidateTask(*topology.task, "task", &out);
  }
  if (!topology.trigger) {
    out.push_back("trigger must not be null");
  } else {
    ValidateTrigger(*topology.trigger, &out);
  }
  if (topology.notify) ValidateNotify(*topology.notify, &out);
  return out;
}

bool CronIsValid(const EpochTrigger& trigger) {
  if (trigger.type != TriggerType::kCron) return true;
  return CronIsValidText(trigger.time_spec);
}

bool CronIsValidText(const std::string& time_spec) { return cron::ParseCron(time_spec).ok(); }

}  // namespace drove::epoch

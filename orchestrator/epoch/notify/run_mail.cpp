// Epoch's run mails (see run_mail.h).
#include "orchestrator/epoch/notify/run_mail.h"

namespace drove::epoch {
namespace {

std::vector<std::string> Recipients(const std::optional<EpochNotify>& notify,
                                    const MailSettings& settings) {
  if (notify && notify->type == NotifyType::kMail && !notify->emails.empty()) {
    return notify->emails;
  }
  return settings.default_emails;
}

// Java's List.toString, as Epoch formats the task ids: "[a, b]".
std::string JavaList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

std::string SuccessBody(const RunInfo& run) {
  std::vector<std::string> task_ids;
  for (const auto& [name, task] : run.tasks) task_ids.push_back(task.task_id);
  return "Tasks completed: " + JavaList(task_ids) + " in " +
         std::to_string(run.updated - run.created) + " ms";
}

// The first FAILED task (a CANCELLED one does not count, as in Epoch).
std::string FailureBody(const RunInfo& run) {
  for (const auto& [name, task] : run.tasks) {
    if (task.state != TaskRunState::kFailed) continue;
    return "Task " + task.task_id + " with upstream ID " + task.upstream_id +
           " failed with error: " + task.error_message.value_or("");
  }
  return "All tasks seem to have succeeded.";
}

}  // namespace

std::optional<MailMessage> RunMail(const RunInfo& run, const std::optional<EpochNotify>& notify,
                                   const MailSettings& settings) {
  const std::string which = run.topology_id + "/" + run.run_id;
  MailMessage mail;
  switch (run.state) {
    case RunState::kRunning:
    case RunState::kSkipped:
      return std::nullopt;
    case RunState::kSuccessful:
      if (settings.disable_for_successful_runs) return std::nullopt;
      [[fallthrough]];
    case RunState::kCompleted:
      mail.subject = "Topology run " + which + " completed successfully";
      mail.body = SuccessBody(run);
      break;
    case RunState::kFailed:
      mail.subject = "Topology run " + which + " failed";
      mail.body = FailureBody(run);
      break;
  }
  mail.to = Recipients(notify, settings);
  if (mail.to.empty()) return std::nullopt;
  return mail;
}

}  // namespace drove::epoch

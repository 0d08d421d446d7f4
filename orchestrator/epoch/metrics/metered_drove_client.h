// A DroveTaskClient that counts the failed calls of the one it wraps in EpochMetrics
// (drove_epoch_drove_call_errors_total): a CREATE refused or unanswered ("already exists" is not
// an error), a status read without an answer (Drove saying "no such task" is an answer), a KILL
// or DELETE that failed, no Drove leader for a log link.
#pragma once

#include "orchestrator/epoch/drove/drove_task_client.h"
#include "orchestrator/epoch/metrics/epoch_metrics.h"

namespace drove::epoch {

class MeteredDroveClient : public DroveTaskClient {
 public:
  MeteredDroveClient(DroveTaskClient& inner, EpochMetrics& metrics)
      : inner_(inner), metrics_(metrics) {}

  CreateTaskResult CreateTask(const Json& spec) override;
  TaskStatusRead GetTask(const std::string& task_id) override;
  KillTaskResult KillTask(const std::string& task_id) override;
  core::Status DeleteTask(const std::string& task_id) override;
  std::optional<std::string> LeaderUrl() override;

 private:
  DroveTaskClient& inner_;
  EpochMetrics& metrics_;
};

}  // namespace drove::epoch

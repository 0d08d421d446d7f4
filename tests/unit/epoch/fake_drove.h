// A scripted DroveTaskClient for the epoch unit tests: records every call, answers task reads from
// a table the test sets (a missing entry reads as Drove's "No such task instance").
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "orchestrator/epoch/drove/drove_task_client.h"

namespace drove::epoch::testing {

class FakeDrove : public DroveTaskClient {
 public:
  CreateTaskResult CreateTask(const Json& spec) override {
    std::lock_guard lock(mu_);
    const std::string id = spec.value("taskId", "");
    created.push_back(id);
    specs.push_back(spec);
    if (refuse_creates) {
      return {CreateTaskResult::Outcome::kFailed, "Received error from api: [400] no", false};
    }
    if (unreachable) {
      return {CreateTaskResult::Outcome::kFailed, "Error making http call: refused", true};
    }
    if (tasks.count(id)) return {CreateTaskResult::Outcome::kAlreadyExists, "", false};
    tasks[id] = complete_on_create ? DroveTaskStatus{"STOPPED", "SUCCESSFUL", 0, ""}
                                   : DroveTaskStatus{"PENDING", std::nullopt, std::nullopt, ""};
    if (lose_create_answers > 0) {  // Drove took it, but the answer never came back
      --lose_create_answers;
      return {CreateTaskResult::Outcome::kFailed, "Error making http call: timeout", true};
    }
    return {CreateTaskResult::Outcome::kAccepted, "", false};
  }
  TaskStatusRead GetTask(const std::string& task_id) override {
    std::lock_guard lock(mu_);
    ++reads;
    auto it = tasks.find(task_id);
    if (it == tasks.end()) {
      return {TaskStatusRead::Outcome::kNotFound, {}, "No such task instance APP/" + task_id};
    }
    return {TaskStatusRead::Outcome::kFound, it->second, ""};
  }
  KillTaskResult KillTask(const std::string& task_id) override {
    std::lock_guard lock(mu_);
    killed.push_back(task_id);
    auto it = tasks.find(task_id);
    if (it == tasks.end() || it->second.state == "STOPPED") {
      return {false, "Task cancellation failed with status: [400] finished"};
    }
    it->second = DroveTaskStatus{"STOPPED", "CANCELLED", -1, ""};
    return {true, ""};
  }
  core::Status DeleteTask(const std::string& task_id) override {
    std::lock_guard lock(mu_);
    tasks.erase(task_id);
    return core::Status::Ok();
  }
  std::optional<std::string> LeaderUrl() override { return "http://drove:4000"; }

  // Test controls.
  void Set(const std::string& task_id, std::string state, std::optional<std::string> result = {}) {
    std::lock_guard lock(mu_);
    tasks[task_id] = DroveTaskStatus{std::move(state), std::move(result), std::nullopt, ""};
  }
  void Finish(const std::string& task_id, bool success) {
    Set(task_id, "STOPPED", success ? "SUCCESSFUL" : "FAILED");
  }

  std::mutex mu_;
  std::map<std::string, DroveTaskStatus> tasks;
  std::vector<std::string> created;
  std::vector<Json> specs;
  std::vector<std::string> killed;
  bool refuse_creates = false;
  bool complete_on_create = false;  // tasks finish SUCCESSFUL at once
  bool unreachable = false;         // creates get no answer and change nothing
  int lose_create_answers = 0;      // the next N creates reach Drove, their answers are lost
  int reads = 0;
};

}  // namespace drove::epoch::testing

// Runner bookkeeping and container adoption from labels.
#include "orchestrator/executor/runner/runner_registry.h"

#include "orchestrator/core/util/log.h"

namespace drove::executor {

void RunnerRegistry::StartInstance(core::ApplicationSpec spec, core::InstanceInfo info,
                                   std::string auth_token) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto existing = instances_.find(info.instance_id);
  if (existing != instances_.end() && !existing->second->finished()) {
    DLOG_INFO("instance already running; start ignored",
              {{"appId", info.app_id}, {"instanceId", info.instance_id}});
    return;
  }
  info.executor_id = context_.executor_id;
  std::string id = info.instance_id;
  auto runner = std::make_unique<InstanceRunner>(context_, std::move(spec), std::move(info),
                                                 std::move(auth_token));
  runner->Start();
  instances_[id] = std::move(runner);
}

bool RunnerRegistry::StopInstance(const std::string& app_id, const std::string& instance_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = instances_.find(instance_id);
  if (it == instances_.end()) return false;
  if (!app_id.empty() && it->second->Info().app_id != app_id) return false;
  it->second->RequestStop();
  return true;
}

void RunnerRegistry::StartTask(core::TaskSpec spec, core::TaskInfo info) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto existing = tasks_.find(info.instance_id);
  if (existing != tasks_.end() && !existing->second->finished()) {
    DLOG_INFO("task already running; start ignored",
              {{"taskId", info.task_id}, {"instanceId", info.instance_id}});
    return;
  }
  info.executor_id = context_.executor_id;
  info.hostname = context_.InstanceHostname();  // where its ports answer (instanceHostname)
  std::string id = info.instance_id;
  auto runner = std::make_unique<TaskRunner>(context_, std::move(spec), std::move(info));
  runner->Start();
  tasks_[id] = std::move(runner);
}

bool RunnerRegistry::StopTask(const std::string& source_app_name, const std::string& task_id,
                              const std::string& instance_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  bool found = false;
  for (auto& [id, runner] : tasks_) {
    core::TaskInfo info = runner->Info();
    bool match = !instance_id.empty()
                     ? id == instance_id
                     : info.source_app_name == source_app_name && info.task_id == task_id;
    if (match && !runner->finished()) {
      runner->RequestStop();
      found = true;
    }
  }
  return found;
}

core::Result<int> RunnerRegistry::AdoptExisting() {
  auto containers = context_.engine->ListByLabel(kLabelInstanceId);
  if (!containers.ok()) return containers.status();
  int adopted = 0;
  for (const auto& container : *containers) {
    auto owner = container.labels.find(kLabelExecutorId);
    if (owner == container.labels.end() || owner->second != context_.executor_id) continue;
    AdoptOne(container);
    ++adopted;
  }
  return adopted;
}

void RunnerRegistry::AdoptOne(const ContainerSummary& container) {
  const auto& labels = container.labels;
  auto label = [&labels](const char* key) {
    auto it = labels.find(key);
    return it == labels.end() ? std::string() : it->second;
  };
  bool running = container.state == "running";
  try {
    auto spec_json = nlohmann::json::parse(label(kLabelSpec));
    auto info_json = nlohmann::json::parse(label(kLabelInfo));
    std::lock_guard<std::mutex> lock(mutex_);
    if (label(kLabelJobType) == "COMPUTATION") {
      auto spec = core::ParseTaskSpec(spec_json);
      if (!spec.ok()) throw std::runtime_error(spec.error());
      auto info = info_json.get<core::TaskInfo>();
      std::string id = info.instance_id;
      auto runner = TaskRunner::Adopt(context_, std::move(spec).value(), std::move(info),
                                      container.id, running);
      runner->Start();
      tasks_[id] = std::move(runner);
    } else {
      auto spec = core::ParseApplicationSpec(spec_json);
      if (!spec.ok()) throw std::runtime_error(spec.error());
      auto info = info_json.get<core::InstanceInfo>();
      std::string id = info.instance_id;
      auto runner = InstanceRunner::Adopt(context_, std::move(spec).value(), std::move(info),
                                          container.id, running);
      runner->Start();
      instances_[id] = std::move(runner);
    }
    DLOG_INFO("adopted container", {{"containerId", container.id},
                                    {"instanceId", label(kLabelInstanceId)},
                                    {"running", running ? "true" : "false"}});
  } catch (const std::exception& e) {
    DLOG_ERROR("cannot adopt container: bad labels",
               {{"containerId", container.id}, {"error", e.what()}});
  }
}

std::vector<core::InstanceInfo> RunnerRegistry::Instances() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<core::InstanceInfo> out;
  for (const auto& [id, runner] : instances_) out.push_back(runner->Info());
  return out;
}

std::vector<core::TaskInfo> RunnerRegistry::Tasks() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<core::TaskInfo> out;
  for (const auto& [id, runner] : tasks_) out.push_back(runner->Info());
  return out;
}

void RunnerRegistry::Prune(int64_t keep_ms) {
  int64_t now = context_.clock->NowMillis();
  std::vector<std::unique_ptr<InstanceRunner>> old_instances;
  std::vector<std::unique_ptr<TaskRunner>> old_tasks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = instances_.begin(); it != instances_.end();) {
      if (it->second->finished() && now - it->second->finished_at_ms() > keep_ms) {
        old_instances.push_back(std::move(it->second));
        it = instances_.erase(it);
      } else {
        ++it;
      }
    }
    for (auto it = tasks_.begin(); it != tasks_.end();) {
      if (it->second->finished() && now - it->second->finished_at_ms() > keep_ms) {
        old_tasks.push_back(std::move(it->second));
        it = tasks_.erase(it);
      } else {
        ++it;
      }
    }
  }
  // Runner destructors join their (finished) threads outside the lock.
}

void RunnerRegistry::AbandonAll() {
  std::map<std::string, std::unique_ptr<InstanceRunner>> instances;
  std::map<std::string, std::unique_ptr<TaskRunner>> tasks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    instances.swap(instances_);
    tasks.swap(tasks_);
  }
  for (auto& [id, runner] : instances) runner->Abandon();
  for (auto& [id, runner] : tasks) runner->Abandon();
}

}  // namespace drove::executor

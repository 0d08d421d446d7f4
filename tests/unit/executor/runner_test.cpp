// Instance and task runners against a scripted fake engine: the reported state sequences.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "orchestrator/executor/runner/instance_runner.h"
#include "orchestrator/executor/runner/runner_registry.h"
#include "orchestrator/executor/runner/task_runner.h"

namespace drove::executor {
namespace {

using nlohmann::json;

class FakeEngine : public Engine {
 public:
  bool image_present = true;
  bool pull_fails = false;
  std::atomic<bool> running{true};
  std::atomic<int64_t> exit_code{0};
  std::vector<std::string> calls;
  std::vector<std::string> start_errors;  // returned by the next Start() calls, in order
  std::vector<ContainerConfig> created;
  std::mutex mutex;

  void Record(const std::string& call) {
    std::lock_guard<std::mutex> lock(mutex);
    calls.push_back(call);
  }
  core::Result<bool> ImageExists(const std::string&) override { return image_present; }
  core::Status PullImage(const std::string&, std::chrono::milliseconds) override {
    Record("pull");
    return pull_fails ? core::Status::Error("no such host") : core::Status::Ok();
  }
  core::Result<std::string> Create(const ContainerConfig& config) override {
    Record("create");
    {
      std::lock_guard<std::mutex> lock(mutex);
      created.push_back(config);
    }
    return std::string("c1");
  }
  core::Status PutArchive(const std::string&, const std::string&, const std::string&) override {
    return core::Status::Ok();
  }
  core::Status Start(const std::string&) override {
    Record("start");
    std::lock_guard<std::mutex> lock(mutex);
    if (!start_errors.empty()) {
      std::string error = start_errors.front();
      start_errors.erase(start_errors.begin());
      return core::Status::Error(error);
    }
    return core::Status::Ok();
  }
  core::Result<ContainerState> Inspect(const std::string&) override {
    ContainerState state;
    state.running = running;
    state.status = running ? "running" : "exited";
    state.exit_code = exit_code;
    return state;
  }
  core::Status Stop(const std::string&, std::chrono::seconds) override {
    Record("stop");
    running = false;
    return core::Status::Ok();
  }
  core::Status Remove(const std::string&) override {
    Record("remove");
    return core::Status::Ok();
  }
  core::Status RemoveImage(const std::string& image) override {
    Record("rmi " + image);
    return core::Status::Ok();
  }
  core::Result<std::vector<ContainerSummary>> ListByLabel(const std::string&) override {
    return std::vector<ContainerSummary>{};
  }
  core::Result<ExecResult> Exec(const std::string&, const std::vector<std::string>&,
                                std::chrono::milliseconds) override {
    return ExecResult{0, ""};
  }
  core::Status FollowLogs(const std::string&, int64_t, const LogSink&,
                          const std::atomic<bool>*) override {
    return core::Status::Ok();
  }
  core::Result<int64_t> Wait(const std::string&, const std::atomic<bool>*) override {
    return exit_code.load();
  }
  core::Result<ContainerStats> Stats(const std::string&) override { return ContainerStats{}; }
};

class RecordingSink : public StateSink {
 public:
  void InstanceChanged(const core::InstanceInfo& info) override {
    std::lock_guard<std::mutex> lock(mutex_);
    instance_states.push_back(std::string(core::ToString(info.state)));
    last_instance = info;
    cv_.notify_all();
  }
  void TaskChanged(const core::TaskInfo& info) override {
    std::lock_guard<std::mutex> lock(mutex_);
    task_states.push_back(std::string(core::ToString(info.state)));
    last_task = info;
    cv_.notify_all();
  }
  bool WaitFor(const std::vector<std::string>& states, const std::string& last) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, std::chrono::seconds(10),
                        [&] { return !states.empty() && states.back() == last; });
  }
  std::vector<std::string> instance_states;
  std::vector<std::string> task_states;
  core::InstanceInfo last_instance;
  core::TaskInfo last_task;

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
};

struct Fixture {
  FakeEngine engine;
  RecordingSink sink;
  RunnerContext context;
  std::string log_dir =
      (std::filesystem::temp_directory_path() / ("drove-runner-" + std::to_string(::getpid())))
          .string();
  Fixture() {
    context.engine = &engine;
    context.sink = &sink;
    context.executor_id = "E1";
    context.hostname = "host1";
    context.log_dir = log_dir;
  }
  ~Fixture() { std::filesystem::remove_all(log_dir); }
};

core::TaskSpec TaskSpec() {
  return core::ParseTaskSpec(json::parse(R"({
    "sourceAppName": "APP", "taskId": "T1",
    "executable": {"type": "DOCKER", "url": "task:1", "dockerPullTimeout": "10s"},
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 32}]})"))
      .value();
}

core::TaskInfo TaskInfo() {
  core::TaskInfo info;
  info.source_app_name = "APP";
  info.task_id = "T1";
  info.instance_id = "TI-1";
  info.hostname = "host1";
  return info;
}

core::ApplicationSpec AppSpec() {
  return core::ParseApplicationSpec(json::parse(R"({
    "name": "APP", "version": "1", "type": "SERVICE",
    "executable": {"type": "DOCKER", "url": "img:1", "dockerPullTimeout": "10s"},
    "exposedPorts": [{"name": "main", "port": 8000, "type": "HTTP"}],
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 32}],
    "healthcheck": {"mode": {"type": "CMD", "command": "true"}, "timeout": "1s", "interval": "50ms", "attempts": 2},
    "readiness": {"mode": {"type": "CMD", "command": "true"}, "timeout": "1s", "interval": "50ms", "attempts": 2}})"))
      .value();
}

core::InstanceInfo AppInfo() {
  core::InstanceInfo info;
  info.app_id = "APP-1";
  info.app_name = "APP";
  info.instance_id = "AI-1";
  return info;
}

using States = std::vector<std::string>;

}  // namespace

BOOST_AUTO_TEST_SUITE(runners)

BOOST_FIXTURE_TEST_CASE(task_exit_code_becomes_failed_result, Fixture) {
  engine.running = false;
  engine.exit_code = 3;
  TaskRunner runner(context, TaskSpec(), TaskInfo());
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.task_states, "STOPPED"));
  BOOST_CHECK(sink.task_states == (States{"PROVISIONING", "STARTING", "RUNNING", "RUN_COMPLETED",
                                          "DEPROVISIONING", "STOPPED"}));
  BOOST_REQUIRE(sink.last_task.task_result.has_value());
  BOOST_CHECK(sink.last_task.task_result->status == core::TaskResultStatus::kFailed);
  BOOST_CHECK_EQUAL(sink.last_task.task_result->exit_code, 3);
  BOOST_CHECK(engine.calls.back() == "remove");
}

BOOST_FIXTURE_TEST_CASE(images_are_removed_after_the_container_only_when_not_cached, Fixture) {
  for (bool cache : {true, false}) {
    BOOST_TEST_CONTEXT("cacheImages " << cache) {
      engine.calls.clear();
      sink.task_states.clear();
      engine.running = false;
      context.cache_images = cache;
      TaskRunner runner(context, TaskSpec(), TaskInfo());
      runner.Start();
      BOOST_REQUIRE(sink.WaitFor(sink.task_states, "STOPPED"));
      const std::string last = engine.calls.back();
      BOOST_CHECK_EQUAL(last, cache ? "remove" : "rmi task:1");
    }
  }
}

BOOST_FIXTURE_TEST_CASE(stopped_task_is_cancelled, Fixture) {
  TaskRunner runner(context, TaskSpec(), TaskInfo());
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.task_states, "RUNNING"));
  runner.RequestStop();
  BOOST_REQUIRE(sink.WaitFor(sink.task_states, "STOPPED"));
  BOOST_CHECK(sink.last_task.task_result->status == core::TaskResultStatus::kCancelled);
  BOOST_CHECK_EQUAL(sink.last_task.task_result->exit_code, -1);
}

BOOST_FIXTURE_TEST_CASE(failed_pull_reports_provisioning_failed, Fixture) {
  engine.image_present = false;
  engine.pull_fails = true;
  TaskRunner runner(context, TaskSpec(), TaskInfo());
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.task_states, "STOPPED"));
  BOOST_CHECK(sink.task_states ==
              (States{"PROVISIONING", "PROVISIONING_FAILED", "DEPROVISIONING", "STOPPED"}));
  BOOST_CHECK(sink.last_task.task_result->status == core::TaskResultStatus::kFailed);
  BOOST_CHECK_NE(sink.last_task.error_message.find("no such host"), std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(instance_goes_healthy_then_stops_on_request, Fixture) {
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "HEALTHY"));
  BOOST_REQUIRE(sink.last_instance.local_info.has_value());
  BOOST_CHECK_GT(sink.last_instance.local_info->ports.at("main").host_port, 0);
  BOOST_CHECK_EQUAL(sink.last_instance.local_info->hostname, "host1");
  runner.RequestStop();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));
  BOOST_CHECK(sink.instance_states == (States{"PROVISIONING", "STARTING", "UNREADY", "READY",
                                              "HEALTHY", "STOPPING", "DEPROVISIONING", "STOPPED"}));
  BOOST_CHECK_EQUAL(sink.last_instance.error_message, "");
}

BOOST_FIXTURE_TEST_CASE(instance_and_task_report_the_instance_hostname, Fixture) {
  context.instance_hostname = "10.0.0.5";
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "HEALTHY"));
  BOOST_CHECK_EQUAL(sink.last_instance.local_info->hostname, "10.0.0.5");
  BOOST_REQUIRE_EQUAL(engine.created.size(), 1u);
  const auto& env = engine.created[0].env;
  BOOST_CHECK(std::find(env.begin(), env.end(), "HOST=10.0.0.5") != env.end());
  BOOST_CHECK(std::find(env.begin(), env.end(), "DROVE_EXECUTOR_HOST=host1") != env.end());
  runner.RequestStop();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));

  RunnerRegistry registry(context);
  core::TaskInfo task = TaskInfo();
  task.hostname = "host1";  // what the controller sends: the executor's hostname
  registry.StartTask(TaskSpec(), task);
  BOOST_REQUIRE(sink.WaitFor(sink.task_states, "STOPPED"));
  BOOST_CHECK_EQUAL(sink.last_task.hostname, "10.0.0.5");
}

BOOST_FIXTURE_TEST_CASE(port_clash_at_the_engine_retries_with_fresh_ports, Fixture) {
  engine.start_errors = {
      "start container: driver failed programming external connectivity on endpoint x: Bind for "
      "0.0.0.0:31000 failed: port is already allocated",
      "start container: listen tcp4 0.0.0.0:31001: bind: address already in use"};
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "HEALTHY"));
  BOOST_CHECK(sink.instance_states ==
              (States{"PROVISIONING", "STARTING", "UNREADY", "READY", "HEALTHY"}));
  BOOST_REQUIRE_EQUAL(engine.created.size(), 3u);
  int reported = sink.last_instance.local_info->ports.at("main").host_port;
  BOOST_CHECK_EQUAL(engine.created.back().ports.at(0).host_port, reported);
  runner.RequestStop();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));
}

BOOST_FIXTURE_TEST_CASE(port_clash_gives_up_after_three_retries, Fixture) {
  engine.start_errors.assign(4, "start container: Bind for 0.0.0.0:1 failed: port is already allocated");
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));
  BOOST_CHECK(sink.instance_states ==
              (States{"PROVISIONING", "STARTING", "START_FAILED", "DEPROVISIONING", "STOPPED"}));
  BOOST_CHECK_EQUAL(engine.created.size(), 4u);
  BOOST_CHECK_NE(sink.last_instance.error_message.find("port is already allocated"),
                 std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(other_start_errors_are_not_retried, Fixture) {
  engine.start_errors = {"start container: no such image"};
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));
  BOOST_CHECK_EQUAL(engine.created.size(), 1u);
  BOOST_CHECK_EQUAL(sink.last_instance.error_message, "Error starting container: start container: no such image");
}

BOOST_FIXTURE_TEST_CASE(instance_exit_is_reported_with_message, Fixture) {
  InstanceRunner runner(context, AppSpec(), AppInfo(), "");
  runner.Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "HEALTHY"));
  engine.exit_code = 2;
  engine.running = false;
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "STOPPED"));
  BOOST_CHECK_EQUAL(sink.last_instance.error_message, "Container exited with status 2");
}

BOOST_FIXTURE_TEST_CASE(adopted_running_instance_stays_healthy, Fixture) {
  auto runner = InstanceRunner::Adopt(context, AppSpec(), AppInfo(), "c1", true);
  runner->Start();
  BOOST_REQUIRE(sink.WaitFor(sink.instance_states, "HEALTHY"));
  BOOST_CHECK(sink.instance_states == (States{"HEALTHY"}));
  BOOST_CHECK(engine.calls.empty());  // nothing created or restarted
  runner->Abandon();
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

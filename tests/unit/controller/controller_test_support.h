// Test doubles for the controller core: shared in-memory store, fake executor client, fake clock,
// and a harness that plays the executor's part (snapshots and state reports).
#pragma once

#include <boost/test/unit_test.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/engine/controller_core_impl.h"
#include "orchestrator/store/memory_store.h"

namespace drove::controller::testing {

using nlohmann::json;

using store::MemoryStore;

struct SentStart {
  json instance;  // the InstanceInfo / TaskInfo sent, in its wire form
  json spec;
  ExecutorAddress executor;  // where it went, with the state the start carried
};

// Records what the engine sends; shared so the test keeps a handle after the core owns it.
struct ExecutorCalls {
  std::vector<SentStart> starts;
  std::vector<std::string> stops;  // instance ids
  std::vector<SentStart> task_starts;
  std::vector<std::string> task_stops;  // instance ids
  bool fail = false;
};

class FakeExecutorClient : public ExecutorClient {
 public:
  explicit FakeExecutorClient(std::shared_ptr<ExecutorCalls> calls) : calls_(std::move(calls)) {}
  core::Status StartInstance(const ExecutorAddress& executor, const core::InstanceInfo& instance,
                             const json& spec) override {
    if (calls_->fail) return core::Status::Error("down");
    calls_->starts.push_back({instance, spec, executor});
    return core::Status::Ok();
  }
  core::Status StopInstance(const ExecutorAddress&, const std::string&,
                            const std::string& instance_id) override {
    if (calls_->fail) return core::Status::Error("down");
    calls_->stops.push_back(instance_id);
    return core::Status::Ok();
  }
  core::Status StartTask(const ExecutorAddress& executor, const core::TaskInfo& task,
                         const json& spec) override {
    if (calls_->fail) return core::Status::Error("down");
    calls_->task_starts.push_back({task, spec, executor});
    return core::Status::Ok();
  }
  core::Status StopTask(const ExecutorAddress&, const std::string&, const std::string&,
                        const std::string& instance_id) override {
    if (calls_->fail) return core::Status::Error("down");
    calls_->task_stops.push_back(instance_id);
    return core::Status::Ok();
  }

 private:
  std::shared_ptr<ExecutorCalls> calls_;
};

json AppSpec(const std::string& name = "web", const std::string& version = "1");
json CreateOp(const json& spec, int64_t instances = 0);
// A LocalServiceInstanceInfo as the executor reports it: an InstanceInfo (appId, appName).
json AsAppInstance(json info);
json Op(const std::string& type, const std::string& app_id, json extra = json::object());

// One controller core with a fake world: clock, executor "ex1" (8 cores, 8 GB), store.
class Harness {
 public:
  // `election` null: a single controller that always leads.
  // `stale`: the stale data ages, cleaned every minute (default: Drove's ages, hourly).
  // `tune`: changes the core's options before it is made (cluster rules, timeouts).
  explicit Harness(std::shared_ptr<MemoryStore::Data> data = nullptr,
                   std::unique_ptr<coordination::LeaderElection> election = nullptr,
                   std::optional<StaleAges> stale = std::nullopt,
                   const std::function<void(CoreOptions&)>& tune = nullptr);
  ControllerCoreImpl& core() { return *core_; }
  ExecutorCalls& calls() { return *calls_; }
  int64_t& now() { return *now_; }

  // The executor announces itself (and what it runs: `instances`).
  void Snapshot(json instances = json::array(), const std::string& executor_id = "ex1",
                json tags = json::array(), json metadata = json::object());
  static json SnapshotMessage(json instances = json::array(),
                              const std::string& executor_id = "ex1", json tags = json::array(),
                              json metadata = json::object());
  // The executor re-announces itself with what it runs: the instances placed on it that it was
  // told to start (every ACTIVE one but PENDING).
  void Heartbeat(const std::string& executor_id = "ex1");
  // The executor reports an instance state (from what the engine sent it).
  void Report(const json& instance, const std::string& state, int port = 31000);
  // Reports every started instance HEALTHY and every stopped one STOPPED, once each.
  void ActAsExecutor();
  // Advances time by `ms` and runs one engine tick, `n` times (acting as executor in between).
  void Run(int n = 1, int64_t ms = 250, bool act = true);

  json Instances(const std::string& app_id) { return core_->AppInstances(app_id, false); }
  int CountState(const std::string& app_id, const std::string& state);
  std::string AppState(const std::string& app_id);

  std::shared_ptr<MemoryStore::Data> data;
  MemoryStore* store = nullptr;  // owned by the core; for injected failures

 private:
  std::shared_ptr<int64_t> now_;
  std::shared_ptr<ExecutorCalls> calls_;
  std::unique_ptr<ControllerCoreImpl> core_;
  size_t starts_seen_ = 0;
  size_t stops_seen_ = 0;
};

}  // namespace drove::controller::testing

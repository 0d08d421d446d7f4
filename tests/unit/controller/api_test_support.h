// Test support for the controller API tests: a fake ControllerCore and a live server on 127.0.0.1.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/controller/api/controller_api.h"
#include "orchestrator/controller/config/controller_config.h"
#include "orchestrator/controller/controller_core.h"
#include "orchestrator/core/net/event_loop.h"
#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/http_server.h"
#include "orchestrator/core/util/base64.h"

namespace drove::controller::testing {

// A scripted core: tests fill the maps and read back what the API submitted.
class FakeCore : public ControllerCore {
 public:
  std::mutex mutex;
  std::map<std::string, nlohmann::json> apps;       // appId -> AppSummary
  std::map<std::string, nlohmann::json> specs;      // appId -> spec
  std::map<std::string, nlohmann::json> instances;  // appId -> InstanceInfo[] (all states)
  std::map<std::string, nlohmann::json> tasks;      // "app/task" -> TaskInfo
  std::map<std::string, nlohmann::json> executors;  // id -> ExecutorNodeData
  std::map<std::string, ExecutorAddress> locations; // "app/instance" -> executor
  std::vector<nlohmann::json> submitted;
  std::vector<nlohmann::json> messages;
  std::optional<Refusal> refuse_next;
  bool cancel_result = false;
  bool throw_on_list = false;
  std::atomic<bool> leader{true};
  EventStore event_store{3'600'000, [] { return int64_t{1'700'000'000'000}; }};
  std::string leader_node_id;  // what LeaderNodeId() answers
  std::vector<ControllerNode> controllers;  // what Controllers() answers
  nlohmann::json endpoints = nlohmann::json::array();
  std::atomic<uint64_t> generation{1};
  std::function<void(uint64_t)> listener;
  std::function<void()> before_submit;  // runs first in SubmitAppOperation (e.g. blocks)

  // Changes the endpoints view and notifies the listener, as the engine would.
  void ChangeEndpoints(nlohmann::json view) {
    std::function<void(uint64_t)> notify;
    {
      std::lock_guard lock(mutex);
      endpoints = std::move(view);
      ++generation;
      notify = listener;
    }
    if (notify) notify(generation);
  }

  bool IsLeader() override { return leader; }
  std::string LeaderNodeId() override {
    std::lock_guard lock(mutex);
    return leader_node_id;
  }
  std::vector<ControllerNode> Controllers() override {
    std::lock_guard lock(mutex);
    return controllers;
  }
  Outcome<std::string> SubmitAppOperation(const nlohmann::json& operation) override {
    if (before_submit) before_submit();
    std::lock_guard lock(mutex);
    submitted.push_back(operation);
    if (refuse_next) {
      Outcome<std::string> out;
      out.refusal = *refuse_next;
      refuse_next.reset();
      return out;
    }
    std::string id = operation.contains("appId") ? operation["appId"].get<std::string>()
                                                 : operation["spec"]["name"].get<std::string>() +
                                                       "-" +
                                                       operation["spec"]["version"].get<std::string>();
    return {id, {}};
  }
  bool CancelAppOperation(const std::string&) override { return cancel_result; }
  std::string ListAppsJson(int64_t from, int64_t size) override {
    if (throw_on_list) throw std::runtime_error("boom");
    std::lock_guard lock(mutex);
    nlohmann::json out = nlohmann::json::object();
    int64_t i = 0;
    for (const auto& [id, app] : apps) {
      if (i++ < from) continue;
      if (static_cast<int64_t>(out.size()) >= size) break;
      out[id] = app;
    }
    return out.dump();
  }
  std::optional<nlohmann::json> AppSummary(const std::string& app_id) override {
    std::lock_guard lock(mutex);
    auto it = apps.find(app_id);
    if (it == apps.end()) return std::nullopt;
    return it->second;
  }
  std::optional<nlohmann::json> AppSpec(const std::string& app_id) override {
    std::lock_guard lock(mutex);
    auto it = specs.find(app_id);
    if (it == specs.end()) return std::nullopt;
    return it->second;
  }
  nlohmann::json AppInstances(const std::string& app_id, bool old) override {
    static const std::set<std::string> kActive = {"PENDING", "PROVISIONING", "STARTING",
                                                  "UNREADY", "READY", "HEALTHY", "UNHEALTHY",
                                                  "DEPROVISIONING", "STOPPING"};
    std::lock_guard lock(mutex);
    nlohmann::json out = nlohmann::json::array();
    auto it = instances.find(app_id);
    if (it == instances.end()) return out;
    for (const auto& i : it->second) {
      if (kActive.count(i["state"].get<std::string>()) != old) out.push_back(i);
    }
    return out;
  }
  std::optional<nlohmann::json> AppInstance(const std::string& app_id,
                                            const std::string& instance_id) override {
    std::lock_guard lock(mutex);
    auto it = instances.find(app_id);
    if (it == instances.end()) return std::nullopt;
    for (const auto& i : it->second) {
      if (i["instanceId"] == instance_id) return i;
    }
    return std::nullopt;
  }
  // Local services: the engine tests (local_services_test.cpp) cover them on the real core.
  Outcome<std::string> SubmitLocalServiceOperation(const nlohmann::json& operation) override {
    std::lock_guard lock(mutex);
    submitted.push_back(operation);
    return Outcome<std::string>{std::string("svc-1"), {}};
  }
  bool CancelLocalServiceOperation(const std::string&) override { return cancel_result; }
  nlohmann::json ListLocalServices(int64_t, int64_t) override {
    return nlohmann::json::object();
  }
  std::optional<nlohmann::json> LocalServiceSummary(const std::string&) override {
    return std::nullopt;
  }
  std::optional<nlohmann::json> LocalServiceSpec(const std::string&) override {
    return std::nullopt;
  }
  std::optional<nlohmann::json> LocalServiceInstances(const std::string&, bool) override {
    return std::nullopt;
  }
  std::optional<nlohmann::json> LocalServiceInstance(const std::string&,
                                                     const std::string&) override {
    return std::nullopt;
  }
  std::optional<nlohmann::json> ExecutorInstanceIds(const std::string&, bool) override {
    return std::nullopt;
  }
  nlohmann::json ReservedResources() override {
    return {{"cpus", 0}, {"memory", 0}, {"requiredInstances", nlohmann::json::object()}};
  }
  nlohmann::json DryRunPlacementRule(const nlohmann::json& policy,
                                     const nlohmann::json& scheduling_info) override {
    std::lock_guard lock(mutex);
    submitted.push_back({{"policy", policy}, {"schedulingInfo", scheduling_info}});
    return {{"status", true}, {"checkResult", {{"status", "SUCCESS"}}}};
  }
  Outcome<std::string> SubmitTaskOperation(const nlohmann::json& operation) override {
    std::lock_guard lock(mutex);
    submitted.push_back(operation);
    if (refuse_next) {
      Outcome<std::string> out;
      out.refusal = *refuse_next;
      refuse_next.reset();
      return out;
    }
    if (operation["type"] == "KILL") return {operation["taskId"].get<std::string>(), {}};
    return {operation["spec"]["sourceAppName"].get<std::string>() + "-" +
                operation["spec"]["taskId"].get<std::string>(),
            {}};
  }
  nlohmann::json ListTasks() override {
    std::lock_guard lock(mutex);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, task] : tasks) out.push_back(task);
    return out;
  }
  std::optional<nlohmann::json> Task(const std::string& app, const std::string& task_id) override {
    std::lock_guard lock(mutex);
    auto it = tasks.find(app + "/" + task_id);
    if (it == tasks.end()) return std::nullopt;
    return it->second;
  }
  bool DeleteTask(const std::string& app, const std::string& task_id) override {
    std::lock_guard lock(mutex);
    return tasks.erase(app + "/" + task_id) > 0;
  }
  nlohmann::json ClusterSummary() override { return {{"state", "NORMAL"}, {"numExecutors", 1}}; }
  nlohmann::json Executors() override { return nlohmann::json::array(); }
  ClusterGauges gauges;  // what /metrics reads
  ClusterGauges Gauges() override {
    std::lock_guard lock(mutex);
    return gauges;
  }
  void WriteMetrics(core::PrometheusText&) override {}
  std::optional<nlohmann::json> Executor(const std::string& id) override {
    std::lock_guard lock(mutex);
    auto it = executors.find(id);
    if (it == executors.end()) return std::nullopt;
    return it->second;
  }
  // Maintenance and blacklisting: what the API asked for, and scripted answers.
  std::atomic<bool> in_maintenance{false};
  bool maintenance_store_fails = false;
  std::vector<bool> maintenance_calls;                              // on?
  std::vector<std::pair<bool, std::vector<std::string>>> blacklisting;  // (blacklist?, ids)
  std::optional<nlohmann::json> SetMaintenance(bool on) override {
    std::lock_guard lock(mutex);
    maintenance_calls.push_back(on);
    if (maintenance_store_fails) return std::nullopt;
    return nlohmann::json{{"state", on ? "MAINTENANCE" : "NORMAL"}, {"updated", 1234}};
  }
  bool InMaintenanceWindow() override { return in_maintenance; }
  nlohmann::json BlacklistExecutors(const std::vector<std::string>& ids) override {
    std::lock_guard lock(mutex);
    blacklisting.emplace_back(true, ids);
    return {{"successful", ids}, {"failed", nlohmann::json::array()},
            {"approxCompletionTimeMs", 300000},
            {"message", "Blacklisting successful and app movement scheduled"}};
  }
  nlohmann::json UnblacklistExecutors(const std::vector<std::string>& ids) override {
    std::lock_guard lock(mutex);
    blacklisting.emplace_back(false, ids);
    return {{"successful", ids}, {"failed", nlohmann::json::array()},
            {"approxCompletionTimeMs", 0},
            {"message", "Unblacklisting successful for all executors"}};
  }
  nlohmann::json Endpoints(const std::set<std::string>& app_names, uint64_t* gen) override {
    std::lock_guard lock(mutex);
    *gen = generation;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : endpoints) {
      if (app_names.empty() || app_names.count(e["appName"].get<std::string>())) out.push_back(e);
    }
    return out;
  }
  uint64_t EndpointsGeneration() override { return generation; }
  void OnEndpointsChanged(std::function<void(uint64_t)> l) override {
    std::lock_guard lock(mutex);
    listener = std::move(l);
  }
  nlohmann::json EventsSince(int64_t last, int) override {
    return {{"events", nlohmann::json::array({{{"type", "APP_STATE_CHANGE"}, {"time", last + 1}}})},
            {"lastSyncTime", last + 1}};
  }
  nlohmann::json EventsSummary(int64_t last) override {
    return {{"eventsCount", nlohmann::json::object()}, {"lastSyncTime", last}};
  }
  EventStore& Events() override { return event_store; }
  core::Status HandleExecutorMessage(const nlohmann::json& message) override {
    std::lock_guard lock(mutex);
    if (!message.contains("type")) return core::Status::Error("type: missing");
    messages.push_back(message);
    return core::Status::Ok();
  }
  std::optional<ExecutorAddress> LocateAppInstance(const std::string& app_id,
                                                   const std::string& instance_id) override {
    std::lock_guard lock(mutex);
    auto it = locations.find(app_id + "/" + instance_id);
    if (it == locations.end()) return std::nullopt;
    return it->second;
  }
  std::optional<ExecutorAddress> LocateTask(const std::string& app,
                                            const std::string& task_id) override {
    return LocateAppInstance(app, task_id);
  }
};

// The config the tests use: admin (RW), guest (RO), maint (MAINTENANCE), root (ROOT).
inline ControllerConfig TestConfig() {
  ControllerConfig config;
  config.users = {
      {"admin", "admin", UserRole::kExternalReadWrite, PasswordEncoding::kPlain},
      {"guest", "guest", UserRole::kExternalReadOnly, PasswordEncoding::kPlain},
      {"maint", "maint", UserRole::kExternalMaintenance, PasswordEncoding::kPlain},
      {"root", "root", UserRole::kExternalRoot, PasswordEncoding::kPlain},
  };
  return config;
}

inline std::string BasicAuth(const std::string& user, const std::string& password) {
  return "Basic " + core::Base64Encode(user + ":" + password);
}

// The real HttpServer on 127.0.0.1:<free port>, serving ControllerApi over a FakeCore.
class LiveApi {
 public:
  explicit LiveApi(ControllerConfig config = TestConfig()) : config_(std::move(config)) {
    api_ = std::make_unique<api::ControllerApi>(&core, config_, "test-controller");
    server_ = std::make_unique<core::HttpServer>(loop_);
    api_->Register(server_.get());
    auto status = server_->Bind("127.0.0.1", 0);
    if (!status.ok()) throw std::runtime_error(status.message());
    thread_ = std::thread([this] { loop_.Run(); });
  }
  ~LiveApi() {
    api_->Stop();
    loop_.Stop();
    thread_.join();
    server_.reset();
    api_.reset();
  }

  core::HttpResponse Call(const std::string& method, const std::string& target,
                          const std::string& body = "",
                          std::map<std::string, std::string> headers = {
                              {"Authorization", BasicAuth("admin", "admin")}},
                          std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    core::HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = std::move(headers);
    request.body = body;
    auto response = core::HttpClient::Send(Target(), request, timeout);
    if (!response.ok()) throw std::runtime_error(response.error());
    return *response;
  }

  core::HttpTarget Target() const {
    core::HttpTarget target;
    target.host = "127.0.0.1";
    target.port = server_->port();
    return target;
  }

  static nlohmann::json Body(const core::HttpResponse& r) { return nlohmann::json::parse(r.body); }
  // The API under test (its routes() carry the role matrix's access).
  const api::ControllerApi& api() const { return *api_; }

  FakeCore core;

 private:
  ControllerConfig config_;
  core::EventLoop loop_;
  std::unique_ptr<api::ControllerApi> api_;
  std::unique_ptr<core::HttpServer> server_;
  std::thread thread_;
};

}  // namespace drove::controller::testing

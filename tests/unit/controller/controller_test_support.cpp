// The fake-world harness used by the controller unit tests.
#include "controller_test_support.h"

namespace drove::controller::testing {

json AppSpec(const std::string& name, const std::string& version) {
  json check{{"mode", {{"type", "CMD"}, {"command", "true"}}},
             {"timeout", "1 second"}, {"interval", "1 second"}, {"attempts", 3}};
  return json{{"name", name},
              {"version", version},
              {"type", "SERVICE"},
              {"executable", {{"type", "DOCKER"}, {"url", "img:1"}, {"dockerPullTimeout", "100 seconds"}}},
              {"exposedPorts", {{{"name", "main"}, {"port", 8000}, {"type", "HTTP"}}}},
              {"resources", {{{"type", "CPU"}, {"count", 1}}, {{"type", "MEMORY"}, {"sizeInMB", 128}}}},
              {"exposureSpec", {{"vhost", name + ".local"}, {"portName", "main"}, {"mode", "ALL"}}},
              {"healthcheck", check},
              {"readiness", check}};
}

json AsAppInstance(json info) {
  info["appId"] = info["serviceId"];
  info["appName"] = info["serviceName"];
  info.erase("serviceId");
  info.erase("serviceName");
  return info;
}

json CreateOp(const json& spec, int64_t instances) {
  return json{{"type", "CREATE"}, {"spec", spec}, {"instances", instances},
              {"opSpec", {{"timeout", "5m"}, {"parallelism", 1}, {"failureStrategy", "STOP"}}}};
}

json Op(const std::string& type, const std::string& app_id, json extra) {
  json op{{"type", type}, {"appId", app_id},
          {"opSpec", {{"timeout", "5m"}, {"parallelism", 1}, {"failureStrategy", "STOP"}}}};
  for (auto& [k, v] : extra.items()) op[k] = v;
  return op;
}

Harness::Harness(std::shared_ptr<MemoryStore::Data> shared,
                 std::unique_ptr<coordination::LeaderElection> election,
                 std::optional<StaleAges> stale,
                 const std::function<void(CoreOptions&)>& tune)
    : data(shared ? shared : std::make_shared<MemoryStore::Data>()),
      now_(std::make_shared<int64_t>(1'700'000'000'000)),
      calls_(std::make_shared<ExecutorCalls>()) {
  CoreOptions options;
  options.instance_lost_timeout = std::chrono::seconds(60);
  options.executor_lost_timeout = std::chrono::seconds(30);
  if (stale) {
    options.stale = *stale;
    options.stale_check_interval = std::chrono::minutes(1);
  }
  if (tune) tune(options);
  auto now = now_;
  auto memory_store = std::make_unique<MemoryStore>(data);
  store = memory_store.get();
  core_ = std::make_unique<ControllerCoreImpl>(options, std::move(memory_store),
                                               std::make_unique<FakeExecutorClient>(calls_),
                                               [now] { return *now; },
                                               election ? std::move(election)
                                                        : coordination::MakeSingleNodeElection("test"));
  BOOST_REQUIRE(core_->Load().ok());
}

void Harness::Snapshot(json instances, const std::string& executor_id, json tags, json metadata) {
  json message = SnapshotMessage(std::move(instances), executor_id, std::move(tags),
                                 std::move(metadata));
  BOOST_REQUIRE(core_->HandleExecutorMessage(message).ok());
}

json Harness::SnapshotMessage(json instances, const std::string& executor_id, json tags,
                              json metadata) {
  return json{{"type", "EXECUTOR_SNAPSHOT"},
               {"executor", {{"executorId", executor_id},
                             {"hostname", executor_id + ".host"},
                             {"port", 3000},
                             {"transportType", "HTTP"},
                             {"layout", {{"cores", {{"0", {0, 1, 2, 3, 4, 5, 6, 7}}}},
                                         {"memory", {{"0", 8192}}}}},
                             {"tags", std::move(tags)},
                             {"metadata", std::move(metadata)}}},
               {"instances", std::move(instances)},
               {"tasks", json::array()}};
}

void Harness::Heartbeat(const std::string& executor_id) {
  json running = json::array();
  auto add = [&](const json& info) {
    if (info["executorId"] == executor_id && info["state"] != "PENDING") running.push_back(info);
  };
  const json apps = json::parse(core_->ListAppsJson(0, 1000));
  for (const auto& [app_id, summary] : apps.items()) {
    for (const auto& info : core_->AppInstances(app_id, false)) add(info);
  }
  // The executor reports local-service instances as it runs them: as app instances.
  const json services = core_->ListLocalServices(0, 1000);
  for (const auto& [service_id, summary] : services.items()) {
    for (const json& info : core_->LocalServiceInstances(service_id, false).value_or(json())) {
      add(AsAppInstance(info));
    }
  }
  Snapshot(running, executor_id);
}

void Harness::Report(const json& instance, const std::string& state, int port) {
  json info = instance;
  info["state"] = state;
  info["updated"] = *now_;
  info["localInfo"] = {{"hostname", "ex1.host"},
                       {"ports", {{"main", {{"containerPort", 8000}, {"hostPort", port},
                                            {"portType", "HTTP"}}}}}};
  BOOST_REQUIRE(core_->HandleExecutorMessage({{"type", "INSTANCE_STATE"}, {"instance", info}}).ok());
}

void Harness::ActAsExecutor() {
  for (; starts_seen_ < calls_->starts.size(); ++starts_seen_) {
    Report(calls_->starts[starts_seen_].instance, "HEALTHY",
           31000 + static_cast<int>(starts_seen_));
  }
  for (; stops_seen_ < calls_->stops.size(); ++stops_seen_) {
    const std::string& id = calls_->stops[stops_seen_];
    const json apps = json::parse(core_->ListAppsJson(0, 1000));
    for (const auto& [app_id, summary] : apps.items()) {
      if (auto info = core_->AppInstance(app_id, id)) Report(*info, "STOPPED");
    }
    const json services = core_->ListLocalServices(0, 1000);
    for (const auto& [service_id, summary] : services.items()) {
      if (auto info = core_->LocalServiceInstance(service_id, id)) {
        Report(AsAppInstance(*info), "STOPPED");
      }
    }
  }
}

void Harness::Run(int n, int64_t ms, bool act) {
  for (int i = 0; i < n; ++i) {
    *now_ += ms;
    core_->engine().Tick();
    if (act) ActAsExecutor();
  }
}

int Harness::CountState(const std::string& app_id, const std::string& state) {
  int count = 0;
  for (const auto& info : core_->AppInstances(app_id, false)) count += info["state"] == state;
  return count;
}

std::string Harness::AppState(const std::string& app_id) {
  auto summary = core_->AppSummary(app_id);
  return summary ? (*summary)["state"].get<std::string>() : "NONE";
}

}  // namespace drove::controller::testing

// Unit tests of the response models: instances, tasks, summaries, executors, endpoints and events.
#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/events.h"
#include "orchestrator/core/model/executor_info.h"
#include "orchestrator/core/model/instance_info.h"
#include "orchestrator/core/model/summaries.h"
#include "orchestrator/core/model/task_info.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;

InstanceInfo SampleInstance() {
  InstanceInfo info;
  info.app_id = "TEST_APP-1";
  info.app_name = "TEST_APP";
  info.instance_id = "AI-1234";
  info.executor_id = "ex-1";
  info.local_info = LocalInfo{"host1", {{"main", InstancePort{8000, 32768, PortType::kHttp}}}};
  info.resources = {ResourceAllocation::Cpu({{0, {2, 3}}}), ResourceAllocation::Memory({{0, 128}})};
  info.state = InstanceState::kHealthy;
  info.created = 1700000000000;
  info.updated = 1700000000500;
  return info;
}

BOOST_AUTO_TEST_SUITE(response_models)

BOOST_AUTO_TEST_CASE(instance_info_has_drove_shape) {
  json j = SampleInstance();
  BOOST_TEST(j["localInfo"]["ports"]["main"] ==
             json({{"containerPort", 8000}, {"hostPort", 32768}, {"portType", "HTTP"}}));
  BOOST_TEST(j["resources"][0] == json({{"type", "CPU"}, {"cores", {{"0", {2, 3}}}}}));
  BOOST_TEST(j["resources"][1] == json({{"type", "MEMORY"}, {"memoryInMB", {{"0", 128}}}}));
  BOOST_TEST(j["errorMessage"] == "");
  BOOST_TEST(j["metadata"] == json::object());
  BOOST_TEST(j["state"] == "HEALTHY");
  BOOST_TEST(j["created"] == 1700000000000);
}

BOOST_AUTO_TEST_CASE(instance_info_round_trips_and_omits_absent_local_info) {
  InstanceInfo info = SampleInstance();
  BOOST_TEST((json(info).get<InstanceInfo>() == info));
  info.local_info.reset();
  json j = info;
  BOOST_TEST(!j.contains("localInfo"));
  BOOST_TEST((j.get<InstanceInfo>() == info));
}

BOOST_AUTO_TEST_CASE(numa_keys_must_be_decimal_strings) {
  json j = SampleInstance();
  j["resources"][0]["cores"] = {{"zero", {1}}};
  auto parsed = ParseJson<InstanceInfo>(j);
  BOOST_TEST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error() == "resources[0].cores.zero: NUMA node key \"zero\" is not an integer");
}

BOOST_AUTO_TEST_CASE(local_service_instance_uses_service_ids) {
  LocalServiceInstanceInfo info;
  info.service_id = "S-1";
  info.service_name = "S";
  json j = info;
  BOOST_TEST(j["serviceId"] == "S-1");
  BOOST_TEST(!j.contains("appId"));
  BOOST_TEST((j.get<LocalServiceInstanceInfo>() == info));
}

BOOST_AUTO_TEST_CASE(task_info_emits_hostname_executable_volumes_and_logging_spec) {
  TaskInfo task;
  task.source_app_name = "TEST_APP";
  task.task_id = "T0012";
  task.instance_id = "TI-1";
  task.executable.url = "ghcr.io/appform-io/test-task";
  task.executable.docker_pull_timeout = Duration::Seconds(100);
  task.logging_spec = LoggingSpec::DefaultLocal();
  json j = task;
  BOOST_TEST(j["hostname"] == "");
  BOOST_TEST(j["executable"]["type"] == "DOCKER");
  BOOST_TEST(j["volumes"] == json::array());
  BOOST_TEST(j["loggingSpec"]["maxSize"] == "10m");
  BOOST_TEST(!j.contains("logging"));
  BOOST_TEST(!j.contains("taskResult"));
  BOOST_TEST(!j.contains("env"));
  BOOST_TEST(j["errorMessage"] == "");
  task.task_result = TaskResult{TaskResultStatus::kCancelled, -1};
  task.state = TaskState::kStopped;
  j = task;
  BOOST_TEST(j["taskResult"] == json({{"status", "CANCELLED"}, {"exitCode", -1}}));
  BOOST_TEST((j.get<TaskInfo>() == task));
}

BOOST_AUTO_TEST_CASE(app_summary_always_emits_state_and_omits_absent_tags) {
  AppSummary s;
  s.id = "A-1";
  s.state = ApplicationState::kRunning;
  json j = s;
  BOOST_TEST(j["state"] == "RUNNING");
  BOOST_TEST(j.contains("totalCPUs"));
  BOOST_TEST(!j.contains("tags"));
  BOOST_TEST((j.get<AppSummary>() == s));
}

BOOST_AUTO_TEST_CASE(application_info_stores_spec_and_counts) {
  ApplicationInfo info;
  info.app_id = "TEST_APP-1";
  info.spec = ParseApplicationSpec(testing::LoadSample("test_app.json")).value();
  info.instances = 2;
  json j = info;
  BOOST_TEST(j["spec"]["name"] == "TEST_APP");
  BOOST_TEST((j.get<ApplicationInfo>() == info));
}

BOOST_AUTO_TEST_CASE(cluster_summary_and_state_data_round_trip) {
  ClusterSummary s;
  s.leader = "host:4000";
  s.state = ClusterState::kMaintenance;
  s.total_memory = 4096;
  json j = s;
  BOOST_TEST(j["state"] == "MAINTENANCE");
  BOOST_TEST(j["numActiveTasks"] == 0);
  BOOST_TEST((j.get<ClusterSummary>() == s));
  ClusterStateData d{ClusterState::kNormal, 5};
  BOOST_TEST(json(d) == json({{"state", "NORMAL"}, {"updated", 5}}));
}

BOOST_AUTO_TEST_CASE(executor_summary_and_blacklist_response_round_trip) {
  ExecutorSummary e;
  e.executor_id = "ex";
  e.tags = {"host1"};
  e.state = ExecutorState::kBlacklisted;
  BOOST_TEST((json(e).get<ExecutorSummary>() == e));
  BlacklistOperationResponse b;
  b.successful = {"ex"};
  json j = b;
  BOOST_TEST(j["failed"] == json::array());
  BOOST_TEST(!j.contains("message"));
  b.message = "Blacklisting successful and app movement scheduled";
  BOOST_TEST((json(b).get<BlacklistOperationResponse>() == b));
}

BOOST_AUTO_TEST_CASE(executor_node_data_has_typed_nested_state) {
  ExecutorNodeData node;
  node.hostname = "host1";
  node.port = 3000;
  node.state.executor_id = "ex";
  node.state.cpus.free_cores = {{0, {1, 2}}};
  node.state.memory.free_memory = {{0, 1024}};
  node.instances = {SampleInstance()};
  node.tags = {"host1"};
  json j = node;
  BOOST_TEST(j["type"] == "EXECUTOR");
  BOOST_TEST(j["state"]["cpus"]["type"] == "CPU");
  BOOST_TEST(j["state"]["cpus"]["freeCores"]["0"] == json({1, 2}));
  BOOST_TEST(j["state"]["memory"]["type"] == "MEMORY");
  BOOST_TEST(j["state"]["memory"]["usedMemory"] == json::object());
  BOOST_TEST(!j["state"].contains("layout"));
  BOOST_TEST(j["tasks"] == json::array());
  BOOST_TEST(j["executorState"] == "ACTIVE");
  BOOST_TEST((j.get<ExecutorNodeData>() == node));
  node.state.layout = PhysicalLayout{{{0, {0, 1, 2, 3}}}, {{0, 4096}}};
  BOOST_TEST((json(node).get<ExecutorNodeData>() == node));
}

BOOST_AUTO_TEST_CASE(exposed_app_info_keeps_empty_hosts) {
  ExposedAppInfo info{"TEST_APP", "TEST_APP-1", "testapp.local", std::nullopt, {}};
  json j = info;
  BOOST_TEST(j["hosts"] == json::array());
  BOOST_TEST(!j.contains("tags"));
  info.hosts.push_back(ExposedHost{"host1", 32768, PortType::kHttp});
  j = info;
  BOOST_TEST(j["hosts"][0] == json({{"host", "host1"}, {"port", 32768}, {"portType", "HTTP"}}));
  BOOST_TEST((j.get<ExposedAppInfo>() == info));
}

BOOST_AUTO_TEST_CASE(event_metadata_holds_strings_and_numbers_and_drops_nulls) {
  Event e;
  e.type = EventType::kInstanceStateChange;
  e.id = "uuid";
  e.time = 1700000000000;
  e.metadata[event_keys::kAppId] = "A-1";
  e.metadata[event_keys::kCreated] = 1700000000000;
  e.metadata[event_keys::kError] = nullptr;
  json j = e;
  BOOST_TEST(j["type"] == "INSTANCE_STATE_CHANGE");
  BOOST_TEST(j["metadata"]["APP_ID"] == "A-1");
  BOOST_TEST(j["metadata"]["CREATED"] == 1700000000000);
  BOOST_TEST(!j["metadata"].contains("ERROR"));
  Event back = j.get<Event>();
  BOOST_TEST(back.metadata.size() == 2u);
}

BOOST_AUTO_TEST_CASE(events_list_and_summary_have_drove_shape) {
  EventsList list;
  list.last_sync_time = 7;
  BOOST_TEST(json(list) == json({{"events", json::array()}, {"lastSyncTime", 7}}));
  EventsSummary summary;
  summary.last_sync_time = 9;
  BOOST_TEST(json(summary) == json({{"eventsCount", json::object()}, {"lastSyncTime", 9}}));
  summary.events_count[EventType::kAppStateChange] = 3;
  json j = summary;
  BOOST_TEST(j["eventsCount"]["APP_STATE_CHANGE"] == 3);
  BOOST_TEST((j.get<EventsSummary>() == summary));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

// Unit tests of the controller <-> executor messages: wire shape, round trips and parse errors.
#include "orchestrator/core/model/executor_messages.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::LoadSample;

InstanceInfo SampleInstance() {
  InstanceInfo info;
  info.app_id = "TEST_APP-1";
  info.app_name = "TEST_APP";
  info.instance_id = "AI-1";
  info.executor_id = "ex-1";
  info.local_info = LocalInfo{"host1", {{"main", InstancePort{8000, 32768, PortType::kHttp}}}};
  info.resources = {ResourceAllocation::Cpu({{0, {2, 3}}}), ResourceAllocation::Memory({{0, 128}})};
  info.state = InstanceState::kHealthy;
  info.created = 1700000000000;
  info.updated = 1700000000500;
  return info;
}

TaskInfo SampleTask() {
  TaskInfo info;
  info.source_app_name = "TEST_APP";
  info.task_id = "T0012";
  info.instance_id = "TI-1";
  info.executor_id = "ex-1";
  info.hostname = "host1";
  info.resources = {ResourceAllocation::Cpu({{0, {1}}})};
  info.state = TaskState::kRunCompleted;
  info.task_result = TaskResult{TaskResultStatus::kSuccessful, 0};
  return info;
}

StartInstanceMessage SampleStartInstance() {
  StartInstanceMessage message;
  message.instance = SampleInstance();
  message.instance.state = InstanceState::kPending;
  message.spec = ParseApplicationSpec(LoadSample("test_app.json")).value();
  return message;
}

StartTaskMessage SampleStartTask() {
  StartTaskMessage message;
  message.task = SampleTask();
  message.task.state = TaskState::kPending;
  message.spec = ParseTaskSpec(LoadSample("test_task.json")).value();
  return message;
}

ExecutorSnapshotMessage SampleSnapshot() {
  ExecutorSnapshotMessage message;
  message.executor = {"ex-1",
                      "host1",
                      3000,
                      NodeTransportType::kHttp,
                      PhysicalLayout{{{0, {0, 1, 2, 3}}}, {{0, 8192}}},
                      {"gpu"},
                      {{"rack", "r1"}}};
  message.instances = {SampleInstance()};
  message.tasks = {SampleTask()};
  return message;
}

// Serialises, then parses back with the message's own parser.
template <typename M, typename Parse>
void CheckRoundTrip(const M& message, Parse parse) {
  auto parsed = parse(json(message));
  BOOST_TEST_REQUIRE(parsed.ok(), parsed.error());
  BOOST_TEST((*parsed == message));
}

std::vector<std::string> Keys(const json& j) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  return keys;
}

BOOST_AUTO_TEST_SUITE(executor_messages)

BOOST_AUTO_TEST_CASE(message_types_have_their_exact_spellings) {
  BOOST_TEST(ToString(ControllerMessageType::kStartInstance) == "START_INSTANCE");
  BOOST_TEST(ToString(ControllerMessageType::kStopInstance) == "STOP_INSTANCE");
  BOOST_TEST(ToString(ControllerMessageType::kStartTask) == "START_TASK");
  BOOST_TEST(ToString(ControllerMessageType::kStopTask) == "STOP_TASK");
  BOOST_TEST(ToString(ExecutorMessageType::kExecutorSnapshot) == "EXECUTOR_SNAPSHOT");
  BOOST_TEST(ToString(ExecutorMessageType::kInstanceState) == "INSTANCE_STATE");
  BOOST_TEST(ToString(ExecutorMessageType::kTaskState) == "TASK_STATE");
}

BOOST_AUTO_TEST_CASE(every_message_round_trips) {
  StartInstanceMessage start_instance = SampleStartInstance();
  CheckRoundTrip(start_instance, ParseStartInstanceMessage);
  start_instance.instance_auth_token = "token";
  start_instance.executor_state = ExecutorState::kBlacklisted;
  CheckRoundTrip(start_instance, ParseStartInstanceMessage);
  CheckRoundTrip(StopInstanceMessage{"TEST_APP-1", "AI-1"}, ParseStopInstanceMessage);
  CheckRoundTrip(SampleStartTask(), ParseStartTaskMessage);
  CheckRoundTrip(StopTaskMessage{"TEST_APP", "T0012", "TI-1"}, ParseStopTaskMessage);
  CheckRoundTrip(SampleSnapshot(), ParseExecutorSnapshotMessage);
  CheckRoundTrip(InstanceStateMessage{SampleInstance()}, ParseInstanceStateMessage);
  CheckRoundTrip(TaskStateMessage{SampleTask()}, ParseTaskStateMessage);
}

// What the integration harness's fake executors and older peers speak (docs/internals.md).
BOOST_AUTO_TEST_CASE(wire_fields_are_the_documented_ones) {
  json start = SampleStartInstance();
  BOOST_TEST(Keys(start) ==
             (std::vector<std::string>{"executorState", "instance", "spec", "type"}));
  BOOST_TEST(start["type"] == "START_INSTANCE");
  BOOST_TEST(start["executorState"] == "ACTIVE");
  BOOST_TEST(start["instance"] == json(SampleStartInstance().instance));
  BOOST_TEST(json(StopInstanceMessage{"A-1", "AI-1"}) ==
             json({{"type", "STOP_INSTANCE"}, {"appId", "A-1"}, {"instanceId", "AI-1"}}));
  json start_task = SampleStartTask();
  BOOST_TEST(Keys(start_task) ==
             (std::vector<std::string>{"executorState", "spec", "task", "type"}));
  BOOST_TEST(start_task["type"] == "START_TASK");
  BOOST_TEST(json(StopTaskMessage{"A", "T", "TI-1"}) == json({{"type", "STOP_TASK"},
                                                              {"sourceAppName", "A"},
                                                              {"taskId", "T"},
                                                              {"instanceId", "TI-1"}}));
  json snapshot = SampleSnapshot();
  BOOST_TEST(snapshot["type"] == "EXECUTOR_SNAPSHOT");
  BOOST_TEST(snapshot["executor"] ==
             json({{"executorId", "ex-1"},
                   {"hostname", "host1"},
                   {"port", 3000},
                   {"transportType", "HTTP"},
                   {"layout", {{"cores", {{"0", {0, 1, 2, 3}}}}, {"memory", {{"0", 8192}}}}},
                   {"tags", {"gpu"}},
                   {"metadata", {{"rack", "r1"}}}}));
  BOOST_TEST(snapshot["instances"] == json::array({SampleInstance()}));
  BOOST_TEST(snapshot["tasks"] == json::array({SampleTask()}));
  BOOST_TEST(json(InstanceStateMessage{SampleInstance()}) ==
             json({{"type", "INSTANCE_STATE"}, {"instance", SampleInstance()}}));
  BOOST_TEST(json(TaskStateMessage{SampleTask()}) ==
             json({{"type", "TASK_STATE"}, {"task", SampleTask()}}));
}

BOOST_AUTO_TEST_CASE(an_unstamped_start_reads_as_active) {
  json start = SampleStartInstance();
  start.erase("executorState");
  auto parsed = ParseStartInstanceMessage(start);
  BOOST_TEST_REQUIRE(parsed.ok(), parsed.error());
  BOOST_TEST((parsed->executor_state == ExecutorState::kActive));
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_field_and_the_rule) {
  json start = SampleStartInstance();
  start["instance"].erase("instanceId");
  BOOST_TEST(ParseStartInstanceMessage(start).error() == "instance.instanceId: missing");
  start.erase("instance");
  BOOST_TEST(ParseStartInstanceMessage(start).error() == "instance: missing");
  start = SampleStartInstance();
  start["spec"]["healthcheck"]["interval"] = "5 parsecs";
  BOOST_TEST(ParseStartInstanceMessage(start).error().starts_with("spec.healthcheck.interval: "));
  start = SampleStartInstance();
  start["executorState"] = "RESTING";
  BOOST_TEST(ParseStartInstanceMessage(start).error() ==
             "executorState: unknown ExecutorState value \"RESTING\"");

  json start_task = SampleStartTask();
  start_task["task"]["instanceId"] = "";
  BOOST_TEST(ParseStartTaskMessage(start_task).error() == "task.instanceId: missing");
  BOOST_TEST(ParseStopInstanceMessage({{"type", "STOP_INSTANCE"}, {"appId", "A-1"}}).error() ==
             "instanceId: missing");
  BOOST_TEST(ParseStopTaskMessage({{"type", "STOP_TASK"}, {"sourceAppName", "A"}}).error() ==
             "taskId: missing");
  BOOST_TEST(ParseStopTaskMessage({{"type", "STOP_TASK"}, {"instanceId", "TI-1"}}).ok());

  json snapshot = SampleSnapshot();
  snapshot["executor"].erase("executorId");
  BOOST_TEST(ParseExecutorSnapshotMessage(snapshot).error() == "executor.executorId: missing");
  snapshot = SampleSnapshot();
  snapshot["instances"][0]["state"] = "NAPPING";
  BOOST_TEST(ParseExecutorSnapshotMessage(snapshot).error() ==
             "instances[0].state: unknown InstanceState value \"NAPPING\"");

  json report = InstanceStateMessage{SampleInstance()};
  report["instance"].erase("appId");
  BOOST_TEST(ParseInstanceStateMessage(report).error() == "instance.appId: missing");
  BOOST_TEST(ParseInstanceStateMessage({{"type", "INSTANCE_STATE"}}).error() ==
             "instance: missing");
  json task_report = TaskStateMessage{SampleTask()};
  task_report["task"].erase("taskId");
  BOOST_TEST(ParseTaskStateMessage(task_report).error() == "task.taskId: missing");
}

// Snapshot entries are checked one by one by the controller, so the contract leaves their ids.
BOOST_AUTO_TEST_CASE(snapshot_entries_without_ids_still_parse) {
  json snapshot = SampleSnapshot();
  snapshot["instances"][0].erase("instanceId");
  BOOST_TEST(ParseExecutorSnapshotMessage(snapshot).ok());
}

BOOST_AUTO_TEST_CASE(unknown_or_missing_types_are_rejected) {
  const std::string controller_types =
      " (known: START_INSTANCE, STOP_INSTANCE, START_TASK, STOP_TASK)";
  BOOST_TEST(ParseControllerMessageType({{"type", "INSTANCE_STATE"}}).error() ==
             "type: unknown type \"INSTANCE_STATE\"" + controller_types);
  BOOST_TEST(ParseControllerMessageType(json::object()).error() ==
             "type: missing type id" + controller_types);
  BOOST_TEST(ParseExecutorMessageType({{"type", "start_instance"}}).error() ==
             "type: unknown type \"start_instance\" (known: EXECUTOR_SNAPSHOT, INSTANCE_STATE, "
             "TASK_STATE)");
  BOOST_TEST(ParseExecutorMessageType(json::array()).error() == "expected object, got array");
  BOOST_TEST((ParseExecutorMessageType({{"type", "TASK_STATE"}}).value() ==
              ExecutorMessageType::kTaskState));
  BOOST_TEST((ParseControllerMessageType({{"type", "STOP_TASK"}}).value() ==
              ControllerMessageType::kStopTask));
}

BOOST_AUTO_TEST_CASE(a_message_is_read_only_as_its_own_type) {
  json stop = StopTaskMessage{"A", "T", "TI-1"};
  BOOST_TEST(ParseStopInstanceMessage(stop).error() ==
             "type: unknown type \"STOP_TASK\" (known: STOP_INSTANCE)");
  json report = InstanceStateMessage{SampleInstance()};
  report["type"] = "TASK_STATE";
  BOOST_TEST(!ParseInstanceStateMessage(report).ok());
  BOOST_TEST(!ParseTaskStateMessage(report).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

// Typed instance and task records: what the store holds and the API returns stays Drove's JSON,
// byte for byte, including records written before the records were typed.
#include <boost/test/unit_test.hpp>

#include "controller_test_support.h"

namespace drove::controller::testing {
namespace {

const std::string kApp = "web-1";

// An instance record as the JSON-keeping controller stored it (nlohmann's dump: sorted keys).
const std::string kStoredInstance =
    R"({"appId":"web-1","appName":"web","created":1700000000000,"errorMessage":"",)"
    R"("executorId":"ex1","instanceId":"AI-stored","localInfo":{"hostname":"ex1.host",)"
    R"("ports":{"main":{"containerPort":8000,"hostPort":31000,"portType":"HTTP"}}},)"
    R"("metadata":{"k":"v"},"resources":[{"cores":{"0":[2,3]},"type":"CPU"},)"
    R"({"memoryInMB":{"0":128},"type":"MEMORY"}],"state":"HEALTHY","updated":1700000000500})";

// A finished task record in the same format: {info: TaskInfo, spec: TaskSpec}.
const std::string kStoredTaskInfo =
    R"({"created":1700000000000,"env":{"A":"1"},"errorMessage":"",)"
    R"("executable":{"dockerPullTimeout":"100 seconds","type":"DOCKER","url":"task:1"},)"
    R"("executorId":"ex1","hostname":"ex1.host","instanceId":"TI-stored",)"
    R"("loggingSpec":{"compress":true,"maxFiles":3,"maxSize":"10m","type":"LOCAL"},)"
    R"("metadata":{},"resources":[{"cores":{"0":[4]},"type":"CPU"},)"
    R"({"memoryInMB":{"0":64},"type":"MEMORY"}],"sourceAppName":"epoch","state":"STOPPED",)"
    R"("taskId":"t1","taskResult":{"exitCode":0,"status":"SUCCESSFUL"},"updated":1700000000900,)"
    R"("volumes":[{"mode":"READ_ONLY","pathInContainer":"/data","pathOnHost":"/tmp"}]})";

json TaskSpec() {
  json executable{{"type", "DOCKER"}, {"url", "task:1"}, {"dockerPullTimeout", "100 seconds"}};
  json resources{{{"type", "CPU"}, {"count", 1}}, {{"type", "MEMORY"}, {"sizeInMB", 64}}};
  json volume{{"pathInContainer", "/data"}, {"pathOnHost", "/tmp"}, {"mode", "READ_ONLY"}};
  json logging{{"type", "LOCAL"}, {"maxSize", "10m"}, {"maxFiles", 3}, {"compress", true}};
  return json{{"sourceAppName", "epoch"}, {"taskId", "t1"},       {"executable", executable},
              {"resources", resources},     {"volumes", {volume}}, {"logging", logging},
              {"env", {{"A", "1"}}}};
}

// The store's data as the previous controller left it: an app, one instance, one task.
std::shared_ptr<MemoryStore::Data> StoreInTodaysFormat() {
  auto data = std::make_shared<MemoryStore::Data>();
  const int64_t now = 1'700'000'000'000;
  AppRecord app{kApp, AppSpec(), 1, core::ApplicationState::kRunning, now, now};
  (*data)[store::kApp][kApp] = AppToJson(app).dump();
  (*data)[store::kInstance][store::RecordKey(kApp, "AI-stored")] = kStoredInstance;
  json task{{"info", json::parse(kStoredTaskInfo)}, {"spec", TaskSpec()}};
  (*data)[store::kTask][store::RecordKey("epoch", "TI-stored")] = task.dump();
  return data;
}

BOOST_AUTO_TEST_SUITE(records)

BOOST_AUTO_TEST_CASE(records_stored_as_json_load_and_are_served_unchanged) {
  auto data = StoreInTodaysFormat();
  Harness h(data);
  auto instance = h.core().AppInstance(kApp, "AI-stored");
  BOOST_REQUIRE(instance.has_value());
  BOOST_CHECK_EQUAL(instance->dump(), kStoredInstance);
  BOOST_REQUIRE_EQUAL(h.Instances(kApp).size(), 1u);
  BOOST_CHECK_EQUAL(h.Instances(kApp)[0].dump(), kStoredInstance);
  auto task = h.core().Task("epoch", "t1");
  BOOST_REQUIRE(task.has_value());
  BOOST_CHECK_EQUAL(task->dump(), kStoredTaskInfo);
}

BOOST_AUTO_TEST_CASE(stored_allocations_are_reserved_again_on_load) {
  Harness h(StoreInTodaysFormat());
  h.Snapshot(json::array({json::parse(kStoredInstance)}));
  const json executor = *h.core().Executor("ex1");
  // The instance's two cores are taken (the finished task's are not).
  BOOST_CHECK_EQUAL(executor["state"]["cpus"]["usedCores"]["0"].dump(), "[2,3]");
  BOOST_CHECK_EQUAL(executor["instances"][0].dump(), kStoredInstance);
}

BOOST_AUTO_TEST_CASE(unreadable_records_fail_the_load_naming_them) {
  auto now = [] { return int64_t{1'700'000'000'000}; };
  EventStore events(60'000, now);
  auto data = StoreInTodaysFormat();
  (*data)[store::kInstance][store::RecordKey(kApp, "AI-bad")] = R"({"appId":"web-1","state":7})";
  MemoryStore bad_instance(data);
  core::Status st = ModelState(&bad_instance, &events, now).Load();
  BOOST_CHECK_EQUAL(st.message(),
                    "instance web-1/AI-bad: state: unknown InstanceState value number");
  data = StoreInTodaysFormat();
  (*data)[store::kTask][store::RecordKey("epoch", "TI-bad")] = R"({"spec":{}})";
  MemoryStore bad_task(data);
  st = ModelState(&bad_task, &events, now).Load();
  BOOST_CHECK_EQUAL(st.message(), "task epoch/TI-bad: task record without info");
}

BOOST_AUTO_TEST_CASE(placed_instance_has_exactly_drove_fields) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(1, 250, false);
  BOOST_REQUIRE_EQUAL(h.calls().starts.size(), 1u);
  json sent = h.calls().starts[0].instance;
  const std::string id = sent["instanceId"];
  json expected{{"appId", kApp},
                {"appName", "web"},
                {"instanceId", id},
                {"executorId", "ex1"},
                {"localInfo", {{"hostname", "ex1.host"}, {"ports", json::object()}}},
                {"resources", {{{"type", "CPU"}, {"cores", {{"0", {0}}}}},
                               {{"type", "MEMORY"}, {"memoryInMB", {{"0", 128}}}}}},
                {"state", "PENDING"},
                {"metadata", json::object()},
                {"errorMessage", ""},
                {"created", sent["created"]},
                {"updated", sent["created"]}};
  BOOST_CHECK_EQUAL(sent.dump(), expected.dump());
  BOOST_CHECK_EQUAL(h.core().AppInstance(kApp, id)->dump(), expected.dump());
  BOOST_CHECK_EQUAL(h.data->at(store::kInstance).at(store::RecordKey(kApp, id)), expected.dump());
}

BOOST_AUTO_TEST_CASE(reported_instance_round_trips_through_store_and_api) {
  auto data = std::make_shared<MemoryStore::Data>();
  std::string id;
  json reported;
  {
    Harness h(data);
    h.Snapshot();
    BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
    h.Run(1, 250, false);
    BOOST_REQUIRE_EQUAL(h.calls().starts.size(), 1u);
    reported = h.calls().starts[0].instance;
    id = reported["instanceId"];
    reported["metadata"] = {{"container", "c1"}};
    h.Report(reported, "UNHEALTHY");
    reported = *h.core().AppInstance(kApp, id);
    reported["errorMessage"] = "health check failed";
    reported["updated"] = h.now() + 1;
    BOOST_REQUIRE(h.core().HandleExecutorMessage({{"type", "INSTANCE_STATE"},
                                                  {"instance", reported}}).ok());
    BOOST_CHECK_EQUAL(h.core().AppInstance(kApp, id)->dump(), reported.dump());
    BOOST_CHECK_EQUAL(data->at(store::kInstance).at(store::RecordKey(kApp, id)), reported.dump());
  }
  Harness reloaded(data);
  BOOST_CHECK_EQUAL(reloaded.core().AppInstance(kApp, id)->dump(), reported.dump());
}

BOOST_AUTO_TEST_CASE(task_info_round_trips_through_store_and_api) {
  auto data = std::make_shared<MemoryStore::Data>();
  json reported;
  {
    Harness h(data);
    h.Snapshot();
    BOOST_REQUIRE(h.core().SubmitTaskOperation({{"type", "CREATE"}, {"spec", TaskSpec()}}).ok());
    h.Run(1, 250, false);
    BOOST_REQUIRE_EQUAL(h.calls().task_starts.size(), 1u);
    json pending = *h.core().Task("epoch", "t1");
    BOOST_CHECK_EQUAL(h.calls().task_starts[0].instance.dump(), pending.dump());
    // The PENDING TaskInfo carries the spec's executable, volumes, logging and env as Drove does.
    BOOST_CHECK_EQUAL(pending["executable"].dump(), TaskSpec()["executable"].dump());
    BOOST_CHECK_EQUAL(pending["volumes"].dump(), TaskSpec()["volumes"].dump());
    BOOST_CHECK_EQUAL(pending["loggingSpec"].dump(), TaskSpec()["logging"].dump());
    BOOST_CHECK_EQUAL(pending["env"].dump(), TaskSpec()["env"].dump());
    BOOST_CHECK(!pending.contains("taskResult"));
    reported = pending;
    reported["state"] = "STOPPED";
    reported["taskResult"] = {{"status", "SUCCESSFUL"}, {"exitCode", 0}};
    reported["metadata"] = {{"container", "c1"}};
    reported["updated"] = h.now() + 1;
    BOOST_REQUIRE(
        h.core().HandleExecutorMessage({{"type", "TASK_STATE"}, {"task", reported}}).ok());
    BOOST_CHECK_EQUAL(h.core().Task("epoch", "t1")->dump(), reported.dump());
    const std::string key = store::RecordKey("epoch", reported["instanceId"]);
    const json stored = json::parse(data->at(store::kTask).at(key));
    BOOST_CHECK_EQUAL(stored["info"].dump(), reported.dump());
    BOOST_CHECK_EQUAL(stored["spec"].dump(), TaskSpec().dump());
  }
  Harness reloaded(data);
  BOOST_CHECK_EQUAL(reloaded.core().Task("epoch", "t1")->dump(), reported.dump());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing

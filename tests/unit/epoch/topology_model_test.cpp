// Topology and run JSON as Epoch emits it, the simple (UI) request expansion, validation texts.
#include <boost/test/unit_test.hpp>

#include "orchestrator/epoch/model/docker_reference.h"
#include "orchestrator/epoch/model/email.h"
#include "orchestrator/epoch/model/run_info.h"
#include "orchestrator/epoch/model/simple_requests.h"
#include "orchestrator/epoch/model/topology.h"
#include "orchestrator/epoch/model/topology_validation.h"
#include "tests/unit/epoch/print_enums.h"

namespace drove::epoch {
namespace {

Json Simple() {
  return Json::parse(R"({"name":"T","cron":"0 0/1 * * * ?","docker":"docker.io/bash",
      "cpus":1,"memory":512,"notifyEmail":"a@b.com, c@d.org","env":{"A":"B"},
      "volumes":[{"pathInContainer":"/tmp","pathOnHost":"/tmp","mode":"READ_ONLY"}]})");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(topology_model)

BOOST_AUTO_TEST_CASE(simple_create_expands_to_epochs_docker_task) {
  auto request = ParseSimpleRequest(Simple());
  BOOST_TEST_REQUIRE(request.ok(), request.error());
  BOOST_TEST(ValidateSimpleRequest(*request, true).empty());
  const Json json = ToJson(ExpandSimpleRequest("T", *request));
  BOOST_TEST(
      json.dump() ==
      R"({"name":"T","task":{"type":"CONTAINER_EXECUTION","taskName":"docker-task",)"
      R"("executable":{"type":"DOCKER","url":"docker.io/bash","dockerPullTimeout":"120 seconds"},)"
      R"("resources":[{"type":"CPU","count":1},{"type":"MEMORY","sizeInMB":512}],)"
      R"("volumes":[{"pathInContainer":"/tmp","pathOnHost":"/tmp","mode":"READ_ONLY"}],)"
      R"("configs":[],"logging":{"type":"LOCAL","maxSize":"10m","maxFiles":3,"compress":true},)"
      R"("placementPolicy":{"type":"ANY"},"tags":{},"env":{"A":"B"}},)"
      R"("trigger":{"type":"CRON","timeSpec":"0 0/1 * * * ?"},)"
      R"("notify":{"type":"MAIL","emails":["a@b.com","c@d.org"]}})");
}

BOOST_AUTO_TEST_CASE(simple_request_limits_are_epochs) {
  Json body = Simple();
  body["cpus"] = 0;
  body["memory"] = 50;
  body["name"] = "bad name";
  auto request = ParseSimpleRequest(body);
  BOOST_TEST_REQUIRE(request.ok());
  const auto errors = ValidateSimpleRequest(*request, true);
  const std::vector<std::string> expected = {"name must match \"[0-9a-zA-Z_-]+\"",
                                             "cpus must be greater than or equal to 1",
                                             "memory must be greater than or equal to 128"};
  BOOST_TEST(errors == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(full_topology_round_trips_with_type_first) {
  const char* text =
      R"({"name":"T","task":{"type":"COMPOSITE","tasks":[{"type":"CONTAINER_EXECUTION",)"
      R"("taskName":"a","executable":{"url":"x"},"resources":[{"type":"CPU","count":1}]}],)"
      R"("compositionType":"ANY"},"trigger":{"type":"AT","time":1700000000000},)"
      R"("notify":{"type":"BLACKHOLE"}})";
  auto topology = ParseTopology(Json::parse(text));
  BOOST_TEST_REQUIRE(topology.ok(), topology.error());
  BOOST_TEST(ToJson(*topology).dump() ==
             R"({"name":"T","task":{"type":"COMPOSITE","tasks":[{"type":"CONTAINER_EXECUTION",)"
             R"("taskName":"a","executable":{"type":"DOCKER","url":"x"},)"
             R"("resources":[{"type":"CPU","count":1}]}],"compositionType":"ANY"},)"
             R"("trigger":{"type":"AT","time":1700000000000},"notify":{"type":"BLACKHOLE"}})");
}

BOOST_AUTO_TEST_CASE(type_ids_are_case_sensitive_and_enum_values_are_not) {
  auto bad = ParseTopology(Json::parse(R"({"name":"T","trigger":{"type":"cron","timeSpec":"x"}})"));
  BOOST_TEST(!bad.ok());
  auto good = ParseTopology(Json::parse(
      R"({"name":"T","task":{"type":"COMPOSITE","tasks":[],"compositionType":"any"}})"));
  BOOST_TEST_REQUIRE(good.ok(), good.error());
  BOOST_TEST((good->task->composition == CompositionType::kAny));
}

BOOST_AUTO_TEST_CASE(full_api_validation_names_every_broken_rule) {
  auto topology = ParseTopology(
      Json::parse(R"({"name":"a b","task":{"type":"CONTAINER_EXECUTION","taskName":"t"}})"));
  BOOST_TEST_REQUIRE(topology.ok());
  const auto errors = ValidateTopology(*topology);
  const std::vector<std::string> expected = {
      "name - Only alphanumeric - and _ allowed",
      "task.executable - Executable details is required",
      "task.resources - CPU/Memory requirements must be specified", "trigger must not be null"};
  BOOST_TEST(errors == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(cron_with_both_day_fields_is_invalid) {
  BOOST_TEST(!CronIsValidText("0 0 12 * * *"));
  BOOST_TEST(!CronIsValidText("* * * * *"));
  BOOST_TEST(CronIsValidText("0/5 * * ? * *"));
}

BOOST_AUTO_TEST_CASE(run_ids_carry_the_fire_time_in_the_zone) {
  const int64_t fire = 1705314600000;  // 2024-01-15T10:30:00Z
  BOOST_TEST(FormatRunId(RunType::kScheduled, fire, cron::TimeZone::Utc()) ==
             "ESR-2024-01-15-10-30-00-000");
  BOOST_TEST(FormatRunId(RunType::kInstant, fire + 123, cron::TimeZone::Utc()) ==
             "EIR-2024-01-15-10-30-00-123");
  auto kolkata = cron::TimeZone::Load("Asia/Kolkata");
  BOOST_TEST_REQUIRE(kolkata.ok());
  BOOST_TEST(FormatRunId(RunType::kScheduled, fire, *kolkata) == "ESR-2024-01-15-16-00-00-000");
  BOOST_TEST(TaskIdOf("T", "ESR-2024-01-15-10-30-00-000", "docker-task") ==
             "T-ESR-2024-01-15-10-30-00-000-docker-task");
}

BOOST_AUTO_TEST_CASE(run_info_json_leaves_null_error_out) {
  RunInfo run;
  run.topology_id = "T";
  run.run_id = "ESR-1";
  run.message = "Job started";
  run.tasks["docker-task"] =
      TaskRunInfo{"T-ESR-1-docker-task", TaskRunState::kPending, "", std::nullopt};
  run.created = 1;
  run.updated = 2;
  BOOST_TEST(ToJson(run).dump() ==
             R"({"topologyId":"T","runId":"ESR-1","state":"RUNNING","message":"Job started",)"
             R"("tasks":{"docker-task":{"taskId":"T-ESR-1-docker-task","state":"PENDING"}},)"
             R"("runType":"SCHEDULED","created":1,"updated":2})");
  auto parsed = ParseRunInfo(ToJson(run));
  BOOST_TEST_REQUIRE(parsed.ok());
  BOOST_TEST(ToJson(*parsed).dump() == ToJson(run).dump());
}

BOOST_AUTO_TEST_CASE(docker_references_and_emails_follow_epochs_patterns) {
  BOOST_TEST(IsDockerReference("docker.io/bash"));
  BOOST_TEST(IsDockerReference("localhost:5000/team/app:1.2-rc"));
  BOOST_TEST(IsDockerReference("drove-test/task:1"));
  BOOST_TEST(!IsDockerReference("Docker.io/Bash"));
  BOOST_TEST(!IsDockerReference("bash:"));
  BOOST_TEST(!IsDockerReference("-bash"));
  BOOST_TEST(IsEmailAddress("a.b+c@example.co"));
  BOOST_TEST(!IsEmailAddress("a@b"));
  BOOST_TEST(ParseEmailList("a@b.com,  c@d.org").value().size() == 2u);
  BOOST_TEST(!ParseEmailList("a@b.com, ").has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

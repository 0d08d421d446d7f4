// Unit tests of application and task operations: parse, validation and storage round trips.
#include "orchestrator/core/model/operations.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/validation.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::Join;
using testing::LoadSample;

const json kOpSpec = {{"timeout", "5m"}, {"parallelism", 1}, {"failureStrategy", "STOP"}};

ApplicationOperation ParseOp(const json& j) {
  auto op = ParseApplicationOperation(j);
  BOOST_TEST_REQUIRE(op.ok(), op.error());
  return *op;
}

BOOST_AUTO_TEST_SUITE(operations)

BOOST_AUTO_TEST_CASE(cli_create_with_sample_spec_is_valid_and_names_the_app) {
  auto op = ParseOp({{"type", "CREATE"}, {"spec", LoadSample("test_app.json")}, {"opSpec", kOpSpec}});
  BOOST_TEST(ValidateOperation(op).empty(), Join(ValidateOperation(op)));
  BOOST_TEST(OperationAppId(op) == "TEST_APP-1");
  BOOST_TEST(op.op_spec->timeout->ToString() == "5 minutes");
}

BOOST_AUTO_TEST_CASE(every_cli_operation_body_parses_and_validates) {
  std::vector<json> bodies = {
      {{"type", "DESTROY"}, {"appId", "A-1"}, {"opSpec", kOpSpec}},
      {{"type", "START_INSTANCES"}, {"appId", "A-1"}, {"instances", 2}, {"opSpec", kOpSpec}},
      {{"type", "SCALE"}, {"appId", "A-1"}, {"requiredInstances", 3}, {"opSpec", kOpSpec}},
      {{"type", "SUSPEND"}, {"appId", "A-1"}, {"opSpec", kOpSpec}},
      {{"type", "REPLACE_INSTANCES"}, {"appId", "A-1"}, {"opSpec", kOpSpec}},
      {{"type", "REPLACE_INSTANCES"}, {"appId", "A-1"}, {"instanceIds", {"AI-1"}},
       {"opSpec", kOpSpec}},
      {{"type", "STOP_INSTANCES"}, {"appId", "A-1"}, {"instanceIds", {"AI-1"}},
       {"skipRespawn", true}, {"opSpec", kOpSpec}},
      {{"type", "RECOVER"}, {"appId", "A-1"}},
  };
  for (const json& body : bodies) {
    auto op = ParseOp(body);
    BOOST_TEST(ValidateOperation(op).empty(), body.dump() << Join(ValidateOperation(op)));
    BOOST_TEST(OperationAppId(op) == "A-1");
  }
}

BOOST_AUTO_TEST_CASE(operations_round_trip_through_json_for_storage) {
  std::vector<json> bodies = {
      {{"type", "CREATE"}, {"spec", LoadSample("test_app.json")}, {"instances", 2},
       {"opSpec", kOpSpec}},
      {{"type", "STOP_INSTANCES"}, {"appId", "A-1"}, {"instanceIds", {"AI-1", "AI-2"}},
       {"skipRespawn", true}, {"opSpec", kOpSpec}},
      {{"type", "REPLACE_INSTANCES"}, {"appId", "A-1"}, {"stopFirst", true}, {"opSpec", kOpSpec}},
      {{"type", "SCALE"}, {"appId", "A-1"}, {"requiredInstances", 0}, {"opSpec", kOpSpec}},
  };
  for (const json& body : bodies) {
    ApplicationOperation op = ParseOp(body);
    json stored = op;
    BOOST_TEST(stored["type"] == body["type"]);
    BOOST_TEST((ParseOp(stored) == op), stored.dump());
  }
}

BOOST_AUTO_TEST_CASE(scale_type_id_is_scale_not_scale_instances) {
  BOOST_TEST(!ParseApplicationOperation({{"type", "SCALE_INSTANCES"}, {"appId", "A"}}).ok());
  json out = ParseOp({{"type", "SCALE"}, {"appId", "A"}, {"requiredInstances", 1}});
  BOOST_TEST(out["type"] == "SCALE");
  BOOST_TEST(out["requiredInstances"] == 1);
  BOOST_TEST(!out.contains("instances"));
}

BOOST_AUTO_TEST_CASE(unknown_operation_type_is_a_parse_error) {
  auto op = ParseApplicationOperation({{"type", "EXPLODE"}, {"appId", "A"}});
  BOOST_TEST_REQUIRE(!op.ok());
  BOOST_TEST(op.error().rfind("type: unknown type \"EXPLODE\"", 0) == 0u, op.error());
}

BOOST_AUTO_TEST_CASE(bad_spec_in_create_is_a_parse_error_under_spec) {
  json spec = LoadSample("test_app.json");
  spec["readiness"]["timeout"] = "soon";
  auto op = ParseApplicationOperation({{"type", "CREATE"}, {"spec", spec}, {"opSpec", kOpSpec}});
  BOOST_TEST_REQUIRE(!op.ok());
  BOOST_TEST(op.error() == "spec.readiness.timeout: cannot parse duration \"soon\"");
}

BOOST_AUTO_TEST_CASE(bad_op_spec_values_are_parse_errors) {
  auto op = ParseApplicationOperation(
      {{"type", "SUSPEND"}, {"appId", "A"}, {"opSpec", {{"timeout", "5 eons"}}}});
  BOOST_TEST(op.error() == "opSpec.timeout: cannot parse duration \"5 eons\"");
  op = ParseApplicationOperation(
      {{"type", "SUSPEND"}, {"appId", "A"}, {"opSpec", {{"failureStrategy", "PANIC"}}}});
  BOOST_TEST(op.error() == "opSpec.failureStrategy: unknown FailureStrategy value \"PANIC\"");
}

BOOST_AUTO_TEST_CASE(missing_op_spec_is_invalid_except_for_recover) {
  BOOST_TEST(Contains(ValidateOperation(ParseOp({{"type", "SUSPEND"}, {"appId", "A"}})),
                      "opSpec: must not be null"));
  BOOST_TEST(ValidateOperation(ParseOp({{"type", "RECOVER"}, {"appId", "A"}})).empty());
}

BOOST_AUTO_TEST_CASE(present_op_spec_missing_fields_is_invalid) {
  auto errors = ValidateOperation(ParseOp({{"type", "SUSPEND"}, {"appId", "A"}, {"opSpec", json::object()}}));
  BOOST_TEST(Contains(errors, "opSpec.timeout: must not be null"), Join(errors));
  BOOST_TEST(Contains(errors, "opSpec.parallelism: must be between 1 and 512"), Join(errors));
  BOOST_TEST(Contains(errors, "opSpec.failureStrategy: must not be null"), Join(errors));
}

BOOST_AUTO_TEST_CASE(cluster_op_spec_default_is_300_seconds_1_stop) {
  json j = ClusterOpSpec::Default();
  BOOST_TEST(j == json({{"timeout", "300 seconds"}, {"parallelism", 1}, {"failureStrategy", "STOP"}}));
  BOOST_TEST(ValidateClusterOpSpec(ClusterOpSpec::Default()).empty());
}

BOOST_AUTO_TEST_CASE(parallelism_above_512_is_invalid) {
  ClusterOpSpec op_spec;
  op_spec.parallelism = 513;
  BOOST_TEST(Contains(ValidateClusterOpSpec(op_spec), "parallelism: must be between 1 and 512"));
}

BOOST_AUTO_TEST_CASE(instance_counts_are_range_checked) {
  auto errors = ValidateOperation(ParseOp(
      {{"type", "START_INSTANCES"}, {"appId", "A"}, {"instances", 1025}, {"opSpec", kOpSpec}}));
  BOOST_TEST(Contains(errors, "instances: must be between 0 and 1024"), Join(errors));
  errors = ValidateOperation(ParseOp(
      {{"type", "SCALE"}, {"appId", "A"}, {"requiredInstances", -1}, {"opSpec", kOpSpec}}));
  BOOST_TEST(Contains(errors, "requiredInstances: must be between 0 and 2048"), Join(errors));
  errors = ValidateOperation(ParseOp({{"type", "CREATE"},
                                      {"spec", LoadSample("test_app.json")},
                                      {"instances", 2049},
                                      {"opSpec", kOpSpec}}));
  BOOST_TEST(Contains(errors, "instances: must be between 0 and 2048"), Join(errors));
}

BOOST_AUTO_TEST_CASE(stop_instances_needs_ids_and_every_op_needs_an_app_id) {
  auto errors = ValidateOperation(ParseOp({{"type", "STOP_INSTANCES"}, {"opSpec", kOpSpec}}));
  BOOST_TEST(Contains(errors, "instanceIds: must not be empty"), Join(errors));
  BOOST_TEST(Contains(errors, "appId: must not be empty"), Join(errors));
}

BOOST_AUTO_TEST_CASE(create_without_spec_is_invalid_and_spec_errors_are_prefixed) {
  BOOST_TEST(Contains(ValidateOperation(ParseOp({{"type", "CREATE"}, {"opSpec", kOpSpec}})),
                      "spec: must not be null"));
  json spec = LoadSample("test_app.json");
  spec["name"] = "bad name";
  auto errors = ValidateOperation(ParseOp({{"type", "CREATE"}, {"spec", spec}, {"opSpec", kOpSpec}}));
  BOOST_TEST(Contains(errors, "spec.name: must match \"[a-zA-Z\\d\\-_]*\""), Join(errors));
}

BOOST_AUTO_TEST_CASE(epoch_task_create_and_kill_are_valid) {
  json op_spec = {{"timeout", "300 seconds"}, {"parallelism", 1}, {"failureStrategy", "STOP"}};
  json spec = LoadSample("test_task.json");
  spec["devices"] = json::array();
  auto create = ParseTaskOperation({{"type", "CREATE"}, {"spec", spec}, {"opSpec", op_spec}});
  BOOST_TEST_REQUIRE(create.ok(), create.error());
  BOOST_TEST(ValidateOperation(*create).empty(), Join(ValidateOperation(*create)));
  BOOST_TEST(OperationTaskInternalId(*create) == "TEST_APP-T0012");
  auto kill = ParseTaskOperation(
      {{"type", "KILL"}, {"sourceAppName", "TEST_APP"}, {"taskId", "T0012"}, {"opSpec", op_spec}});
  BOOST_TEST_REQUIRE(kill.ok(), kill.error());
  BOOST_TEST(ValidateOperation(*kill).empty());
  BOOST_TEST(OperationTaskInternalId(*kill) == "TEST_APP-T0012");
  BOOST_TEST((ParseTaskOperation(json(*kill)).value() == *kill));
  BOOST_TEST((ParseTaskOperation(json(*create)).value() == *create));
}

BOOST_AUTO_TEST_CASE(task_kill_without_ids_or_op_spec_is_invalid) {
  auto kill = ParseTaskOperation({{"type", "KILL"}});
  BOOST_TEST_REQUIRE(kill.ok());
  auto errors = ValidateOperation(*kill);
  BOOST_TEST(Contains(errors, "sourceAppName: must not be empty"), Join(errors));
  BOOST_TEST(Contains(errors, "taskId: must not be empty"), Join(errors));
  BOOST_TEST(Contains(errors, "opSpec: must not be null"), Join(errors));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

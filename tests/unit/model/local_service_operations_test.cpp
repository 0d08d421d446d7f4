// Unit tests of local service operations: parse, the STOP alias, storage round trips and
// validation.
#include "orchestrator/core/model/local_service_operations.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/validation.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::Join;
using testing::LoadSample;

using Type = LocalServiceOperationType;

const json kOpSpec = {{"timeout", "5m"}, {"parallelism", 2}, {"failureStrategy", "STOP"}};

LocalServiceOperation ParseOp(const json& j) {
  auto op = ParseLocalServiceOperation(j);
  BOOST_TEST_REQUIRE(op.ok(), op.error());
  return *op;
}

std::vector<std::string> Validate(const json& j) { return ValidateOperation(ParseOp(j)); }

json Create(const json& spec, int instances_per_host) {
  return {{"type", "CREATE"}, {"spec", spec}, {"instancesPerHost", instances_per_host}};
}

BOOST_AUTO_TEST_SUITE(local_service_operations)

BOOST_AUTO_TEST_CASE(type_ids_have_drove_spellings) {
  BOOST_TEST(ToString(Type::kDeployTestInstance) == "DEPLOY_TEST_INSTANCE");
  BOOST_TEST(ToString(Type::kUpdateInstanceCount) == "UPDATE_INSTANCE_COUNT");
  BOOST_TEST(ToString(Type::kDeactivate) == "DEACTIVATE");
  BOOST_TEST(EnumInfo<Type>::kNames.size() == 10u);
}

BOOST_AUTO_TEST_CASE(cli_create_with_sample_service_is_valid_and_names_the_service) {
  auto op = ParseOp(Create(LoadSample("test_service.json"), 1));
  BOOST_TEST((op.type == Type::kCreate));
  BOOST_TEST(op.instances_per_host == 1);
  BOOST_TEST(ValidateOperation(op).empty(), Join(ValidateOperation(op)));
  BOOST_TEST(OperationServiceId(op) == "TEST_LOCAL_SERVICE-1");
  BOOST_TEST(!op.op_spec.has_value());
}

BOOST_AUTO_TEST_CASE(every_cli_operation_body_parses_and_validates) {
  std::vector<std::pair<json, Type>> bodies = {
      {{{"type", "ACTIVATE"}, {"serviceId", "S-1"}}, Type::kActivate},
      {{{"type", "DEACTIVATE"}, {"serviceId", "S-1"}}, Type::kDeactivate},
      {{{"type", "DEPLOY_TEST_INSTANCE"}, {"serviceId", "S-1"}}, Type::kDeployTestInstance},
      {{{"type", "DESTROY"}, {"serviceId", "S-1"}}, Type::kDestroy},
      {{{"type", "ADJUST_INSTANCES"}, {"serviceId", "S-1"}}, Type::kAdjustInstances},
      {{{"type", "UPDATE_INSTANCE_COUNT"}, {"serviceId", "S-1"}, {"instancesPerHost", 255}},
       Type::kUpdateInstanceCount},
      {{{"type", "RESTART"}, {"serviceId", "S-1"}, {"stopFirst", true}, {"opSpec", kOpSpec}},
       Type::kRestart},
      {{{"type", "REPLACE_INSTANCES"},
        {"serviceId", "S-1"},
        {"instanceIds", {"SI-1"}},
        {"stopFirst", false},
        {"opSpec", kOpSpec}},
       Type::kReplaceInstances},
      {{{"type", "STOP_INSTANCES"},
        {"serviceId", "S-1"},
        {"instanceIds", {"SI-1"}},
        {"opSpec", kOpSpec}},
       Type::kStopInstances},
  };
  for (const auto& [body, type] : bodies) {
    auto op = ParseOp(body);
    BOOST_TEST((op.type == type), body.dump());
    BOOST_TEST(ValidateOperation(op).empty(), body.dump() << Join(ValidateOperation(op)));
    BOOST_TEST(OperationServiceId(op) == "S-1");
  }
}

BOOST_AUTO_TEST_CASE(stop_is_read_as_deactivate_and_written_as_deactivate) {
  auto op = ParseOp({{"type", "STOP"}, {"serviceId", "S-1"}});
  BOOST_TEST((op.type == Type::kDeactivate));
  BOOST_TEST(op.service_id == "S-1");
  BOOST_TEST(json(op) == json({{"type", "DEACTIVATE"}, {"serviceId", "S-1"}}));
}

BOOST_AUTO_TEST_CASE(every_operation_type_round_trips_through_json_for_storage) {
  std::vector<json> bodies = {
      Create(LoadSample("test_service.json"), 3),
      {{"type", "ACTIVATE"}, {"serviceId", "S-1"}},
      {{"type", "DEACTIVATE"}, {"serviceId", "S-1"}},
      {{"type", "DEPLOY_TEST_INSTANCE"}, {"serviceId", "S-1"}},
      {{"type", "ADJUST_INSTANCES"}, {"serviceId", "S-1"}, {"opSpec", kOpSpec}},
      {{"type", "RESTART"}, {"serviceId", "S-1"}, {"stopFirst", true}, {"clusterOpSpec", kOpSpec}},
      {{"type", "REPLACE_INSTANCES"},
       {"serviceId", "S-1"},
       {"instanceIds", {"SI-1", "SI-2"}},
       {"stopFirst", true},
       {"opSpec", kOpSpec}},
      {{"type", "STOP_INSTANCES"},
       {"serviceId", "S-1"},
       {"instanceIds", {"SI-1"}},
       {"opSpec", kOpSpec}},
      {{"type", "UPDATE_INSTANCE_COUNT"}, {"serviceId", "S-1"}, {"instancesPerHost", 4}},
      {{"type", "DESTROY"}, {"serviceId", "S-1"}},
  };
  for (const json& body : bodies) {
    LocalServiceOperation op = ParseOp(body);
    json stored = op;
    BOOST_TEST(stored["type"] == body["type"]);
    BOOST_TEST((ParseOp(stored) == op), stored.dump());
  }
}

BOOST_AUTO_TEST_CASE(written_operations_carry_only_their_own_fields) {
  json replace = ParseOp({{"type", "REPLACE_INSTANCES"}, {"serviceId", "S-1"}});
  BOOST_TEST(replace == json({{"type", "REPLACE_INSTANCES"},
                              {"serviceId", "S-1"},
                              {"instanceIds", json::array()},
                              {"stopFirst", false}}));
  json count = ParseOp({{"type", "UPDATE_INSTANCE_COUNT"},
                        {"serviceId", "S-1"},
                        {"instancesPerHost", 2},
                        {"stopFirst", true},
                        {"opSpec", kOpSpec}});
  BOOST_TEST(
      count ==
      json({{"type", "UPDATE_INSTANCE_COUNT"}, {"serviceId", "S-1"}, {"instancesPerHost", 2}}));
  json create = ParseOp(Create(LoadSample("test_service.json"), 1));
  BOOST_TEST(!create.contains("serviceId"));
  BOOST_TEST(!create.contains("opSpec"));
  BOOST_TEST(create["instancesPerHost"] == 1);
}

BOOST_AUTO_TEST_CASE(restart_reads_cluster_op_spec_and_ignores_the_clis_op_spec) {
  auto cli = ParseOp(
      {{"type", "RESTART"}, {"serviceId", "S-1"}, {"stopFirst", true}, {"opSpec", kOpSpec}});
  BOOST_TEST(!cli.op_spec.has_value());
  BOOST_TEST(cli.stop_first);
  auto named = ParseOp({{"type", "RESTART"}, {"serviceId", "S-1"}, {"clusterOpSpec", kOpSpec}});
  BOOST_TEST_REQUIRE(named.op_spec.has_value());
  BOOST_TEST(named.op_spec->parallelism == 2);
  json out = named;
  BOOST_TEST(out.contains("clusterOpSpec"));
  BOOST_TEST(!out.contains("opSpec"));
}

BOOST_AUTO_TEST_CASE(restart_runs_as_replace_of_every_instance) {
  auto restart = ParseOp(
      {{"type", "RESTART"}, {"serviceId", "S-1"}, {"stopFirst", true}, {"clusterOpSpec", kOpSpec}});
  LocalServiceOperation replace = RestartAsReplace(restart);
  BOOST_TEST((replace.type == Type::kReplaceInstances));
  BOOST_TEST(replace.service_id == "S-1");
  BOOST_TEST(replace.instance_ids.empty());
  BOOST_TEST(replace.stop_first);
  BOOST_TEST((replace.op_spec == restart.op_spec));
  auto activate = ParseOp({{"type", "ACTIVATE"}, {"serviceId", "S-1"}});
  BOOST_TEST((RestartAsReplace(activate) == activate));
}

BOOST_AUTO_TEST_CASE(repeated_instance_ids_name_one_instance) {
  auto op = ParseOp({{"type", "STOP_INSTANCES"},
                     {"serviceId", "S-1"},
                     {"instanceIds", {"SI-2", "SI-1", "SI-2"}}});
  BOOST_TEST((op.instance_ids == std::vector<std::string>{"SI-2", "SI-1"}));
}

BOOST_AUTO_TEST_CASE(op_spec_is_optional_and_absent_on_types_without_one) {
  BOOST_TEST(Validate({{"type", "ADJUST_INSTANCES"}, {"serviceId", "S-1"}}).empty());
  auto op = ParseOp({{"type", "ACTIVATE"}, {"serviceId", "S-1"}, {"opSpec", kOpSpec}});
  BOOST_TEST(!op.op_spec.has_value());
  BOOST_TEST(LocalServiceOpSpecField(Type::kActivate).empty());
}

BOOST_AUTO_TEST_CASE(unknown_type_and_wrong_shapes_are_parse_errors) {
  auto op = ParseLocalServiceOperation({{"type", "SCALE"}, {"serviceId", "S-1"}});
  BOOST_TEST_REQUIRE(!op.ok());
  BOOST_TEST(op.error().rfind("type: unknown type \"SCALE\"", 0) == 0u, op.error());
  op = ParseLocalServiceOperation({{"type", "stop"}, {"serviceId", "S-1"}});
  BOOST_TEST(!op.ok());
  op = ParseLocalServiceOperation({{"type", "STOP_INSTANCES"}, {"instanceIds", "SI-1"}});
  BOOST_TEST(op.error() == "instanceIds: expected array, got string");
  op = ParseLocalServiceOperation(
      {{"type", "ADJUST_INSTANCES"}, {"serviceId", "S"}, {"opSpec", {{"timeout", "5 eons"}}}});
  BOOST_TEST(op.error() == "opSpec.timeout: cannot parse duration \"5 eons\"");
  op = ParseLocalServiceOperation(
      {{"type", "RESTART"}, {"serviceId", "S"}, {"clusterOpSpec", {{"failureStrategy", "PANIC"}}}});
  BOOST_TEST(op.error() ==
             "clusterOpSpec.failureStrategy: unknown FailureStrategy value \"PANIC\"");
}

BOOST_AUTO_TEST_CASE(bad_spec_in_create_is_a_parse_error_under_spec) {
  json spec = LoadSample("test_service.json");
  spec["healthcheck"]["interval"] = "often";
  auto op = ParseLocalServiceOperation(Create(spec, 1));
  BOOST_TEST_REQUIRE(!op.ok());
  BOOST_TEST(op.error() == "spec.healthcheck.interval: cannot parse duration \"often\"");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(local_service_operation_validation)

BOOST_AUTO_TEST_CASE(every_non_create_operation_needs_a_service_id) {
  for (std::string_view type : EnumInfo<Type>::kNames) {
    if (type == "CREATE") continue;
    auto errors =
        Validate({{"type", std::string(type)}, {"instanceIds", {"SI-1"}}, {"instancesPerHost", 1}});
    BOOST_TEST(Contains(errors, "serviceId: must not be empty"), type << Join(errors));
  }
}

BOOST_AUTO_TEST_CASE(instances_per_host_must_be_1_to_256) {
  json spec = LoadSample("test_service.json");
  for (int bad : {0, 257, -1}) {
    BOOST_TEST(
        Contains(Validate(Create(spec, bad)), "instancesPerHost: must be between 1 and 256"));
    BOOST_TEST(Contains(
        Validate(
            {{"type", "UPDATE_INSTANCE_COUNT"}, {"serviceId", "S-1"}, {"instancesPerHost", bad}}),
        "instancesPerHost: must be between 1 and 256"));
  }
  BOOST_TEST(Validate(Create(spec, 256)).empty());
  auto absent = Validate({{"type", "CREATE"}, {"spec", spec}});
  BOOST_TEST(Contains(absent, "instancesPerHost: must be between 1 and 256"), Join(absent));
}

BOOST_AUTO_TEST_CASE(stop_instances_needs_instance_ids_and_replace_does_not) {
  auto errors = Validate({{"type", "STOP_INSTANCES"}, {"serviceId", "S-1"}});
  BOOST_TEST(Contains(errors, "instanceIds: must not be empty"), Join(errors));
  errors =
      Validate({{"type", "STOP_INSTANCES"}, {"serviceId", "S-1"}, {"instanceIds", json::array()}});
  BOOST_TEST(Contains(errors, "instanceIds: must not be empty"), Join(errors));
  BOOST_TEST(Validate({{"type", "REPLACE_INSTANCES"}, {"serviceId", "S-1"}}).empty());
}

BOOST_AUTO_TEST_CASE(create_without_spec_is_invalid) {
  auto errors = Validate({{"type", "CREATE"}, {"instancesPerHost", 1}});
  BOOST_TEST(Contains(errors, "spec: must not be null"), Join(errors));
}

BOOST_AUTO_TEST_CASE(create_spec_errors_are_prefixed_with_spec) {
  json spec = LoadSample("test_service.json");
  spec["name"] = "bad name";
  spec["resources"] = json::array({{{"type", "CPU"}, {"count", 1}}});
  auto errors = Validate(Create(spec, 1));
  BOOST_TEST(Contains(errors, "spec.name: must match \"[a-zA-Z\\d\\-_]*\""), Join(errors));
  BOOST_TEST(Contains(errors, "spec.resources: Memory requirements are mandatory"), Join(errors));
}

BOOST_AUTO_TEST_CASE(create_needs_local_placement) {
  json spec = LoadSample("test_service.json");
  spec["placementPolicy"] = {{"type", "ANY"}};
  auto errors = Validate(Create(spec, 1));
  BOOST_TEST(
      Contains(errors, "spec.placementPolicy: Only local placement is allowed for local services"),
      Join(errors));
  spec.erase("placementPolicy");
  errors = Validate(Create(spec, 1));
  BOOST_TEST(
      Contains(errors, "spec.placementPolicy: Only local placement is allowed for local services"),
      Join(errors));
}

BOOST_AUTO_TEST_CASE(host_level_service_cannot_have_more_than_one_instance) {
  json spec = LoadSample("test_service.json");
  spec["placementPolicy"] = {{"type", "LOCAL"}, {"hostLevel", true}};
  BOOST_TEST(Validate(Create(spec, 1)).empty(), Join(Validate(Create(spec, 1))));
  auto errors = Validate(Create(spec, 2));
  BOOST_TEST(
      Contains(errors, "instancesPerHost: Host level service cannot have more than one instance"),
      Join(errors));
  spec["placementPolicy"] = {
      {"type", "COMPOSITE"},
      {"policies",
       {{{"type", "LOCAL"}, {"hostLevel", true}}, {{"type", "MATCH_TAG"}, {"tag", "t"}}}}};
  errors = Validate(Create(spec, 2));
  BOOST_TEST(
      Contains(errors, "instancesPerHost: Host level service cannot have more than one instance"),
      Join(errors));
}

BOOST_AUTO_TEST_CASE(present_op_spec_is_checked_under_its_own_name) {
  auto errors = Validate({{"type", "STOP_INSTANCES"},
                          {"serviceId", "S-1"},
                          {"instanceIds", {"SI-1"}},
                          {"opSpec", json::object()}});
  BOOST_TEST(Contains(errors, "opSpec.timeout: must not be null"), Join(errors));
  BOOST_TEST(Contains(errors, "opSpec.parallelism: must be between 1 and 512"), Join(errors));
  BOOST_TEST(Contains(errors, "opSpec.failureStrategy: must not be null"), Join(errors));
  errors = Validate({{"type", "RESTART"},
                     {"serviceId", "S-1"},
                     {"clusterOpSpec", {{"timeout", "1m"}, {"failureStrategy", "STOP"}}}});
  BOOST_TEST(Contains(errors, "clusterOpSpec.parallelism: must be between 1 and 512"),
             Join(errors));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

// Unit tests of TaskSpec and LocalServiceSpec parsing and round trips (the task and service samples).
#include "orchestrator/core/model/task_spec.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/local_service_spec.h"
#include "orchestrator/core/model/validation.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::Join;
using testing::LoadSample;

BOOST_AUTO_TEST_SUITE(task_spec)

BOOST_AUTO_TEST_CASE(sample_task_parses_validates_and_round_trips_exactly) {
  json sample = LoadSample("test_task.json");
  auto spec = ParseTaskSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(ValidateTaskSpec(*spec).empty(), Join(ValidateTaskSpec(*spec)));
  BOOST_TEST(json(*spec) == sample, json(*spec).dump());
  BOOST_TEST(TaskInternalId(*spec) == "TEST_APP-T0012");
}

BOOST_AUTO_TEST_CASE(task_spec_without_optionals_omits_them) {
  json sample = LoadSample("test_task.json");
  sample.erase("volumes");
  sample.erase("env");
  sample.erase("placementPolicy");
  auto spec = ParseTaskSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  json out = *spec;
  BOOST_TEST(!out.contains("volumes"));
  BOOST_TEST(!out.contains("env"));
  BOOST_TEST(!out.contains("placementPolicy"));
  BOOST_TEST(out == sample);
}

BOOST_AUTO_TEST_CASE(task_parse_error_names_the_field) {
  json sample = LoadSample("test_task.json");
  sample["executable"]["dockerPullTimeout"] = "100 fortnights";
  auto spec = ParseTaskSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "executable.dockerPullTimeout: cannot parse duration \"100 fortnights\"");
}

BOOST_AUTO_TEST_CASE(executable_type_other_than_docker_is_a_parse_error) {
  json sample = LoadSample("test_task.json");
  sample["executable"]["type"] = "RKT";
  BOOST_TEST(!ParseTaskSpec(sample).ok());
}

BOOST_AUTO_TEST_CASE(sample_local_service_parses_validates_and_round_trips) {
  json sample = LoadSample("test_service.json");
  auto spec = ParseLocalServiceSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(ValidateLocalServiceSpec(*spec).empty(), Join(ValidateLocalServiceSpec(*spec)));
  BOOST_TEST(ServiceId(*spec) == "TEST_LOCAL_SERVICE-1");
  json out = *spec;
  BOOST_TEST(out == sample, out.dump());
  BOOST_TEST(out["logging"]["maxSize"] == "100m");
}

BOOST_AUTO_TEST_CASE(local_service_without_local_placement_is_invalid) {
  json sample = LoadSample("test_service.json");
  sample["placementPolicy"] = {{"type", "ANY"}};
  auto spec = ParseLocalServiceSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok());
  BOOST_TEST(testing::Contains(ValidateLocalServiceSpec(*spec),
                               "placementPolicy: Only local placement is allowed for local services"));
}

BOOST_AUTO_TEST_CASE(masked_task_spec_blanks_inline_data) {
  json sample = LoadSample("test_task.json");
  sample["configs"] = json::array({{{"type", "INLINE"}, {"localFilename", "/a"}, {"data", "YQ=="}}});
  auto spec = ParseTaskSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok());
  BOOST_TEST(json(MaskTaskSpec(*spec))["configs"][0]["data"] == "");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

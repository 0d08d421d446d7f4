// Unit tests of enum spellings, parsing and the state sets.
#include "orchestrator/core/model/enums.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {
namespace {

BOOST_AUTO_TEST_SUITE(enums)

BOOST_AUTO_TEST_CASE(names_are_drove_upper_snake_spellings) {
  BOOST_TEST(ToString(InstanceState::kReadinessCheckFailed) == "READINESS_CHECK_FAILED");
  BOOST_TEST(ToString(ApplicationState::kReplaceInstancesRequested) ==
             "REPLACE_INSTANCES_REQUESTED");
  BOOST_TEST(ToString(TaskState::kRunCompleted) == "RUN_COMPLETED");
  BOOST_TEST(ToString(TaskResultStatus::kTimedOut) == "TIMED_OUT");
  BOOST_TEST(ToString(ExecutorState::kBlacklistRequested) == "BLACKLIST_REQUESTED");
  BOOST_TEST(ToString(EventType::kExecutorUnBlacklisted) == "EXECUTOR_UN_BLACKLISTED");
  BOOST_TEST(ToString(ApplicationOperationType::kScale) == "SCALE");
  BOOST_TEST(ToString(ConfigType::kControllerHttpFetch) == "CONTROLLER_HTTP_FETCH");
  BOOST_TEST(ToString(JobType::kLocalService) == "LOCAL_SERVICE");
}

BOOST_AUTO_TEST_CASE(there_are_fourteen_event_types) {
  BOOST_TEST(EnumInfo<EventType>::kNames.size() == 14u);
  BOOST_TEST(EnumInfo<InstanceState>::kNames.size() == 15u);
  BOOST_TEST(EnumInfo<TaskState>::kNames.size() == 11u);
  BOOST_TEST(EnumInfo<ApplicationState>::kNames.size() == 10u);
}

BOOST_AUTO_TEST_CASE(every_name_parses_back_to_its_value) {
  for (size_t i = 0; i < EnumInfo<InstanceState>::kNames.size(); ++i) {
    auto v = ParseEnum<InstanceState>(EnumInfo<InstanceState>::kNames[i]);
    BOOST_TEST((v && static_cast<size_t>(*v) == i));
  }
}

BOOST_AUTO_TEST_CASE(query_parse_is_case_sensitive_body_parse_is_not) {
  BOOST_TEST(!ParseEnum<InstanceState>("healthy"));
  BOOST_TEST((ParseEnumIgnoreCase<InstanceState>("healthy") == InstanceState::kHealthy));
  BOOST_TEST((nlohmann::json("Read_Only").get<VolumeMode>() == VolumeMode::kReadOnly));
  BOOST_TEST(!ParseEnumIgnoreCase<InstanceState>("HEALTH"));
}

BOOST_AUTO_TEST_CASE(enums_are_written_as_names) {
  nlohmann::json j = InstanceState::kHealthy;
  BOOST_TEST(j == "HEALTHY");
}

BOOST_AUTO_TEST_CASE(unknown_enum_value_is_a_parse_error_naming_the_type) {
  PortType t;
  try {
    ReadJson(nlohmann::json("SCTP"), "exposedPorts[0].type", &t);
    BOOST_FAIL("expected ParseError");
  } catch (const ParseError& e) {
    BOOST_TEST(std::string(e.what()) == "exposedPorts[0].type: unknown PortType value \"SCTP\"");
  }
}

BOOST_AUTO_TEST_CASE(instance_state_sets_match_drove) {
  BOOST_TEST(IsActive(InstanceState::kPending));
  BOOST_TEST(IsActive(InstanceState::kStopping));
  BOOST_TEST(!IsActive(InstanceState::kStopped));
  BOOST_TEST(!IsActive(InstanceState::kStartFailed));
  BOOST_TEST(!IsActive(InstanceState::kUnknown));
  BOOST_TEST(IsRunning(InstanceState::kReady));
  BOOST_TEST(!IsRunning(InstanceState::kUnhealthy));
  BOOST_TEST(IsTerminal(InstanceState::kLost));
  BOOST_TEST(IsError(InstanceState::kReadinessCheckFailed));
}

BOOST_AUTO_TEST_CASE(app_and_task_state_sets_match_drove) {
  BOOST_TEST(IsActive(ApplicationState::kDestroyRequested));
  BOOST_TEST(!IsActive(ApplicationState::kMonitoring));
  BOOST_TEST(IsTerminal(ApplicationState::kFailed));
  BOOST_TEST(IsActive(TaskState::kRunCompleted));
  BOOST_TEST(!IsActive(TaskState::kRunFailed));
  BOOST_TEST(IsTerminal(TaskState::kStopped));
  BOOST_TEST(IsBlacklisted(ExecutorState::kBlacklistRequested));
  BOOST_TEST(!IsBlacklisted(ExecutorState::kUnready));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

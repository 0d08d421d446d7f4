// Unit tests of spec validation: each rule reports its exact field path, all at once.
#include "orchestrator/core/model/validation.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::Contains;
using testing::Join;
using testing::LoadSample;

ApplicationSpec SampleApp() { return ParseApplicationSpec(LoadSample("test_app.json")).value(); }
TaskSpec SampleTask() { return ParseTaskSpec(LoadSample("test_task.json")).value(); }

// Asserts `errors` holds `wanted`, printing them all otherwise.
void ExpectError(const std::vector<std::string>& errors, const std::string& wanted) {
  BOOST_TEST(Contains(errors, wanted), "missing \"" << wanted << "\" in:" << Join(errors));
}

BOOST_AUTO_TEST_SUITE(validation)

BOOST_AUTO_TEST_CASE(empty_spec_reports_every_required_field_at_once) {
  auto errors = ValidateApplicationSpec(ApplicationSpec{});
  for (const char* wanted :
       {"name: must not be empty", "version: must not be empty", "type: must not be null",
        "executable: must not be null", "exposedPorts: must not be empty",
        "resources: must not be empty", "resources: Cpu requirements are mandatory",
        "resources: Memory requirements are mandatory", "healthcheck: must not be null",
        "readiness: must not be null"}) {
    ExpectError(errors, wanted);
  }
}

BOOST_AUTO_TEST_CASE(names_and_versions_must_match_the_pattern) {
  ApplicationSpec spec = SampleApp();
  spec.name = "my app";
  spec.version = "1.0";
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "name: must match \"[a-zA-Z\\d\\-_]*\"");
  ExpectError(errors, "version: must match \"[a-zA-Z\\d\\-_]*\"");
  spec.name = "Ok_name-2";
  spec.version = "v-1_0";
  BOOST_TEST(ValidateApplicationSpec(spec).empty());
}

BOOST_AUTO_TEST_CASE(executable_needs_url_and_pull_timeout) {
  ApplicationSpec spec = SampleApp();
  spec.executable = Executable{};
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "executable.url: must not be empty");
  ExpectError(errors, "executable.dockerPullTimeout: must not be null");
}

BOOST_AUTO_TEST_CASE(port_rules_report_the_port_index) {
  ApplicationSpec spec = SampleApp();
  spec.exposed_ports.push_back(PortSpec{"admin port", 0, std::nullopt});
  spec.exposed_ports.push_back(PortSpec{"", 65536, PortType::kTcp});
  spec.exposed_ports.push_back(PortSpec{"main", 9000, PortType::kTcp});
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "exposedPorts[1].name: must match \"[a-zA-Z0-9\\-_]*\"");
  ExpectError(errors, "exposedPorts[1].port: must be between 1 and 65535");
  ExpectError(errors, "exposedPorts[1].type: must not be null");
  ExpectError(errors, "exposedPorts[2].name: must not be empty");
  ExpectError(errors, "exposedPorts[2].port: must be between 1 and 65535");
  ExpectError(errors, "exposedPorts[3].name: duplicate port name main");
}

BOOST_AUTO_TEST_CASE(volume_fields_are_required) {
  ApplicationSpec spec = SampleApp();
  spec.volumes = std::vector<MountedVolume>{MountedVolume{}};
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "volumes[0].pathInContainer: must not be empty");
  ExpectError(errors, "volumes[0].pathOnHost: must not be empty");
  ExpectError(errors, "volumes[0].mode: must not be null");
}

BOOST_AUTO_TEST_CASE(inline_config_data_must_be_non_empty_valid_base64) {
  ApplicationSpec spec = SampleApp();
  ConfigSpec bad = spec.configs->at(0);
  bad.data = "not base64!";
  ConfigSpec empty = spec.configs->at(0);
  empty.data = "";
  empty.local_filename = "";
  spec.configs->push_back(bad);
  spec.configs->push_back(empty);
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "configs[1].data: must be valid base64");
  ExpectError(errors, "configs[2].data: must not be empty");
  ExpectError(errors, "configs[2].localFilename: must not be empty");
}

BOOST_AUTO_TEST_CASE(file_and_http_configs_need_their_fields) {
  ApplicationSpec spec = SampleApp();
  ConfigSpec file;
  file.type = ConfigType::kExecutorLocalFile;
  file.local_filename = "/a";
  ConfigSpec fetch;
  fetch.type = ConfigType::kControllerHttpFetch;
  fetch.local_filename = "/b";
  ConfigSpec fetch2 = fetch;
  fetch2.type = ConfigType::kExecutorHttpFetch;
  fetch2.http = HttpCallSpec{};
  fetch2.http->port = 70000;
  spec.configs = {file, fetch, fetch2};
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "configs[0].filePathOnHost: must not be empty");
  ExpectError(errors, "configs[1].http: must not be null");
  ExpectError(errors, "configs[2].http.hostname: must not be empty");
  ExpectError(errors, "configs[2].http.port: must be between 0 and 65535");
}

BOOST_AUTO_TEST_CASE(local_logging_needs_parseable_size_and_1_to_100_files) {
  ApplicationSpec spec = SampleApp();
  spec.logging = LoggingSpec::DefaultLocal();
  BOOST_TEST(ValidateApplicationSpec(spec).empty());
  spec.logging->max_size = "ten megs";
  spec.logging->max_files = 101;
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "logging.maxSize: cannot parse size \"ten megs\"");
  ExpectError(errors, "logging.maxFiles: must be between 1 and 100");
  spec.logging->max_size = "";
  spec.logging->max_files = 0;
  errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "logging.maxSize: must not be empty");
  ExpectError(errors, "logging.maxFiles: must be between 1 and 100");
}

BOOST_AUTO_TEST_CASE(rsyslog_logging_needs_a_server) {
  ApplicationSpec spec = SampleApp();
  spec.logging = LoggingSpec{};
  spec.logging->type = LoggingType::kRsyslog;
  ExpectError(ValidateApplicationSpec(spec), "logging.server: must not be empty");
}

BOOST_AUTO_TEST_CASE(resources_need_cpu_and_memory_each_at_least_one) {
  ApplicationSpec spec = SampleApp();
  spec.resources = {ResourceRequirement::Cpu(0), ResourceRequirement::Memory(0)};
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "resources[0].count: must be >= 1");
  ExpectError(errors, "resources[1].sizeInMB: must be >= 1");
  spec.resources = {ResourceRequirement::Memory(128)};
  errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "resources: Cpu requirements are mandatory");
  BOOST_TEST(!Contains(errors, "resources: Memory requirements are mandatory"));
  spec.resources = {ResourceRequirement::Cpu(1)};
  ExpectError(ValidateApplicationSpec(spec), "resources: Memory requirements are mandatory");
}

BOOST_AUTO_TEST_CASE(check_port_names_must_be_exposed_ports) {
  ApplicationSpec spec = SampleApp();
  spec.healthcheck->mode->port_name = "admin";
  spec.readiness->mode->port_name = "admin";
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors,
              "healthcheck.mode.portName: Invalid port name for health check: admin. "
              "Available ports: [main]");
  ExpectError(errors,
              "readiness.mode.portName: Invalid port name for health check: admin. "
              "Available ports: [main]");
}

BOOST_AUTO_TEST_CASE(check_attempts_are_1_to_100_and_timings_required) {
  ApplicationSpec spec = SampleApp();
  spec.healthcheck->attempts = 0;
  spec.readiness->attempts = 101;
  spec.healthcheck->timeout.reset();
  spec.healthcheck->interval.reset();
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "healthcheck.attempts: must be between 1 and 100");
  ExpectError(errors, "readiness.attempts: must be between 1 and 100");
  ExpectError(errors, "healthcheck.timeout: must not be null");
  ExpectError(errors, "healthcheck.interval: must not be null");
}

BOOST_AUTO_TEST_CASE(http_check_mode_fields_are_required) {
  ApplicationSpec spec = SampleApp();
  CheckModeSpec mode;
  mode.type = CheckModeType::kHttp;
  spec.healthcheck->mode = mode;
  spec.readiness->mode.reset();
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "healthcheck.mode.protocol: must not be null");
  ExpectError(errors, "healthcheck.mode.portName: must not be empty");
  ExpectError(errors, "healthcheck.mode.path: must not be empty");
  ExpectError(errors, "healthcheck.mode.verb: must not be null");
  ExpectError(errors, "healthcheck.mode.successCodes: must not be empty");
  ExpectError(errors, "readiness.mode: must not be null");
}

BOOST_AUTO_TEST_CASE(cmd_check_needs_a_command) {
  ApplicationSpec spec = SampleApp();
  CheckModeSpec cmd;
  cmd.type = CheckModeType::kCmd;
  spec.readiness->mode = cmd;
  spec.pre_shutdown->hooks.push_back(cmd);
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors, "readiness.mode.command: must not be empty");
  ExpectError(errors, "preShutdown.hooks[1].command: must not be empty");
  cmd.command = "true";
  spec.readiness->mode = cmd;
  spec.pre_shutdown->hooks.back() = cmd;
  BOOST_TEST(ValidateApplicationSpec(spec).empty(), Join(ValidateApplicationSpec(spec)));
}

BOOST_AUTO_TEST_CASE(exposure_port_must_name_an_exposed_port) {
  ApplicationSpec spec = SampleApp();
  spec.exposure_spec->port_name = "web";
  spec.exposure_spec->vhost = "";
  auto errors = ValidateApplicationSpec(spec);
  ExpectError(errors,
              "exposureSpec.portName: Exposed port name web is undefined. "
              "Defined port names: [main]");
  ExpectError(errors, "exposureSpec.vhost: must not be empty");
}

BOOST_AUTO_TEST_CASE(args_are_limited_to_2048) {
  ApplicationSpec spec = SampleApp();
  spec.args = std::vector<std::string>(2048, "x");
  BOOST_TEST(ValidateApplicationSpec(spec).empty());
  spec.args->push_back("y");
  ExpectError(ValidateApplicationSpec(spec), "args: must have at most 2048 items");
}

BOOST_AUTO_TEST_CASE(user_spec_needs_a_user) {
  ApplicationSpec spec = SampleApp();
  spec.user_spec = UserSpec{};
  ExpectError(ValidateApplicationSpec(spec), "userSpec.user: must not be empty");
}

BOOST_AUTO_TEST_CASE(local_placement_is_rejected_for_apps_and_tasks) {
  ApplicationSpec spec = SampleApp();
  spec.placement_policy = PlacementPolicy::Local(false);
  ExpectError(ValidateApplicationSpec(spec),
              "placementPolicy: Local service placement is not allowed for apps");
  spec.placement_policy = PlacementPolicy::Composite({PlacementPolicy::Local(true)});
  ExpectError(ValidateApplicationSpec(spec),
              "placementPolicy: Local service placement is not allowed for apps");
  TaskSpec task = SampleTask();
  task.placement_policy = PlacementPolicy::Local(false);
  ExpectError(ValidateTaskSpec(task),
              "placementPolicy: Local service placement is not allowed for tasks");
}

BOOST_AUTO_TEST_CASE(placement_policy_rules_are_checked_under_placement_policy) {
  ApplicationSpec spec = SampleApp();
  spec.placement_policy = PlacementPolicy::MaxNPerHost(0);
  auto errors = ValidateApplicationSpec(spec);
  BOOST_TEST(!errors.empty());
  for (const auto& e : errors) BOOST_TEST(e.rfind("placementPolicy", 0) == 0u, e);
}

BOOST_AUTO_TEST_CASE(task_rules_report_task_paths) {
  TaskSpec task;
  task.source_app_name = "bad/app";
  auto errors = ValidateTaskSpec(task);
  ExpectError(errors, "sourceAppName: must match \"[a-zA-Z\\d\\-_]*\"");
  ExpectError(errors, "taskId: must not be empty");
  ExpectError(errors, "executable: must not be null");
  ExpectError(errors, "resources: must not be empty");
  ExpectError(errors, "resources: Cpu requirements are mandatory");
  task = SampleTask();
  task.resources.push_back(ResourceRequirement::Memory(-5));
  ExpectError(ValidateTaskSpec(task), "resources[2].sizeInMB: must be >= 1");
}

BOOST_AUTO_TEST_CASE(validation_of_parsed_json_reports_json_paths) {
  json sample = LoadSample("test_app.json");
  sample["resources"][1]["sizeInMB"] = 0;
  sample["healthcheck"]["attempts"] = 0;
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok());
  auto errors = ValidateApplicationSpec(*spec);
  BOOST_TEST(errors.size() == 2u, Join(errors));
  ExpectError(errors, "resources[1].sizeInMB: must be >= 1");
  ExpectError(errors, "healthcheck.attempts: must be between 1 and 100");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

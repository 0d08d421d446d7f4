// Unit tests of ApplicationSpec parsing, JSON output conventions and masking.
#include "orchestrator/core/model/application_spec.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/validation.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;
using testing::Join;
using testing::LoadSample;

// Every property of `original` is in `output` with the same meaning; `output` may add
// primitives that Drove always emits (e.g. `insecure: false`).
bool SameMeaning(const json& original, const json& output, std::string* where) {
  if (original.is_object()) {
    if (!output.is_object()) return *where = "object", false;
    for (auto it = original.begin(); it != original.end(); ++it) {
      if (it.value().is_null()) continue;
      if (!output.contains(it.key())) return *where = it.key() + " missing", false;
      if (!SameMeaning(it.value(), output[it.key()], where)) {
        *where = it.key() + "." + *where;
        return false;
      }
    }
    return true;
  }
  if (original.is_array()) {
    if (!output.is_array() || output.size() != original.size()) return *where = "array", false;
    for (size_t i = 0; i < original.size(); ++i) {
      if (!SameMeaning(original[i], output[i], where)) return false;
    }
    return true;
  }
  if (original != output) return *where = original.dump() + " != " + output.dump(), false;
  return true;
}

BOOST_AUTO_TEST_SUITE(application_spec)

BOOST_AUTO_TEST_CASE(sample_app_parses_validates_and_round_trips) {
  json sample = LoadSample("test_app.json");
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(ValidateApplicationSpec(*spec).empty(), Join(ValidateApplicationSpec(*spec)));
  json out = *spec;
  std::string where;
  BOOST_TEST(SameMeaning(sample, out, &where), where);
  auto again = ParseApplicationSpec(out);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST((*again == *spec));
}

BOOST_AUTO_TEST_CASE(sample_app_fields_are_read) {
  auto spec = ParseApplicationSpec(LoadSample("test_app.json"));
  BOOST_TEST_REQUIRE(spec.ok());
  BOOST_TEST(AppId(*spec) == "TEST_APP-1");
  BOOST_TEST((spec->type == JobType::kService));
  BOOST_TEST(spec->executable->url == "ghcr.io/appform-io/perf-test-server-httplib");
  BOOST_TEST(spec->executable->docker_pull_timeout->ToString() == "100 seconds");
  BOOST_TEST(spec->exposed_ports.at(0).port == 8000);
  BOOST_TEST(spec->configs->at(0).data == "RHJvdmUgdGVzdA==");
  BOOST_TEST(TotalCpus(spec->resources) == 1);
  BOOST_TEST(TotalMemoryMb(spec->resources) == 128);
  BOOST_TEST(spec->healthcheck->mode->success_codes.at(0) == 200);
  BOOST_TEST(spec->readiness->interval->ToMillis().count() == 3000);
  BOOST_TEST(spec->exposure_spec->vhost == "testapp.local");
  BOOST_TEST(spec->pre_shutdown->hooks.size() == 1u);
  BOOST_TEST(spec->tags->at("region") == "dc1");
}

BOOST_AUTO_TEST_CASE(output_omits_absent_optionals_and_keeps_empty_lists) {
  auto spec = ParseApplicationSpec(LoadSample("test_app.json"));
  BOOST_TEST_REQUIRE(spec.ok());
  spec->logging.reset();
  spec->user_spec.reset();
  spec->volumes = std::vector<MountedVolume>{};
  spec->env = std::map<std::string, std::string>{};
  json out = *spec;
  BOOST_TEST(!out.contains("logging"));
  BOOST_TEST(!out.contains("userSpec"));
  BOOST_TEST(!out.contains("args"));
  BOOST_TEST(!out.contains("devices"));
  BOOST_TEST(out["volumes"] == json::array());
  BOOST_TEST(out["env"] == json::object());
  for (auto it = out.begin(); it != out.end(); ++it) BOOST_TEST(!it.value().is_null(), it.key());
}

BOOST_AUTO_TEST_CASE(primitives_are_always_emitted) {
  auto spec = ParseApplicationSpec(LoadSample("test_app.json"));
  BOOST_TEST_REQUIRE(spec.ok());
  json out = *spec;
  BOOST_TEST(out["healthcheck"]["mode"]["insecure"] == false);
  BOOST_TEST(out["healthcheck"]["attempts"] == 3);
}

BOOST_AUTO_TEST_CASE(type_discriminators_are_emitted) {
  auto spec = ParseApplicationSpec(LoadSample("test_app.json"));
  BOOST_TEST_REQUIRE(spec.ok());
  json out = *spec;
  BOOST_TEST(out["executable"]["type"] == "DOCKER");
  BOOST_TEST(out["resources"][0]["type"] == "CPU");
  BOOST_TEST(out["resources"][1]["type"] == "MEMORY");
  BOOST_TEST(out["configs"][0]["type"] == "INLINE");
  BOOST_TEST(out["placementPolicy"]["type"] == "ANY");
}

BOOST_AUTO_TEST_CASE(executable_type_defaults_to_docker) {
  json sample = LoadSample("test_app.json");
  sample["executable"].erase("type");
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST((spec->executable->type == ExecutableType::kDocker));
  BOOST_TEST(json(*spec)["executable"]["type"] == "DOCKER");
}

BOOST_AUTO_TEST_CASE(unknown_properties_are_ignored) {
  json sample = LoadSample("test_app.json");
  sample["stateChangeNotificationReceivers"] = json::object();
  sample["healthcheck"]["somethingNew"] = 42;
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST(spec.ok(), spec.error());
}

BOOST_AUTO_TEST_CASE(enum_values_are_read_case_insensitively) {
  json sample = LoadSample("test_app.json");
  sample["type"] = "service";
  sample["exposedPorts"][0]["type"] = "http";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(json(*spec)["exposedPorts"][0]["type"] == "HTTP");
}

BOOST_AUTO_TEST_CASE(lowercase_type_discriminator_is_a_parse_error) {
  json sample = LoadSample("test_app.json");
  sample["resources"][1]["type"] = "memory";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "resources[1].type: unknown type \"memory\" (known: CPU, MEMORY)");
}

BOOST_AUTO_TEST_CASE(bad_duration_is_a_parse_error_naming_the_field) {
  json sample = LoadSample("test_app.json");
  sample["healthcheck"]["interval"] = "5 parsecs";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "healthcheck.interval: cannot parse duration \"5 parsecs\"");
}

BOOST_AUTO_TEST_CASE(bad_enum_is_a_parse_error_naming_the_field) {
  json sample = LoadSample("test_app.json");
  sample["exposedPorts"][0]["type"] = "SCTP";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "exposedPorts[0].type: unknown PortType value \"SCTP\"");
}

BOOST_AUTO_TEST_CASE(wrong_json_type_is_a_parse_error_naming_the_field) {
  json sample = LoadSample("test_app.json");
  sample["exposedPorts"] = "main";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "exposedPorts: expected array, got string");

  sample = LoadSample("test_app.json");
  sample["resources"][0]["count"] = json::object();
  spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error() == "resources[0].count: expected integer, got object");
}

BOOST_AUTO_TEST_CASE(unknown_config_type_is_a_parse_error) {
  json sample = LoadSample("test_app.json");
  sample["configs"][0]["type"] = "S3";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error().rfind("configs[0].type: unknown type \"S3\"", 0) == 0u, spec.error());
}

BOOST_AUTO_TEST_CASE(missing_type_discriminator_is_a_parse_error) {
  json sample = LoadSample("test_app.json");
  sample["healthcheck"]["mode"].erase("type");
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(!spec.ok());
  BOOST_TEST(spec.error().rfind("healthcheck.mode.type: missing type id", 0) == 0u, spec.error());
}

BOOST_AUTO_TEST_CASE(non_object_body_is_a_parse_error) {
  BOOST_TEST(ParseApplicationSpec(json::array()).error() == "expected object, got array");
  BOOST_TEST(!ParseApplicationSpec(json(nullptr)).ok());
  BOOST_TEST(!ParseJsonText<ApplicationSpec>("{not json").ok());
}

BOOST_AUTO_TEST_CASE(numbers_are_coerced_to_strings_like_jackson) {
  json sample = LoadSample("test_app.json");
  sample["version"] = 2;
  sample["env"]["CORES"] = 8;
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(spec->version == "2");
  BOOST_TEST(spec->env->at("CORES") == "8");
}

BOOST_AUTO_TEST_CASE(durations_are_echoed_normalised) {
  json sample = LoadSample("test_app.json");
  sample["executable"]["dockerPullTimeout"] = "5m";
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok());
  BOOST_TEST(json(*spec)["executable"]["dockerPullTimeout"] == "5 minutes");
}

BOOST_AUTO_TEST_CASE(masking_blanks_inline_data_and_stars_http_credentials) {
  json sample = LoadSample("test_app.json");
  sample["configs"].push_back(
      {{"type", "EXECUTOR_HTTP_FETCH"},
       {"localFilename", "/etc/x"},
       {"http",
        {{"hostname", "cfg.local"},
         {"password", "secret"},
         {"headers", {{"Authorization", "Bearer t0k3n"}, {"X-Api-Key", "k3y"}}},
         {"payload", "client_secret=s3"}}}});
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  json masked = MaskApplicationSpec(*spec);
  BOOST_TEST(masked["configs"][0]["data"] == "");
  BOOST_TEST(masked["configs"][1]["http"]["password"] == "***");
  BOOST_TEST(masked["configs"][1]["http"]["username"] == "***");
  BOOST_TEST(masked["configs"][1]["http"]["authHeader"] == "***");
  BOOST_TEST(masked["configs"][1]["http"]["hostname"] == "cfg.local");
  // Beyond Drove: header values and the payload can carry credentials too.
  BOOST_TEST(masked["configs"][1]["http"]["headers"] ==
             json({{"Authorization", "***"}, {"X-Api-Key", "***"}}));
  BOOST_TEST(masked["configs"][1]["http"]["payload"] == "***");
  // the original is untouched
  BOOST_TEST(spec->configs->at(0).data == "RHJvdmUgdGVzdA==");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

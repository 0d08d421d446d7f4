// Tests for strict YAML config reading: typed values, defaults, unknown keys and bad values.
#include "orchestrator/core/util/yaml_config.h"

#include <boost/test/unit_test.hpp>
#include <charconv>

namespace drove::core {
namespace {

ConfigFile Parse(const std::string& text) {
  auto file = ConfigFile::Parse(text, "controller.yml");
  BOOST_REQUIRE_MESSAGE(file.ok(), file.error());
  return std::move(file).value();
}

bool Contains(const std::vector<std::string>& errors, const std::string& line) {
  return std::find(errors.begin(), errors.end(), line) != errors.end();
}

// Stands in for the model's duration parser: "<n>s" only.
Result<int64_t> ParseSeconds(std::string_view text) {
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || std::string_view(ptr) != "s") {
    return Result<int64_t>::Error("must be a duration like 5s");
  }
  return n * 1000;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(yaml_config)

BOOST_AUTO_TEST_CASE(reads_typed_values_and_defaults) {
  ConfigFile file = Parse(R"(
server: {host: 0.0.0.0, port: 4000}
userAuth:
  enabled: true
  users:
    - {username: admin, password: admin, role: EXTERNAL_READ_WRITE}
resources:
  osCores: [0, 1]
  tags: [a, b]
  metadata: {zone: z1, rack: ""}
  overProvisioning: {cpuMultiplier: 1.5}
snapshotInterval: 5s
logLevel: INFO
)");
  ConfigNode root = file.root();
  ConfigNode server = root.Child("server");
  BOOST_TEST(server.String("host") == "0.0.0.0");
  BOOST_TEST(server.Int("port", 1, 1, 65535) == 4000);
  ConfigNode auth = root.Child("userAuth");
  BOOST_TEST(auth.Bool("enabled", false));
  auto users = auth.Children("users");
  BOOST_REQUIRE(users.size() == 1u);
  BOOST_TEST(users[0].String("username") == "admin");
  BOOST_TEST(users[0].Enum("role", "", {"EXTERNAL_ROOT", "EXTERNAL_READ_WRITE"}) ==
             "EXTERNAL_READ_WRITE");
  BOOST_TEST(users[0].String("password") == "admin");
  BOOST_TEST(users[0].Enum("encoding", "PLAIN", {"PLAIN", "CRYPT"}) == "PLAIN");  // default
  ConfigNode resources = root.Child("resources");
  BOOST_TEST(resources.IntList("osCores") == std::vector<int64_t>({0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(resources.StringList("tags") == std::vector<std::string>({"a", "b"}),
             boost::test_tools::per_element());
  auto metadata = resources.StringMap("metadata");
  BOOST_TEST(metadata.at("zone") == "z1");
  BOOST_TEST(metadata.at("rack") == "");
  BOOST_TEST(resources.Child("overProvisioning").Double("cpuMultiplier", 1, 0.1, 100) == 1.5);
  BOOST_TEST(root.Value<int64_t>("snapshotInterval", 0, ParseSeconds) == 5000);
  BOOST_TEST(root.Enum("logLevel", "INFO", {"DEBUG", "INFO", "WARN", "ERROR"}) == "INFO");
  BOOST_TEST(root.Child("store").String("type", "sqlite") == "sqlite");  // whole section missing
  BOOST_TEST(file.Finish().ok(), file.Finish().message());
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_reported_with_their_path) {
  ConfigFile file = Parse(R"(
server: {host: 0.0.0.0, port: 4000, prot: 1}
userAuth:
  users:
    - {username: a, pasword: b}
colour: blue
)");
  ConfigNode root = file.root();
  root.Child("server").Int("port", 4000, 1, 65535);
  root.Child("server").String("host");
  for (auto& user : root.Child("userAuth").Children("users")) {
    user.String("username");
    user.String("password");
  }
  auto errors = file.Errors();
  BOOST_TEST(errors.size() == 3u);
  BOOST_TEST(Contains(errors, "controller.yml:server.prot: unknown key"));
  BOOST_TEST(Contains(errors, "controller.yml:userAuth.users[0].pasword: unknown key"));
  BOOST_TEST(Contains(errors, "controller.yml:colour: unknown key"));
  BOOST_TEST(!file.Finish().ok());
}

BOOST_AUTO_TEST_CASE(bad_values_are_reported_and_defaults_kept) {
  ConfigFile file = Parse(R"(
server: {port: 99999}
userAuth: {enabled: maybe}
options: {instanceLostTimeout: soon, allowedMountDirs: /tmp}
resources: {osCores: [0, x]}
logLevel: LOUD
executors: 5
)");
  ConfigNode root = file.root();
  BOOST_TEST(root.Child("server").Int("port", 4000, 1, 65535) == 4000);
  BOOST_TEST(root.Child("userAuth").Bool("enabled", true));
  ConfigNode options = root.Child("options");
  BOOST_TEST(options.Value<int64_t>("instanceLostTimeout", 60000, ParseSeconds) == 60000);
  options.StringList("allowedMountDirs");
  root.Child("resources").IntList("osCores", {}, 0, 1024);
  root.Enum("logLevel", "INFO", {"INFO", "DEBUG"});
  root.Child("executors");
  auto errors = file.Errors();
  BOOST_TEST(
      Contains(errors, "controller.yml:server.port: must be an integer between 1 and 65535"));
  BOOST_TEST(Contains(errors, "controller.yml:userAuth.enabled: must be true or false"));
  BOOST_TEST(
      Contains(errors, "controller.yml:options.instanceLostTimeout: must be a duration like 5s"));
  BOOST_TEST(Contains(errors, "controller.yml:options.allowedMountDirs: must be a list"));
  BOOST_TEST(Contains(
      errors, "controller.yml:resources.osCores[1]: must be an integer between 0 and 1024"));
  BOOST_TEST(Contains(errors, "controller.yml:logLevel: must be one of INFO, DEBUG"));
  BOOST_TEST(Contains(errors, "controller.yml:executors: must be a map"));
  BOOST_TEST(errors.size() == 7u);
}

BOOST_AUTO_TEST_CASE(free_form_maps_are_not_checked_for_unknown_keys) {
  ConfigFile file = Parse("resources:\n  metadata: {anything: goes, more: here}\n");
  file.root().Child("resources").StringMap("metadata");
  BOOST_TEST(file.Finish().ok());
}

BOOST_AUTO_TEST_CASE(invalid_yaml_and_non_map_top_level_fail_to_parse) {
  auto broken = ConfigFile::Parse("server: {port: 1\n", "x.yml");
  BOOST_TEST(!broken.ok());
  BOOST_TEST(broken.error().find("x.yml:") == 0u);
  BOOST_TEST(!ConfigFile::Parse("- a\n- b\n", "x.yml").ok());
  BOOST_TEST(ConfigFile::Parse("", "empty.yml").ok());  // all defaults
  BOOST_TEST(!ConfigFile::Load("/nonexistent/drove.yml").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

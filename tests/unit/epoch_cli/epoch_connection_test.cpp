// Unit tests for epoch-cli's connection rules: -e and friends, ~/.epoch sections, -d's line.
#include "orchestrator/epoch_cli/epoch_connection.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

namespace drove::epoch_cli {
namespace {

cli::IniFile Ini(const std::string& text) { return cli::IniFile::Parse(text).value(); }

const char kConfig[] = R"([DEFAULT]
stage_token = Bearer s3cret
endpoint = http://default:8080/

[local]
endpoint = http://localhost:10000
username = admin
password = admin
insecure = true

[stage]
endpoint = https://stage.testepoch.io
auth_header = %(stage_token)s
insecure = false
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_cli_connection)

BOOST_AUTO_TEST_CASE(default_section_is_used_without_cluster_and_trailing_slash_dropped) {
  auto connection = ResolveEpochFromIni(Ini(kConfig), "", "~/.epoch");
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->endpoint == "http://default:8080");
  BOOST_TEST(connection->username.empty());
  BOOST_TEST(!connection->insecure);
}

BOOST_AUTO_TEST_CASE(cluster_section_with_basic_auth_and_insecure) {
  auto connection = ResolveEpochFromIni(Ini(kConfig), "local", "~/.epoch");
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->endpoint == "http://localhost:10000");
  BOOST_TEST(connection->username == "admin");
  BOOST_TEST(connection->password == "admin");
  BOOST_TEST(connection->insecure);
}

BOOST_AUTO_TEST_CASE(auth_header_interpolates_from_default_and_false_means_false) {
  auto connection = ResolveEpochFromIni(Ini(kConfig), "stage", "~/.epoch");
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->auth_header == "Bearer s3cret");
  BOOST_TEST(!connection->insecure);  // epoch-cli took the string "false" as true
}

BOOST_AUTO_TEST_CASE(unknown_cluster_is_epoch_clis_error_line) {
  auto connection = ResolveEpochFromIni(Ini(kConfig), "prod", "/home/u/.epoch");
  BOOST_REQUIRE(!connection.ok());
  BOOST_TEST(connection.error() ==
             "error: No cluster definition found for prod in config /home/u/.epoch");
}

BOOST_AUTO_TEST_CASE(section_without_endpoint_asks_for_connectivity) {
  auto connection = ResolveEpochFromIni(Ini("[x]\nusername = a\n"), "x", "f");
  BOOST_REQUIRE(!connection.ok());
  BOOST_TEST(connection.error() ==
             "Error: provide config file or required command line params for epoch connectivity");
}

BOOST_AUTO_TEST_CASE(endpoint_on_the_command_line_ignores_the_file) {
  EpochGlobals globals;
  globals.endpoint = "http://e:8080//";
  globals.config_file = "/nonexistent/epoch.ini";
  globals.username = "u";
  globals.password = "p";
  globals.insecure = "yes";
  auto connection = ResolveEpochConnection(globals);
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->endpoint == "http://e:8080");
  BOOST_TEST(connection->username == "u");
  BOOST_TEST(connection->insecure);
}

BOOST_AUTO_TEST_CASE(missing_config_file_is_named) {
  EpochGlobals globals;
  globals.config_file = "/nonexistent/epoch.ini";
  auto connection = ResolveEpochConnection(globals);
  BOOST_REQUIRE(!connection.ok());
  BOOST_TEST(connection.error() ==
             "Error: Config file /nonexistent/epoch.ini is not present or readable");
}

BOOST_AUTO_TEST_CASE(config_file_values_replace_command_line_credentials) {
  char path[] = "/tmp/epoch-cli-test-XXXXXX";
  int fd = mkstemp(path);
  BOOST_REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(path) << kConfig;
  EpochGlobals globals;
  globals.config_file = path;
  globals.cluster = "local";
  globals.username = "ignored";
  auto connection = ResolveEpochConnection(globals);
  std::remove(path);
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->username == "admin");
}

BOOST_AUTO_TEST_CASE(yes_no_values_follow_configparser_words) {
  for (const char* yes : {"true", "True", "1", "yes", "on", "anything"})
    BOOST_TEST(IsTrueValue(yes));
  for (const char* no : {"", "false", "FALSE", "0", "no", "off"}) BOOST_TEST(!IsTrueValue(no));
}

BOOST_AUTO_TEST_CASE(debug_line_says_what_is_set_without_secrets) {
  EpochConnection connection{"http://e:8080", "admin", "pw", "", false, "None"};
  BOOST_TEST(DebugLine(connection) ==
             "Endpoint: http://e:8080 Username: True Password: True AuthHeader: False "
             "Insecure: None");
  auto from_file = ResolveEpochFromIni(Ini(kConfig), "", "f");
  BOOST_REQUIRE(from_file.ok());
  BOOST_TEST(from_file->insecure_given == "False");  // epoch-cli's default for the file
  EpochGlobals globals;
  globals.endpoint = "http://e:8080";
  globals.insecure = "false";
  auto given = ResolveEpochConnection(globals);
  BOOST_REQUIRE(given.ok());
  BOOST_TEST(given->insecure_given == "false");
  BOOST_TEST(!given->insecure);
}

BOOST_AUTO_TEST_CASE(ca_file_comes_from_the_section_and_the_option_wins) {
  auto connection =
      ResolveEpochFromIni(Ini("[prod]\nendpoint = https://p:8080\nca_file = /etc/ca.crt\n"),
                          "prod", "f");
  BOOST_REQUIRE(connection.ok());
  BOOST_TEST(connection->ca_file == "/etc/ca.crt");
  EpochGlobals globals;
  globals.endpoint = "https://e:8080";
  globals.ca_file = "/tmp/ca.crt";
  BOOST_TEST(ResolveEpochConnection(globals)->ca_file == "/tmp/ca.crt");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch_cli

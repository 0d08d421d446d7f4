// Unit tests for ~/.drove parsing, interpolation, writing and connection resolution.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "orchestrator/cli/cli_config.h"
#include "orchestrator/cli/drove_client.h"

namespace drove::cli {
namespace {

constexpr char kConfig[] = R"(
[DEFAULT]
stage_token = Basic c3RhZ2U=
Insecure = false
# a comment

[local]
endpoint = http://localhost:10000
username = admin
password = admin

[stage]
endpoint: http://stage:4000/
auth_header = %(stage_token)s
insecure = true
)";

// Points HOME at a fresh temporary directory for the lifetime of the fixture.
struct TempHome {
  TempHome() {
    old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    dir = std::filesystem::temp_directory_path() /
          ("drove-cli-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    setenv("HOME", dir.c_str(), 1);
  }
  ~TempHome() {
    setenv("HOME", old_home.c_str(), 1);
    std::filesystem::remove_all(dir);
  }
  std::string old_home;
  std::filesystem::path dir;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_config)

BOOST_AUTO_TEST_CASE(sections_inherit_defaults_and_interpolate) {
  auto ini = IniFile::Parse(kConfig);
  BOOST_REQUIRE(ini.ok());
  BOOST_TEST(ini->Sections() == (std::vector<std::string>{"local", "stage"}));
  BOOST_TEST(*ini->Get("stage", "auth_header") == "Basic c3RhZ2U=");
  BOOST_TEST(*ini->Get("local", "insecure") == "false");  // keys are case-insensitive
  BOOST_TEST(!ini->Get("nope", "endpoint").has_value());
}

BOOST_AUTO_TEST_CASE(cluster_option_picks_the_section) {
  auto ini = IniFile::Parse(kConfig);
  auto settings = ResolveFromIni(*ini, "stage", "f");
  BOOST_REQUIRE(settings.ok());
  BOOST_TEST(settings->endpoint == "http://stage:4000");  // trailing slash removed
  BOOST_TEST(settings->auth_header == "Basic c3RhZ2U=");
  BOOST_TEST(settings->insecure);
  auto missing = ResolveFromIni(*ini, "prod", "f");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error() == "No cluster definition found for prod in config f");
}

BOOST_AUTO_TEST_CASE(current_cluster_is_used_without_cluster_option) {
  auto ini = IniFile::Parse(std::string(kConfig) + "\n");
  ini->Set(kDefaultSection, "current_cluster", "local");
  auto settings = ResolveFromIni(*ini, "", "f");
  BOOST_REQUIRE(settings.ok());
  BOOST_TEST(settings->endpoint == "http://localhost:10000");
  BOOST_TEST(settings->username == "admin");
}

BOOST_AUTO_TEST_CASE(default_section_without_endpoint_is_an_error) {
  auto ini = IniFile::Parse(kConfig);
  auto settings = ResolveFromIni(*ini, "", "f");
  BOOST_REQUIRE(!settings.ok());
  BOOST_TEST(settings.error().find("provide config file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_line_is_reported_with_its_number) {
  auto ini = IniFile::Parse("[a]\nendpoint = x\nthis is not a pair\n");
  BOOST_REQUIRE(!ini.ok());
  BOOST_TEST(ini.error().find("line 3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(serialize_round_trips) {
  auto ini = IniFile::Parse(kConfig);
  auto again = IniFile::Parse(ini->Serialize());
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(again->Serialize() == ini->Serialize());
  BOOST_TEST(ini->Serialize().find("[DEFAULT]\nstage_token = Basic c3RhZ2U=\n") == 0u);
}

BOOST_AUTO_TEST_CASE(home_dot_drove_is_read_when_no_endpoint_is_given) {
  TempHome home;
  {
    std::ofstream out(home.dir / ".drove");
    out << kConfig;
  }
  GlobalOptions options;
  options.cluster = "local";
  auto settings = ResolveConnection(options);
  BOOST_REQUIRE(settings.ok());
  BOOST_TEST(settings->endpoint == "http://localhost:10000");
  options.endpoint = "http://cmdline:1";
  BOOST_TEST(ResolveConnection(options)->endpoint == "http://cmdline:1");
}

BOOST_AUTO_TEST_CASE(missing_config_file_is_reported) {
  TempHome home;
  auto settings = ResolveConnection(GlobalOptions{});
  BOOST_REQUIRE(!settings.ok());
  BOOST_TEST(settings.error().find("is not present or readable") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ca_file_comes_from_the_section_and_the_option_wins) {
  TempHome home;
  {
    std::ofstream out(home.dir / ".drove");
    out << "[prod]\nendpoint = https://prod:4000\nca_file = /etc/drove/ca.crt\n";
  }
  GlobalOptions options;
  options.cluster = "prod";
  auto settings = ResolveConnection(options);
  BOOST_REQUIRE(settings.ok());
  BOOST_TEST(settings->ca_file == "/etc/drove/ca.crt");
  BOOST_TEST(!settings->insecure);
  options.ca_file = "/tmp/other-ca.crt";
  BOOST_TEST(ResolveConnection(options)->ca_file == "/tmp/other-ca.crt");
  options.endpoint = "https://cmdline:1";
  BOOST_TEST(ResolveConnection(options)->ca_file == "/tmp/other-ca.crt");
  core::TlsConfig tls = ClientTls("/tmp/other-ca.crt", true);
  BOOST_TEST(tls.ca_file == "/tmp/other-ca.crt");
  BOOST_TEST(tls.insecure);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli

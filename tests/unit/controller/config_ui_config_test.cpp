// controller.yml's `ui:` section: the installation badge, validated field by field.
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/config/controller_config.h"

namespace drove::controller {
namespace {

BOOST_AUTO_TEST_SUITE(ui_config)

BOOST_AUTO_TEST_CASE(absent_section_means_compiled_in_files_and_no_badge) {
  auto config = ParseControllerConfig("", "c.yml");
  BOOST_REQUIRE(config.ok());
  BOOST_TEST(config->ui.directory.empty());
  BOOST_TEST(!config->ui.installation.has_value());
}

BOOST_AUTO_TEST_CASE(installation_and_directory_load) {
  auto config = ParseControllerConfig(
      "ui: {directory: /srv/ui, installation: {label: payments-prod, criticality: PRODUCTION}}",
      "c.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->ui.directory == "/srv/ui");
  BOOST_REQUIRE(config->ui.installation.has_value());
  BOOST_TEST(config->ui.installation->label == "payments-prod");
  BOOST_TEST(config->ui.installation->criticality == "PRODUCTION");
  auto defaulted = ParseControllerConfig("ui: {installation: {label: dev box}}", "c.yml");
  BOOST_TEST_REQUIRE(defaulted.ok(), defaulted.error());
  BOOST_TEST(defaulted->ui.installation->criticality == "LOCAL");
}

BOOST_AUTO_TEST_CASE(bad_fields_are_named) {
  auto long_label = ParseControllerConfig(
      "ui: {installation: {label: " + std::string(51, 'x') + ", criticality: LOCAL}}", "c.yml");
  BOOST_REQUIRE(!long_label.ok());
  BOOST_TEST(long_label.error().find(
                 "c.yml:ui.installation.label: must be at most 50 characters") != std::string::npos,
             long_label.error());
  // 50 characters of two bytes each is still 50 characters.
  std::string umlauts;
  for (int i = 0; i < 50; ++i) umlauts += "\xC3\xBC";
  BOOST_TEST(ParseControllerConfig("ui: {installation: {label: " + umlauts + "}}", "c.yml").ok());
  auto bad = ParseControllerConfig("ui: {installation: {criticality: PROD}}", "c.yml");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().find("c.yml:ui.installation.label: is required") != std::string::npos,
             bad.error());
  BOOST_TEST(bad.error().find("c.yml:ui.installation.criticality:") != std::string::npos,
             bad.error());
  auto unknown = ParseControllerConfig("ui: {colour: red}", "c.yml");
  BOOST_REQUIRE(!unknown.ok());
  BOOST_TEST(unknown.error().find("ui.colour") != std::string::npos, unknown.error());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller

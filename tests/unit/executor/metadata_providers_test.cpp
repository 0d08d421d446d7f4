// Executor metadata: CONFIGURED and ENVIRONMENT providers, their config checks, merge order.
#include "orchestrator/executor/resources/metadata_providers.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>

#include "orchestrator/executor/executor_config.h"

namespace drove::executor {
namespace {

using Map = std::map<std::string, std::string>;

ExecutorConfig MustParse(const std::string& text) {
  auto config = ParseExecutorConfig(text, "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  return config.value();
}

std::string ParseError(const std::string& text) {
  auto config = ParseExecutorConfig(text, "executor.yml");
  BOOST_REQUIRE(!config.ok());
  return config.error();
}

const char kProviders[] = R"(
resources: {metadata: {rack: r0, zone: z0}}
metadata:
  metadataProviders:
    b_env: {type: ENVIRONMENT, whitelistedVariables: ["DROVE_META_.*", "RACK"]}
    a_static: {type: CONFIGURED, metadata: {rack: r1, gpu: "true"}}
  valueMaxLimit: 8
  blacklistedKeys: [zone]
)";

BOOST_AUTO_TEST_SUITE(executor_metadata_providers)

BOOST_AUTO_TEST_CASE(providers_are_read_in_name_order) {
  ExecutorConfig config = MustParse(kProviders);
  const auto& providers = config.metadata_config.providers;
  BOOST_REQUIRE_EQUAL(providers.size(), 2u);
  BOOST_TEST(providers[0].name == "a_static");
  BOOST_TEST((providers[0].type == MetadataProviderConfig::Type::kConfigured));
  BOOST_TEST(providers[0].metadata.at("gpu") == "true");
  BOOST_TEST((providers[1].type == MetadataProviderConfig::Type::kEnvironment));
  BOOST_TEST(providers[1].whitelisted_variables.size() == 2u);
  BOOST_TEST(config.metadata_config.value_max_limit == 8);
}

BOOST_AUTO_TEST_CASE(later_sources_win_and_only_whitelisted_variables_count) {
  ExecutorConfig config = MustParse(kProviders);
  Map env{{"DROVE_META_ROW", "7"}, {"RACK", "r9"}, {"RACKS", "no"}, {"HOME", "/root"}};
  Map metadata = CollectMetadata(config.metadata, config.metadata_config, env);
  // r0 (static) < r1 (a_static) < r9 (b_env, RACK); zone blacklisted; RACKS is not a full match.
  BOOST_TEST(metadata == (Map{{"rack", "r1"}, {"gpu", "true"}, {"DROVE_META_ROW", "7"},
                              {"RACK", "r9"}}));
}

BOOST_AUTO_TEST_CASE(values_over_the_limit_are_dropped) {
  MetadataConfig config;
  config.value_max_limit = 3;
  Map metadata = CollectMetadata({{"short", "abc"}, {"long", "abcd"}}, config, {});
  BOOST_TEST(metadata == (Map{{"short", "abc"}}));
}

BOOST_AUTO_TEST_CASE(process_environment_is_read) {
  ::setenv("DROVE_TEST_META_PROBE", "x=y", 1);
  BOOST_TEST(ProcessEnvironment().at("DROVE_TEST_META_PROBE") == "x=y");
}

BOOST_AUTO_TEST_CASE(bad_provider_configs_are_refused_with_file_and_key) {
  std::string error = ParseError(
      "metadata: {metadataProviders: {p: {type: FILE}}}\n");
  BOOST_TEST(error.find("executor.yml:metadata.metadataProviders.p.type") != std::string::npos,
             error);
  error = ParseError("metadata: {metadataProviders: {p: {metadata: {a: b}}}}\n");
  BOOST_TEST(error.find("metadata.metadataProviders.p.type: is required") != std::string::npos,
             error);
  error = ParseError(
      "metadata: {metadataProviders: {e: {type: ENVIRONMENT, whitelistedVariables: ['(']}}}\n");
  BOOST_TEST(error.find("metadata.metadataProviders.e.whitelistedVariables: \"(\" is not a valid "
                        "regex") != std::string::npos,
             error);
  error = ParseError("metadata: {metadataProviders: {e: {type: ENVIRONMENT}}}\n");
  BOOST_TEST(error.find("e.whitelistedVariables: must list at least one") != std::string::npos,
             error);
  error = ParseError(
      "metadata: {metadataProviders: {c: {type: CONFIGURED, metadata: {}, extra: 1}}}\n");
  BOOST_TEST(error.find("metadata.metadataProviders.c.extra") != std::string::npos, error);
  error = ParseError("metadata: {valueMaxLimit: 0}\n");
  BOOST_TEST(error.find("metadata.valueMaxLimit") != std::string::npos, error);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::executor

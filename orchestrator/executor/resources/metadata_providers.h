// The executor's metadata (Drove's metadata providers): what RULE_BASED placement rules read as
// `/allocatedExecutorNodeMetadata/<key>`. Sources, merged in this order (a later one wins a key):
// the static `resources.metadata` map, then each provider of `metadata.metadataProviders` by name:
//   CONFIGURED  {metadata: {k: v}}              a fixed map from the config file
//   ENVIRONMENT {whitelistedVariables: [regex]} the executor's environment variables whose names
//                                               fully match one of the regexes
// Keys in `blacklistedKeys` are dropped, and so are values longer than `valueMaxLimit`.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace drove::executor {

struct MetadataProviderConfig {
  enum class Type { kConfigured, kEnvironment };
  std::string name;
  Type type = Type::kConfigured;
  std::map<std::string, std::string> metadata;     // CONFIGURED
  std::vector<std::string> whitelisted_variables;  // ENVIRONMENT (ECMAScript regexes, checked)
};

struct MetadataConfig {
  std::vector<MetadataProviderConfig> providers;  // sorted by name
  int value_max_limit = 1024;
  std::vector<std::string> blacklisted_keys;
};

// The process environment as a map (from `environ`).
std::map<std::string, std::string> ProcessEnvironment();

std::map<std::string, std::string> CollectMetadata(
    const std::map<std::string, std::string>& static_metadata, const MetadataConfig& config,
    const std::map<std::string, std::string>& environment);

}  // namespace drove::executor

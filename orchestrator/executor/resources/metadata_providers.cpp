// Metadata providers: static map, CONFIGURED maps, whitelisted environment variables.
#include "orchestrator/executor/resources/metadata_providers.h"

#include <algorithm>
#include <regex>

#include "orchestrator/core/util/log.h"

extern char** environ;  // NOLINT: POSIX global

namespace drove::executor {
namespace {

void AddEnvironment(const MetadataProviderConfig& provider,
                    const std::map<std::string, std::string>& environment,
                    std::map<std::string, std::string>* out) {
  std::vector<std::regex> patterns;
  for (const auto& text : provider.whitelisted_variables) patterns.emplace_back(text);
  for (const auto& [name, value] : environment) {
    bool listed = std::any_of(patterns.begin(), patterns.end(),
                              [&name](const std::regex& re) { return std::regex_match(name, re); });
    if (listed) (*out)[name] = value;
  }
}

}  // namespace

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string text(*entry);
    auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    out.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return out;
}

std::map<std::string, std::string> CollectMetadata(
    const std::map<std::string, std::string>& static_metadata, const MetadataConfig& config,
    const std::map<std::string, std::string>& environment) {
  std::map<std::string, std::string> out = static_metadata;
  for (const auto& provider : config.providers) {
    if (provider.type == MetadataProviderConfig::Type::kConfigured) {
      for (const auto& [key, value] : provider.metadata) out[key] = value;
    } else {
      AddEnvironment(provider, environment, &out);
    }
  }
  for (const auto& key : config.blacklisted_keys) out.erase(key);
  for (auto it = out.begin(); it != out.end();) {
    if (static_cast<int>(it->second.size()) <= config.value_max_limit) {
      ++it;
      continue;
    }
    DLOG_WARN("metadata value over valueMaxLimit dropped",
              {{"key", it->first}, {"length", std::to_string(it->second.size())}});
    it = out.erase(it);
  }
  return out;
}

}  // namespace drove::executor

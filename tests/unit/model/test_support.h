// Helpers shared by the model unit tests: sample loading and compact JSON building.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace drove::core::testing {

// Samples are copied verbatim from shared/drove-samples into tests/data/drove-samples/.
inline std::filesystem::path SampleDir() {
  auto tests_dir = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  return tests_dir / "data" / "drove-samples";
}

inline nlohmann::json LoadSample(const std::string& name) {
  std::ifstream in(SampleDir() / name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return nlohmann::json::parse(buffer.str());
}

inline bool Contains(const std::vector<std::string>& errors, const std::string& wanted) {
  return std::find(errors.begin(), errors.end(), wanted) != errors.end();
}

inline std::string Join(const std::vector<std::string>& errors) {
  std::string out;
  for (const auto& e : errors) out += "\n  " + e;
  return out;
}

}  // namespace drove::core::testing

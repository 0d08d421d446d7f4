// The epoch CLI's user-visible texts in one place, worded as epoch-cli words them (epoch-api.md
// section 5), so they stay consistent and tests can compare against them.
#pragma once

#include <string>

namespace drove::epoch_cli::texts {

// Every failure line that is not one of epoch-cli's own config texts starts with this.
inline constexpr const char* kErrorPrefix = "Epoch CLI error: ";

// Connection and ~/.epoch
inline std::string ConfigMissing(const std::string& file) {
  return "Error: Config file " + file + " is not present or readable";
}
inline std::string ConfigUnparsable(const std::string& why) {
  return "Error parsing config file " + why;
}
inline std::string NoCluster(const std::string& cluster, const std::string& file) {
  return "error: No cluster definition found for " + cluster + " in config " + file;
}
inline constexpr const char* kNeedConnectivity =
    "Error: provide config file or required command line params for epoch connectivity";
inline std::string ConnectFailed(const std::string& endpoint, const std::string& why) {
  return "Error connecting to endpoint " + endpoint + ": " + why;
}

// Answers that are not a SUCCESS envelope
inline std::string CallFailed(int status) {
  return "Epoch call failed with status code: " + std::to_string(status);
}
inline std::string CallFailed(int status, const std::string& body) {
  return CallFailed(status) + ", error: " + body;
}

// Command results; the topology id or name follows
inline constexpr const char* kCreated = "Topology created : ";
inline constexpr const char* kUpdated = "Topology updated : ";
inline constexpr const char* kPaused = "Topology paused : ";

// Command failures (doing: "creating" or "updating")
inline std::string SpecUnreadable(const std::string& doing, int error, const std::string& why,
                                  const std::string& file) {
  return "Error " + doing + " topology. Error: [Errno " + std::to_string(error) + "] " + why +
         ": '" + file + "'";
}
inline std::string SpecNotJson(const std::string& doing, const std::string& file) {
  return "Error " + doing + " topology. Error: " + file + " is not valid JSON";
}
inline std::string PauseFailed(const std::string& why) {
  return "Error pausing topology. Error: " + why;
}
inline std::string ImportFailed(const std::string& doing, const std::string& id,
                                const std::string& why) {
  return "Error " + doing + " topology " + id + " Error: " + why;
}
inline std::string ImportFileMissing(const std::string& file) {
  return "The file " + file + " does not exist.";
}
inline std::string ImportFileNotJson(const std::string& file) {
  return "Error decoding JSON from file " + file;
}
inline std::string CannotWrite(const std::string& file) { return "cannot write " + file; }

}  // namespace drove::epoch_cli::texts

// drove-epoch's user-visible texts in one place (epoch-api.md sections 0-2), so they stay exactly
// as Epoch words them and tests can compare against them.
#pragma once

namespace drove::epoch::texts {

// Envelope messages
inline constexpr const char* kSuccess = "success";
inline constexpr const char* kCommandValidationFailure = "Command validation failure";
inline constexpr const char* kJsonValidationFailure = "JSON validation failure";
inline constexpr const char* kUnexpectedServerError = "Unexpected Server error";
inline constexpr const char* kCredentialsRequired =
    "Credentials are required to access this resource.";

// EpochError codes ("[<code>]: <text>")
inline constexpr int kInputValidationError = 3002;   // 400
inline constexpr int kTopologyAlreadyExists = 3003;  // 409
inline constexpr int kTopologyNotFound = 3004;       // 404
inline constexpr const char* kCronValidation = "Validation failed for input: cron";

// Bean validation of EpochTopology (the full API)
inline constexpr const char* kNameEmpty =
    "name - Please provide an understandable name for the topology";
inline constexpr const char* kNamePattern = "name - Only alphanumeric - and _ allowed";
inline constexpr const char* kNameSize = "name - Min length is 1, max 255";
inline constexpr const char* kExecutableRequired = "- Executable details is required";
inline constexpr const char* kResourcesRequired = "- CPU/Memory requirements must be specified";

// Run records
inline constexpr const char* kJobStarted = "Job started";
inline constexpr const char* kUnknownCompositeStatus = "Unknown status for composite task";

// Kill
inline constexpr const char* kCancelAccepted = "Task cancel accepted";
inline constexpr const char* kNoTaskFound = "No task found for the provided id";

}  // namespace drove::epoch::texts

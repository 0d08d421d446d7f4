// User-visible texts of the cluster model (lost instances, maintenance mode, blacklisting), in one
// place so API, engine and tests agree (Drove's wording where Drove has one, drove-api.md 1.3, 1.7,
// sections 4 and 5).
#pragma once

namespace drove::controller::texts {

// errorMessage of an instance or task the controller marks LOST.
inline constexpr const char* kInstanceLost = "Instance lost";

// 400 (b) for spec validation, operations and the rule dry run; 200 FAILED for (un)blacklisting.
inline constexpr const char* kInMaintenance = "Cluster is in maintenance mode";
// 200 FAILED when the maintenance state could not be stored.
inline constexpr const char* kClusterStateNotChanged = "Could not change cluster state";

// BlacklistOperationResponse.message
inline constexpr const char* kBlacklistScheduled =
    "Blacklisting successful and app movement scheduled";
inline constexpr const char* kBlacklistNoneApplied =
    "Blacklisting could not be applied to any of the executors";
inline constexpr const char* kUnblacklistAll = "Unblacklisting successful for all executors";
inline constexpr const char* kUnblacklistSome =
    "Unblacklisting successful for some executors. Check logs for details.";

// A start kept back because its executor left ACTIVE after the placement.
inline constexpr const char* kExecutorNotActive = "Executor is blacklisted, not started: ";

}  // namespace drove::controller::texts

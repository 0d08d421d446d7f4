// --wait support: poll loops with an interval and a timeout that print every state change.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/cli_context.h"
#include "orchestrator/cli/table.h"

namespace drove::cli {

struct WaitOptions {
  std::chrono::milliseconds interval{1000};
  std::chrono::milliseconds timeout{0};  // 0 waits for ever (drove-cli has no bound)
};

// Adds --wait/-w, --wait-interval and --wait-timeout to an operation command.
void AddWaitOptions(Command& command, const std::string& wait_help);
WaitOptions WaitOptionsFrom(const ParsedArgs& args);

// "instance <id> <STATE>" for each instance that is new or changed state since *known, and
// "instance <id> GONE" for each one no longer listed; updates *known.
std::vector<std::string> InstanceStateChanges(std::map<std::string, std::string>* known,
                                              const Json& instances);
// Number of HEALTHY instances in a list.
int HealthyCount(const Json& instances);
// How many of ids are in instances (any state, or HEALTHY only).
int CountListed(const Json& instances, const std::vector<std::string>& ids, bool healthy_only);

// Polls GET instances_path every interval, printing state changes, until done(instances) is true
// (returns kExitOk) or the timeout passes (kExitWaitTimeout; what names the thing waited for,
// "app APP-1").
int WaitForInstances(CliContext& ctx, const std::string& instances_path, const std::string& what,
                     const WaitOptions& options,
                     const std::function<bool(const Json& instances)>& done);

// WaitForInstances until none of ids is listed (in any state, or HEALTHY only), printing
// "Remaining old instance count: N" whenever N changes.
int WaitUntilNoneListed(CliContext& ctx, const std::string& instances_path, const std::string& what,
                        const WaitOptions& options, const std::vector<std::string>& ids,
                        bool healthy_only);

}  // namespace drove::cli

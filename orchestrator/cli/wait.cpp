// Poll loops behind --wait, printing instance state changes as they happen.
#include "orchestrator/cli/wait.h"

#include <algorithm>
#include <set>

namespace drove::cli {

void AddWaitOptions(Command& command, const std::string& wait_help) {
  command.Flag("--wait", "-w", wait_help)
      .Option("--wait-interval", "", "Seconds between polls while waiting", "1")
      .Option("--wait-timeout", "", "Give up waiting after this many seconds (0: never)", "0");
}

WaitOptions WaitOptionsFrom(const ParsedArgs& args) {
  WaitOptions options;
  auto seconds = [](const std::string& text, double fallback) {
    try {
      return text.empty() ? fallback : std::stod(text);
    } catch (...) {
      return fallback;
    }
  };
  options.interval = std::chrono::milliseconds(
      static_cast<int64_t>(std::max(0.05, seconds(args.Get("wait_interval"), 1)) * 1000));
  options.timeout = std::chrono::milliseconds(
      static_cast<int64_t>(std::max(0.0, seconds(args.Get("wait_timeout"), 0)) * 1000));
  return options;
}

std::vector<std::string> InstanceStateChanges(std::map<std::string, std::string>* known,
                                              const Json& instances) {
  std::vector<std::string> lines;
  std::set<std::string> seen;
  if (instances.is_array()) {
    for (const auto& instance : instances) {
      std::string id = instance.value("instanceId", "");
      std::string state = instance.value("state", "");
      seen.insert(id);
      auto it = known->find(id);
      if (it == known->end() || it->second != state) {
        lines.push_back("instance " + id + " " + state);
        (*known)[id] = state;
      }
    }
  }
  for (auto it = known->begin(); it != known->end();) {
    if (seen.count(it->first) == 0) {
      lines.push_back("instance " + it->first + " GONE");
      it = known->erase(it);
    } else {
      ++it;
    }
  }
  return lines;
}

int HealthyCount(const Json& instances) {
  if (!instances.is_array()) return 0;
  return static_cast<int>(std::count_if(instances.begin(), instances.end(), [](const Json& i) {
    return i.value("state", "") == "HEALTHY";
  }));
}

int CountListed(const Json& instances, const std::vector<std::string>& ids, bool healthy_only) {
  int count = 0;
  if (!instances.is_array()) return 0;
  for (const auto& instance : instances) {
    if (healthy_only && instance.value("state", "") != "HEALTHY") continue;
    if (std::find(ids.begin(), ids.end(), instance.value("instanceId", "")) != ids.end()) {
      ++count;
    }
  }
  return count;
}

int WaitForInstances(CliContext& ctx, const std::string& instances_path, const std::string& what,
                     const WaitOptions& options,
                     const std::function<bool(const Json& instances)>& done) {
  std::map<std::string, std::string> known;
  int64_t start = ctx.now_ms();
  while (true) {
    Json instances = ctx.Client().Get(instances_path);
    for (const auto& line : InstanceStateChanges(&known, instances)) ctx.Out() << line << "\n";
    ctx.Out().flush();
    if (done(instances)) return kExitOk;
    if (options.timeout.count() > 0 && ctx.now_ms() - start >= options.timeout.count()) {
      ctx.Err() << "Error: timed out after " << options.timeout.count() / 1000 << " s waiting for "
                << what << "\n";
      return kExitWaitTimeout;
    }
    if (ctx.interrupted && ctx.interrupted()) return kExitError;
    ctx.sleep(options.interval);
  }
}

int WaitUntilNoneListed(CliContext& ctx, const std::string& instances_path, const std::string& what,
                        const WaitOptions& options, const std::vector<std::string>& ids,
                        bool healthy_only) {
  int last = -1;
  return WaitForInstances(ctx, instances_path, what, options, [&](const Json& instances) {
    int overlap = CountListed(instances, ids, healthy_only);
    if (overlap != last) {
      ctx.Out() << "Remaining old instance count: " << overlap << "\n";
      last = overlap;
    }
    return overlap == 0;
  });
}

}  // namespace drove::cli

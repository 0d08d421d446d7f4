// The app instance state machine (Drove's executor semantics), one blocking step at a time.
#include "orchestrator/core/util/guarded_thread.h"
#include "orchestrator/executor/runner/instance_runner.h"

#include <optional>

#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/checks/check_loops.h"
#include "orchestrator/executor/checks/checker.h"
#include "orchestrator/executor/checks/counted_checker.h"
#include "orchestrator/executor/runner/container_ops.h"

namespace drove::executor {
namespace {

using core::InstanceState;
using std::chrono::milliseconds;

constexpr milliseconds kDefaultPullTimeout{15 * 60 * 1000};
constexpr int kPortClashRetries = 3;

// Docker: "Bind for 0.0.0.0:N failed: port is already allocated" (its own allocator) or
// "listen tcp4 0.0.0.0:N: bind: address already in use" (docker-proxy / another process).
bool IsPortClash(const std::string& error) {
  return error.find("port is already allocated") != std::string::npos ||
         error.find("address already in use") != std::string::npos;
}

// A host-level local service publishes every port on the same port of the host (Drove's
// `hostLevel`): node agents are then found at a well-known port on every host.
bool IsHostLevel(const core::ApplicationSpec& spec) {
  return spec.placement_policy && spec.placement_policy->type == core::PlacementPolicyType::kLocal &&
         spec.placement_policy->host_level;
}

std::map<std::string, int> HostPorts(const core::InstanceInfo& info) {
  std::map<std::string, int> out;
  if (info.local_info) {
    for (const auto& [name, port] : info.local_info->ports) out[name] = port.host_port;
  }
  return out;
}

}  // namespace

InstanceRunner::InstanceRunner(const RunnerContext& context, core::ApplicationSpec spec,
                               core::InstanceInfo info, std::string instance_auth_token)
    : context_(context), spec_(std::move(spec)), auth_token_(std::move(instance_auth_token)),
      info_(std::move(info)) {}

std::unique_ptr<InstanceRunner> InstanceRunner::Adopt(const RunnerContext& context,
                                                      core::ApplicationSpec spec,
                                                      core::InstanceInfo info,
                                                      std::string container_id, bool running) {
  auto runner = std::make_unique<InstanceRunner>(context, std::move(spec), std::move(info), "");
  runner->container_id_ = std::move(container_id);
  runner->adopted_ = true;
  runner->adopted_running_ = running;
  // Labels hold the info as started; a live container is reported as it last was, HEALTHY.
  runner->info_.state = running ? InstanceState::kHealthy : InstanceState::kDeprovisioning;
  return runner;
}

InstanceRunner::~InstanceRunner() {
  Abandon();
  if (thread_.joinable()) thread_.join();
}

// Not restarted after an escaped exception: a second run could start a second container.
void InstanceRunner::Start() {
  thread_ = core::StartGuardedThread("instance-runner", [this] { Run(); }, [] { return false; });
}

void InstanceRunner::RequestStop() {
  stop_requested_.store(true);
  stop_waiter_.Interrupt();
}

void InstanceRunner::Abandon() {
  abandoned_.store(true);
  stop_waiter_.Interrupt();
  abandon_waiter_.Interrupt();
}

core::InstanceInfo InstanceRunner::Info() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return info_;
}

void InstanceRunner::SetState(InstanceState state, const std::string& error) {
  if (abandoned_.load()) return;
  core::InstanceInfo copy;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    info_.state = state;
    if (!error.empty()) info_.error_message = error;
    info_.updated = context_.clock->NowMillis();
    copy = info_;
  }
  DLOG_INFO("instance state", {{"appId", copy.app_id},
                               {"instanceId", copy.instance_id},
                               {"state", core::ToString(state)},
                               {"error", copy.error_message}});
  if (context_.sink != nullptr) context_.sink->InstanceChanged(copy);
}

void InstanceRunner::Run() {
  if (adopted_) {
    if (adopted_running_) {
      follower_ = FollowOutput(*context_.engine, container_id_,
                               context_.log_dir + "/" + info_.app_id + "/" + info_.instance_id,
                               info_.app_id, spec_.logging, true);
      SetState(InstanceState::kHealthy);
      Monitor(true);
    } else {
      SetState(InstanceState::kDeprovisioning, ExitMessage());
      Deprovision();
    }
  } else if (Provision() && StartContainer()) {
    Monitor(false);
  }
  if (!abandoned_.load()) {
    if (follower_) follower_->Finish(milliseconds(2000));
  }
  finished_at_ms_.store(context_.clock->NowMillis());
  finished_.store(true);
}

bool InstanceRunner::Provision() {
  if (stop_requested_.load()) {
    SetState(InstanceState::kStopped, "Stopped before start");
    return false;
  }
  SetState(InstanceState::kProvisioning);
  const std::string image = spec_.executable ? spec_.executable->url : "";
  auto timeout = spec_.executable && spec_.executable->docker_pull_timeout
                     ? spec_.executable->docker_pull_timeout->ToMillis()
                     : kDefaultPullTimeout;
  core::Status status = EnsureImage(*context_.engine, image, timeout);
  if (abandoned_.load()) return false;
  if (!status.ok()) {
    SetState(InstanceState::kProvisioningFailed, "Error pulling image: " + status.message());
    SetState(InstanceState::kDeprovisioning);
    SetState(InstanceState::kStopped);
    return false;
  }
  return true;
}

bool InstanceRunner::StartContainer() {
  if (stop_requested_.load()) {
    SetState(InstanceState::kStopped, "Stopped before start");
    return false;
  }
  SetState(InstanceState::kStarting);
  std::string error;
  std::optional<std::string> tar;
  for (int attempt = 0;; ++attempt) {
    core::LocalInfo local;
    local.hostname = context_.InstanceHostname();
    for (const auto& port : spec_.exposed_ports) {
      auto host_port = IsHostLevel(spec_) ? core::Result<int>(port.port)
                                          : PickFreePort(port.type == core::PortType::kUdp);
      if (!host_port.ok()) {
        error = host_port.error();
        break;
      }
      local.ports[port.name] = {port.port, *host_port, port.type.value_or(core::PortType::kHttp)};
    }
    core::InstanceInfo info;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      info_.local_info = local;
      info = info_;
    }
    if (!tar) {
      auto built = BuildConfigArchive(spec_.configs.value_or(std::vector<core::ConfigSpec>{}));
      if (error.empty() && !built.ok()) error = built.error();
      if (built.ok()) tar = std::move(built).value();
    }
    if (!error.empty()) break;
    ContainerConfig config = BuildContainerConfig(
        InstanceContainerRequest(spec_, info, context_.hostname, auth_token_), context_.pinning,
        context_.host_env);
    auto id = CreateAndStart(*context_.engine, config, *tar, context_.security);
    if (id.ok()) {
      container_id_ = *id;
      follower_ = FollowOutput(*context_.engine, container_id_,
                               context_.log_dir + "/" + info.app_id + "/" + info.instance_id,
                               info.app_id, spec_.logging, false);
      return true;
    }
    error = id.error();
    // PickFreePort sees this namespace only: the engine may publish in another one (several
    // executors on one engine, a remote engine), where the port can be taken. Fresh ports then.
    if (attempt >= kPortClashRetries || !IsPortClash(error) || stop_requested_.load() ||
        abandoned_.load()) {
      break;
    }
    DLOG_WARN("host port taken at the engine; retrying with fresh ports",
              {{"instanceId", info.instance_id}, {"attempt", std::to_string(attempt + 1)},
               {"error", error}});
    error.clear();
  }
  SetState(InstanceState::kStartFailed, "Error starting container: " + error);
  SetState(InstanceState::kDeprovisioning);
  SetState(InstanceState::kStopped);
  return false;
}

void InstanceRunner::Monitor(bool adopted) {
  Engine& engine = *context_.engine;
  auto ports = HostPorts(Info());
  auto still_running = [&] {
    auto state = engine.Inspect(container_id_);
    return state.ok() && state->running;
  };
  if (!adopted) {
    SetState(InstanceState::kUnready);
    if (!spec_.readiness || !spec_.readiness->mode) {
      SetState(InstanceState::kReady);
    } else {
      auto checker = CountChecks(
          MakeChecker(*spec_.readiness->mode,
                      spec_.readiness->timeout.value_or(core::Duration::Seconds(1)).ToMillis(),
                      engine, container_id_, ports),
          context_.check_results, {{"app", Info().app_id}, {"check", "readiness"}});
      CheckOutcome outcome = RunReadiness(*spec_.readiness, *checker, stop_waiter_, false);
      if (abandoned_.load()) return;
      if (outcome.verdict == CheckVerdict::kUnhealthy) {
        std::string message = still_running() ? outcome.message : ExitMessage();
        SetState(InstanceState::kReadinessCheckFailed, message);
        StopSequence();
        return;
      }
      if (outcome.verdict == CheckVerdict::kStopped) {
        StopSequence();
        return;
      }
      SetState(InstanceState::kReady);
    }
    SetState(InstanceState::kHealthy);
  }
  CheckOutcome outcome{CheckVerdict::kStopped, ""};
  if (spec_.healthcheck && spec_.healthcheck->mode) {
    auto checker = CountChecks(
        MakeChecker(*spec_.healthcheck->mode,
                    spec_.healthcheck->timeout.value_or(core::Duration::Seconds(1)).ToMillis(),
                    engine, container_id_, ports),
        context_.check_results, {{"app", Info().app_id}, {"check", "health"}});
    outcome = RunHealthChecks(*spec_.healthcheck, *checker, stop_waiter_, still_running);
  } else {
    // No checks: only watch for the container to exit.
    while (still_running() && stop_waiter_.WaitFor(milliseconds(1000))) {
    }
    if (!stop_waiter_.interrupted()) outcome.message = "container exited";
  }
  if (abandoned_.load()) return;
  if (outcome.verdict == CheckVerdict::kUnhealthy) {
    SetState(InstanceState::kUnhealthy, outcome.message);
    StopSequence();
  } else if (!outcome.message.empty()) {
    // The container exited by itself: nothing to stop, just clean up.
    SetState(InstanceState::kDeprovisioning, ExitMessage());
    Deprovision();
  } else {
    StopSequence();
  }
}

void InstanceRunner::RunPreShutdownHooks() {
  if (!spec_.pre_shutdown) return;
  auto ports = HostPorts(Info());
  for (const auto& hook : spec_.pre_shutdown->hooks) {
    if (abandoned_.load()) return;
    auto checker = MakeChecker(hook, milliseconds(30000), *context_.engine, container_id_, ports);
    CheckResult result = checker->Check();
    if (!result.healthy) {
      DLOG_WARN("pre-shutdown hook failed",
                {{"instanceId", info_.instance_id}, {"error", result.message}});
    }
  }
  auto wait = spec_.pre_shutdown->wait_before_kill.value_or(core::Duration::Seconds(0)).ToMillis();
  if (wait.count() > 0) abandon_waiter_.WaitFor(wait);
}

void InstanceRunner::StopSequence() {
  if (abandoned_.load()) return;
  SetState(InstanceState::kStopping);
  RunPreShutdownHooks();
  if (abandoned_.load()) return;
  core::Status status = context_.engine->Stop(container_id_, context_.stop_timeout);
  if (!status.ok()) {
    DLOG_WARN("stop container failed", {{"instanceId", info_.instance_id}, {"error", status.message()}});
  }
  SetState(InstanceState::kDeprovisioning);
  Deprovision();
}

void InstanceRunner::Deprovision() {
  if (follower_) follower_->Finish(milliseconds(2000));
  RemoveContainer(*context_.engine, container_id_, spec_.executable ? spec_.executable->url : "",
                  context_.cache_images);
  SetState(InstanceState::kStopped);
}

std::string InstanceRunner::ExitMessage() {
  auto state = context_.engine->Inspect(container_id_);
  if (!state.ok()) return "Container is gone: " + state.error();
  if (state->running) return "";
  std::string message = "Container exited with status " + std::to_string(state->exit_code);
  if (state->oom_killed) message += " (killed: out of memory)";
  if (!state->error.empty()) message += ": " + state->error;
  return message;
}

}  // namespace drove::executor

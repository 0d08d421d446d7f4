// Building the controller core (cluster model + operations engine) behind the ControllerCore seam.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "orchestrator/controller/controller_core.h"
#include "orchestrator/controller/engine/executor_client.h"
#include "orchestrator/controller/model/records.h"
#include "orchestrator/coordination/leader_election.h"
#include "orchestrator/store/state_store.h"

namespace drove::controller {

struct CoreOptions {
  std::string controller_secret = "DefaultControllerSecret";  // sent to executors
  std::string node_id = "drove-controller";                   // NodeId header
  std::string instance_auth_secret = "DEFAULT_SECRET";         // signs app-instance tokens
  std::chrono::milliseconds instance_token_lifetime = kDefaultInstanceTokenLifetime;  // their exp
  std::chrono::milliseconds instance_lost_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds executor_lost_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds max_events_storage_duration{std::chrono::hours(1)};
  std::chrono::milliseconds default_op_timeout{std::chrono::seconds(300)};
  int default_parallelism = 1;
  std::vector<std::string> allowed_mount_dirs;
  bool disable_cmdl_args = false;         // options.disableCmdlArgs
  bool enable_raw_device_access = false;  // options.enableRawDeviceAccess
  std::chrono::milliseconds executor_call_timeout{std::chrono::seconds(2)};
  core::TlsConfig tls;  // executors reporting transportType HTTPS are verified with it
  std::chrono::milliseconds tick{250};
  // After maintenance is set or unset, operations stay refused and the monitors paused this long.
  std::chrono::milliseconds maintenance_settle_time{std::chrono::seconds(40)};
  std::chrono::milliseconds stale_check_interval{std::chrono::hours(1)};
  StaleAges stale;
};

// The core as the API sees it, plus its lifecycle.
class ControllerCoreService : public ControllerCore {
 public:
  // Starts the engine thread and campaigns; the model is loaded from the store each time this
  // node is elected, and dropped when it loses leadership.
  virtual core::Status Start() = 0;
  // Resigns and stops the engine thread (idempotent); the store keeps everything.
  virtual void Stop() = 0;
};

// `client` null: the HTTP executor client (secret, NodeId, executor_call_timeout, instance
// tokens signed with instance_auth_secret, expiring after instance_token_lifetime).
// `now` null: the system clock (ms since the epoch).
// `election` null: a single controller, leader from Start (the SQLite store's mode).
std::unique_ptr<ControllerCoreService> MakeControllerCore(
    const CoreOptions& options, std::unique_ptr<store::StateStore> store,
    std::unique_ptr<ExecutorClient> client = nullptr, NowFn now = nullptr,
    std::unique_ptr<coordination::LeaderElection> election = nullptr);

}  // namespace drove::controller

// OpenCoordination: SQLite, or ZooKeeper session + store + election.
#include "orchestrator/controller/coordination_setup.h"

#include "orchestrator/coordination/zookeeper_session.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/store/zookeeper_store.h"

namespace drove::controller {
namespace {

core::Result<Coordination> OpenZookeeper(const ControllerConfig& config,
                                         const std::string& node_id) {
  coordination::ZookeeperOptions options;
  options.connection_string = config.zk_connection_string;
  options.session_timeout = config.zk_session_timeout;
  options.name_space = config.zk_namespace;
  options.connect_timeout = config.zk_connect_timeout;
  auto session = coordination::ZookeeperSession::Connect(options);
  if (!session.ok()) return session.status();
  auto store = store::OpenZookeeperStore(*session);
  if (!store.ok()) return store.status();
  DLOG_INFO("store opened", {{"type", "zookeeper"},
                             {"connectionString", config.zk_connection_string},
                             {"namespace", config.zk_namespace},
                             {"sessionTimeoutMs",
                              std::to_string((*session)->session_timeout().count())}});
  return Coordination{std::move(store).value(),
                      coordination::MakeZookeeperElection(*session, node_id)};
}

}  // namespace

core::Result<Coordination> OpenCoordination(const ControllerConfig& config,
                                            const std::string& node_id) {
  if (config.store_type == "zookeeper") return OpenZookeeper(config, node_id);
  auto store = store::OpenSqliteStore(config.store_path);
  if (!store.ok()) return store.status();
  DLOG_INFO("store opened", {{"type", "sqlite"}, {"path", config.store_path}});
  return Coordination{std::move(store).value(), nullptr};
}

}  // namespace drove::controller

// Session, store and election of drove-epoch on ZooKeeper (see zookeeper_leadership.h).
#include "orchestrator/epoch/leadership/zookeeper_leadership.h"

#include <thread>

#include "orchestrator/core/util/log.h"
#include "orchestrator/store/zookeeper_store.h"

namespace drove::epoch {
namespace {

// How often a new leader retries reading the state when ZooKeeper refuses it.
constexpr auto kLoadRetry = std::chrono::milliseconds(200);

store::ZookeeperStoreLayout EpochLayout() {
  store::ZookeeperStoreLayout layout;
  layout.kinds = {{kTopologyKind, kTopologyFolder, false}, {kRunKind, kRunFolder, true}};
  layout.marker = kEpochNamespaceMarker;
  layout.other_children = {std::string(kLeaderSelectionFolder).substr(1)};
  return layout;
}

}  // namespace

core::Result<std::unique_ptr<ZookeeperLeadership>> ZookeeperLeadership::Open(
    const ZookeeperSettings& settings, std::string node_id) {
  coordination::ZookeeperOptions options;
  options.connection_string = settings.connection_string;
  options.session_timeout = settings.session_timeout;
  options.name_space = settings.name_space;
  options.connect_timeout = settings.connect_timeout;
  auto session = coordination::ZookeeperSession::Connect(options);
  if (!session.ok()) return session.status();
  auto store = store::OpenZookeeperStore(*session, EpochLayout());
  if (!store.ok()) return store.status();
  return std::unique_ptr<ZookeeperLeadership>(new ZookeeperLeadership(
      std::move(session).value(), std::move(store).value(), std::move(node_id)));
}

ZookeeperLeadership::ZookeeperLeadership(std::shared_ptr<coordination::ZookeeperSession> session,
                                         std::unique_ptr<store::StateStore> store,
                                         std::string node_id)
    : node_id_(std::move(node_id)),
      session_(std::move(session)),
      store_(std::move(store)),
      election_(coordination::MakeZookeeperElection(session_, node_id_, kLeaderSelectionFolder)) {}

ZookeeperLeadership::~ZookeeperLeadership() { Stop(); }

core::Status ZookeeperLeadership::Start(EpochRepository& repository, SchedulerCore& scheduler) {
  repository_ = &repository;
  scheduler_ = &scheduler;
  core::Status st = election_->Start(coordination::LeadershipEvents{
      [this] { OnElected(); }, [this](const std::string& reason) { OnLost(reason); }});
  if (!st.ok()) scheduler_ = nullptr;  // Stop must not touch it
  return st;
}

// The scheduler is forgotten here, so the destructor (which may run after the scheduler is gone)
// only closes the election.
void ZookeeperLeadership::Stop() {
  election_->Stop();  // resigns: the next candidate's watch fires now; no callback runs after it
  serving_ = false;
  if (scheduler_ != nullptr) scheduler_->Deactivate();
  scheduler_ = nullptr;
}

// Runs on the election thread, which renews the lease only after this returns: a slow load ends
// in a lapsed lease, `lost`, and a new election, never in scheduling on a stale view.
void ZookeeperLeadership::OnElected() {
  while (true) {
    core::Status st = repository_->Load();
    if (st.ok()) break;
    DLOG_WARN("new leader cannot read the state yet",
              {{"nodeId", node_id_}, {"error", st.message()}});
    if (!election_->IsLeader()) return;
    std::this_thread::sleep_for(kLoadRetry);
  }
  scheduler_->Recover();
  serving_ = true;
  DLOG_INFO("leading: state loaded, scheduling",
            {{"nodeId", node_id_},
             {"topologies", std::to_string(repository_->Topologies().size())},
             {"runningRuns", std::to_string(repository_->RunsInState(RunState::kRunning).size())}});
}

void ZookeeperLeadership::OnLost(const std::string& reason) {
  serving_ = false;
  scheduler_->Deactivate();
  DLOG_WARN("not leading: scheduling stopped, calls go to the leader",
            {{"nodeId", node_id_}, {"reason", reason}});
}

}  // namespace drove::epoch

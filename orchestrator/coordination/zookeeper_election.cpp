// Curator LeaderSelector-compatible leader election on ZooKeeper, with a leadership lease.
//
// Owner: the election thread owns the candidate node (node_, node_session_, prefix_) and is the
// only caller of `elected`/`lost`; other threads read leading_ and the lease (atomics), the
// leader id (under mu_) and the candidates' list (under its own lock). Each candidate watches
// only its predecessor; the leader re-verifies its own node every session_timeout/4 (and then
// lists the candidates) and may claim leadership for session_timeout/2 after the
// moment it sent the last successful check (the server had re-armed the session's full timeout
// by then, so the node cannot vanish, and nobody else can lead, before that lease ends).
#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "orchestrator/coordination/election_candidates.h"
#include "orchestrator/coordination/leader_election.h"
#include "orchestrator/coordination/zookeeper_session.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/core/util/uuid.h"

namespace drove::coordination {
namespace {

using Clock = std::chrono::steady_clock;
using Event = ZookeeperSession::Event;

// Curator sorts lock nodes by what follows "lock-" (the sequence), whatever the prefix.
std::string SortKey(const std::string& name) {
  auto at = name.rfind("lock-");
  return at == std::string::npos ? name : name.substr(at + 5);
}

core::Result<std::vector<std::string>> SortedChildren(zhandle_t* zh, const std::string& dir) {
  String_vector children{};
  int rc = zoo_get_children(zh, dir.c_str(), 0, &children);
  if (rc != ZOK) return core::Status::Error(ZkStatusCode(rc), ZkErrorText(rc));
  std::vector<std::string> names(children.data, children.data + children.count);
  deallocate_String_vector(&children);
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    auto ka = SortKey(a), kb = SortKey(b);
    return ka != kb ? ka < kb : a < b;
  });
  return names;
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// zoo_aexists, waited for until `deadline` at most: a leader whose server went silent must step
// down when its lease ends, not when the client gives up on the call (2/3 of the session timeout).
// The completion owns a reference to the call's state, so giving up early is safe.
struct ExistsCall {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int rc = ZOK;
  struct Stat stat {};
};

void OnExists(int rc, const struct Stat* stat, const void* data) {
  std::unique_ptr<std::shared_ptr<ExistsCall>> owner(
      static_cast<std::shared_ptr<ExistsCall>*>(const_cast<void*>(data)));
  ExistsCall& call = **owner;
  std::lock_guard lock(call.mu);
  call.rc = rc;
  if (stat) call.stat = *stat;
  call.done = true;
  call.cv.notify_all();
}

// nullopt when the deadline passed first.
std::optional<std::pair<int, struct Stat>> ExistsBefore(zhandle_t* zh, const std::string& path,
                                                        Clock::time_point deadline) {
  auto call = std::make_shared<ExistsCall>();
  auto* owner = new std::shared_ptr<ExistsCall>(call);
  int rc = zoo_aexists(zh, path.c_str(), 1, OnExists, owner);  // watch: deletion wakes us
  if (rc != ZOK) {
    delete owner;
    return std::make_pair(rc, Stat{});
  }
  std::unique_lock lock(call->mu);
  if (!call->cv.wait_until(lock, deadline, [&] { return call->done; })) return std::nullopt;
  return std::make_pair(call->rc, call->stat);
}

class ZookeeperElection : public LeaderElection {
 public:
  ZookeeperElection(std::shared_ptr<ZookeeperSession> session, std::string node_id,
                    const std::string& folder)
      : session_(std::move(session)), node_id_(std::move(node_id)), dir_(session_->Path(folder)) {}
  ~ZookeeperElection() override {
    Stop();
    if (thread_.joinable()) thread_.join();
  }

  core::Status Start(LeadershipEvents events) override;
  void Stop() override;
  bool IsLeader() const override {
    return leading_ && Clock::now().time_since_epoch().count() < lease_until_;
  }
  std::string Leader() const override {
    if (IsLeader()) return node_id_;
    std::lock_guard lock(mu_);
    return leader_id_;
  }
  std::vector<std::string> Candidates() const override { return candidates_.Ids(); }

 private:
  void Run();
  Clock::duration Step();
  Clock::duration Verify(ZkHandle& handle);
  core::Status EnsureNode(ZkHandle& handle);
  void ListCandidates(ZkHandle& handle);
  void UpdateLeaderId(const std::string& lowest);
  void SetLeaderId(std::string id);
  void Forget(const std::string& reason);
  void CheckLease(const std::string& reason);
  void Promote();
  void Demote(const std::string& reason);
  void Resign();
  Clock::duration retry() const { return std::min<Clock::duration>(verify_every(), kRetry); }
  Clock::duration verify_every() const { return session_->session_timeout() / 4; }

  static constexpr auto kRetry = std::chrono::milliseconds(200);

  const std::shared_ptr<ZookeeperSession> session_;
  const std::string node_id_;
  const std::string dir_;
  LeadershipEvents events_;
  int listener_ = 0;
  std::thread thread_;

  // Election thread only.
  std::string node_;  // full path of this candidate's node, "" while it has none
  int64_t node_session_ = 0;
  std::string prefix_;  // "_c_<uuid>-lock-", new per session (Curator's protected mode)
  int64_t prefix_session_ = 0;

  ElectionCandidates candidates_;  // refreshed by the election thread on every pass
  std::atomic<bool> leading_{false};
  std::atomic<Clock::rep> lease_until_{0};
  mutable std::mutex mu_;  // guards everything below
  std::condition_variable cv_;
  std::string leader_id_;
  bool started_ = false;
  bool stopping_ = false;
  bool wake_ = false;
};

core::Status ZookeeperElection::Start(LeadershipEvents events) {
  {
    std::lock_guard lock(mu_);
    if (started_) return core::Status::Error("leader election already started");
    started_ = true;
  }
  events_ = std::move(events);
  listener_ = session_->AddListener([this](Event event, const std::string& path) {
    if (event == Event::kNodeChanged && path.rfind(dir_, 0) != 0) return;
    std::lock_guard lock(mu_);
    wake_ = true;
    cv_.notify_all();
  });
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (const std::system_error& e) {
    session_->RemoveListener(listener_);
    return core::Status::Error(std::string("leader election thread not started: ") + e.what());
  }
  return core::Status::Ok();
}

void ZookeeperElection::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  // From inside a callback (the election thread) the loop ends after it returns and resigns then.
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void ZookeeperElection::Run() {
  while (true) {
    Clock::duration wait = kRetry;
    try {
      wait = Step();
    } catch (const std::exception& e) {
      DLOG_ERROR("leader election step failed", {{"nodeId", node_id_}, {"error", e.what()}});
    } catch (...) {
      DLOG_ERROR("leader election step failed", {{"nodeId", node_id_}, {"error", "unknown"}});
    }
    std::unique_lock lock(mu_);
    auto deadline = Clock::now() + wait;
    // A leader wakes when its lease ends, so `lost` follows the lapse at once.
    if (leading_) deadline = std::min(deadline, Clock::time_point(Clock::duration(lease_until_)));
    cv_.wait_until(lock, deadline, [&] { return stopping_ || wake_; });
    wake_ = false;
    if (stopping_) break;
  }
  try {
    Resign();
  } catch (const std::exception& e) {
    DLOG_ERROR("leader election resign failed", {{"nodeId", node_id_}, {"error", e.what()}});
  } catch (...) {
    DLOG_ERROR("leader election resign failed", {{"nodeId", node_id_}, {"error", "unknown"}});
  }
}

// One pass: make sure this candidate has a node, find its place, lead or watch the predecessor.
Clock::duration ZookeeperElection::Step() {
  auto handle = session_->handle();
  if (!node_.empty() && node_session_ != handle->session_id()) Forget("zookeeper session expired");
  if (!handle->connected()) {
    SetLeaderId("");
    CheckLease("no connection to zookeeper for longer than the leadership lease");
    return retry();
  }
  if (node_.empty()) {
    if (auto status = EnsureNode(*handle); !status.ok()) {
      DLOG_DEBUG("election node not created", {{"nodeId", node_id_}, {"error", status.message()}});
      return retry();
    }
  }
  if (leading_) {  // the lowest node stays lowest for as long as it lives
    Clock::duration wait = Verify(*handle);
    if (IsLeader()) ListCandidates(*handle);  // after the lease's round trip, never before it
    return wait;
  }
  auto children = SortedChildren(handle->get(), dir_);
  if (!children.ok()) {
    CheckLease("cannot list election nodes: " + children.error());
    return retry();
  }
  auto mine = std::find(children->begin(), children->end(), BaseName(node_));
  if (mine == children->end()) {
    Forget("election node deleted");
    return Clock::duration::zero();
  }
  candidates_.Refresh(handle->get(), dir_, *children);
  UpdateLeaderId(children->front());
  if (mine == children->begin()) return Verify(*handle);
  std::string predecessor = dir_ + "/" + *(mine - 1);
  int rc = zoo_exists(handle->get(), predecessor.c_str(), 1, nullptr);  // watch: wakes us
  return rc == ZNONODE ? Clock::duration::zero() : verify_every();
}

// The leader's round trip: its own node, still owned by its session. Renews the lease.
Clock::duration ZookeeperElection::Verify(ZkHandle& handle) {
  // Lapsed before it could be renewed (the thread was not scheduled, the process was stopped):
  // say so now; the check below may make this node leader again at once.
  CheckLease("the leadership lease ran out before it could be renewed");
  auto sent = Clock::now();
  auto deadline =
      leading_ ? Clock::time_point(Clock::duration(lease_until_.load())) : Clock::time_point::max();
  auto answer = ExistsBefore(handle.get(), node_, deadline);
  if (!answer) {
    CheckLease("no answer from zookeeper within the leadership lease");
    return retry();
  }
  auto [rc, stat] = *answer;
  if (rc == ZOK && stat.ephemeralOwner == node_session_) {
    lease_until_ = (sent + session_->session_timeout() / 2).time_since_epoch().count();
    if (!leading_) Promote();
    return verify_every();
  }
  if (rc == ZOK || rc == ZNONODE) {
    Forget("election node deleted");
    return Clock::duration::zero();
  }
  CheckLease("cannot verify the election node: " + ZkErrorText(rc));
  return retry();
}

core::Status ZookeeperElection::EnsureNode(ZkHandle& handle) {
  if (prefix_.empty() || prefix_session_ != handle.session_id()) {
    prefix_ = "_c_" + core::UuidV4() + "-lock-";
    prefix_session_ = handle.session_id();
  }
  // Protected mode: a create whose answer was lost may have succeeded; adopt that node.
  auto children = SortedChildren(handle.get(), dir_);
  if (!children.ok() && children.status().code() == core::StatusCode::kNotFound) {
    if (auto status = session_->EnsurePath(dir_); !status.ok()) return status;
  } else if (!children.ok()) {
    return children.status();
  }
  std::string path;
  for (const auto& name : children.ok() ? *children : std::vector<std::string>{}) {
    if (name.rfind(prefix_, 0) == 0) path = dir_ + "/" + name;
  }
  if (path.empty()) {
    std::string base = dir_ + "/" + prefix_;
    std::vector<char> created(base.size() + 32);
    int rc = zoo_create(handle.get(), base.c_str(), node_id_.data(),
                        static_cast<int>(node_id_.size()), &ZOO_OPEN_ACL_UNSAFE,
                        ZOO_EPHEMERAL_SEQUENTIAL, created.data(), static_cast<int>(created.size()));
    if (rc != ZOK) return core::Status::Error(ZkStatusCode(rc), ZkErrorText(rc));
    path = created.data();
  }
  node_ = path;
  node_session_ = prefix_session_;
  DLOG_INFO("election candidate", {{"nodeId", node_id_}, {"node", node_}});
  return core::Status::Ok();
}

// The leader's own view of who campaigns; followers refresh theirs in Step as they list anyway.
void ZookeeperElection::ListCandidates(ZkHandle& handle) {
  auto children = SortedChildren(handle.get(), dir_);
  if (children.ok()) candidates_.Refresh(handle.get(), dir_, *children);
}

void ZookeeperElection::UpdateLeaderId(const std::string& lowest) {
  auto id = candidates_.IdOf(lowest);
  if (!id) return;  // gone meanwhile: the next pass sees the new lowest
  SetLeaderId(std::move(*id));
}

void ZookeeperElection::SetLeaderId(std::string id) {
  std::lock_guard lock(mu_);
  leader_id_ = std::move(id);
}

void ZookeeperElection::Forget(const std::string& reason) {
  node_.clear();
  if (leading_) Demote(reason);
}

void ZookeeperElection::CheckLease(const std::string& reason) {
  if (leading_ && !IsLeader()) Demote(reason);
}

void ZookeeperElection::Promote() {
  session_->fence().Set(node_);
  leading_ = true;
  DLOG_INFO("elected leader", {{"nodeId", node_id_}, {"node", node_}});
  try {
    if (events_.elected) events_.elected();
  } catch (const std::exception& e) {
    DLOG_ERROR("elected callback failed", {{"nodeId", node_id_}, {"error", e.what()}});
  } catch (...) {
    DLOG_ERROR("elected callback failed", {{"nodeId", node_id_}, {"error", "unknown"}});
  }
}

void ZookeeperElection::Demote(const std::string& reason) {
  leading_ = false;
  lease_until_ = 0;
  session_->fence().Clear();
  DLOG_WARN("lost leadership", {{"nodeId", node_id_}, {"reason", reason}});
  try {
    if (events_.lost) events_.lost(reason);
  } catch (const std::exception& e) {
    DLOG_ERROR("lost callback failed", {{"nodeId", node_id_}, {"error", e.what()}});
  } catch (...) {
    DLOG_ERROR("lost callback failed", {{"nodeId", node_id_}, {"error", "unknown"}});
  }
}

// At Stop: no `lost` (the caller is stopping), the fence goes, the node goes so the next
// candidate's watch fires and leadership passes at once.
void ZookeeperElection::Resign() {
  session_->RemoveListener(listener_);
  bool was_leader = leading_.exchange(false);
  lease_until_ = 0;
  if (was_leader) session_->fence().Clear();
  if (node_.empty()) return;
  auto handle = session_->handle();
  int rc = handle->session_id() == node_session_ ? zoo_delete(handle->get(), node_.c_str(), -1)
                                                 : ZNONODE;
  if (rc != ZOK && rc != ZNONODE) {  // it goes with the session at the latest
    DLOG_WARN("election node not deleted", {{"node", node_}, {"error", ZkErrorText(rc)}});
  }
  DLOG_INFO("left the election",
            {{"nodeId", node_id_}, {"wasLeader", was_leader ? "true" : "false"}});
  node_.clear();
}

}  // namespace

std::unique_ptr<LeaderElection> MakeZookeeperElection(std::shared_ptr<ZookeeperSession> session,
                                                      std::string node_id, std::string folder) {
  return std::make_unique<ZookeeperElection>(std::move(session), std::move(node_id), folder);
}

}  // namespace drove::coordination

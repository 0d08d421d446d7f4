// ZookeeperSession: connect with a deadline, one log line per state change, a new session after
// expiry, and listener dispatch on the session's own thread (never the C client's threads).
#include "orchestrator/coordination/zookeeper_session.h"

#include <cstdio>
#include <utility>

#include "orchestrator/core/util/log.h"

namespace drove::coordination {
namespace {

using Clock = std::chrono::steady_clock;

// The session thread re-checks the handle this often even without events (a missed expiry).
constexpr auto kHousekeeping = std::chrono::seconds(1);

std::string SessionIdText(int64_t id) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(id));
  return text;
}

}  // namespace

ZookeeperSession::ZookeeperSession(ZookeeperOptions options, std::string root)
    : options_(std::move(options)), root_(std::move(root)) {}

core::Result<std::shared_ptr<ZookeeperSession>> ZookeeperSession::Connect(
    const ZookeeperOptions& options) {
  auto root = NamespaceRoot(options.name_space);
  if (!root.ok()) return core::Status::Error("zookeeper: " + root.error());
  if (auto status = CheckConnectionString(options.connection_string); !status.ok()) {
    return core::Status::Error("zookeeper: " + status.message());
  }
  std::shared_ptr<ZookeeperSession> session(new ZookeeperSession(options, *root));
  auto handle = ZkHandle::Open(options.connection_string,
                               static_cast<int>(options.session_timeout.count()), session->events_);
  if (!handle.ok()) {
    return core::Status::Error("zookeeper: cannot use connection string \"" +
                               options.connection_string + "\": " + handle.error());
  }
  session->handle_ = std::move(handle).value();
  if (auto status = session->WaitConnected(); !status.ok()) return status;
  session->thread_ = std::thread([raw = session.get()] { raw->Run(); });
  return session;
}

core::Status ZookeeperSession::WaitConnected() {
  auto deadline = Clock::now() + options_.connect_timeout;
  while (auto event = events_->PopUntil(deadline)) {
    if (event->type != ZOO_SESSION_EVENT) continue;
    if (event->state == ZOO_CONNECTED_STATE) {
      last_state_ = event->state;  // the controller's "store opened" line says it: stay quiet
      return core::Status::Ok();
    }
    if (event->state == ZOO_EXPIRED_SESSION_STATE || event->state == ZOO_AUTH_FAILED_STATE) break;
  }
  std::string why = LastZkClientError();
  return core::Status::Error(core::StatusCode::kUnavailable,
                             "zookeeper: no server of \"" + options_.connection_string +
                                 "\" answered within " +
                                 std::to_string(options_.connect_timeout.count()) + " ms" +
                                 (why.empty() ? "" : " (last error: " + why + ")"));
}

ZookeeperSession::~ZookeeperSession() {
  stopping_ = true;
  events_->Interrupt();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lock(mu_);
  handle_.reset();  // closes the session now unless a caller still holds the handle
}

std::shared_ptr<ZkHandle> ZookeeperSession::handle() const {
  std::lock_guard lock(mu_);
  return handle_;
}

std::chrono::milliseconds ZookeeperSession::session_timeout() const {
  int negotiated = handle()->negotiated_timeout_ms();
  return negotiated > 0 ? std::chrono::milliseconds(negotiated) : options_.session_timeout;
}

int ZookeeperSession::AddListener(Listener listener) {
  std::lock_guard lock(listeners_mu_);
  int id = next_listener_id_++;
  listeners_[id] = std::move(listener);
  return id;
}

void ZookeeperSession::RemoveListener(int id) {
  std::lock_guard lock(listeners_mu_);
  listeners_.erase(id);
}

void ZookeeperSession::Notify(Event event, const std::string& path) {
  std::lock_guard lock(listeners_mu_);
  for (auto& [id, listener] : listeners_) {
    try {
      listener(event, path);
    } catch (const std::exception& e) {
      DLOG_ERROR("zookeeper listener failed",
                 {{"listener", std::to_string(id)}, {"error", e.what()}});
    } catch (...) {
      DLOG_ERROR("zookeeper listener failed",
                 {{"listener", std::to_string(id)}, {"error", "unknown"}});
    }
  }
}

void ZookeeperSession::Run() {
  while (!stopping_) {
    try {
      auto event = events_->PopUntil(Clock::now() + kHousekeeping);
      if (event) {
        OnEvent(*event);
        continue;
      }
      int state = handle()->state();
      if (!stopping_ && (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE)) {
        ReplaceExpiredHandle();
      }
    } catch (const std::exception& e) {
      DLOG_ERROR("zookeeper session thread error", {{"error", e.what()}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    } catch (...) {
      DLOG_ERROR("zookeeper session thread error", {{"error", "unknown"}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

void ZookeeperSession::OnEvent(const ZkEvent& event) {
  if (event.from != handle()->get()) return;  // from a handle already replaced
  if (event.type != ZOO_SESSION_EVENT) {
    Notify(Event::kNodeChanged, event.path);
    return;
  }
  int previous = last_state_;
  LogState(event.state);
  if (event.state == ZOO_CONNECTED_STATE && previous != ZOO_CONNECTED_STATE) {
    Notify(Event::kConnected, "");
  } else if (event.state == ZOO_EXPIRED_SESSION_STATE || event.state == ZOO_AUTH_FAILED_STATE) {
    ReplaceExpiredHandle();
  } else if (event.state != ZOO_CONNECTED_STATE && previous == ZOO_CONNECTED_STATE) {
    Notify(Event::kConnecting, "");
  }
}

void ZookeeperSession::ReplaceExpiredHandle() {
  auto fresh = ZkHandle::Open(options_.connection_string,
                              static_cast<int>(options_.session_timeout.count()), events_);
  if (!fresh.ok()) {  // retried by the housekeeping check
    DLOG_ERROR("zookeeper new session failed", {{"error", fresh.error()}});
    return;
  }
  std::shared_ptr<ZkHandle> old;
  {
    std::lock_guard lock(mu_);
    old = std::exchange(handle_, std::move(fresh).value());
  }
  old.reset();  // closes here (the session thread) unless a caller is mid-call on it
  last_state_ = 0;
  Notify(Event::kExpired, "");
}

void ZookeeperSession::LogState(int state) {
  // CONNECTING and ASSOCIATING alternate while the client retries: one "disconnected" state.
  if (state == ZOO_ASSOCIATING_STATE) state = ZOO_CONNECTING_STATE;
  if (state == last_state_) return;
  last_state_ = state;
  auto handle = this->handle();
  std::string session = SessionIdText(handle->session_id());
  if (state == ZOO_CONNECTED_STATE) {
    DLOG_INFO("zookeeper connected",
              {{"sessionId", session},
               {"timeoutMs", std::to_string(handle->negotiated_timeout_ms())},
               {"namespace", root_}});
  } else if (state == ZOO_CONNECTING_STATE) {
    DLOG_WARN("zookeeper connection lost, reconnecting",
              {{"sessionId", session}, {"lastError", LastZkClientError()}});
  } else if (state == ZOO_EXPIRED_SESSION_STATE) {
    DLOG_WARN("zookeeper session expired, starting a new session", {{"sessionId", session}});
  } else {
    DLOG_WARN("zookeeper session state",
              {{"sessionId", session}, {"state", std::to_string(state)}});
  }
}

core::Status ZookeeperSession::EnsurePath(const std::string& path) {
  auto handle = this->handle();
  if (zoo_exists(handle->get(), path.c_str(), 0, nullptr) == ZOK) return core::Status::Ok();
  for (size_t slash = path.find('/', 1);; slash = path.find('/', slash + 1)) {
    std::string prefix = path.substr(0, slash);
    int rc = zoo_create(handle->get(), prefix.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT,
                        nullptr, 0);
    if (rc != ZOK && rc != ZNODEEXISTS) {
      return core::Status::Error(ZkStatusCode(rc),
                                 "zookeeper: cannot create " + prefix + ": " + ZkErrorText(rc));
    }
    if (slash == std::string::npos) return core::Status::Ok();
  }
}

}  // namespace drove::coordination

// ZkHandle, its event queue, and the C client's log routed through our logger.
//
// The C client logs one ERROR line per reconnect attempt (dozens a second in an outage). Its lines
// go to DLOG_DEBUG, each call site at most once per kQuietPeriod; the session logs one line per
// state change itself. The last connection error is kept for Connect's error message.
#include "orchestrator/coordination/zookeeper_handle.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <string_view>
#include <utility>

#include "orchestrator/core/util/log.h"

namespace drove::coordination {
namespace {

constexpr auto kQuietPeriod = std::chrono::seconds(10);

std::mutex g_log_mu;
std::map<std::string, std::chrono::steady_clock::time_point, std::less<>> g_site_logged;
std::string g_last_error;

// "errno=111(Connection refused)" out of a socket error line, else the whole text.
std::string ShortError(std::string_view text) {
  auto at = text.find("errno=");
  if (at == std::string_view::npos) return std::string(text);
  auto end = text.find(')', at);
  return std::string(text.substr(at, end == std::string_view::npos ? end : end - at + 1));
}

// Lines look like "2026-01-01 10:00:00,123:42(0x7f..):ZOO_ERROR@check_events@2985: Socket ...".
void RouteClientLineOrThrow(const char* raw) {
  std::string_view message(raw ? raw : "");
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.remove_suffix(1);
  }
  auto zoo = message.find("ZOO_");
  auto at = zoo == std::string_view::npos ? zoo : message.find('@', zoo);
  auto colon = at == std::string_view::npos ? at : message.find(": ", at);
  if (colon == std::string_view::npos) {
    DLOG_DEBUG("zookeeper client", {{"text", message}});
    return;
  }
  std::string_view level = message.substr(zoo + 4, at - zoo - 4);
  std::string_view site = message.substr(at + 1, colon - at - 1);
  std::string_view text = message.substr(colon + 2);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(g_log_mu);
    if (level == "ERROR") g_last_error = ShortError(text);
    auto it = g_site_logged.find(site);
    if (it != g_site_logged.end() && now - it->second < kQuietPeriod) return;
    g_site_logged[std::string(site)] = now;
  }
  DLOG_DEBUG("zookeeper client", {{"level", level}, {"site", site}, {"text", text}});
}

void RouteClientLog(const char* raw) {
  try {  // a C callback: nothing may escape
    RouteClientLineOrThrow(raw);
  } catch (...) {  // logging itself failed: there is nowhere left to say so
  }
}

void Watcher(zhandle_t* zh, int type, int state, const char* path, void* context) {
  auto* events = static_cast<ZkEventQueue*>(context);
  if (events == nullptr) return;
  try {  // a C callback: nothing may escape
    events->Push(ZkEvent{zh, type, state, path ? path : ""});
  } catch (...) {  // out of memory: nothing sensible left but to say so
    DLOG_ERROR("zookeeper event dropped", {{"type", std::to_string(type)}});
  }
}

}  // namespace

void ZkEventQueue::Push(ZkEvent event) {
  {
    std::lock_guard lock(mu_);
    events_.push_back(std::move(event));
  }
  cv_.notify_all();
}

std::optional<ZkEvent> ZkEventQueue::PopUntil(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return interrupted_ || !events_.empty(); });
  if (interrupted_ || events_.empty()) return std::nullopt;
  ZkEvent event = std::move(events_.front());
  events_.pop_front();
  return event;
}

void ZkEventQueue::Interrupt() {
  {
    std::lock_guard lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

core::Result<std::shared_ptr<ZkHandle>> ZkHandle::Open(const std::string& hosts, int timeout_ms,
                                                       std::shared_ptr<ZkEventQueue> events) {
  static std::once_flag level_once;
  // WARN and up only: INFO is 16 lines per connect and close.
  std::call_once(level_once, [] { zoo_set_debug_level(ZOO_LOG_LEVEL_WARN); });
  {
    std::lock_guard lock(g_log_mu);
    g_last_error.clear();
  }
  errno = 0;
  zhandle_t* zh =
      zookeeper_init2(hosts.c_str(), Watcher, timeout_ms, nullptr, events.get(), 0, RouteClientLog);
  if (zh == nullptr) {
    std::string why = LastZkClientError();
    if (why.empty()) why = std::strerror(errno);
    return core::Status::Error(core::StatusCode::kError, why);
  }
  return std::shared_ptr<ZkHandle>(new ZkHandle(zh, std::move(events)));
}

ZkHandle::~ZkHandle() {
  int rc = zookeeper_close(zh_);
  if (rc != ZOK && rc != ZINVALIDSTATE) {
    DLOG_WARN("zookeeper close failed", {{"error", ZkErrorText(rc)}});
  }
}

int64_t ZkHandle::session_id() const {
  const clientid_t* id = zoo_client_id(zh_);
  return id ? id->client_id : 0;
}

std::string ZkErrorText(int rc) {
  return std::string(zerror(rc)) + " (" + std::to_string(rc) + ")";
}

core::StatusCode ZkStatusCode(int rc) {
  switch (rc) {
    case ZOK:
      return core::StatusCode::kOk;
    case ZCONNECTIONLOSS:
    case ZOPERATIONTIMEOUT:
    case ZCLOSING:
      return core::StatusCode::kUnavailable;
    case ZSESSIONEXPIRED:
    case ZINVALIDSTATE:
    case ZSESSIONMOVED:
    case ZAUTHFAILED:
      return core::StatusCode::kFenced;
    case ZNONODE:
      return core::StatusCode::kNotFound;
    default:
      return core::StatusCode::kError;
  }
}

std::string LastZkClientError() {
  std::lock_guard lock(g_log_mu);
  return g_last_error;
}

}  // namespace drove::coordination

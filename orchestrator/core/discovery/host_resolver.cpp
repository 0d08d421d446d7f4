// c-ares 1.18 (classic API): one channel per Resolve() call, every name asked at once with
// ares_getaddrinfo, driven by poll() until all answered or the timeout ends the rest.
#include "orchestrator/core/discovery/host_resolver.h"

#include <ares.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <mutex>

namespace drove::discovery {
namespace {

using Clock = std::chrono::steady_clock;

void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

bool IsNumeric(const std::string& host, HostAddresses* out) {
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    out->ipv4.push_back(host);
    return true;
  }
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    out->ipv6.push_back(host);
    return true;
  }
  return false;
}

// One outstanding lookup: filled by the c-ares callback.
struct Lookup {
  std::string name;
  bool done = false;
  bool ok = false;
  HostAddresses addresses;
};

void AddUnique(std::vector<std::string>* list, std::string text) {
  if (std::find(list->begin(), list->end(), text) == list->end()) list->push_back(std::move(text));
}

void OnAddrInfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* lookup = static_cast<Lookup*>(arg);
  lookup->done = true;
  if (status == ARES_SUCCESS && result != nullptr) {
    char text[INET6_ADDRSTRLEN] = {};
    for (ares_addrinfo_node* node = result->nodes; node != nullptr; node = node->ai_next) {
      if (node->ai_family == AF_INET) {
        auto* sin = reinterpret_cast<sockaddr_in*>(node->ai_addr);
        if (inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text)))
          AddUnique(&lookup->addresses.ipv4, text);
      } else if (node->ai_family == AF_INET6) {
        auto* sin6 = reinterpret_cast<sockaddr_in6*>(node->ai_addr);
        if (inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text)))
          AddUnique(&lookup->addresses.ipv6, text);
      }
    }
    lookup->ok = !lookup->addresses.empty();
  }
  if (result != nullptr) ares_freeaddrinfo(result);
}

// Runs the channel until every query is answered or `deadline`; then cancels what is left.
void Drive(ares_channel channel, Clock::time_point deadline) {
  while (true) {
    ares_socket_t socks[ARES_GETSOCK_MAXNUM];
    int bits = ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds.push_back(pollfd{socks[i], events, 0});
    }
    if (fds.empty()) return;  // nothing outstanding
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    timeval max{static_cast<time_t>(left.count() / 1000),
                static_cast<suseconds_t>(left.count() % 1000 * 1000)};
    timeval wait{};
    timeval* next = ares_timeout(channel, &max, &wait);
    int millis = static_cast<int>(next->tv_sec * 1000 + next->tv_usec / 1000);
    int ready = ::poll(fds.data(), fds.size(), std::max(millis, 1));
    if (ready <= 0) {
      ares_process_fd(channel, ARES_SOCKET_BAD,
                      ARES_SOCKET_BAD);  // lets c-ares handle its timeouts
      continue;
    }
    for (const pollfd& pfd : fds) {
      if (pfd.revents == 0) continue;
      bool readable = (pfd.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      bool writable = (pfd.revents & POLLOUT) != 0;
      ares_process_fd(channel, readable ? pfd.fd : ARES_SOCKET_BAD,
                      writable ? pfd.fd : ARES_SOCKET_BAD);
    }
  }
  ares_cancel(channel);  // the remaining callbacks run now with ARES_ECANCELLED
}

// Looks up every name in parallel on a private channel. A failed or timed-out name is !ok.
std::vector<Lookup> LookupAll(const std::vector<std::string>& names,
                              std::chrono::milliseconds timeout) {
  std::vector<Lookup> lookups(names.size());
  for (size_t i = 0; i < names.size(); ++i) lookups[i].name = names[i];
  if (names.empty()) return lookups;
  ares_channel channel = nullptr;
  ares_options options{};
  options.timeout = static_cast<int>(std::max<int64_t>(100, timeout.count() / 2));
  options.tries = 2;
  if (ares_init_options(&channel, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES) != ARES_SUCCESS)
    return lookups;
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags =
      ARES_AI_ENVHOSTS;  // $CARES_HOSTS, when set, replaces /etc/hosts (tests, benchmarks)
  for (auto& lookup : lookups)
    ares_getaddrinfo(channel, lookup.name.c_str(), nullptr, &hints, OnAddrInfo, &lookup);
  Drive(channel, Clock::now() + timeout);
  ares_destroy(channel);
  return lookups;
}

}  // namespace

HostResolver::HostResolver(std::chrono::milliseconds timeout) : timeout_(timeout) {
  InitLibraryOnce();
}

HostResolver::~HostResolver() = default;

std::map<std::string, HostAddresses> HostResolver::Resolve(const std::vector<std::string>& hosts,
                                                           std::chrono::seconds max_age) {
  std::map<std::string, HostAddresses> out;
  std::vector<std::string> wanted;
  const auto now = Clock::now();
  {
    std::lock_guard lock(mu_);
    for (const auto& host : hosts) {
      if (out.count(host) != 0) continue;
      HostAddresses& addresses = out[host];
      if (host.empty() || IsNumeric(host, &addresses)) continue;
      auto it = cache_.find(host);
      if (it != cache_.end()) {
        addresses = it->second.addresses;  // last known, replaced below if a fresh lookup succeeds
        if (now - it->second.resolved_at < max_age) continue;
      }
      wanted.push_back(host);
    }
  }
  // No lock while asking: other callers keep using the cache meanwhile.
  auto lookups = LookupAll(wanted, timeout_);
  std::lock_guard lock(mu_);
  for (auto& lookup : lookups) {
    if (!lookup.ok) continue;
    cache_[lookup.name] = Entry{lookup.addresses, Clock::now()};
    out[lookup.name] = std::move(lookup.addresses);
  }
  return out;
}

}  // namespace drove::discovery

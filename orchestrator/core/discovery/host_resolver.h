// Resolves executor hostnames to addresses with c-ares, off any serving thread, with a cache.
//
// Resolve() blocks the calling thread (a follower or fetcher thread, never a request-serving one)
// for at most `timeout` while c-ares asks the system's resolvers (/etc/resolv.conf, /etc/hosts). A
// name that fails keeps its last known addresses; a name never resolved yields an empty list.
// Numeric addresses are returned as they are without a lookup. $CARES_HOSTS, when set, names a
// hosts file used instead of /etc/hosts (tests and benchmarks).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace drove::discovery {

struct HostAddresses {
  std::vector<std::string> ipv4;  // dotted quads
  std::vector<std::string> ipv6;  // RFC 5952 text
  bool empty() const { return ipv4.empty() && ipv6.empty(); }
};

class HostResolver {
 public:
  explicit HostResolver(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));
  ~HostResolver();

  // Addresses of every name in `hosts` (resolved in parallel); names resolved within `max_age` come
  // from the cache. Thread-safe.
  std::map<std::string, HostAddresses> Resolve(
      const std::vector<std::string>& hosts,
      std::chrono::seconds max_age = std::chrono::seconds(30));

 private:
  struct Entry {
    HostAddresses addresses;
    std::chrono::steady_clock::time_point resolved_at;
  };
  std::chrono::milliseconds timeout_;
  std::mutex mu_;
  std::map<std::string, Entry> cache_;
};

}  // namespace drove::discovery

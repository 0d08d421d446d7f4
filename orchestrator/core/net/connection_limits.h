// The edge's connection counts (in total and per client address) and each client's request rate
// (a token bucket), decided without I/O so they are tested on their own.
// Owner: the server's loop thread; no locking.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace drove::core {

class ConnectionLimits {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    int max_connections = 0;  // 0 = no limit, as for every field here
    int max_connections_per_client = 0;
    int requests_per_second = 0;  // the bucket's refill rate
    int burst = 0;                // the bucket's size (the rate when 0)
  };
  enum class Verdict { kAdmitted, kTooManyConnections, kTooManyFromClient };

  explicit ConnectionLimits(Options options) : options_(options) {}

  // Counts a connection from `client` when both limits allow it.
  Verdict Open(const std::string& client, Clock::time_point now);
  // Uncounts a connection Open admitted.
  void Close(const std::string& client, Clock::time_point now);
  // Takes one request token from `client`'s bucket; false when it is empty.
  bool TakeRequest(const std::string& client, Clock::time_point now);

  int open_connections() const { return open_; }
  size_t tracked_clients() const { return clients_.size(); }

 private:
  struct Client {
    int connections = 0;
    double tokens = 0;
    Clock::time_point refilled;
  };

  double burst() const;
  Client& Find(const std::string& client, Clock::time_point now);
  void Refill(Client& client, Clock::time_point now) const;
  // Forgets clients without connections whose buckets are full again (they would start full).
  void Sweep(Clock::time_point now);

  Options options_;
  int open_ = 0;
  std::unordered_map<std::string, Client> clients_;
  size_t sweep_at_ = 1024;  // the map size that triggers the next sweep
};

}  // namespace drove::core

// ConnectionLimits: counters and token buckets; clients are forgotten once they hold nothing.
#include "orchestrator/core/net/connection_limits.h"

#include <algorithm>

namespace drove::core {

double ConnectionLimits::burst() const {
  return options_.burst > 0 ? options_.burst : options_.requests_per_second;
}

void ConnectionLimits::Refill(Client& client, Clock::time_point now) const {
  std::chrono::duration<double> elapsed = now - client.refilled;
  client.tokens = std::min(burst(), client.tokens + elapsed.count() * options_.requests_per_second);
  client.refilled = now;
}

ConnectionLimits::Client& ConnectionLimits::Find(const std::string& client, Clock::time_point now) {
  auto [it, fresh] = clients_.try_emplace(client);
  if (fresh) {
    it->second.tokens = burst();
    it->second.refilled = now;
  }
  return it->second;
}

ConnectionLimits::Verdict ConnectionLimits::Open(const std::string& client, Clock::time_point now) {
  if (options_.max_connections > 0 && open_ >= options_.max_connections) {
    return Verdict::kTooManyConnections;
  }
  Client& entry = Find(client, now);
  if (options_.max_connections_per_client > 0 &&
      entry.connections >= options_.max_connections_per_client) {
    return Verdict::kTooManyFromClient;
  }
  ++entry.connections;
  ++open_;
  if (clients_.size() >= sweep_at_) Sweep(now);
  return Verdict::kAdmitted;
}

void ConnectionLimits::Close(const std::string& client, Clock::time_point now) {
  auto it = clients_.find(client);
  if (it == clients_.end() || it->second.connections == 0) return;
  --it->second.connections;
  --open_;
  if (it->second.connections > 0) return;
  Refill(it->second, now);
  if (it->second.tokens >= burst()) clients_.erase(it);
}

bool ConnectionLimits::TakeRequest(const std::string& client, Clock::time_point now) {
  if (options_.requests_per_second <= 0) return true;
  Client& entry = Find(client, now);
  Refill(entry, now);
  if (entry.tokens < 1) return false;
  entry.tokens -= 1;
  return true;
}

void ConnectionLimits::Sweep(Clock::time_point now) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    if (it->second.connections == 0) Refill(it->second, now);
    if (it->second.connections == 0 && it->second.tokens >= burst()) {
      it = clients_.erase(it);
    } else {
      ++it;
    }
  }
  sweep_at_ = std::max<size_t>(1024, clients_.size() * 2);
}

}  // namespace drove::core

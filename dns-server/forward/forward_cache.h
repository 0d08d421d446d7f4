// Cache of upstream answers keyed by (lowercased name, type, DO bit), each kept for its smallest
// record TTL. Thread-safe (one mutex; only out-of-zone queries come here).
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace drove::dns {

class ForwardCache {
 public:
  explicit ForwardCache(size_t capacity) : capacity_(capacity) {}

  // The cache key of a parsed query, or "" when the packet is not a cacheable query.
  static std::string KeyOf(std::span<const uint8_t> query);
  // The smallest TTL of the answer's records (OPT excluded); -1 when it cannot be read or has none.
  static int64_t MinTtl(std::span<const uint8_t> response);

  // A fresh entry's packet, as stored (the caller patches id and case).
  bool Get(const std::string& key, std::vector<uint8_t>* out);
  void Put(const std::string& key, std::vector<uint8_t> packet, std::chrono::seconds ttl);
  size_t size();

 private:
  struct Entry {
    std::vector<uint8_t> packet;
    std::chrono::steady_clock::time_point expires;
    std::list<std::string>::iterator order;
  };
  size_t capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> order_;  // oldest insertion first, for eviction
};

}  // namespace drove::dns

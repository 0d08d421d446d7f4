// Forward cache keys, TTL reading from upstream packets, and insertion-order eviction.
#include "dns-server/forward/forward_cache.h"

#include <algorithm>

#include "dns-server/codec/message.h"

namespace drove::dns {
namespace {

uint32_t Get32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

}  // namespace

std::string ForwardCache::KeyOf(std::span<const uint8_t> query) {
  auto parsed = ParseQuery(query);
  if (!parsed.ok()) return "";
  std::string key = parsed->question.name.Lowercased().wire();
  key.push_back(static_cast<char>(parsed->question.qtype >> 8));
  key.push_back(static_cast<char>(parsed->question.qtype));
  key.push_back(static_cast<char>(parsed->question.qclass >> 8));
  key.push_back(static_cast<char>(parsed->question.qclass));
  key.push_back(parsed->edns && parsed->edns->dnssec_ok ? 'D' : '-');
  key.push_back(parsed->header.cd ? 'C' : '-');
  return key;
}

int64_t ForwardCache::MinTtl(std::span<const uint8_t> response) {
  auto header = ParseHeader(response);
  if (!header.ok()) return -1;
  size_t offset = kHeaderSize;
  for (uint16_t i = 0; i < header->qdcount; ++i) {
    if (!ParseQuestion(response, &offset).ok()) return -1;
  }
  int64_t min_ttl = -1;
  size_t records = size_t{header->ancount} + header->nscount + header->arcount;
  for (size_t i = 0; i < records; ++i) {
    if (!ParseName(response, &offset).ok() || offset + 10 > response.size()) return -1;
    uint16_t type = static_cast<uint16_t>((response[offset] << 8) | response[offset + 1]);
    uint32_t ttl = Get32(&response[offset + 4]);
    size_t rdlength = (size_t{response[offset + 8]} << 8) | response[offset + 9];
    offset += 10 + rdlength;
    if (offset > response.size()) return -1;
    if (type == static_cast<uint16_t>(RrType::kOpt)) continue;
    int64_t value = std::min<uint32_t>(ttl, 0x7FFFFFFF);
    min_ttl = min_ttl < 0 ? value : std::min(min_ttl, value);
  }
  return min_ttl;
}

bool ForwardCache::Get(const std::string& key, std::vector<uint8_t>* out) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return false;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    order_.erase(it->second.order);
    entries_.erase(it);
    return false;
  }
  *out = it->second.packet;
  return true;
}

void ForwardCache::Put(const std::string& key, std::vector<uint8_t> packet,
                       std::chrono::seconds ttl) {
  if (capacity_ == 0 || ttl.count() <= 0 || key.empty()) return;
  std::lock_guard lock(mu_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    order_.erase(it->second.order);
    entries_.erase(it);
  }
  while (entries_.size() >= capacity_ && !order_.empty()) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.push_back(key);
  entries_[key] =
      Entry{std::move(packet), std::chrono::steady_clock::now() + ttl, std::prev(order_.end())};
}

size_t ForwardCache::size() {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace drove::dns

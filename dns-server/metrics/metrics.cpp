// Counter buckets and the Prometheus text rendering.
#include "dns-server/metrics/metrics.h"

#include <sstream>

namespace drove::dns {
namespace {

constexpr std::array<const char*, kTypeBuckets> kTypeNames = {"A",  "AAAA", "SRV",  "SOA",
                                                              "NS", "ANY",  "OTHER"};
constexpr std::array<const char*, kRcodeBuckets> kRcodeNames = {
    "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "BADVERS", "OTHER"};

size_t TypeBucket(uint16_t qtype) {
  switch (static_cast<RrType>(qtype)) {
    case RrType::kA:
      return 0;
    case RrType::kAaaa:
      return 1;
    case RrType::kSrv:
      return 2;
    case RrType::kSoa:
      return 3;
    case RrType::kNs:
      return 4;
    case RrType::kAny:
      return 5;
    default:
      return 6;
  }
}

size_t RcodeBucket(Rcode rcode) {
  uint16_t value = static_cast<uint16_t>(rcode);
  if (value <= 5) return value;
  return rcode == Rcode::kBadVers ? 6 : 7;
}

uint64_t Sum(const std::vector<std::unique_ptr<QueryCounters>>& blocks,
             std::atomic<uint64_t> QueryCounters::*field) {
  uint64_t total = 0;
  for (const auto& block : blocks) total += ((*block).*field).load(std::memory_order_relaxed);
  return total;
}

}  // namespace

void QueryCounters::CountQuery(uint16_t qtype, Rcode rcode) {
  Bump(queries[TypeBucket(qtype)][RcodeBucket(rcode)]);
}

QueryCounters* Metrics::NewCounters() {
  std::lock_guard lock(mu_);
  blocks_.push_back(std::make_unique<QueryCounters>());
  return blocks_.back().get();
}

uint64_t Metrics::QueryCount(const std::string& type, const std::string& rcode) const {
  std::lock_guard lock(mu_);
  uint64_t total = 0;
  for (size_t t = 0; t < kTypeBuckets; ++t) {
    for (size_t r = 0; r < kRcodeBuckets; ++r) {
      if (type != kTypeNames[t] || rcode != kRcodeNames[r]) continue;
      for (const auto& block : blocks_) total += block->queries[t][r].load();
    }
  }
  return total;
}

std::string Metrics::Render(const Index& index, int64_t now_ms) const {
  std::lock_guard lock(mu_);
  std::ostringstream out;
  out << "# HELP drove_dns_queries_total Answered queries by question type and rcode.\n"
      << "# TYPE drove_dns_queries_total counter\n";
  for (size_t t = 0; t < kTypeBuckets; ++t) {
    for (size_t r = 0; r < kRcodeBuckets; ++r) {
      uint64_t total = 0;
      for (const auto& block : blocks_) total += block->queries[t][r].load();
      if (total == 0) continue;
      out << "drove_dns_queries_total{type=\"" << kTypeNames[t] << "\",rcode=\"" << kRcodeNames[r]
          << "\"} " << total << "\n";
    }
  }
  auto line = [&](const char* name, const char* type, auto value) {
    out << "# TYPE " << name << " " << type << "\n" << name << " " << value << "\n";
  };
  line("drove_dns_dropped_total", "counter", Sum(blocks_, &QueryCounters::dropped));
  line("drove_dns_truncated_total", "counter", Sum(blocks_, &QueryCounters::truncated));
  line("drove_dns_forwarded_total", "counter", Sum(blocks_, &QueryCounters::forwarded));
  line("drove_dns_forward_cache_hits_total", "counter", forward_cache_hits.load());
  line("drove_dns_sync_total", "counter", sync_total.load());
  line("drove_dns_sync_errors_total", "counter", sync_errors.load());
  line("drove_dns_index_generation", "gauge", index.generation());
  line("drove_dns_index_names", "gauge", index.name_count());
  double age = index.ready() ? static_cast<double>(now_ms - index.synced_at_ms()) / 1000.0 : -1.0;
  line("drove_dns_data_age_seconds", "gauge", age);
  line("drove_dns_tcp_connections", "gauge", tcp_connections.load());
  line("drove_dns_tcp_refused_total", "counter", tcp_refused.load());
  return out.str();
}

}  // namespace drove::dns

// Counter buckets and the Prometheus text rendering.
#include "dns-server/metrics/metrics.h"

#include "orchestrator/core/metrics/prometheus_text.h"

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

// One sample per cluster of each per-cluster family.
void RenderClusters(const ZoneSet& zones, int64_t now_ms, core::PrometheusText* out) {
  using core::MetricType;
  struct Family {
    const char* name;
    MetricType type;
    const char* help;
    double (*value)(const ClusterZone& cluster, const Index& index, int64_t now_ms);
  };
  static const Family kFamilies[] = {
      {"drove_dns_sync_total", MetricType::kCounter, "Syncs of the endpoints from the controller.",
       [](const ClusterZone& c, const Index&, int64_t) {
         return static_cast<double>(c.sync.syncs.load());
       }},
      {"drove_dns_sync_errors_total", MetricType::kCounter, "Syncs of the endpoints that failed.",
       [](const ClusterZone& c, const Index&, int64_t) {
         return static_cast<double>(c.sync.errors.load());
       }},
      {"drove_dns_index_generation", MetricType::kGauge,
       "Generation of the endpoints the index serves.",
       [](const ClusterZone&, const Index& i, int64_t) {
         return static_cast<double>(i.generation());
       }},
      {"drove_dns_index_names", MetricType::kGauge, "Names the index answers for.",
       [](const ClusterZone&, const Index& i, int64_t) {
         return static_cast<double>(i.name_count());
       }},
      {"drove_dns_data_age_seconds", MetricType::kGauge,
       "Seconds since the last good sync (-1 before one).",
       [](const ClusterZone&, const Index& i, int64_t now) {
         return i.ready() ? static_cast<double>(now - i.synced_at_ms()) / 1000.0 : -1.0;
       }},
  };
  for (const Family& family : kFamilies) {
    out->Family(family.name, family.type, family.help);
    for (size_t i = 0; i < zones.size(); ++i) {
      const ClusterZone& cluster = zones.cluster(i);
      std::shared_ptr<const Index> index = cluster.index.Get();
      core::Labels labels;
      if (zones.named()) labels.push_back({"cluster", cluster.name});
      out->Sample(family.name, labels, family.value(cluster, *index, now_ms));
    }
  }
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

std::string Metrics::Render(const ZoneSet& zones, int64_t now_ms) const {
  using core::MetricType;
  std::lock_guard lock(mu_);
  core::PrometheusText out;
  out.Family("drove_dns_queries_total", MetricType::kCounter,
             "Answered queries by question type and rcode.");
  for (size_t t = 0; t < kTypeBuckets; ++t) {
    for (size_t r = 0; r < kRcodeBuckets; ++r) {
      uint64_t total = 0;
      for (const auto& block : blocks_) total += block->queries[t][r].load();
      if (total == 0) continue;
      out.Sample("drove_dns_queries_total", {{"type", kTypeNames[t]}, {"rcode", kRcodeNames[r]}},
                 total);
    }
  }
  auto line = [&out](const char* name, MetricType type, const char* help, auto value) {
    out.Family(name, type, help);
    out.Sample(name, {}, value);
  };
  constexpr MetricType kCounter = MetricType::kCounter, kGauge = MetricType::kGauge;
  line("drove_dns_dropped_total", kCounter, "Packets dropped without an answer (not a query).",
       Sum(blocks_, &QueryCounters::dropped));
  line("drove_dns_truncated_total", kCounter, "UDP answers sent truncated (TC set).",
       Sum(blocks_, &QueryCounters::truncated));
  line("drove_dns_forwarded_total", kCounter, "Queries forwarded to the upstream resolvers.",
       Sum(blocks_, &QueryCounters::forwarded));
  line("drove_dns_forward_cache_hits_total", kCounter, "Forwarded queries answered from the cache.",
       forward_cache_hits.load());
  RenderClusters(zones, now_ms, &out);
  line("drove_dns_tcp_connections", kGauge, "Open TCP connections.", tcp_connections.load());
  line("drove_dns_tcp_refused_total", kCounter, "TCP connections refused over the limit.",
       tcp_refused.load());
  return out.Take();
}

}  // namespace drove::dns

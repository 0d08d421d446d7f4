// Prometheus' text exposition format (0.0.4): HELP/TYPE lines, samples with escaped labels and
// histograms, so every daemon's /metrics is written the same way.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace drove::core {

// The content type every /metrics answers with.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Label (name, value) pairs, written in this order.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

// Label values escape backslash, double quote and newline (HELP escapes only the first and last).
std::string EscapeLabelValue(std::string_view value);
// Shortest text that reads back as `value`; NaN and infinities as Prometheus spells them.
std::string FormatValue(double value);

class PrometheusText {
 public:
  // Starts a family: its HELP and TYPE lines. Its samples follow.
  void Family(std::string_view name, MetricType type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  void Sample(std::string_view name, const Labels& labels, int64_t value);
  void Sample(std::string_view name, const Labels& labels, uint64_t value);
  void Sample(std::string_view name, const Labels& labels, int value) {
    Sample(name, labels, static_cast<int64_t>(value));
  }
  // A histogram's series (name without suffix): `counts[i]` counts observations in
  // (bounds[i-1], bounds[i]], counts[bounds.size()] those above the last bound. Written as
  // cumulative _bucket lines ending with le="+Inf", then _sum and _count.
  void Histogram(std::string_view name, const Labels& labels, std::span<const double> bounds,
                 std::span<const uint64_t> counts, double sum);

  const std::string& text() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Series(std::string_view name, const Labels& labels, std::string_view extra_label = {},
              std::string_view extra_value = {});
  std::string out_;
};

// Observations bucketed by fixed upper bounds (not thread-safe: its owner locks).
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);
  void WriteTo(PrometheusText& out, std::string_view name, const Labels& labels) const {
    out.Histogram(name, labels, bounds_, counts_, sum_);
  }

 private:
  std::vector<double> bounds_;
  std::vector<uint64_t> counts_;  // one per bound, then +Inf
  double sum_ = 0;
};

// drove_build_info{version="..."} 1, with its HELP and TYPE.
void WriteBuildInfo(PrometheusText& out);

// Request latency bounds in seconds (Prometheus clients' defaults): 5 ms to 10 s.
const std::vector<double>& DefaultSecondsBounds();

}  // namespace drove::core

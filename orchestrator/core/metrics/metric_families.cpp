// Counter and histogram families guarded by a small mutex (see metric_families.h).
#include "orchestrator/core/metrics/metric_families.h"

#include <utility>

namespace drove::core {

CounterFamily::CounterFamily(std::string name, std::string help)
    : name_(std::move(name)), help_(std::move(help)) {}

void CounterFamily::Add(const Labels& labels, uint64_t n) {
  std::lock_guard lock(mu_);
  counts_[labels] += n;
}

void CounterFamily::WriteTo(PrometheusText& out) const {
  std::lock_guard lock(mu_);
  out.Family(name_, MetricType::kCounter, help_);
  for (const auto& [labels, count] : counts_) out.Sample(name_, labels, count);
}

HistogramFamily::HistogramFamily(std::string name, std::string help, std::vector<double> bounds)
    : name_(std::move(name)), help_(std::move(help)), bounds_(std::move(bounds)) {}

void HistogramFamily::Observe(const Labels& labels, double value) {
  std::lock_guard lock(mu_);
  auto it = histograms_.find(labels);
  if (it == histograms_.end()) it = histograms_.emplace(labels, Histogram(bounds_)).first;
  it->second.Observe(value);
}

void HistogramFamily::WriteTo(PrometheusText& out) const {
  std::lock_guard lock(mu_);
  out.Family(name_, MetricType::kHistogram, help_);
  for (const auto& [labels, histogram] : histograms_) histogram.WriteTo(out, name_, labels);
}

const std::vector<double>& LongSecondsBounds() {
  static const std::vector<double> kBounds = {1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800};
  return kBounds;
}

const std::vector<double>& FastSecondsBounds() {
  static const std::vector<double> kBounds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                              0.25,  0.5,    1,     2.5,  5,     10};
  return kBounds;
}

}  // namespace drove::core

// Labelled counters and histograms that threads update while /metrics reads them: the families
// behind the operations, store, engine and check metrics.
//
// Owner: whoever counts (the engine thread, the store's callers, the executor's runners); each
// family's mu_ guards its map, held only to bump a number or to copy the text out.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "orchestrator/core/metrics/prometheus_text.h"

namespace drove::core {

class CounterFamily {
 public:
  CounterFamily(std::string name, std::string help);
  void Add(const Labels& labels, uint64_t n = 1);
  // HELP and TYPE, then one sample per label set seen (none before the first Add).
  void WriteTo(PrometheusText& out) const;

 private:
  const std::string name_;
  const std::string help_;
  mutable std::mutex mu_;
  std::map<Labels, uint64_t> counts_;
};

class HistogramFamily {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<double> bounds);
  void Observe(const Labels& labels, double value);
  void WriteTo(PrometheusText& out) const;

 private:
  const std::string name_;
  const std::string help_;
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::map<Labels, Histogram> histograms_;
};

// Runs `call` and observes its wall time in seconds into `family` under `labels`; returns what
// `call` returned.
template <typename F>
auto TimeCall(HistogramFamily* family, const Labels& labels, F&& call) {
  const auto start = std::chrono::steady_clock::now();
  auto result = call();
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  family->Observe(labels, elapsed.count());
  return result;
}

// Bounds for things that take minutes (deploys, replacements): 1 s to 30 min.
const std::vector<double>& LongSecondsBounds();
// Bounds for quick local calls (store writes, engine calls): 1 ms to 10 s.
const std::vector<double>& FastSecondsBounds();

}  // namespace drove::core

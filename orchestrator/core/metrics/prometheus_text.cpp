// The text exposition writer and the fixed-bound histogram (see prometheus_text.h).
#include "orchestrator/core/metrics/prometheus_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace drove::core {
namespace {

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

// Backslash and newline always; the double quote only inside a label value.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) { return Escape(value, true); }

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof(text), value);
  return std::string(text, end);
}

void PrometheusText::Family(std::string_view name, MetricType type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ").append(Escape(help, false)).append("\n");
  out_.append("# TYPE ").append(name).append(" ").append(TypeName(type)).append("\n");
}

void PrometheusText::Series(std::string_view name, const Labels& labels,
                            std::string_view extra_label, std::string_view extra_value) {
  out_.append(name);
  if (labels.empty() && extra_label.empty()) {
    out_ += ' ';
    return;
  }
  char separator = '{';
  for (const auto& [label, value] : labels) {
    out_.append(1, separator).append(label).append("=\"").append(EscapeLabelValue(value));
    out_ += '"';
    separator = ',';
  }
  if (!extra_label.empty()) {
    out_.append(1, separator).append(extra_label).append("=\"").append(extra_value);
    out_ += '"';
  }
  out_.append("} ");
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, double value) {
  Series(name, labels);
  out_.append(FormatValue(value)).append("\n");
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, int64_t value) {
  Series(name, labels);
  out_.append(std::to_string(value)).append("\n");
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, uint64_t value) {
  Series(name, labels);
  out_.append(std::to_string(value)).append("\n");
}

void PrometheusText::Histogram(std::string_view name, const Labels& labels,
                               std::span<const double> bounds, std::span<const uint64_t> counts,
                               double sum) {
  const std::string base(name);
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds.size(); ++i) {
    if (i < counts.size()) cumulative += counts[i];
    Series(base + "_bucket", labels, "le", i < bounds.size() ? FormatValue(bounds[i]) : "+Inf");
    out_.append(std::to_string(cumulative)).append("\n");
  }
  Sample(base + "_sum", labels, sum);
  Sample(base + "_count", labels, cumulative);
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  // The first bound >= value: buckets are upper-inclusive, as Prometheus' `le` says.
  size_t bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  ++counts_[bucket];
  sum_ += value;
}

void WriteBuildInfo(PrometheusText& out) {
  out.Family("drove_build_info", MetricType::kGauge, "Always 1; the build's version as a label.");
  out.Sample("drove_build_info", {{"version", DROVE_VERSION}}, 1);
}

const std::vector<double>& DefaultSecondsBounds() {
  static const std::vector<double> kBounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                              0.5,   1,    2.5,   5,    10};
  return kBounds;
}

}  // namespace drove::core

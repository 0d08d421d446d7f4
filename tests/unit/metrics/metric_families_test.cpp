// Labelled counter and histogram families: one series per label set, HELP/TYPE written even
// before the first observation, histograms cumulative in base units.
#include "orchestrator/core/metrics/metric_families.h"

#include <boost/test/unit_test.hpp>
#include <thread>
#include <vector>

namespace drove::core {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(metric_families)

BOOST_AUTO_TEST_CASE(counter_family_counts_per_label_set) {
  CounterFamily family("drove_things_total", "Things.");
  family.Add({{"op", "a"}});
  family.Add({{"op", "a"}}, 2);
  family.Add({{"op", "b"}});
  PrometheusText out;
  family.WriteTo(out);
  BOOST_TEST(Has(out.text(), "# TYPE drove_things_total counter"));
  BOOST_TEST(Has(out.text(), "drove_things_total{op=\"a\"} 3"));
  BOOST_TEST(Has(out.text(), "drove_things_total{op=\"b\"} 1"));
}

BOOST_AUTO_TEST_CASE(an_empty_family_still_declares_itself) {
  HistogramFamily family("drove_wait_seconds", "Waits.", FastSecondsBounds());
  PrometheusText out;
  family.WriteTo(out);
  BOOST_TEST(out.text() ==
             "# HELP drove_wait_seconds Waits.\n# TYPE drove_wait_seconds histogram\n");
}

BOOST_AUTO_TEST_CASE(histogram_family_buckets_each_label_set_apart) {
  HistogramFamily family("drove_wait_seconds", "Waits.", {1, 10});
  family.Observe({{"call", "x"}}, 0.5);
  family.Observe({{"call", "x"}}, 5);
  family.Observe({{"call", "y"}}, 50);
  PrometheusText out;
  family.WriteTo(out);
  BOOST_TEST(Has(out.text(), "drove_wait_seconds_bucket{call=\"x\",le=\"1\"} 1"));
  BOOST_TEST(Has(out.text(), "drove_wait_seconds_bucket{call=\"x\",le=\"10\"} 2"));
  BOOST_TEST(Has(out.text(), "drove_wait_seconds_sum{call=\"x\"} 5.5"));
  BOOST_TEST(Has(out.text(), "drove_wait_seconds_bucket{call=\"y\",le=\"10\"} 0"));
  BOOST_TEST(Has(out.text(), "drove_wait_seconds_count{call=\"y\"} 1"));
}

BOOST_AUTO_TEST_CASE(time_call_returns_the_result_and_observes_once) {
  HistogramFamily family("drove_call_seconds", "Calls.", FastSecondsBounds());
  BOOST_TEST(TimeCall(&family, {{"call", "x"}}, [] { return 42; }) == 42);
  PrometheusText out;
  family.WriteTo(out);
  BOOST_TEST(Has(out.text(), "drove_call_seconds_count{call=\"x\"} 1"));
}

BOOST_AUTO_TEST_CASE(concurrent_adds_are_all_counted) {
  CounterFamily family("drove_things_total", "Things.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) family.Add({{"op", "a"}});
    });
  }
  for (auto& thread : threads) thread.join();
  PrometheusText out;
  family.WriteTo(out);
  BOOST_TEST(Has(out.text(), "drove_things_total{op=\"a\"} 4000"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

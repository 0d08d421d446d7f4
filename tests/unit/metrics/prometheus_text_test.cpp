// The Prometheus text writer: HELP/TYPE lines, label escaping, value formatting, histograms, and
// the request metrics written through it.
#include "orchestrator/core/metrics/prometheus_text.h"

#include <boost/test/unit_test.hpp>
#include <limits>

#include "orchestrator/core/metrics/http_request_metrics.h"

namespace drove::core {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(prometheus_text)

BOOST_AUTO_TEST_CASE(family_writes_help_then_type) {
  PrometheusText out;
  out.Family("drove_things", MetricType::kGauge, "Things by state.");
  out.Sample("drove_things", {{"state", "A"}}, int64_t{3});
  BOOST_TEST(out.text() ==
             "# HELP drove_things Things by state.\n# TYPE drove_things gauge\n"
             "drove_things{state=\"A\"} 3\n");
}

BOOST_AUTO_TEST_CASE(label_values_escape_backslash_quote_and_newline) {
  BOOST_TEST(EscapeLabelValue("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
  PrometheusText out;
  out.Sample("m", {{"app", "x\"}\ny"}, {"k", "v"}}, int64_t{1});
  BOOST_TEST(out.text() == "m{app=\"x\\\"}\\ny\",k=\"v\"} 1\n");
}

BOOST_AUTO_TEST_CASE(help_escapes_backslash_and_newline_only) {
  PrometheusText out;
  out.Family("m", MetricType::kCounter, "a \"quoted\" \\ line\nnext");
  BOOST_TEST(out.text().rfind("# HELP m a \"quoted\" \\\\ line\\nnext\n", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(values_are_shortest_text_and_prometheus_infinities) {
  BOOST_TEST(FormatValue(0.0025) == "0.0025");
  BOOST_TEST(FormatValue(10) == "10");
  BOOST_TEST(FormatValue(12.13) == "12.13");
  BOOST_TEST(FormatValue(std::numeric_limits<double>::infinity()) == "+Inf");
  BOOST_TEST(FormatValue(-std::numeric_limits<double>::infinity()) == "-Inf");
  BOOST_TEST(FormatValue(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  PrometheusText out;
  out.Sample("m", {}, uint64_t{18446744073709551615u});
  BOOST_TEST(out.text() == "m 18446744073709551615\n");
}

BOOST_AUTO_TEST_CASE(histogram_buckets_are_cumulative_and_end_with_inf_sum_count) {
  Histogram h({0.1, 1});
  for (double v : {0.05, 0.1, 0.5, 3.0}) h.Observe(v);  // 0.1 falls in le="0.1": upper-inclusive
  PrometheusText out;
  h.WriteTo(out, "d_seconds", {{"route", "/a/{id}"}});
  BOOST_TEST(out.text() ==
             "d_seconds_bucket{route=\"/a/{id}\",le=\"0.1\"} 2\n"
             "d_seconds_bucket{route=\"/a/{id}\",le=\"1\"} 3\n"
             "d_seconds_bucket{route=\"/a/{id}\",le=\"+Inf\"} 4\n"
             "d_seconds_sum{route=\"/a/{id}\"} 3.65\n"
             "d_seconds_count{route=\"/a/{id}\"} 4\n");
}

BOOST_AUTO_TEST_CASE(empty_histogram_has_zero_buckets) {
  PrometheusText out;
  Histogram({1}).WriteTo(out, "h", {});
  BOOST_TEST(out.text() == "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

BOOST_AUTO_TEST_CASE(build_info_is_one_with_a_version) {
  PrometheusText out;
  WriteBuildInfo(out);
  BOOST_TEST(Has(out.text(), "# TYPE drove_build_info gauge"));
  BOOST_TEST(out.text().find("drove_build_info{version=\"") != std::string::npos);
  BOOST_TEST(out.text().back() == '\n');
  BOOST_TEST(out.text().substr(out.text().size() - 4) == "} 1\n");
}

BOOST_AUTO_TEST_CASE(request_metrics_count_by_route_method_code) {
  HttpRequestMetrics requests;
  requests.Observe("GET", "/apis/v1/applications/{appId}", 200, 0.002);
  requests.Observe("GET", "/apis/v1/applications/{appId}", 200, 0.2);
  requests.Observe("POST", "/apis/v1/operations", 400, 0.02);
  PrometheusText out;
  requests.WriteTo(out);
  const std::string& text = out.text();
  BOOST_TEST(Has(text, "# TYPE drove_http_requests_total counter"));
  BOOST_TEST(Has(text,
                 "drove_http_requests_total{route=\"/apis/v1/applications/{appId}\",method=\"GET\","
                 "code=\"200\"} 2"));
  BOOST_TEST(Has(text,
                 "drove_http_requests_total{route=\"/apis/v1/operations\",method=\"POST\","
                 "code=\"400\"} 1"));
  BOOST_TEST(Has(text, "# TYPE drove_http_request_duration_seconds histogram"));
  BOOST_TEST(Has(text,
                 "drove_http_request_duration_seconds_bucket{route=\"/apis/v1/applications/"
                 "{appId}\",le=\"0.005\"} 1"));
  BOOST_TEST(Has(text,
                 "drove_http_request_duration_seconds_count{route=\"/apis/v1/applications/"
                 "{appId}\"} 2"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

// The controller's /metrics text from the core's figures: states zero-filled where they are few,
// memory in bytes, per-app instance series, and the request metrics after them.
#include "orchestrator/controller/api/metrics_routes.h"

#include <boost/test/unit_test.hpp>

namespace drove::controller::api {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

ClusterGauges SomeGauges() {
  ClusterGauges g;
  g.executors["ACTIVE"] = 2;
  g.cluster = {3, 5, 256, 768};
  g.by_executor["E-1"] = {2, 2, 256, 256};
  g.applications["RUNNING"] = 1;
  g.app_instances[{"APP-1", "HEALTHY"}] = 2;
  g.tasks["RUNNING"] = 1;
  g.app_instances_desired["APP-1"] = 3;
  g.local_service_instances[{"LS-1", "HEALTHY"}] = 1;
  g.operations["SCALE_INSTANCES"] = 1;
  g.snapshot_age_seconds["E-1"] = 2.5;
  return g;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(controller_metrics)

BOOST_AUTO_TEST_CASE(renders_the_cluster_figures_in_base_units) {
  core::HttpRequestMetrics requests;
  requests.Observe("GET", "/apis/v1/applications/{appId}", 200, 0.01);
  const std::string text = RenderControllerMetrics(
      true, SomeGauges(),
      [](core::PrometheusText& out) { out.Sample("drove_core_written", {}, 1); }, requests);
  BOOST_TEST(Has(text, "drove_controller_leader 1"));
  BOOST_TEST(Has(text, "drove_executors{state=\"ACTIVE\"} 2"));
  BOOST_TEST(Has(text, "drove_executors{state=\"BLACKLISTED\"} 0"));
  BOOST_TEST(Has(text, "drove_cluster_cpu_cores{state=\"used\"} 3"));
  BOOST_TEST(Has(text, "drove_cluster_memory_bytes{state=\"free\"} 805306368"));
  BOOST_TEST(Has(text, "drove_executor_memory_bytes{executor=\"E-1\",state=\"used\"} 268435456"));
  BOOST_TEST(Has(text, "drove_applications{state=\"RUNNING\"} 1"));
  BOOST_TEST(Has(text, "drove_applications{state=\"DESTROYED\"} 0"));
  BOOST_TEST(Has(text, "drove_app_instances{app=\"APP-1\",state=\"HEALTHY\"} 2"));
  BOOST_TEST(Has(text, "drove_tasks{state=\"RUNNING\"} 1"));
  BOOST_TEST(Has(text, "drove_app_instances_desired{app=\"APP-1\"} 3"));
  BOOST_TEST(Has(text, "drove_local_service_instances{service=\"LS-1\",state=\"HEALTHY\"} 1"));
  BOOST_TEST(Has(text, "drove_operations_in_flight{op=\"SCALE_INSTANCES\"} 1"));
  BOOST_TEST(Has(text, "drove_executor_snapshot_age_seconds{executor=\"E-1\"} 2.5"));
  BOOST_TEST(Has(text, "drove_core_written 1"));
  BOOST_TEST(text.find("drove_http_requests_total{route=\"/apis/v1/applications/{appId}\"") !=
             std::string::npos);
  BOOST_TEST(text.find("drove_build_info{version=\"") == text.find("\ndrove_build_info") + 1);
}

BOOST_AUTO_TEST_CASE(a_follower_says_leader_zero_with_empty_figures) {
  const std::string text = RenderControllerMetrics(false, {}, nullptr, core::HttpRequestMetrics());
  BOOST_TEST(Has(text, "drove_controller_leader 0"));
  BOOST_TEST(Has(text, "drove_executors{state=\"ACTIVE\"} 0"));
  BOOST_TEST(Has(text, "drove_cluster_cpu_cores{state=\"free\"} 0"));
  BOOST_TEST(text.find("drove_app_instances{") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::controller::api

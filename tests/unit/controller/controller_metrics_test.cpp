// The core's own metrics through a real scale: operations finished with their wall time,
// in-flight operations and desired instances in the gauges, store calls timed, leadership
// counted.
#include "orchestrator/controller/engine/controller_metrics.h"

#include <boost/test/unit_test.hpp>

#include "controller_test_support.h"
#include "orchestrator/controller/engine/views.h"

namespace drove::controller::testing {
namespace {

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

std::string CoreMetrics(Harness& h) {
  core::PrometheusText out;
  h.core().WriteMetrics(out);
  return out.Take();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(controller_core_metrics)

BOOST_AUTO_TEST_CASE(a_scale_is_in_flight_then_counted_completed_with_its_duration) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", "web-1", {{"requiredInstances", 2}})).ok());
  ClusterGauges before = h.core().Gauges();
  BOOST_CHECK_EQUAL(before.operations["SCALE"], 1);
  BOOST_CHECK_EQUAL(before.app_instances_desired["web-1"], 2);
  h.Run(10);
  BOOST_CHECK(h.core().Gauges().operations.empty());
  const std::string text = CoreMetrics(h);
  BOOST_CHECK(Has(text, "drove_operations_total{op=\"SCALE\",result=\"completed\"} 1\n"));
  BOOST_CHECK(Has(text, "drove_operation_duration_seconds_count{op=\"SCALE\"} 1\n"));
  BOOST_CHECK(Has(text, "drove_operation_duration_seconds_bucket{op=\"SCALE\",le=\"+Inf\"} 1\n"));
  BOOST_CHECK(Has(text, "drove_store_op_duration_seconds_count{op=\"apply\"}"));
  BOOST_CHECK(Has(text, "drove_store_op_duration_seconds_count{op=\"load\"}"));
  BOOST_CHECK(Has(text, "drove_leader_changes_total 1\n"));
  BOOST_CHECK(Has(text, "drove_instance_transitions_total{kind=\"app\",to=\"HEALTHY\"} 2\n"));
}

BOOST_AUTO_TEST_CASE(a_cancelled_operation_is_counted_cancelled) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", "web-1", {{"requiredInstances", 2}})).ok());
  BOOST_REQUIRE(h.core().CancelAppOperation("web-1"));
  BOOST_CHECK(Has(CoreMetrics(h), "drove_operations_total{op=\"SCALE\",result=\"cancelled\"} 1\n"));
}

BOOST_AUTO_TEST_CASE(gauges_report_each_executors_snapshot_age) {
  Harness h;
  h.Snapshot();
  h.Run(4, 250, false);  // 1 s on the harness clock, no executor reports meanwhile
  ClusterGauges g = h.core().Gauges();
  BOOST_REQUIRE_EQUAL(g.snapshot_age_seconds.size(), 1u);
  BOOST_CHECK_GE(g.snapshot_age_seconds.begin()->second, 0.9);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::controller::testing

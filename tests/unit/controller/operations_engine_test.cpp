// Behaviour of app operations through the core with a fake executor: scale, replace, refusals, monitor.
#include <boost/test/unit_test.hpp>

#include "controller_test_support.h"
#include "orchestrator/core/util/base64.h"
#include "tests/unit/net/raw_server.h"

namespace drove::controller::testing {
namespace {

const std::string kApp = "web-1";

// Creates web-1 with `n` instances on a one-executor cluster and runs until they are HEALTHY.
void CreateHealthyApp(Harness& h, int n) {
  h.Snapshot();
  auto created = h.core().SubmitAppOperation(CreateOp(AppSpec(), 0));
  BOOST_REQUIRE(created.ok());
  if (n > 0) {
    BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", n}})).ok());
  }
  h.Run(4 * n + 4);
}

BOOST_AUTO_TEST_SUITE(operations_engine)

BOOST_AUTO_TEST_CASE(create_then_scale_to_two_brings_both_healthy) {
  Harness h;
  h.Snapshot();
  auto created = h.core().SubmitAppOperation(CreateOp(AppSpec(), 0));
  BOOST_REQUIRE(created.ok());
  BOOST_CHECK_EQUAL(*created.value, kApp);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "MONITORING");
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 2}})).ok());
  BOOST_CHECK_EQUAL(h.AppState(kApp), "SCALING_REQUESTED");
  h.Run(10);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 2);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 2u);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
  auto summary = *h.core().AppSummary(kApp);
  BOOST_CHECK_EQUAL(summary["healthyInstances"], 2);
  BOOST_CHECK_EQUAL(summary["totalCPUs"], 2);
  BOOST_CHECK_EQUAL(h.calls().starts[0].instance["state"], "PENDING");
  BOOST_CHECK(h.calls().starts[0].instance.contains("resources"));
}

BOOST_AUTO_TEST_CASE(parallelism_bounds_instances_started_at_once) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 3)).ok());
  h.Run(1, 250, false);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 1u);
  h.Run(8);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 3);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(scale_down_picks_victims_and_stops_them) {
  Harness h;
  CreateHealthyApp(h, 3);
  BOOST_REQUIRE_EQUAL(h.CountState(kApp, "HEALTHY"), 3);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 1}})).ok());
  h.Run(10);
  BOOST_CHECK_EQUAL(h.calls().stops.size(), 2u);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 1);
  BOOST_CHECK_EQUAL(h.core().AppInstances(kApp, true).size(), 2u);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(suspend_goes_to_monitoring_and_destroy_removes_the_app) {
  Harness h;
  CreateHealthyApp(h, 2);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SUSPEND", kApp)).ok());
  h.Run(10);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "MONITORING");
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("DESTROY", kApp)).ok());
  h.Run(2);
  BOOST_CHECK(!h.core().AppSummary(kApp).has_value());
  BOOST_CHECK(h.core().AppInstances(kApp, true).empty());
  BOOST_CHECK(h.data->at(store::kInstance).empty());
  BOOST_CHECK(h.data->at(store::kApp).empty());
}

BOOST_AUTO_TEST_CASE(replace_with_stop_first_never_exceeds_required_count) {
  Harness h;
  CreateHealthyApp(h, 2);
  json before = h.Instances(kApp);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("REPLACE_INSTANCES", kApp, {{"stopFirst", true}})).ok());
  BOOST_CHECK_EQUAL(h.AppState(kApp), "REPLACE_INSTANCES_REQUESTED");
  for (int i = 0; i < 20; ++i) {
    h.Run(1);
    BOOST_CHECK_LE(h.Instances(kApp).size(), 2u);
  }
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 2);
  for (const auto& old : before) {
    BOOST_CHECK_EQUAL((*h.core().AppInstance(kApp, old["instanceId"]))["state"], "STOPPED");
  }
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(replace_without_stop_first_keeps_healthy_count) {
  Harness h;
  CreateHealthyApp(h, 2);
  json before = h.Instances(kApp);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("REPLACE_INSTANCES", kApp)).ok());
  for (int i = 0; i < 20; ++i) {
    h.Run(1);
    BOOST_CHECK_GE(h.CountState(kApp, "HEALTHY"), 2);
  }
  for (const auto& old : before) {
    BOOST_CHECK_EQUAL((*h.core().AppInstance(kApp, old["instanceId"]))["state"], "STOPPED");
  }
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 4u);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(stop_instances_with_skip_respawn_lowers_required_count) {
  Harness h;
  CreateHealthyApp(h, 2);
  std::string victim = h.Instances(kApp)[0]["instanceId"];
  BOOST_REQUIRE(h.core()
                    .SubmitAppOperation(Op("STOP_INSTANCES", kApp,
                                           {{"instanceIds", {victim}}, {"skipRespawn", true}}))
                    .ok());
  h.Run(6);
  BOOST_CHECK_EQUAL((*h.core().AppSummary(kApp))["requiredInstances"], 1);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 1);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 2u);
}

BOOST_AUTO_TEST_CASE(operations_refused_with_drove_messages) {
  Harness h;
  h.Snapshot();
  auto refused = [&](const json& op) {
    auto outcome = h.core().SubmitAppOperation(op);
    BOOST_REQUIRE(!outcome.ok());
    return outcome.refusal.errors.at(0);
  };
  BOOST_CHECK_EQUAL(refused(Op("SCALE", "nope-1", {{"requiredInstances", 1}})),
                    "No state found for app: nope-1");
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  BOOST_CHECK_EQUAL(refused(CreateOp(AppSpec(), 0)), "App web-1 already exists");
  BOOST_CHECK_EQUAL(refused(Op("SUSPEND", kApp)),
                    "Only [START_INSTANCES, SCALE_INSTANCES, DESTROY, RECOVER] allowed for app "
                    "web-1 as it is in MONITORING state");
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("DESTROY", kApp)).ok());
  BOOST_CHECK_EQUAL(refused(Op("SCALE", kApp, {{"requiredInstances", 1}})),
                    "No operations allowed for web-1 as it is in DESTROY_REQUESTED state");
}

BOOST_AUTO_TEST_CASE(args_and_devices_are_refused_unless_the_cluster_allows_them) {
  auto refusal = [](const json& spec, bool disable_args, bool allow_devices) -> std::string {
    Harness h(nullptr, nullptr, std::nullopt, [&](CoreOptions& o) {
      o.disable_cmdl_args = disable_args;
      o.enable_raw_device_access = allow_devices;
    });
    h.Snapshot();
    auto outcome = h.core().SubmitAppOperation(CreateOp(spec, 0));
    return outcome.ok() ? "" : outcome.refusal.errors.at(0);
  };
  json with_args = AppSpec();
  with_args["args"] = {"--verbose"};
  json with_devices = AppSpec();
  with_devices["devices"] = {{{"type", "DIRECT"}, {"pathOnHost", "/dev/fuse"}}};
  BOOST_CHECK_EQUAL(refusal(with_args, false, false), "");
  BOOST_CHECK_EQUAL(refusal(with_args, true, false),
                    "Passing command line to containers is disabled on this cluster");
  BOOST_CHECK_EQUAL(refusal(with_devices, false, false),
                    "Device access is disabled. To enable, set enableRawDeviceAccess: true in "
                    "controller options.");
  BOOST_CHECK_EQUAL(refusal(with_devices, false, true), "");
  json empty_lists = AppSpec();
  empty_lists["args"] = json::array();
  empty_lists["devices"] = json::array();
  BOOST_CHECK_EQUAL(refusal(empty_lists, true, false), "");
}

BOOST_AUTO_TEST_CASE(instance_id_checks_use_drove_messages) {
  Harness h;
  CreateHealthyApp(h, 1);
  auto refused = [&](const json& op) {
    auto outcome = h.core().SubmitAppOperation(op);
    BOOST_REQUIRE(!outcome.ok());
    return outcome.refusal.errors.at(0);
  };
  BOOST_CHECK_EQUAL(refused(Op("STOP_INSTANCES", kApp, {{"instanceIds", {"a", "b"}}})),
                    "App web-1 does not have any instances with the following ids: a,b");
  BOOST_CHECK_EQUAL(refused(Op("REPLACE_INSTANCES", kApp, {{"instanceIds", {"x"}}})),
                    "There are no replaceable healthy instances with ids: [x]");
}

BOOST_AUTO_TEST_CASE(scale_beyond_cluster_capacity_is_refused_with_reason) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  auto outcome = h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 9}}));
  BOOST_REQUIRE(!outcome.ok());
  BOOST_CHECK(outcome.refusal.errors.at(0).find("only 8 of 9") != std::string::npos);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "MONITORING");
}

BOOST_AUTO_TEST_CASE(unhealthy_instance_stopped_by_executor_is_replaced_by_monitor) {
  Harness h;
  CreateHealthyApp(h, 2);
  json victim = h.Instances(kApp)[0];
  h.Report(victim, "UNHEALTHY");
  h.Report(victim, "STOPPED");
  h.now() += 5000;  // past the failure backoff
  h.Run(1, 250, false);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "SCALING_REQUESTED");
  h.Run(6);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 2);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 3u);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(cancel_returns_app_to_stable_state) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 0)).ok());
  BOOST_CHECK(!h.core().CancelAppOperation(kApp));
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kApp, {{"requiredInstances", 1}})).ok());
  BOOST_CHECK(h.core().CancelAppOperation(kApp));
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

BOOST_AUTO_TEST_CASE(start_not_delivered_is_retried) {
  Harness h;
  h.Snapshot();
  h.calls().fail = true;
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(2, 250, false);
  BOOST_CHECK(h.calls().starts.empty());
  h.calls().fail = false;
  h.Run(8);
  BOOST_CHECK_EQUAL(h.calls().starts.size(), 1u);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(operation_timeout_returns_app_to_stable_state) {
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(2, 250, false);  // started, never reported
  h.Run(1, 301'000, false);
  BOOST_CHECK_EQUAL(h.AppState(kApp), "RUNNING");
}

// An app whose one config the controller fetches from `port` on loopback.
json AppWithControllerFetch(int port) {
  json spec = AppSpec();
  spec["configs"] = {{{"type", "CONTROLLER_HTTP_FETCH"},
                      {"localFilename", "/etc/app.conf"},
                      {"http", {{"hostname", "127.0.0.1"}, {"port", port}, {"path", "/cfg"}}}}};
  return spec;
}

BOOST_AUTO_TEST_CASE(controller_fetched_config_is_sent_inline) {
  test::RawServer server({{"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\n"
                           "key=val"}});
  Harness h;
  h.Snapshot();
  auto created = h.core().SubmitAppOperation(CreateOp(AppWithControllerFetch(server.port()), 1));
  BOOST_REQUIRE(created.ok());
  h.Run(4);
  BOOST_REQUIRE_EQUAL(h.calls().starts.size(), 1u);
  json expected{{"type", "INLINE"}, {"localFilename", "/etc/app.conf"},
                {"data", core::Base64Encode("key=val")}};
  BOOST_CHECK_EQUAL(h.calls().starts[0].spec["configs"][0], expected);
  BOOST_CHECK_NE(server.request().find("GET /cfg HTTP/1.1"), std::string::npos);
  BOOST_CHECK_EQUAL(h.CountState(kApp, "HEALTHY"), 1);
}

BOOST_AUTO_TEST_CASE(failed_controller_fetch_fails_the_start_with_the_reason) {
  int port = 0;
  ::close(test::ListenOnLoopback(&port));  // a port nobody listens on: connection refused
  Harness h;
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppWithControllerFetch(port), 1)).ok());
  h.Run(1, 250, false);
  BOOST_CHECK(h.calls().starts.empty());
  json all = h.core().AppInstances(kApp, true);
  BOOST_REQUIRE_EQUAL(all.size(), 1u);
  BOOST_CHECK_EQUAL(all[0]["state"], "PROVISIONING_FAILED");
  const std::string error = all[0]["errorMessage"];
  BOOST_CHECK_NE(error.find("configs[0] (/etc/app.conf)"), std::string::npos);
  BOOST_CHECK_NE(error.find("127.0.0.1:" + std::to_string(port) + "/cfg"), std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing

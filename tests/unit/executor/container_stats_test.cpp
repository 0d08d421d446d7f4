// Reading the engine's stats JSON into base units, and labelling a container's usage by its
// drove labels (app and instance, or app and task).
#include "orchestrator/executor/engine/container_stats.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/executor/container/container_plan.h"
#include "orchestrator/executor/metrics/container_stats_collector.h"

namespace drove::executor {
namespace {

// Trimmed from a Docker 20.10 answer on cgroup v2.
constexpr const char* kDockerStats = R"({
  "read": "2026-12-06T14:00:00Z",
  "pids_stats": {"current": 7},
  "blkio_stats": {"io_service_bytes_recursive": [
      {"major": 8, "minor": 0, "op": "read", "value": 4096},
      {"major": 8, "minor": 0, "op": "write", "value": 8192}]},
  "cpu_stats": {"cpu_usage": {"total_usage": 2500000000},
                "throttling_data": {"periods": 10, "throttled_periods": 3}},
  "memory_stats": {"usage": 10485760, "limit": 134217728},
  "networks": {"eth0": {"rx_bytes": 1000, "tx_bytes": 200},
               "eth1": {"rx_bytes": 24, "tx_bytes": 6}}
})";

}  // namespace

BOOST_AUTO_TEST_SUITE(container_stats)

BOOST_AUTO_TEST_CASE(reads_docker_stats_in_base_units) {
  auto stats = ParseContainerStats(kDockerStats);
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->cpu_seconds == 2.5);
  BOOST_TEST(stats->cpu_throttled_periods == 3u);
  BOOST_TEST(stats->memory_usage_bytes == 10485760u);
  BOOST_TEST(stats->memory_limit_bytes == 134217728u);
  BOOST_TEST(stats->network_rx_bytes == 1024u);
  BOOST_TEST(stats->network_tx_bytes == 206u);
  BOOST_TEST(stats->blkio_read_bytes == 4096u);
  BOOST_TEST(stats->blkio_write_bytes == 8192u);
  BOOST_TEST(stats->pids == 7u);
}

BOOST_AUTO_TEST_CASE(missing_sections_read_as_zero_and_garbage_is_an_error) {
  auto stats = ParseContainerStats(R"({"memory_stats": {"limit": 64}, "networks": null})");
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(stats->memory_usage_bytes == 0u);
  BOOST_TEST(stats->network_rx_bytes == 0u);
  BOOST_TEST(!ParseContainerStats("not json").ok());
}

// What Docker answers just after a start or during a stop: no reading, not a limit of 0.
BOOST_AUTO_TEST_CASE(no_memory_figures_yet_is_no_reading) {
  BOOST_TEST(!ParseContainerStats(R"({"memory_stats": {}, "pids_stats": {"current": 1}})").ok());
  BOOST_TEST(!ParseContainerStats(R"({"pids_stats": {"current": 1}})").ok());
}

BOOST_AUTO_TEST_CASE(an_instance_is_labelled_by_app_and_instance_a_task_by_app_and_task) {
  core::Labels instance = UsageLabelsOf(
      {{kLabelJobType, "SERVICE"}, {kLabelAppId, "WEB-1"}, {kLabelInstanceId, "AI-1"}});
  BOOST_TEST((instance == core::Labels{{"app", "WEB-1"}, {"instance_id", "AI-1"}}));
  core::Labels task = UsageLabelsOf({{kLabelJobType, "COMPUTATION"},
                                     {kLabelAppId, "internal"},
                                     {kLabelInstanceId, "TI-1"},
                                     {kLabelInfo, R"({"sourceAppName":"WEB","taskId":"T1"})"}});
  BOOST_TEST((task == core::Labels{{"app", "WEB"}, {"task_id", "T1"}}));
  BOOST_TEST(UsageLabelsOf({{kLabelJobType, "SERVICE"}}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

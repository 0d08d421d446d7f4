// The executor's /metrics text: instances and tasks by state, and cores and memory used by the
// active ones against what the node offers.
#include "orchestrator/executor/api/executor_metrics.h"

#include <boost/test/unit_test.hpp>

namespace drove::executor {
namespace {

bool Has(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

core::InstanceInfo Instance(core::InstanceState state, core::CoreMap cores, int64_t mb) {
  core::InstanceInfo info;
  info.state = state;
  info.resources = {core::ResourceAllocation::Cpu(std::move(cores)),
                    core::ResourceAllocation::Memory({{0, mb}})};
  return info;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(executor_metrics)

BOOST_AUTO_TEST_CASE(counts_states_and_what_active_ones_use) {
  std::vector<core::InstanceInfo> instances = {
      Instance(core::InstanceState::kHealthy, {{0, {1, 2}}}, 128),
      Instance(core::InstanceState::kHealthy, {{1, {5}}}, 64),
      Instance(core::InstanceState::kStopped, {{0, {3}}}, 512),  // finished: uses nothing
  };
  core::TaskInfo task;
  task.state = core::TaskState::kRunning;
  task.resources = {core::ResourceAllocation::Cpu({{0, {4}}})};
  const std::string text =
      RenderExecutorMetrics(instances, {task}, {8, 1024}, {}, core::HttpRequestMetrics());
  BOOST_TEST(Has(text, "drove_executor_instances{state=\"HEALTHY\"} 2"));
  BOOST_TEST(Has(text, "drove_executor_instances{state=\"STOPPED\"} 1"));
  BOOST_TEST(Has(text, "drove_executor_tasks{state=\"RUNNING\"} 1"));
  BOOST_TEST(Has(text, "drove_executor_cpu_cores{state=\"used\"} 4"));
  BOOST_TEST(Has(text, "drove_executor_cpu_cores{state=\"free\"} 4"));
  BOOST_TEST(Has(text, "drove_executor_memory_bytes{state=\"used\"} 201326592"));
  BOOST_TEST(Has(text, "drove_executor_memory_bytes{state=\"free\"} 872415232"));
  BOOST_TEST(text.find("# TYPE drove_http_requests_total counter") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

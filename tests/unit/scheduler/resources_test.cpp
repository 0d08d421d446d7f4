// Unit tests for the scheduler's resource types and their Drove JSON (ResourceAllocation, layout).
#include "orchestrator/scheduler/resources.h"

#include <boost/test/unit_test.hpp>

using drove::scheduler::Allocation;
using drove::scheduler::AllocationFromResources;
using drove::scheduler::AllocationToResources;
using drove::scheduler::LayoutToJson;
using drove::scheduler::ParseLayout;
using nlohmann::json;

BOOST_AUTO_TEST_SUITE(scheduler_resources)

BOOST_AUTO_TEST_CASE(allocation_becomes_drove_resource_allocations) {
  Allocation allocation{"exec-a", "app-1", 0, {2, 3}, 512};
  json expected = json::parse(R"([{"type":"CPU","cores":{"0":[2,3]}},
                                  {"type":"MEMORY","memoryInMB":{"0":512}}])");
  BOOST_TEST(AllocationToResources(allocation) == expected);
}

BOOST_AUTO_TEST_CASE(resources_read_back_into_the_same_allocation) {
  Allocation allocation{"exec-a", "app-1", 1, {4, 7}, 2048};
  auto parsed = AllocationFromResources(AllocationToResources(allocation), "exec-a", "app-1");
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.error());
  BOOST_TEST((parsed.value() == allocation));
}

BOOST_AUTO_TEST_CASE(resources_spanning_numa_nodes_are_refused) {
  json two_nodes = json::parse(R"([{"type":"CPU","cores":{"0":[1],"1":[2]}},
                                   {"type":"MEMORY","memoryInMB":{"0":10}}])");
  auto parsed = AllocationFromResources(two_nodes, "e", "a");
  BOOST_TEST(!parsed.ok());
  BOOST_TEST(parsed.error() ==
             "resources: allocation must use exactly one NUMA node for CPU and MEMORY");
  json split = json::parse(R"([{"type":"CPU","cores":{"0":[1]}},
                               {"type":"MEMORY","memoryInMB":{"1":10}}])");
  BOOST_TEST(AllocationFromResources(split, "e", "a").error() ==
             "resources: CPU and MEMORY allocations are on different NUMA nodes");
}

BOOST_AUTO_TEST_CASE(malformed_resources_name_the_field) {
  BOOST_TEST(AllocationFromResources(json::object(), "e", "a").error() ==
             "resources: must be an array");
  BOOST_TEST(AllocationFromResources(json::parse(R"([{"type":"GPU"}])"), "e", "a").error() ==
             "resources[0].type: must be CPU or MEMORY");
  BOOST_TEST(AllocationFromResources(json::parse(R"([{"type":"CPU","cores":{"x":[1]}}])"), "e", "a")
                 .error() == "resources[0].cores: bad NUMA node id \"x\"");
  BOOST_TEST(AllocationFromResources(json::parse(R"([{"type":"CPU","cores":{"0":[1]}}])"), "e", "a")
                 .error() == "resources: needs one CPU and one MEMORY allocation");
}

BOOST_AUTO_TEST_CASE(layout_round_trips) {
  json layout = json::parse(R"({"cores":{"0":[0,1,2],"1":[3,4]},"memory":{"0":1024,"1":2048}})");
  auto parsed = ParseLayout(layout);
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.error());
  BOOST_TEST(parsed->nodes.size() == 2u);
  BOOST_TEST(parsed->nodes.at(1).memory_mb == 2048);
  BOOST_TEST(LayoutToJson(parsed.value()) == layout);
  BOOST_TEST(ParseLayout(json::parse(R"({"memory":{"0":-1}})")).error() ==
             "layout.memory.0: must be a MB count >= 0");
}

BOOST_AUTO_TEST_SUITE_END()

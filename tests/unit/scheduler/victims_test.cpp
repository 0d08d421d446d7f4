// Unit tests for ChooseVictims: scale-down keeps spread and is deterministic.
#include "orchestrator/scheduler/victims.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

using drove::scheduler::ChooseVictims;
using drove::scheduler::InstanceRef;

namespace {

std::vector<std::string> Ids(const std::vector<InstanceRef>& refs) {
  std::vector<std::string> ids;
  for (const auto& ref : refs) ids.push_back(ref.instance_id);
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(victims)

BOOST_AUTO_TEST_CASE(scale_down_keeps_spread_across_hosts) {
  std::vector<InstanceRef> instances = {
      {"a1", "exec-a", 1}, {"a2", "exec-a", 2}, {"a3", "exec-a", 3},
      {"b1", "exec-b", 4}, {"c1", "exec-c", 5},
  };
  auto victims = ChooseVictims(instances, 2);
  BOOST_TEST(Ids(victims) == std::vector<std::string>({"a3", "a2"}));
}

BOOST_AUTO_TEST_CASE(ties_between_hosts_go_to_the_newest_instance) {
  std::vector<InstanceRef> instances = {
      {"a1", "exec-a", 10},
      {"a2", "exec-a", 20},
      {"b1", "exec-b", 15},
      {"b2", "exec-b", 30},
  };
  auto victims = ChooseVictims(instances, 4);
  BOOST_TEST(Ids(victims) == std::vector<std::string>({"b2", "a2", "b1", "a1"}));
}

BOOST_AUTO_TEST_CASE(asking_for_more_than_exist_returns_all) {
  std::vector<InstanceRef> instances = {{"a1", "exec-a", 1}, {"b1", "exec-b", 1}};
  auto victims = ChooseVictims(instances, 5);
  BOOST_TEST(Ids(victims) == std::vector<std::string>({"b1", "a1"}));
  BOOST_TEST(ChooseVictims({}, 3).empty());
}

BOOST_AUTO_TEST_CASE(choice_does_not_depend_on_input_order) {
  std::vector<InstanceRef> instances = {
      {"x", "e1", 5}, {"y", "e2", 5}, {"z", "e1", 5}, {"w", "e2", 1}, {"v", "e3", 9},
  };
  auto first = Ids(ChooseVictims(instances, 3));
  std::reverse(instances.begin(), instances.end());
  BOOST_TEST(Ids(ChooseVictims(instances, 3)) == first);
}

BOOST_AUTO_TEST_SUITE_END()

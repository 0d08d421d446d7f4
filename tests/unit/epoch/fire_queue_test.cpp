// FireQueue: earliest first, ties in insertion order, only what is due.
#include "orchestrator/epoch/scheduling/fire_queue.h"

#include <boost/test/unit_test.hpp>

namespace drove::epoch {

BOOST_AUTO_TEST_SUITE(fire_queue)

BOOST_AUTO_TEST_CASE(pops_due_work_earliest_first_and_ties_in_order) {
  FireQueue queue;
  queue.Push(Work{Work::Kind::kFire, 300, "c", "", RunType::kScheduled, 1});
  queue.Push(Work{Work::Kind::kFire, 100, "a", "", RunType::kScheduled, 1});
  queue.Push(Work{Work::Kind::kStep, 200, "b1", "r", RunType::kScheduled, 0});
  queue.Push(Work{Work::Kind::kStep, 200, "b2", "r", RunType::kScheduled, 0});
  BOOST_TEST(queue.NextDue().value() == 100);
  auto due = queue.PopDue(200);
  BOOST_TEST_REQUIRE(due.size() == 3u);
  BOOST_TEST(due[0].topology_id == "a");
  BOOST_TEST(due[1].topology_id == "b1");
  BOOST_TEST(due[2].topology_id == "b2");
  BOOST_TEST(queue.PopDue(299).empty());
  BOOST_TEST(queue.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

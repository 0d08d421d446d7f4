// WorkerPool: jobs run in order on one thread, a throwing job does not stop the pool, Stop drains.
#include "orchestrator/core/util/worker_pool.h"

#include <boost/test/unit_test.hpp>
#include <stdexcept>
#include <vector>

namespace drove::core {
namespace {

BOOST_AUTO_TEST_SUITE(worker_pool)

BOOST_AUTO_TEST_CASE(one_thread_runs_jobs_in_order_past_a_throwing_one_and_stop_drains) {
  std::vector<int> ran;  // only the pool's one thread appends
  WorkerPool pool("test", 1);
  for (int i = 0; i < 100; ++i) {
    pool.Submit([&ran, i] {
      if (i == 50) throw std::runtime_error("bug in one job");
      ran.push_back(i);
    });
  }
  pool.Stop();
  BOOST_REQUIRE_EQUAL(ran.size(), 99u);
  for (size_t k = 0; k < ran.size(); ++k) BOOST_CHECK_EQUAL(ran[k], k < 50 ? k : k + 1);
  pool.Submit([&ran] { ran.push_back(-1); });  // after Stop: dropped
  BOOST_CHECK_EQUAL(ran.size(), 99u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

// StartGuardedThread: an escaping exception is caught, and the body runs again only while wanted.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <stdexcept>

#include "orchestrator/core/util/guarded_thread.h"

namespace drove::core {
namespace {

BOOST_AUTO_TEST_SUITE(guarded_thread)

BOOST_AUTO_TEST_CASE(a_body_that_throws_runs_again_until_it_returns) {
  std::atomic<int> runs{0};
  std::thread t = StartGuardedThread(
      "test",
      [&] {
        if (++runs < 3) throw std::runtime_error("boom");
      },
      [] { return true; });
  t.join();  // returns only once a run ended normally
  BOOST_TEST(runs.load() == 3);
}

BOOST_AUTO_TEST_CASE(a_body_that_throws_is_not_restarted_when_not_wanted) {
  std::atomic<int> runs{0};
  std::thread t = StartGuardedThread(
      "test",
      [&] {
        ++runs;
        throw 42;  // not even a std::exception
      },
      [] { return false; });
  t.join();
  BOOST_TEST(runs.load() == 1);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

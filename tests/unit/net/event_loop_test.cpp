// Tests for EventLoop: cross-thread posts, timers, cancellation and stopping.
#include "orchestrator/core/net/event_loop.h"

#include <boost/test/unit_test.hpp>
#include <csignal>
#include <thread>

namespace drove::core {
namespace {

using std::chrono::milliseconds;

// Runs a loop on a background thread for the duration of a test.
struct RunningLoop {
  RunningLoop() : thread([this] { loop.Run(); }) {}
  ~RunningLoop() {
    loop.Stop();
    thread.join();
  }
  EventLoop loop;
  std::thread thread;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(event_loop)

BOOST_AUTO_TEST_CASE(posts_from_other_threads_run_in_order_on_the_loop_thread) {
  RunningLoop r;
  std::mutex mutex;
  std::vector<int> order;
  std::atomic<int> off_loop{0};
  for (int i = 0; i < 100; ++i) {
    r.loop.Post([&, i] {
      if (!r.loop.InLoopThread()) ++off_loop;
      std::lock_guard lock(mutex);
      order.push_back(i);
    });
  }
  std::this_thread::sleep_for(milliseconds(100));
  std::lock_guard lock(mutex);
  BOOST_REQUIRE(order.size() == 100u);
  for (int i = 0; i < 100; ++i) BOOST_TEST(order[i] == i);
  BOOST_TEST(off_loop == 0);
  BOOST_TEST(!r.loop.InLoopThread());
}

BOOST_AUTO_TEST_CASE(one_shot_timer_fires_once_after_its_delay) {
  RunningLoop r;
  std::atomic<int> fired{0};
  auto start = std::chrono::steady_clock::now();
  std::atomic<int64_t> elapsed{0};
  r.loop.AddTimer(milliseconds(100), [&] {
    elapsed =
        std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start).count();
    ++fired;
  });
  std::this_thread::sleep_for(milliseconds(300));
  BOOST_TEST(fired == 1);
  BOOST_TEST(elapsed >= 95);
}

BOOST_AUTO_TEST_CASE(periodic_timer_repeats_until_cancelled) {
  RunningLoop r;
  std::atomic<int> ticks{0};
  auto id = r.loop.AddPeriodic(milliseconds(20), [&] { ++ticks; });
  std::this_thread::sleep_for(milliseconds(210));
  r.loop.CancelTimer(id);
  int at_cancel = ticks;
  BOOST_TEST(at_cancel >= 5);
  std::this_thread::sleep_for(milliseconds(100));
  BOOST_TEST(ticks == at_cancel);
}

BOOST_AUTO_TEST_CASE(timer_can_cancel_itself_and_cancelled_one_shot_never_fires) {
  RunningLoop r;
  std::atomic<int> ticks{0};
  std::atomic<EventLoop::TimerId> self{0};
  self = r.loop.AddPeriodic(milliseconds(10), [&] {
    if (++ticks == 3) r.loop.CancelTimer(self);
  });
  std::atomic<bool> never{false};
  auto id = r.loop.AddTimer(milliseconds(50), [&] { never = true; });
  r.loop.CancelTimer(id);
  r.loop.CancelTimer(id);  // twice is harmless
  std::this_thread::sleep_for(milliseconds(200));
  BOOST_TEST(ticks == 3);
  BOOST_TEST(!never);
}

BOOST_AUTO_TEST_CASE(stop_before_run_makes_run_return) {
  EventLoop loop;
  loop.Stop();
  loop.Run();  // must not hang
  BOOST_TEST(true);
}

BOOST_AUTO_TEST_CASE(handle_post_after_loop_destroyed_is_a_no_op) {
  LoopHandle handle;
  {
    EventLoop loop;
    handle = loop.handle();
    BOOST_TEST(!handle.InLoopThread());
  }
  BOOST_TEST(!handle.Post([] {}));
}

BOOST_AUTO_TEST_CASE(throwing_task_does_not_kill_the_loop) {
  RunningLoop r;
  std::atomic<bool> after{false};
  r.loop.Post([] { throw std::runtime_error("task failed"); });
  r.loop.Post([&] { after = true; });
  std::this_thread::sleep_for(milliseconds(50));
  BOOST_TEST(after);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_a_loop_listening_for_signals) {
  EventLoop loop;
  loop.StopOnSignals();
  std::thread runner([&] { loop.Run(); });
  std::this_thread::sleep_for(milliseconds(50));
  std::raise(SIGTERM);  // libevent's handler catches it; the process survives
  runner.join();
  BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

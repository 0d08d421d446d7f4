// Tests for EndpointsFollower against in-process fake controllers: long-poll wake-up, Drove's
// polling protocol, last good view kept on every failure, leader failover and Stop() latency.
#include "orchestrator/core/discovery/endpoints_follower.h"

#include <boost/test/unit_test.hpp>
#include <condition_variable>
#include <mutex>

#include "tests/unit/discovery/fake_controller.h"

namespace drove::discovery {
namespace {

using std::chrono::milliseconds;

int64_t MsSince(std::chrono::steady_clock::time_point begin) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - begin).count();
}
using testing::FakeController;

// Records what the follower hands out, and lets a test wait for it.
struct Recorder {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<EndpointsSnapshot> snapshots;
  std::vector<std::string> errors;

  EndpointsFollower::SnapshotFn OnSnapshot() {
    return [this](const EndpointsSnapshot& s) {
      std::lock_guard lock(mu);
      snapshots.push_back(s);
      cv.notify_all();
    };
  }
  EndpointsFollower::ErrorFn OnError() {
    return [this](const std::string& e) {
      std::lock_guard lock(mu);
      errors.push_back(e);
      cv.notify_all();
    };
  }
  bool WaitSnapshots(size_t count, milliseconds timeout = milliseconds(5000)) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return snapshots.size() >= count; });
  }
  bool WaitError(std::string_view part, milliseconds timeout = milliseconds(5000)) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] {
      for (const auto& e : errors) {
        if (e.find(part) != std::string::npos) return true;
      }
      return false;
    });
  }
  EndpointsSnapshot Last() {
    std::lock_guard lock(mu);
    return snapshots.back();
  }
  size_t Count() {
    std::lock_guard lock(mu);
    return snapshots.size();
  }
};

FollowerOptions Options(std::vector<std::string> controllers) {
  FollowerOptions options;
  options.controllers = std::move(controllers);
  options.long_poll_wait = std::chrono::seconds(20);
  options.poll_interval = milliseconds(100);
  options.request_timeout = milliseconds(2000);
  return options;
}

// A fake controller serving `apps` and a follower on it, started and past its first snapshot.
struct Followed {
  explicit Followed(const std::vector<std::string>& apps, bool long_poll = true,
                    FollowerOptions options = Options({}))
      : controller(long_poll) {
    controller.SetApps(apps);
    options.controllers = {controller.url()};
    follower =
        std::make_unique<EndpointsFollower>(options, recorder.OnSnapshot(), recorder.OnError());
    follower->Start();
    BOOST_REQUIRE(recorder.WaitSnapshots(1));
  }

  FakeController controller;
  Recorder recorder;
  std::unique_ptr<EndpointsFollower> follower;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(endpoints_follower)

BOOST_AUTO_TEST_CASE(long_poll_delivers_a_change_long_before_the_wait_ends) {
  Followed f({"A-1"});
  BOOST_TEST(f.recorder.Last().apps.size() == 1u);
  BOOST_TEST(f.recorder.Last().leader == f.controller.url());
  int64_t first_generation = f.recorder.Last().generation;

  std::this_thread::sleep_for(milliseconds(200));  // let the long-poll park
  BOOST_TEST(f.controller.parked_total() >= 1);
  auto changed_at = std::chrono::steady_clock::now();
  f.controller.SetApps({"A-1", "B-1"});
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2, milliseconds(2000)));
  BOOST_TEST(MsSince(changed_at) < 1000);
  BOOST_TEST(f.recorder.Last().apps.size() == 2u);
  BOOST_TEST(f.recorder.Last().apps[1].app_id == "B-1");
  BOOST_TEST(f.recorder.Last().generation > first_generation);
}

BOOST_AUTO_TEST_CASE(failed_status_is_an_error_and_the_last_good_view_stays) {
  Followed f({"A-1"});
  f.controller.SetBody({{"status", "FAILED"}, {"message", "boom"}});
  BOOST_REQUIRE(f.recorder.WaitError("FAILED (boom)"));
  std::this_thread::sleep_for(milliseconds(300));
  BOOST_TEST(f.recorder.Count() == 1u);
  f.controller.SetApps({"A-1", "C-1"});
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2));
  BOOST_TEST(f.recorder.Last().apps.size() == 2u);
}

BOOST_AUTO_TEST_CASE(collapse_to_zero_apps_is_refused) {
  Followed f({"A-1", "B-1"});
  f.controller.SetApps({});
  BOOST_REQUIRE(f.recorder.WaitError("refused an empty endpoints list after 2 apps"));
  BOOST_TEST(f.recorder.Count() == 1u);
}

BOOST_AUTO_TEST_CASE(collapse_guard_zero_lets_an_empty_list_through) {
  auto options = Options({});
  options.collapse_guard_min_apps = 0;
  Followed f({"A-1"}, /*long_poll=*/true, options);
  f.controller.SetApps({});
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2));
  BOOST_TEST(f.recorder.Last().apps.empty());
}

BOOST_AUTO_TEST_CASE(follows_the_new_leader_after_failover) {
  FakeController a;
  FakeController b;
  a.SetApps({"A-1"});
  b.SetApps({"A-1", "B-1"});
  b.SetLeader(false);
  Recorder recorder;
  EndpointsFollower follower(Options({b.url(), a.url()}), recorder.OnSnapshot(),
                             recorder.OnError());
  follower.Start();
  BOOST_REQUIRE(recorder.WaitSnapshots(1));
  BOOST_TEST(recorder.Last().leader == a.url());  // b is listed first but answers /ping with 400
  BOOST_TEST(recorder.Last().apps.size() == 1u);

  std::this_thread::sleep_for(milliseconds(200));
  b.SetLeader(true);
  a.SetLeader(false);
  BOOST_REQUIRE(recorder.WaitSnapshots(2));
  BOOST_TEST(recorder.Last().leader == b.url());
  BOOST_TEST(recorder.Last().apps.size() == 2u);
  BOOST_TEST(recorder.WaitError("HTTP 400"));
}

BOOST_AUTO_TEST_CASE(no_leader_is_reported_and_retried) {
  FakeController a;
  a.SetLeader(false);
  Recorder recorder;
  EndpointsFollower follower(Options({a.url(), "http://127.0.0.1:1"}), recorder.OnSnapshot(),
                             recorder.OnError());
  follower.Start();
  BOOST_REQUIRE(recorder.WaitError("no leader controller"));
  a.SetApps({"A-1"});
  a.SetLeader(true);
  BOOST_REQUIRE(recorder.WaitSnapshots(1));
}

BOOST_AUTO_TEST_CASE(stock_controller_is_followed_by_events_summary_polling) {
  Followed f({"A-1"}, /*long_poll=*/false);
  BOOST_TEST(f.recorder.Last().generation == 1);
  std::this_thread::sleep_for(milliseconds(300));  // quiet rounds deliver nothing new
  BOOST_TEST(f.recorder.Count() == 1u);
  f.controller.SetApps({"A-1", "B-1"});
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2));
  BOOST_TEST(f.recorder.Last().generation == 2);
  BOOST_TEST(f.recorder.Last().apps.size() == 2u);
  BOOST_TEST(f.controller.parked_total() == 0);
}

BOOST_AUTO_TEST_CASE(poll_mode_uses_the_events_summary_even_where_the_long_poll_is_offered) {
  auto options = Options({});
  options.mode = SyncMode::kPoll;
  Followed f({"A-1"}, /*long_poll=*/true, options);
  f.controller.SetApps({"A-1", "B-1"});
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2));
  BOOST_TEST(f.recorder.Last().apps.size() == 2u);
  BOOST_TEST(f.controller.parked_total() == 0);
}

BOOST_AUTO_TEST_CASE(longpoll_mode_refuses_a_controller_without_the_long_poll) {
  FakeController stock(/*long_poll=*/false);
  stock.SetApps({"A-1"});
  Recorder recorder;
  auto options = Options({stock.url()});
  options.mode = SyncMode::kLongPoll;
  EndpointsFollower follower(options, recorder.OnSnapshot(), recorder.OnError());
  follower.Start();
  BOOST_REQUIRE(recorder.WaitError("does not offer the endpoints long-poll"));
  BOOST_TEST(recorder.Count() == 0u);
}

BOOST_AUTO_TEST_CASE(a_controller_that_comes_back_is_followed_again_within_a_second) {
  Followed f({"A-1"});
  f.controller.SetLeader(false);
  BOOST_REQUIRE(f.recorder.WaitError("HTTP 400"));
  f.controller.SetApps({"A-1", "B-1"});
  auto begin = std::chrono::steady_clock::now();
  f.controller.SetLeader(true);
  BOOST_REQUIRE(f.recorder.WaitSnapshots(2));
  BOOST_TEST(MsSince(begin) < 1000);
}

BOOST_AUTO_TEST_CASE(stop_returns_quickly_during_a_parked_long_poll) {
  Followed f({"A-1"});
  std::this_thread::sleep_for(milliseconds(300));
  BOOST_REQUIRE(f.controller.parked_total() >= 1);
  auto begin = std::chrono::steady_clock::now();
  f.follower->Stop();
  int64_t took = MsSince(begin);
  BOOST_TEST_MESSAGE("Stop() took " << took << " ms");
  BOOST_TEST(took < 250);
}

BOOST_AUTO_TEST_CASE(stop_returns_quickly_while_retrying_after_errors) {
  Recorder recorder;
  auto options = Options({"http://127.0.0.1:1"});
  options.retry_interval = milliseconds(10000);
  EndpointsFollower follower(options, recorder.OnSnapshot(), recorder.OnError());
  follower.Start();
  BOOST_REQUIRE(recorder.WaitError("no leader controller"));
  auto begin = std::chrono::steady_clock::now();
  follower.Stop();
  BOOST_TEST(MsSince(begin) < 250);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::discovery

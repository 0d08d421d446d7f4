// Two drove-epoch nodes on one store: only the active core schedules, a deactivated one drops its
// work at once, and a new leader resumes running runs, keeps the schedule, and runs a fire missed
// during the handover once (LastFireMillis, kCatchUpMillis).
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <memory>

#include "orchestrator/epoch/scheduling/fire_planner.h"
#include "orchestrator/epoch/scheduling/scheduler_core.h"
#include "orchestrator/store/memory_store.h"
#include "tests/unit/epoch/fake_drove.h"

namespace drove::epoch {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kT0 = 1705314600500;  // 2024-01-15T10:30:00.500Z

struct Node {
  Node(const std::shared_ptr<store::MemoryStore::Data>& data, testing::FakeDrove& drove,
       const core::Clock& clock)
      : repository(std::make_unique<store::MemoryStore>(data)),
        scheduler(std::make_unique<SchedulerCore>(repository, drove, clock,
                                                  RunSettings{"APP", 1000ms, 3, 1000ms},
                                                  cron::TimeZone::Utc(), RetentionSettings{5, 0})) {
  }
  EpochRepository repository;
  std::unique_ptr<SchedulerCore> scheduler;
};

struct Cluster {
  core::ManualClock clock{kT0};
  testing::FakeDrove drove;
  std::shared_ptr<store::MemoryStore::Data> data = std::make_shared<store::MemoryStore::Data>();
  Node a{data, drove, clock};
  Node b{data, drove, clock};

  Cluster() { b.scheduler->Deactivate(); }  // a leads first

  void AddCron(Node& node, const std::string& name, const std::string& spec) {
    EpochTask task;
    task.task_name = "docker-task";
    task.executable = Json{{"type", "DOCKER"}, {"url", "drove-test/task:1"}};
    task.resources = Json::array({Json{{"type", "CPU"}, {"count", 1}}});
    EpochTopologyDetails details{
        name, EpochTopology{name, task, EpochTrigger{TriggerType::kCron, spec, 0}, std::nullopt},
        TopologyState::kActive, clock.NowMillis(), clock.NowMillis()};
    BOOST_TEST_REQUIRE(*node.repository.CreateTopology(details));
    node.scheduler->TopologyChanged(name);
  }

  void RunUntil(Node& node, int64_t until_offset) {
    const int64_t until = kT0 + until_offset;
    while (true) {
      auto next = node.scheduler->NextDue();
      if (!next || *next > until) break;
      clock.Set(std::max(clock.NowMillis(), *next));
      for (const Work& work : node.scheduler->PopDue()) node.scheduler->Execute(work);
    }
    clock.Set(std::max(clock.NowMillis(), until));
  }

  // b wins the election at `offset`: loads the store, then recovers.
  void Failover(int64_t offset) {
    a.scheduler->Deactivate();
    clock.Set(kT0 + offset);
    BOOST_TEST_REQUIRE(b.repository.Load().ok());
    b.scheduler->Recover();
  }

  std::vector<std::string> RunIds(const std::string& topology) {
    std::vector<std::string> ids;
    for (const RunInfo& run : b.repository.Runs(topology)) ids.push_back(run.run_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
};

const char* const kTask5 = "A-ESR-2024-01-15-10-30-05-000-docker-task";

}  // namespace

BOOST_AUTO_TEST_SUITE(leader_change)

BOOST_AUTO_TEST_CASE(a_deactivated_core_fires_nothing_and_drops_its_runs_at_once) {
  Cluster c;
  c.AddCron(c.a, "A", "0/5 * * ? * *");
  c.RunUntil(c.a, 5'000);
  BOOST_TEST(c.a.scheduler->ActiveRuns() == 1u);
  c.a.scheduler->Deactivate();
  BOOST_TEST(!c.a.scheduler->Active());
  BOOST_TEST(!c.a.scheduler->NextDue().has_value());
  BOOST_TEST(c.a.scheduler->ActiveRuns() == 0u);
  c.a.scheduler->TopologyChanged("A");  // e.g. a write that raced the loss: plans nothing
  BOOST_TEST(!c.a.scheduler->NextDue().has_value());
  c.RunUntil(c.a, 30'000);
  BOOST_TEST(c.drove.created.size() == 1u);
}

BOOST_AUTO_TEST_CASE(work_popped_before_leadership_was_lost_does_nothing) {
  Cluster c;
  c.AddCron(c.a, "A", "0/5 * * ? * *");
  c.clock.Set(kT0 + 4'500);
  std::vector<Work> due = c.a.scheduler->PopDue();
  BOOST_TEST_REQUIRE(due.size() == 1u);
  c.a.scheduler->Deactivate();
  for (const Work& work : due) c.a.scheduler->Execute(work);
  BOOST_TEST(c.drove.created.empty());
  BOOST_TEST(c.a.repository.Runs("A").empty());
  BOOST_TEST(!c.a.scheduler->NextDue().has_value());
}

BOOST_AUTO_TEST_CASE(a_new_leader_resumes_the_run_under_its_id_and_keeps_the_schedule) {
  Cluster c;
  c.AddCron(c.a, "A", "0/5 * * ? * *");
  c.RunUntil(c.a, 5'000);
  c.drove.Set(kTask5, "RUNNING");
  c.RunUntil(c.a, 6'000);
  c.Failover(7'000);
  BOOST_TEST(c.b.scheduler->ActiveRuns() == 1u);
  c.drove.Finish(kTask5, true);
  c.RunUntil(c.b, 8'000);
  auto run = c.b.repository.Run("A", "ESR-2024-01-15-10-30-05-000");
  BOOST_TEST_REQUIRE(run.has_value());
  BOOST_TEST((run->state == RunState::kSuccessful));
  BOOST_TEST(c.drove.created.size() == 1u);  // followed, not started again
  c.RunUntil(c.b, 10'500);
  BOOST_TEST(c.drove.created.size() == 2u);
  BOOST_TEST(c.drove.created.back() == "A-ESR-2024-01-15-10-30-10-000-docker-task");
}

BOOST_AUTO_TEST_CASE(a_fire_missed_during_the_handover_runs_late_once) {
  Cluster c;
  c.drove.complete_on_create = true;
  c.AddCron(c.a, "A", "0/5 * * ? * *");
  c.RunUntil(c.a, 7'000);  // :05 ran and ended
  c.Failover(12'000);      // nobody led at :10
  c.RunUntil(c.b, 16'000);
  const std::vector<std::string> expected = {
      "ESR-2024-01-15-10-30-05-000", "ESR-2024-01-15-10-30-10-000", "ESR-2024-01-15-10-30-15-000"};
  BOOST_TEST(c.RunIds("A") == expected, boost::test_tools::per_element());
  BOOST_TEST(c.drove.created.size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_fire_missed_longer_ago_than_the_window_is_dropped) {
  Cluster c;
  c.AddCron(c.a, "A", "0 0/10 * ? * *");  // 10:40:00, 10:50:00, ...
  c.Failover(690'000);                    // 10:41:30.500: 90 s after the 10:40 fire
  BOOST_TEST(c.RunIds("A").empty());
  auto next = c.b.scheduler->NextDue();
  BOOST_TEST_REQUIRE(next.has_value());
  BOOST_TEST(*next == kT0 + 1'199'500);  // 10:50:00
}

BOOST_AUTO_TEST_CASE(a_new_leader_does_not_repeat_a_fire_whose_run_exists) {
  Cluster c;
  c.drove.complete_on_create = true;
  c.AddCron(c.a, "A", "0/5 * * ? * *");
  c.RunUntil(c.a, 5'100);  // :05 started; its record exists
  c.Failover(5'200);
  c.RunUntil(c.b, 9'000);
  BOOST_TEST(c.RunIds("A") == std::vector<std::string>{"ESR-2024-01-15-10-30-05-000"},
             boost::test_tools::per_element());
  BOOST_TEST(c.drove.created.size() == 1u);
}

BOOST_AUTO_TEST_CASE(last_fire_is_the_latest_cron_fire_in_the_window) {
  const EpochTrigger cron{TriggerType::kCron, "0/5 * * ? * *", 0};
  auto zone = cron::TimeZone::Utc();
  auto last = LastFireMillis(cron, kT0, kT0 + 12'000, zone);
  BOOST_TEST_REQUIRE(last.has_value());
  BOOST_TEST(*last == kT0 + 9'500);  // 10:30:10.000
  BOOST_TEST(!LastFireMillis(cron, kT0, kT0 + 4'000, zone).has_value());
  BOOST_TEST(*LastFireMillis(cron, kT0, kT0 + 4'500, zone) == kT0 + 4'500);  // inclusive of now
  const EpochTrigger at{TriggerType::kAt, "", kT0};
  BOOST_TEST(!LastFireMillis(at, kT0 - 1, kT0 + 1, zone).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

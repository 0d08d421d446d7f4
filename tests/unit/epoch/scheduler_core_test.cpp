// SchedulerCore with an injected clock, an in-memory store and a scripted Drove: fire order, run
// ids, no self-overlap, SKIPPED when paused, run now, kill, composites, AT once, recovery.
#include "orchestrator/epoch/scheduling/scheduler_core.h"

#include <boost/test/unit_test.hpp>
#include <memory>

#include "orchestrator/epoch/scheduling/run_retention.h"
#include "orchestrator/store/memory_store.h"
#include "tests/unit/epoch/fake_drove.h"
#include "tests/unit/epoch/print_enums.h"

namespace drove::epoch {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kT0 = 1705314600500;  // 2024-01-15T10:30:00.500Z

EpochTask Container(const std::string& name) {
  EpochTask task;
  task.task_name = name;
  task.executable = Json{{"type", "DOCKER"}, {"url", "drove-test/task:1"}};
  task.resources = Json::array({Json{{"type", "CPU"}, {"count", 1}}});
  return task;
}

struct Fixture {
  core::ManualClock clock{kT0};
  testing::FakeDrove drove;
  std::shared_ptr<store::MemoryStore::Data> data = std::make_shared<store::MemoryStore::Data>();
  EpochRepository repository{std::make_unique<store::MemoryStore>(data)};
  std::unique_ptr<SchedulerCore> core = MakeCore();

  RetentionSettings retention{5, 0};

  std::unique_ptr<SchedulerCore> MakeCore() {
    return std::make_unique<SchedulerCore>(repository, drove, clock,
                                           RunSettings{"APP", 1000ms, 3, 1000ms},
                                           cron::TimeZone::Utc(), retention);
  }

  void Add(const std::string& name, EpochTrigger trigger, EpochTask task = Container("docker-task"),
           TopologyState state = TopologyState::kActive) {
    EpochTopologyDetails details{name, EpochTopology{name, task, trigger, std::nullopt}, state,
                                 clock.NowMillis(), clock.NowMillis()};
    BOOST_TEST_REQUIRE(*repository.CreateTopology(details));
    core->TopologyChanged(name);
  }
  void AddCron(const std::string& name, const std::string& spec,
               TopologyState state = TopologyState::kActive) {
    Add(name, EpochTrigger{TriggerType::kCron, spec, 0}, Container("docker-task"), state);
  }

  // Does the queued work in time order up to `until` (ms after kT0), moving the clock along.
  void RunUntil(int64_t until_offset) {
    const int64_t until = kT0 + until_offset;
    while (true) {
      auto next = core->NextDue();
      if (!next || *next > until) break;
      clock.Set(std::max(clock.NowMillis(), *next));
      for (const Work& work : core->PopDue()) core->Execute(work);
    }
    clock.Set(std::max(clock.NowMillis(), until));
  }

  std::vector<RunInfo> Runs(const std::string& topology) {
    auto runs = repository.Runs(topology);
    std::sort(runs.begin(), runs.end(),
              [](const RunInfo& a, const RunInfo& b) { return a.run_id < b.run_id; });
    return runs;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(scheduler_core)

BOOST_AUTO_TEST_CASE(topologies_fire_in_time_order_with_esr_ids) {
  Fixture f;
  f.drove.complete_on_create = true;
  f.AddCron("A", "0/5 * * ? * *");
  f.AddCron("B", "0/3 * * ? * *");
  f.RunUntil(10'000);
  const std::vector<std::string> expected = {
      "B-ESR-2024-01-15-10-30-03-000-docker-task", "A-ESR-2024-01-15-10-30-05-000-docker-task",
      "B-ESR-2024-01-15-10-30-06-000-docker-task", "B-ESR-2024-01-15-10-30-09-000-docker-task",
      "A-ESR-2024-01-15-10-30-10-000-docker-task"};
  BOOST_TEST(f.drove.created == expected, boost::test_tools::per_element());
  auto runs = f.Runs("A");
  BOOST_TEST_REQUIRE(runs.size() == 2u);
  BOOST_TEST((runs[0].state == RunState::kSuccessful));
  BOOST_TEST(runs[0].message == "Task successful");
  BOOST_TEST((runs[0].run_type == RunType::kScheduled));
  BOOST_TEST(runs[0].tasks["docker-task"].upstream_id == runs[0].tasks["docker-task"].task_id);
}

BOOST_AUTO_TEST_CASE(the_create_call_carries_epochs_task_spec) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  BOOST_TEST_REQUIRE(f.drove.specs.size() == 1u);
  BOOST_TEST(f.drove.specs[0].dump() ==
             R"({"sourceAppName":"APP","taskId":"A-ESR-2024-01-15-10-30-05-000-docker-task",)"
             R"("executable":{"type":"DOCKER","url":"drove-test/task:1"},)"
             R"("resources":[{"type":"CPU","count":1}],"devices":[]})");
}

BOOST_AUTO_TEST_CASE(a_run_still_going_is_not_doubled_and_missed_fires_are_dropped) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  const std::string task = "A-ESR-2024-01-15-10-30-05-000-docker-task";
  f.drove.Set(task, "RUNNING");
  f.RunUntil(21'000);  // fires at :10, :15, :20 pass while the run goes on
  BOOST_TEST(f.drove.created.size() == 1u);
  BOOST_TEST((f.Runs("A")[0].tasks["docker-task"].state == TaskRunState::kRunning));
  f.drove.Finish(task, true);
  f.RunUntil(26'000);
  auto runs = f.Runs("A");
  BOOST_TEST_REQUIRE(runs.size() == 2u);
  BOOST_TEST((runs[0].state == RunState::kSuccessful));
  BOOST_TEST(runs[1].run_id == "ESR-2024-01-15-10-30-25-000");
}

BOOST_AUTO_TEST_CASE(a_failing_task_fails_the_run) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  f.drove.Finish("A-ESR-2024-01-15-10-30-05-000-docker-task", false);
  f.RunUntil(7'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.state == RunState::kFailed));
  BOOST_TEST(run.message == "Task failed");
  BOOST_TEST((run.tasks["docker-task"].state == TaskRunState::kFailed));
}

BOOST_AUTO_TEST_CASE(a_paused_topology_records_skipped_runs_and_still_runs_now) {
  Fixture f;
  f.AddCron("P", "0/5 * * ? * *", TopologyState::kPaused);
  f.RunUntil(6'000);
  auto skipped = f.Runs("P");
  BOOST_TEST_REQUIRE(skipped.size() == 1u);
  BOOST_TEST((skipped[0].state == RunState::kSkipped));
  BOOST_TEST(skipped[0].message == "Task skipped");
  BOOST_TEST(f.drove.created.empty());

  const std::string run_id = f.core->RunNow("P");
  BOOST_TEST(run_id == "EIR-2024-01-15-10-30-06-600");  // request time + 100 ms
  f.drove.complete_on_create = true;
  f.RunUntil(6'700);
  auto run = f.repository.Run("P", run_id);
  BOOST_TEST_REQUIRE(run.has_value());
  BOOST_TEST((run->run_type == RunType::kInstant));
  f.RunUntil(8'000);
  run = f.repository.Run("P", run_id);
  BOOST_TEST((run->state == RunState::kCompleted));
  BOOST_TEST(run->message == "Task completed");
}

BOOST_AUTO_TEST_CASE(a_killed_task_is_cancelled_and_its_run_fails) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  const std::string task = "A-ESR-2024-01-15-10-30-05-000-docker-task";
  f.drove.Set(task, "RUNNING");
  f.RunUntil(6'000);
  BOOST_TEST(f.drove.KillTask(task).ok);
  f.RunUntil(8'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.tasks["docker-task"].state == TaskRunState::kCancelled));
  BOOST_TEST((run.state == RunState::kFailed));
}

BOOST_AUTO_TEST_CASE(drove_refusing_the_task_fails_it_with_an_unknown_upstream_id) {
  Fixture f;
  f.drove.refuse_creates = true;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.state == RunState::kFailed));
  BOOST_TEST(run.tasks["docker-task"].upstream_id == "UNKNOWN");
  BOOST_TEST(run.tasks["docker-task"].error_message.value() == "Received error from api: [400] no");
}

BOOST_AUTO_TEST_CASE(a_create_whose_answer_was_lost_is_sent_again_and_followed) {
  Fixture f;
  f.drove.lose_create_answers = 1;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  f.drove.Finish("A-ESR-2024-01-15-10-30-05-000-docker-task", true);
  f.RunUntil(8'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.state == RunState::kSuccessful));
  BOOST_TEST(f.drove.created.size() == 2u);  // the same task id twice: Drove said "already exists"
  BOOST_TEST(f.drove.tasks.size() == 1u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_drove_fails_the_task_after_the_retries) {
  Fixture f;
  f.drove.unreachable = true;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(9'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.state == RunState::kFailed));
  BOOST_TEST(run.tasks["docker-task"].upstream_id == "UNKNOWN");
  BOOST_TEST(f.drove.created.size() == 3u);  // rpcRetryCount
}

BOOST_AUTO_TEST_CASE(composite_all_stops_at_the_first_failed_child) {
  Fixture f;
  EpochTask all;
  all.type = TaskType::kComposite;
  all.tasks = {Container("first"), Container("second")};
  f.Add("C", EpochTrigger{TriggerType::kCron, "0/5 * * ? * *", 0}, all);
  f.RunUntil(5'000);
  f.drove.Finish("C-ESR-2024-01-15-10-30-05-000-first", false);
  f.RunUntil(7'000);
  auto run = f.Runs("C").at(0);
  BOOST_TEST((run.state == RunState::kFailed));
  BOOST_TEST((run.tasks["second"].state == TaskRunState::kPending));
  BOOST_TEST(f.drove.created.size() == 1u);
}

BOOST_AUTO_TEST_CASE(composite_any_stops_at_the_first_completed_child) {
  Fixture f;
  EpochTask any;
  any.type = TaskType::kComposite;
  any.composition = CompositionType::kAny;
  any.tasks = {Container("first"), Container("second"), Container("third")};
  f.Add("C", EpochTrigger{TriggerType::kCron, "0/5 * * ? * *", 0}, any);
  f.RunUntil(5'000);
  f.drove.Finish("C-ESR-2024-01-15-10-30-05-000-first", false);
  f.RunUntil(6'500);
  f.drove.Finish("C-ESR-2024-01-15-10-30-05-000-second", true);
  f.RunUntil(8'000);
  auto run = f.Runs("C").at(0);
  BOOST_TEST((run.state == RunState::kSuccessful));
  BOOST_TEST((run.tasks["third"].state == TaskRunState::kPending));
  BOOST_TEST(f.drove.created.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_deleted_topology_does_not_fire_again) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  BOOST_TEST(f.repository.DeleteTopology("A").ok());
  f.core->TopologyDeleted("A");
  f.RunUntil(11'000);
  BOOST_TEST(f.drove.created.empty());
  BOOST_TEST(f.repository.Runs("A").empty());
}

BOOST_AUTO_TEST_CASE(an_at_topology_fires_once_at_its_time_even_after_a_restart) {
  Fixture f;
  f.drove.complete_on_create = true;
  const int64_t at = kT0 + 2'500;
  f.Add("AT", EpochTrigger{TriggerType::kAt, "", at});
  f.RunUntil(2'000);
  BOOST_TEST(f.drove.created.empty());  // not at create
  f.RunUntil(4'000);
  auto runs = f.Runs("AT");
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  BOOST_TEST(runs[0].run_id == "ESR-2024-01-15-10-30-03-000");
  BOOST_TEST((runs[0].state == RunState::kCompleted));
  f.core->TopologyChanged("AT");  // e.g. an update or unpause
  f.core = f.MakeCore();          // a restart
  f.core->Recover();
  f.RunUntil(60'000);
  BOOST_TEST(f.drove.created.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_restart_resumes_a_running_run_under_its_id_without_a_second_start) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  const std::string task = "A-ESR-2024-01-15-10-30-05-000-docker-task";
  f.drove.Set(task, "RUNNING");
  f.RunUntil(6'000);
  f.core = f.MakeCore();  // the old core's queue is gone, as after a crash
  EpochRepository reloaded{std::make_unique<store::MemoryStore>(f.data)};
  BOOST_TEST(reloaded.Load().ok());
  BOOST_TEST(reloaded.RunsInState(RunState::kRunning).size() == 1u);
  f.core->Recover();
  f.drove.Finish(task, true);
  f.RunUntil(8'000);
  auto runs = f.Runs("A");
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  BOOST_TEST((runs[0].state == RunState::kSuccessful));
  BOOST_TEST(f.drove.created.size() == 1u);
  f.RunUntil(10'500);  // and the schedule goes on after the resumed run
  BOOST_TEST(f.Runs("A").size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_task_drove_forgot_fails_after_the_retries) {
  Fixture f;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(5'000);
  f.drove.DeleteTask("A-ESR-2024-01-15-10-30-05-000-docker-task");
  f.RunUntil(15'000);
  auto run = f.Runs("A").at(0);
  BOOST_TEST((run.tasks["docker-task"].state == TaskRunState::kFailed));
  BOOST_TEST((run.state == RunState::kFailed));
}

BOOST_AUTO_TEST_CASE(retention_keeps_the_newest_finished_runs_and_deletes_drove_metadata) {
  Fixture f;
  f.retention = RetentionSettings{2, 30'000};
  f.core = f.MakeCore();
  f.core->Recover();  // queues the first cleanup pass at +30 s
  f.drove.complete_on_create = true;
  f.AddCron("A", "0/5 * * ? * *");
  f.RunUntil(21'000);  // runs at :05 :10 :15 :20
  BOOST_TEST(f.Runs("A").size() == 4u);
  // The pass at +30 s (10:30:30.500) keeps the newest two finished runs (:20, :25) and the
  // :30 run, still RUNNING until its first status read at :31.
  f.RunUntil(30'000);
  auto runs = f.Runs("A");
  BOOST_TEST_REQUIRE(runs.size() == 3u);
  BOOST_TEST(runs[0].run_id == "ESR-2024-01-15-10-30-20-000");
  BOOST_TEST(runs[1].run_id == "ESR-2024-01-15-10-30-25-000");
  BOOST_TEST((runs[2].state == RunState::kRunning));
  BOOST_TEST(f.drove.tasks.count("A-ESR-2024-01-15-10-30-05-000-docker-task") == 0u);
  BOOST_TEST(f.drove.tasks.count("A-ESR-2024-01-15-10-30-15-000-docker-task") == 0u);
  BOOST_TEST(f.drove.tasks.count("A-ESR-2024-01-15-10-30-20-000-docker-task") == 1u);
}

BOOST_AUTO_TEST_CASE(retention_never_prunes_running_runs) {
  RunInfo running, old_done, new_done;
  running.run_id = "r";
  running.updated = 1;
  old_done.run_id = "o";
  old_done.state = RunState::kFailed;
  old_done.updated = 2;
  new_done.run_id = "n";
  new_done.state = RunState::kSuccessful;
  new_done.updated = 3;
  BOOST_TEST(RunsToPrune({running, old_done, new_done}, 1) == std::vector<std::string>{"o"});
  BOOST_TEST(RunsToPrune({running, old_done, new_done}, 2).empty());
}

// What mail and metrics hear: one RunFinished per final state written (SKIPPED included), and the
// lateness of a scheduled fire's first accepted CREATE.
struct RecordingObserver : SchedulerObserver {
  void RunFinished(const RunInfo& run) override { finished.push_back(run); }
  void FireStarted(const RunInfo&, int64_t lateness_millis) override {
    lateness.push_back(lateness_millis);
  }
  std::vector<RunInfo> finished;
  std::vector<int64_t> lateness;
};

BOOST_AUTO_TEST_CASE(observers_hear_each_final_state_once_and_the_fire_lateness) {
  Fixture f;
  RecordingObserver observer;
  f.core->AddObserver(&observer);
  f.AddCron("A", "0/5 * * ? * *");
  f.AddCron("P", "0/5 * * ? * *", TopologyState::kPaused);
  f.RunUntil(5'000);
  f.drove.Finish("A-ESR-2024-01-15-10-30-05-000-docker-task", false);
  f.RunUntil(8'000);
  BOOST_TEST_REQUIRE(observer.finished.size() == 2u);
  BOOST_TEST(observer.finished[0].topology_id == "P");
  BOOST_TEST((observer.finished[0].state == RunState::kSkipped));
  BOOST_TEST(observer.finished[1].topology_id == "A");
  BOOST_TEST((observer.finished[1].state == RunState::kFailed));
  BOOST_TEST(observer.lateness == std::vector<int64_t>{0});
  f.core->RunNow("A");  // instant runs have no cron time: no lateness
  f.RunUntil(8'500);
  BOOST_TEST(observer.lateness.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

// EpochRepository: write-through to the StateStore, reload, runs newest first, no orphan runs.
#include "orchestrator/epoch/store/epoch_repository.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/store/memory_store.h"

namespace drove::epoch {
namespace {

EpochTopologyDetails Details(const std::string& id) {
  EpochTopology topology{id, std::nullopt, EpochTrigger{TriggerType::kCron, "0 * * ? * *", 0},
                         std::nullopt};
  return EpochTopologyDetails{id, topology, TopologyState::kActive, 1, 1};
}

RunInfo Run(const std::string& topology, const std::string& id, int64_t updated,
            RunState state = RunState::kSuccessful) {
  RunInfo run;
  run.topology_id = topology;
  run.run_id = id;
  run.state = state;
  run.updated = updated;
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_repository)

BOOST_AUTO_TEST_CASE(records_survive_a_reload_and_runs_list_newest_first) {
  auto data = std::make_shared<store::MemoryStore::Data>();
  {
    EpochRepository repository(std::make_unique<store::MemoryStore>(data));
    BOOST_TEST(*repository.CreateTopology(Details("T")));
    BOOST_TEST(!*repository.CreateTopology(Details("T")));  // exists: nothing written
    BOOST_TEST(repository.SaveRun(Run("T", "ESR-1", 10)).ok());
    BOOST_TEST(repository.SaveRun(Run("T", "ESR-2", 30, RunState::kRunning)).ok());
    BOOST_TEST(repository.SaveRun(Run("T", "EIR-3", 20)).ok());
  }
  (*data)[kRunKind]["T/broken"] = "{not json";
  EpochRepository reloaded(std::make_unique<store::MemoryStore>(data));
  BOOST_TEST_REQUIRE(reloaded.Load().ok());
  BOOST_TEST(reloaded.Topology("T").has_value());
  std::vector<std::string> ids;
  for (const RunInfo& run : reloaded.Runs("T")) ids.push_back(run.run_id);
  BOOST_TEST(ids == (std::vector<std::string>{"ESR-2", "EIR-3", "ESR-1"}),
             boost::test_tools::per_element());
  BOOST_TEST(reloaded.RunsInState(RunState::kRunning).size() == 1u);
}

BOOST_AUTO_TEST_CASE(delete_removes_the_topology_with_its_runs_and_refuses_later_run_writes) {
  EpochRepository repository(std::make_unique<store::MemoryStore>());
  BOOST_TEST(*repository.CreateTopology(Details("T")));
  BOOST_TEST(repository.SaveRun(Run("T", "ESR-1", 10)).ok());
  BOOST_TEST(repository.DeleteTopology("T").ok());
  BOOST_TEST(repository.DeleteTopology("never-was").ok());
  BOOST_TEST(repository.Runs("T").empty());
  BOOST_TEST((repository.SaveRun(Run("T", "ESR-2", 20)).code() == core::StatusCode::kNotFound));
  BOOST_TEST((repository.UpdateTopology(Details("T")).code() == core::StatusCode::kNotFound));
}

BOOST_AUTO_TEST_CASE(a_refused_store_write_changes_nothing_in_memory) {
  auto store = std::make_unique<store::MemoryStore>();
  store::MemoryStore* raw = store.get();
  EpochRepository repository(std::move(store));
  raw->FailApplies(core::StatusCode::kError);
  BOOST_TEST(!repository.CreateTopology(Details("T")).ok());
  BOOST_TEST(!repository.Topology("T").has_value());
}

BOOST_AUTO_TEST_CASE(a_load_replaces_memory_with_what_the_store_holds_now) {
  // Two nodes on one store: the second leads again after the first changed things.
  auto data = std::make_shared<store::MemoryStore::Data>();
  EpochRepository first(std::make_unique<store::MemoryStore>(data));
  EpochRepository second(std::make_unique<store::MemoryStore>(data));
  BOOST_TEST(*second.CreateTopology(Details("OLD")));
  BOOST_TEST(second.SaveRun(Run("OLD", "ESR-1", 10)).ok());
  BOOST_TEST(first.Load().ok());
  BOOST_TEST(first.DeleteTopology("OLD").ok());
  BOOST_TEST(*first.CreateTopology(Details("NEW")));
  BOOST_TEST(first.SaveRun(Run("NEW", "ESR-2", 20, RunState::kRunning)).ok());
  BOOST_TEST(second.Load().ok());
  BOOST_TEST(!second.Topology("OLD").has_value());
  BOOST_TEST(second.Runs("OLD").empty());
  BOOST_TEST(second.Topology("NEW").has_value());
  BOOST_TEST(second.RunsInState(RunState::kRunning).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

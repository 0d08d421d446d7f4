// The core follows its election: a node that loses leadership stops acting and serving at once,
// and one elected (again) reloads the store and finishes what was in flight, sending each start once.
#include <boost/test/unit_test.hpp>

#include <atomic>

#include "tests/unit/controller/controller_test_support.h"

namespace drove::controller::testing {
namespace {

constexpr const char* kWeb = "web-1";

// An election the test flips by hand.
class ManualElection : public coordination::LeaderElection {
 public:
  explicit ManualElection(std::shared_ptr<std::atomic<bool>> leads) : leads_(std::move(leads)) {}
  core::Status Start(coordination::LeadershipEvents) override { return core::Status::Ok(); }
  void Stop() override {}
  bool IsLeader() const override { return *leads_; }
  std::string Leader() const override { return *leads_ ? "me:4000" : "other:4000"; }
  std::vector<std::string> Candidates() const override {
    if (*leads_) return {"me:4000", "other:4000"};
    return {"other:4000", "me:4000"};
  }

 private:
  std::shared_ptr<std::atomic<bool>> leads_;
};

BOOST_AUTO_TEST_SUITE(leadership)

BOOST_AUTO_TEST_CASE(a_deposed_core_sends_nothing_and_resumes_once_elected_again) {
  auto leads = std::make_shared<std::atomic<bool>>(true);
  Harness h(nullptr, std::make_unique<ManualElection>(leads));
  h.Snapshot();
  BOOST_REQUIRE(h.core().SubmitAppOperation(CreateOp(AppSpec(), 1)).ok());
  h.Run(4);
  BOOST_REQUIRE_EQUAL(h.CountState(kWeb, "HEALTHY"), 1);
  BOOST_REQUIRE(h.core().SubmitAppOperation(Op("SCALE", kWeb, {{"requiredInstances", 3}})).ok());

  const json running = h.Instances(kWeb);
  *leads = false;
  const size_t starts_before = h.calls().starts.size();
  h.Run(4, 250, false);
  BOOST_CHECK(!h.core().IsLeader());
  BOOST_CHECK_EQUAL(h.calls().starts.size(), starts_before);  // nothing sent while deposed

  *leads = true;
  h.Run(1, 250, false);  // the first tick of the new term reloads the model from the store
  h.Snapshot(running);   // executors were forgotten on step-down: this one re-announces itself
  h.Run(12);
  BOOST_CHECK(h.core().IsLeader());
  BOOST_CHECK_EQUAL(h.CountState(kWeb, "HEALTHY"), 3);
  BOOST_CHECK_EQUAL(h.AppState(kWeb), "RUNNING");
  std::set<std::string> started;
  for (const auto& start : h.calls().starts) {
    BOOST_CHECK_MESSAGE(started.insert(start.instance["instanceId"]).second,
                        "start sent twice: " << start.instance["instanceId"]);
  }
  json summary = h.core().EventsSummary(0);
  BOOST_CHECK(summary["eventsCount"].contains("LEADERSHIP_ACQUIRED"));
  BOOST_CHECK_EQUAL(h.core().ClusterSummary()["leader"], "me:4000");
}

BOOST_AUTO_TEST_CASE(the_controller_list_follows_the_election_and_marks_this_node) {
  auto leads = std::make_shared<std::atomic<bool>>(true);
  Harness h(nullptr, std::make_unique<ManualElection>(leads), std::nullopt,
            [](CoreOptions& options) { options.node_id = "me:4000"; });
  auto nodes = h.core().Controllers();
  BOOST_REQUIRE_EQUAL(nodes.size(), 2u);
  BOOST_CHECK_EQUAL(nodes[0].id, "me:4000");
  BOOST_CHECK(nodes[0].leader && nodes[0].self);
  BOOST_CHECK(!nodes[1].leader && !nodes[1].self);

  *leads = false;
  nodes = h.core().Controllers();
  BOOST_REQUIRE_EQUAL(nodes.size(), 2u);
  BOOST_CHECK_EQUAL(nodes[0].id, "other:4000");
  BOOST_CHECK(nodes[0].leader && !nodes[0].self);
  BOOST_CHECK(!nodes[1].leader && nodes[1].self);
}

BOOST_AUTO_TEST_CASE(a_single_controller_lists_itself_as_leader) {
  Harness h(nullptr, nullptr, std::nullopt, [](CoreOptions& options) { options.node_id = "test"; });
  auto nodes = h.core().Controllers();
  BOOST_REQUIRE_EQUAL(nodes.size(), 1u);
  BOOST_CHECK_EQUAL(nodes[0].id, "test");
  BOOST_CHECK(nodes[0].leader && nodes[0].self);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller::testing

// The single-controller election: elected at Start, and the only candidate it knows is itself.
#include <boost/test/unit_test.hpp>

#include "orchestrator/coordination/leader_election.h"

namespace drove::coordination {
namespace {

BOOST_AUTO_TEST_SUITE(single_node_election)

BOOST_AUTO_TEST_CASE(leads_from_start_and_lists_only_itself) {
  auto election = MakeSingleNodeElection("host-a:4000");
  int elected = 0;
  LeadershipEvents events;
  events.elected = [&] { ++elected; };
  BOOST_REQUIRE(election->Start(std::move(events)).ok());
  BOOST_CHECK_EQUAL(elected, 1);
  BOOST_CHECK(election->IsLeader());
  BOOST_CHECK_EQUAL(election->Leader(), "host-a:4000");
  BOOST_CHECK(election->Candidates() == std::vector<std::string>{"host-a:4000"});
  election->Stop();
  BOOST_CHECK(!election->IsLeader());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::coordination

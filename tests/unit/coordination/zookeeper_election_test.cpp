// Unit tests of the ZooKeeper leader election against a real ZooKeeper.
#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include "orchestrator/coordination/leader_election.h"
#include "orchestrator/coordination/zookeeper_session.h"
#include "tests/unit/coordination/zookeeper_server.h"

namespace drove::coordination {
namespace {

using drove::testing::ConnectSession;
using drove::testing::ExpireSession;
using drove::testing::UniqueNamespace;
using drove::testing::WaitUntil;
using drove::testing::ZookeeperServer;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// One controller: its own session, an election, and what its callbacks saw.
struct Candidate {
  Candidate(const std::string& name_space, std::string node_id) : id(std::move(node_id)) {
    session = ConnectSession(name_space);
    election = MakeZookeeperElection(session, id);
    LeadershipEvents events;
    events.elected = [this] { ++elected; };
    events.lost = [this](const std::string& reason) {
      std::lock_guard lock(mu);
      lost_reasons.push_back(reason);
    };
    BOOST_REQUIRE(election->Start(std::move(events)).ok());
  }
  int lost() {
    std::lock_guard lock(mu);
    return static_cast<int>(lost_reasons.size());
  }

  std::string id;
  std::shared_ptr<ZookeeperSession> session;
  std::unique_ptr<LeaderElection> election;
  std::atomic<int> elected{0};
  std::mutex mu;
  std::vector<std::string> lost_reasons;
};

std::vector<std::string> ElectionNodes(ZookeeperSession& session) {
  String_vector children{};
  std::string dir = session.Path("/leaderselection");
  BOOST_REQUIRE_EQUAL(zoo_get_children(session.handle()->get(), dir.c_str(), 0, &children), ZOK);
  std::vector<std::string> names(children.data, children.data + children.count);
  deallocate_String_vector(&children);
  return names;
}

BOOST_AUTO_TEST_SUITE(zookeeper_election)

BOOST_AUTO_TEST_CASE(two_candidates_elect_exactly_one_and_both_name_it) {
  auto ns = UniqueNamespace("two");
  Candidate a(ns, "host-a:4000");
  Candidate b(ns, "host-b:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader() || b.election->IsLeader(); }));
  BOOST_REQUIRE(
      WaitUntil([&] { return !a.election->Leader().empty() && !b.election->Leader().empty(); }));
  BOOST_CHECK(a.election->IsLeader() != b.election->IsLeader());
  Candidate& leader = a.election->IsLeader() ? a : b;
  BOOST_CHECK_EQUAL(a.election->Leader(), leader.id);
  BOOST_CHECK_EQUAL(b.election->Leader(), leader.id);
  // IsLeader() holds from just before the callback runs on the election thread: wait for it.
  BOOST_CHECK(WaitUntil([&] { return a.elected + b.elected == 1; }));
  BOOST_CHECK_EQUAL(a.lost() + b.lost(), 0);
  BOOST_CHECK(!leader.session->fence().Path().empty());
  Candidate& other = &leader == &a ? b : a;
  BOOST_CHECK_EQUAL(other.session->fence().Path(), "");
}

BOOST_AUTO_TEST_CASE(nodes_are_named_and_filled_as_curator_does) {
  auto ns = UniqueNamespace("curator");
  Candidate a(ns, "host-a:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  auto nodes = ElectionNodes(*a.session);
  BOOST_REQUIRE_EQUAL(nodes.size(), 1u);
  std::regex curator(
      "_c_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-lock-[0-9]{10}");
  BOOST_CHECK_MESSAGE(std::regex_match(nodes[0], curator), nodes[0]);
  std::string data;
  BOOST_REQUIRE(
      drove::testing::ReadNode(*a.session, a.session->Path("/leaderselection/" + nodes[0]), &data));
  BOOST_CHECK_EQUAL(data, "host-a:4000");
  BOOST_CHECK_EQUAL(a.session->fence().Path(), a.session->Path("/leaderselection/" + nodes[0]));
}

BOOST_AUTO_TEST_CASE(stopping_the_leader_elects_the_other_at_once) {
  auto ns = UniqueNamespace("stop");
  Candidate a(ns, "host-a:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  Candidate b(ns, "host-b:4000");
  BOOST_REQUIRE(WaitUntil([&] { return b.election->Leader() == "host-a:4000"; }));
  auto started = Clock::now();
  a.election->Stop();
  BOOST_CHECK(!a.election->IsLeader());
  BOOST_CHECK_EQUAL(a.session->fence().Path(), "");
  BOOST_REQUIRE(WaitUntil([&] { return b.election->IsLeader(); }, milliseconds(3000)));
  auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  BOOST_TEST_MESSAGE("leadership passed in " << took.count() << " ms");
  BOOST_CHECK(took < milliseconds(500));  // a watch, not a session timeout
  BOOST_CHECK_EQUAL(b.election->Leader(), "host-b:4000");
  BOOST_CHECK_EQUAL(a.lost(), 0);  // Stop resigns without `lost`
  BOOST_CHECK_EQUAL(ElectionNodes(*b.session).size(), 1u);
  a.election->Stop();  // idempotent
}

// Every candidate lists all of them in the same order, the leader first; one that resigns drops
// out of every list within a verify interval (session_timeout/4 = 500 ms here).
BOOST_AUTO_TEST_CASE(every_candidate_lists_all_candidates_leader_first) {
  auto ns = UniqueNamespace("list");
  Candidate a(ns, "host-a:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  Candidate b(ns, "host-b:4000");
  // b's node first, so that the order after the leader (node sequence) is known: b, then c.
  BOOST_REQUIRE(WaitUntil([&] { return a.election->Candidates().size() == 2; }));
  Candidate c(ns, "host-c:4000");
  const std::vector<std::string> all = {"host-a:4000", "host-b:4000", "host-c:4000"};
  for (Candidate* each : {&a, &b, &c}) {
    BOOST_CHECK_MESSAGE(WaitUntil([&] { return each->election->Candidates() == all; }),
                        each->id << " does not list all three candidates");
  }
  b.election->Stop();
  const std::vector<std::string> rest = {"host-a:4000", "host-c:4000"};
  for (Candidate* each : {&a, &c}) {
    BOOST_CHECK_MESSAGE(WaitUntil([&] { return each->election->Candidates() == rest; },
                                  milliseconds(3000)),
                        each->id << " still lists the resigned candidate");
  }
}

BOOST_AUTO_TEST_CASE(expired_leader_stops_claiming_and_the_other_takes_over) {
  auto ns = UniqueNamespace("expire");
  Candidate a(ns, "host-a:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  Candidate b(ns, "host-b:4000");
  BOOST_REQUIRE(WaitUntil([&] { return b.election->Leader() == "host-a:4000"; }));
  std::string old_fence = a.session->fence().Path();
  ExpireSession(*a.session);
  BOOST_REQUIRE(WaitUntil([&] { return a.lost() == 1; }));
  BOOST_CHECK(!a.election->IsLeader());
  BOOST_REQUIRE(WaitUntil([&] { return b.election->IsLeader(); }));
  {
    std::lock_guard lock(a.mu);
    BOOST_TEST_MESSAGE("lost because: " << a.lost_reasons.front());
  }
  // A campaigns again with a node of its new session, behind B.
  BOOST_REQUIRE(WaitUntil([&] { return ElectionNodes(*b.session).size() == 2; }));
  BOOST_REQUIRE(WaitUntil([&] { return a.election->Leader() == "host-b:4000"; }));
  BOOST_CHECK_EQUAL(a.session->fence().Path(), "");
  BOOST_CHECK(!drove::testing::ReadNode(*b.session, old_fence));
  BOOST_CHECK_EQUAL(a.elected, 1);
}

std::string SessionText(ZookeeperSession& session) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx",
                static_cast<unsigned long long>(session.handle()->session_id()));
  return text;
}

// With A < B < C: B watches A's node, C watches B's (and A its own); nobody watches the folder,
// so a leader's exit wakes one candidate, not the herd.
BOOST_AUTO_TEST_CASE(each_candidate_watches_only_its_predecessor) {
  auto ns = UniqueNamespace("herd");
  Candidate a(ns, "a:1");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  Candidate b(ns, "b:1");
  BOOST_REQUIRE(WaitUntil([&] { return ElectionNodes(*a.session).size() == 2; }));
  Candidate c(ns, "c:1");
  BOOST_REQUIRE(WaitUntil([&] { return c.election->Leader() == "a:1"; }));
  std::map<std::string, std::vector<std::string>> watched;  // session -> paths it watches
  std::string answer;
  auto wchp = [&] {
    watched.clear();
    answer = ZookeeperServer::Shared().FourLetter("wchp");
    std::istringstream lines(answer);
    std::string line, path;
    while (std::getline(lines, line)) {
      if (line.empty()) continue;
      if (line[0] == '/')
        path = line;
      else if (path.rfind(a.session->root() + "/", 0) == 0)
        watched[line.substr(1)].push_back(path);
    }
    return watched.size() == 3;
  };
  BOOST_REQUIRE_MESSAGE(WaitUntil(wchp, milliseconds(3000)), "wchp: " << answer);
  auto nodes = ElectionNodes(*a.session);
  std::sort(nodes.begin(), nodes.end(), [](const auto& x, const auto& y) {
    return x.substr(x.size() - 10) < y.substr(y.size() - 10);
  });
  auto path = [&](int i) { return a.session->Path("/leaderselection/" + nodes[i]); };
  using Paths = std::vector<std::string>;
  BOOST_CHECK(watched[SessionText(*a.session)] == Paths{path(0)});
  BOOST_CHECK(watched[SessionText(*b.session)] == Paths{path(0)});
  BOOST_CHECK(watched[SessionText(*c.session)] == Paths{path(1)});
}

// No quorum (here: the server down): the leader steps down when its lease lapses, its session
// survives the outage, and it leads again on the same node once the server is back.
BOOST_AUTO_TEST_CASE(leader_cut_off_steps_down_and_is_reelected_on_the_same_node) {
  auto ns = UniqueNamespace("outage");
  Candidate a(ns, "host-a:4000");
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }));
  std::string fence = a.session->fence().Path();
  auto& server = ZookeeperServer::Shared();
  auto stopped = Clock::now();
  server.Stop();
  BOOST_REQUIRE(WaitUntil([&] { return !a.election->IsLeader(); }, milliseconds(3000)));
  auto not_leader = Clock::now() - stopped;
  BOOST_REQUIRE(WaitUntil([&] { return a.lost() == 1; }, milliseconds(3000)));
  auto lost = Clock::now() - stopped;
  BOOST_TEST_MESSAGE("IsLeader false after "
                     << std::chrono::duration_cast<milliseconds>(not_leader).count()
                     << " ms, lost after " << std::chrono::duration_cast<milliseconds>(lost).count()
                     << " ms (lease 1000 ms)");
  BOOST_CHECK(not_leader <= milliseconds(1100));
  BOOST_CHECK_EQUAL(a.session->fence().Path(), "");
  server.Start();
  BOOST_REQUIRE(WaitUntil([&] { return a.election->IsLeader(); }, milliseconds(10000)));
  BOOST_CHECK(WaitUntil([&] { return a.elected == 2; }));
  BOOST_CHECK_EQUAL(a.session->fence().Path(), fence);  // same node, same session
}

// A leader whose election thread is stuck (here: in its own `elected` callback; a SIGSTOP does the
// same to every thread) stops claiming leadership once the lease runs out, without any I/O.
BOOST_AUTO_TEST_CASE(a_stalled_leader_stops_claiming_when_its_lease_runs_out) {
  auto session = ConnectSession(UniqueNamespace("stall"));
  auto election = MakeZookeeperElection(session, "x:1");
  std::atomic<bool> in_callback{false};
  std::atomic<int> elected{0}, lost{0};
  LeadershipEvents events;
  events.elected = [&] {
    if (++elected > 1) return;
    in_callback = true;
    std::this_thread::sleep_for(milliseconds(1600));
    in_callback = false;
  };
  events.lost = [&](const std::string&) { ++lost; };
  BOOST_REQUIRE(election->Start(std::move(events)).ok());
  BOOST_REQUIRE(WaitUntil([&] { return in_callback.load(); }));
  auto entered = Clock::now();
  BOOST_CHECK(election->IsLeader());
  BOOST_REQUIRE(WaitUntil([&] { return !election->IsLeader(); }, milliseconds(1500)));
  BOOST_CHECK(in_callback);
  BOOST_TEST_MESSAGE("stalled leader stopped claiming after "
                     << std::chrono::duration_cast<milliseconds>(Clock::now() - entered).count()
                     << " ms (lease 1000 ms from the last check)");
  std::string fence = session->fence().Path();
  // Running again, it reports the lapse (`lost`), proves its node is still there and leads again.
  BOOST_REQUIRE(WaitUntil([&] { return elected == 2 && election->IsLeader(); }));
  BOOST_CHECK_EQUAL(lost, 1);
  BOOST_CHECK_EQUAL(session->fence().Path(), fence);
}

BOOST_AUTO_TEST_CASE(start_twice_is_an_error) {
  auto session = ConnectSession(UniqueNamespace("twice"));
  auto election = MakeZookeeperElection(session, "x:1");
  BOOST_REQUIRE(election->Start({}).ok());
  BOOST_CHECK(!election->Start({}).ok());
  BOOST_REQUIRE(WaitUntil([&] { return election->IsLeader(); }));
  BOOST_CHECK_EQUAL(election->Leader(), "x:1");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::coordination

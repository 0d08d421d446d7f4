// Unit tests of the ZooKeeper StateStore against a real ZooKeeper: layout, fencing, atomicity,
// the path cache, pipelined loads and namespace ownership.
#include "orchestrator/store/zookeeper_store.h"

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "orchestrator/coordination/leader_election.h"
#include "tests/unit/coordination/zookeeper_server.h"

namespace drove::store {
namespace {

using coordination::LeaderElection;
using coordination::ZookeeperSession;
using drove::testing::ConnectSession;
using drove::testing::ExpireSession;
using drove::testing::ReadNode;
using drove::testing::UniqueNamespace;
using drove::testing::WaitUntil;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A controller: session, store and (once Campaign ran) an election it may win.
struct Controller {
  explicit Controller(const std::string& name_space) : session(ConnectSession(name_space)) {
    auto opened = OpenZookeeperStore(session);
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.error());
    store = std::move(opened).value();
  }
  void Campaign(const std::string& node_id) {
    election = coordination::MakeZookeeperElection(session, node_id);
    coordination::LeadershipEvents events;
    events.lost = [this](const std::string&) { ++lost; };
    BOOST_REQUIRE(election->Start(std::move(events)).ok());
  }
  void Lead(const std::string& node_id = "host:4000") {
    Campaign(node_id);
    BOOST_REQUIRE(WaitUntil([&] { return election->IsLeader(); }));
  }
  std::string Read(const std::string& relative) {
    std::string data;
    return ReadNode(*session, session->Path(relative), &data) ? data : "<absent>";
  }

  std::shared_ptr<ZookeeperSession> session;
  std::unique_ptr<StateStore> store;
  std::unique_ptr<LeaderElection> election;
  std::atomic<int> lost{0};
};

std::map<std::string, std::string> Load(StateStore& store, const char* kind) {
  auto records = store.LoadAll(kind);
  BOOST_REQUIRE_MESSAGE(records.ok(), records.error());
  return *records;
}

BOOST_AUTO_TEST_SUITE(zookeeper_store)

BOOST_AUTO_TEST_CASE(every_kind_round_trips_in_droves_layout) {
  Controller c(UniqueNamespace("kinds"));
  c.Lead();
  BOOST_REQUIRE(c.store
                    ->Apply({{kApp, "", "app-1", R"({"a":1})"},
                             {kInstance, "app-1", "AI-1", "i1"},
                             {kInstance, "app-1", "AI-2", "i2"},
                             {kInstance, "app-2", "AI-3", "i3"},
                             {kTask, "src-app", "T-1", "t1"},
                             {kOperation, "", "app-1", "op"},
                             {kCluster, "", "maintenance", "m"},
                             {kExecutor, "", "ex-1", "e"},
                             {kMeta, "", "schema", "1"},
                             {kLocalService, "", "ls-1", "l"}})
                    .ok());
  BOOST_CHECK_EQUAL(c.Read("/applications/app-1"), R"({"a":1})");
  BOOST_CHECK_EQUAL(c.Read("/instances/app-1/AI-2"), "i2");
  BOOST_CHECK_EQUAL(c.Read("/tasks/src-app/T-1"), "t1");
  BOOST_CHECK_EQUAL(c.Read("/operations/app-1"), "op");
  BOOST_CHECK_EQUAL(c.Read("/cluster/maintenance"), "m");
  BOOST_CHECK_EQUAL(c.Read("/executors/ex-1"), "e");
  BOOST_CHECK_EQUAL(c.Read("/meta/schema"), "1");
  BOOST_CHECK_EQUAL(c.Read("/localservices/ls-1"), "l");
  auto instances = Load(*c.store, kInstance);
  BOOST_CHECK_EQUAL(instances.size(), 3u);
  BOOST_CHECK_EQUAL(instances[RecordKey("app-2", "AI-3")], "i3");
  BOOST_CHECK_EQUAL(Load(*c.store, kTask)[RecordKey("src-app", "T-1")], "t1");
  BOOST_CHECK_EQUAL(Load(*c.store, kApp).size(), 1u);
  BOOST_CHECK_EQUAL(Load(*c.store, kLocalService)["ls-1"], "l");
  // Overwrite, delete, delete a missing record; the last instance takes its app folder along.
  BOOST_REQUIRE(c.store->Put(kApp, "", "app-1", "v2").ok());
  BOOST_REQUIRE(c.store
                    ->Apply({{kInstance, "app-2", "AI-3", ""},
                             {kInstance, "app-1", "AI-1", ""},
                             {kInstance, "app-9", "missing", ""},
                             {kCluster, "", "maintenance", ""}})
                    .ok());
  BOOST_CHECK_EQUAL(Load(*c.store, kApp)["app-1"], "v2");
  BOOST_CHECK_EQUAL(Load(*c.store, kInstance).size(), 1u);
  BOOST_CHECK(Load(*c.store, kCluster).empty());
  BOOST_CHECK_EQUAL(c.Read("/instances/app-2"), "<absent>");
  BOOST_CHECK_EQUAL(c.Read("/instances/app-1/AI-2"), "i2");
  BOOST_CHECK(c.store->Delete(kApp, "", "never-there").ok());
}

BOOST_AUTO_TEST_CASE(bad_keys_and_unknown_kinds_are_refused) {
  Controller c(UniqueNamespace("keys"));
  c.Lead();
  BOOST_CHECK(!c.store->Put(kInstance, "", "AI-1", "x").ok());  // nested kind without parent
  BOOST_CHECK(!c.store->Put(kApp, "p", "a", "x").ok());
  BOOST_CHECK(!c.store->Put(kApp, "", "a/b", "x").ok());
  BOOST_CHECK(!c.store->Put("nonsense", "", "a", "x").ok());
  BOOST_CHECK(!c.store->LoadAll("nonsense").ok());
}

BOOST_AUTO_TEST_CASE(a_controller_that_does_not_lead_is_fenced_and_sends_nothing) {
  Controller c(UniqueNamespace("follower"));
  auto status = c.store->Put(kApp, "", "a", "x");
  BOOST_CHECK(status.code() == core::StatusCode::kFenced);
  BOOST_TEST_MESSAGE(status.message());
  BOOST_CHECK_EQUAL(c.Read("/applications/a"), "<absent>");
  BOOST_CHECK(c.store->LoadAll(kApp).ok());  // reading needs no leadership
}

BOOST_AUTO_TEST_CASE(an_expired_leader_is_fenced_and_the_znodes_stay_unchanged) {
  auto ns = UniqueNamespace("expired");
  Controller a(ns);
  a.Lead("host-a:4000");
  BOOST_REQUIRE(
      a.store->Apply({{kApp, "", "app", "from-a"}, {kInstance, "app", "AI-1", "a"}}).ok());
  Controller b(ns);
  b.Campaign("host-b:4000");
  ExpireSession(*a.session);
  BOOST_REQUIRE(WaitUntil([&] { return b.election->IsLeader(); }));
  BOOST_REQUIRE(WaitUntil([&] { return a.lost == 1; }));
  BOOST_CHECK(!a.election->IsLeader());
  auto status = a.store->Apply(
      {{kApp, "", "app", "late"}, {kInstance, "app", "AI-1", ""}, {kApp, "", "new", "x"}});
  BOOST_CHECK(status.code() == core::StatusCode::kFenced);
  BOOST_CHECK_EQUAL(b.Read("/applications/app"), "from-a");
  BOOST_CHECK_EQUAL(b.Read("/instances/app/AI-1"), "a");
  BOOST_CHECK_EQUAL(b.Read("/applications/new"), "<absent>");
  // The new leader continues on what the old one wrote (a set, not a create).
  BOOST_REQUIRE(b.store->Put(kApp, "", "app", "from-b").ok());
  BOOST_REQUIRE(b.store->Delete(kInstance, "app", "AI-1").ok());
  BOOST_CHECK_EQUAL(b.Read("/applications/app"), "from-b");
  BOOST_CHECK_EQUAL(b.Read("/instances/app"), "<absent>");
}

// A new leader loads every kind before it writes (ModelState::Load); its first writes plan from
// what those reads saw: creates vs sets, and a parent deleted with its last child, all right.
BOOST_AUTO_TEST_CASE(a_new_leader_that_loaded_the_tree_writes_on_what_it_read) {
  auto ns = UniqueNamespace("loaded");
  Controller a(ns);
  a.Lead("host-a:4000");
  BOOST_REQUIRE(a.store
                    ->Apply({{kApp, "", "app", "1"},
                             {kInstance, "app", "AI-1", "a"},
                             {kInstance, "other", "AI-2", "b"},
                             {kInstance, "other", "AI-3", "c"}})
                    .ok());
  Controller b(ns);
  b.Campaign("host-b:4000");
  a.election->Stop();
  BOOST_REQUIRE(WaitUntil([&] { return b.election->IsLeader(); }));
  for (const char* kind : {kApp, kInstance, kTask, kOperation, kExecutor, kCluster}) {
    Load(*b.store, kind);
  }
  BOOST_REQUIRE(b.store
                    ->Apply({{kApp, "", "app", "2"},               // exists: a set
                             {kInstance, "app", "AI-1", ""},        // the last child: parent goes
                             {kInstance, "other", "AI-2", ""},      // not the last: parent stays
                             {kInstance, "new", "AI-4", "d"},       // new parent created
                             {kCluster, "", "maintenance", "m"}})  // folder not there before
                    .ok());
  BOOST_CHECK_EQUAL(b.Read("/applications/app"), "2");
  BOOST_CHECK_EQUAL(b.Read("/instances/app"), "<absent>");
  BOOST_CHECK_EQUAL(b.Read("/instances/other/AI-3"), "c");
  BOOST_CHECK_EQUAL(b.Read("/instances/new/AI-4"), "d");
  BOOST_CHECK_EQUAL(b.Read("/cluster/maintenance"), "m");
}

// The write left before the leader learnt it was deposed: ZooKeeper refuses it (fence node gone).
BOOST_AUTO_TEST_CASE(an_in_flight_write_of_a_deposed_leader_is_refused_by_zookeeper) {
  auto ns = UniqueNamespace("inflight");
  Controller c(ns);
  auto holder = ConnectSession(ns);  // plays the leader's election session
  std::string node = holder->Path("/leaderselection/_c_x-lock-0000000000");
  BOOST_REQUIRE(holder->EnsurePath(holder->Path("/leaderselection")).ok());
  BOOST_REQUIRE_EQUAL(zoo_create(holder->handle()->get(), node.c_str(), "", 0, &ZOO_OPEN_ACL_UNSAFE,
                                 ZOO_EPHEMERAL, nullptr, 0),
                      ZOK);
  c.session->fence().Set(node);
  BOOST_REQUIRE(c.store->Put(kApp, "", "a", "1").ok());
  holder.reset();  // the session ends, its node goes; the store still holds the old fence
  auto status = c.store->Apply({{kApp, "", "a", "2"}, {kApp, "", "b", "2"}});
  BOOST_CHECK(status.code() == core::StatusCode::kFenced);
  BOOST_TEST_MESSAGE(status.message());
  BOOST_CHECK_EQUAL(c.Read("/applications/a"), "1");
  BOOST_CHECK_EQUAL(c.Read("/applications/b"), "<absent>");
}

BOOST_AUTO_TEST_CASE(a_batch_that_fails_changes_nothing) {
  Controller c(UniqueNamespace("atomic"));
  c.Lead();
  BOOST_REQUIRE(c.store->Apply({{kApp, "", "keep", "1"}, {kInstance, "keep", "AI-1", "1"}}).ok());
  // Too large together, though each record is within the limit: refused before sending.
  std::string big(600 * 1000, 'x');
  auto status = c.store->Apply({{kApp, "", "small", "1"},
                                {kApp, "", "big-1", big},
                                {kApp, "", "big-2", big},
                                {kApp, "", "keep", "2"}});
  BOOST_CHECK(status.code() == core::StatusCode::kTooLarge);
  BOOST_TEST_MESSAGE(status.message());
  BOOST_CHECK(status.message().find("app big-1") != std::string::npos);
  std::string huge(kMaxRecordBytes + 1, 'x');
  status = c.store->Apply({{kApp, "", "small", "1"}, {kApp, "", "huge", huge}});
  BOOST_CHECK(status.code() == core::StatusCode::kTooLarge);
  BOOST_CHECK(status.message().find("app huge") != std::string::npos);
  // One record of the maximum size fits.
  BOOST_REQUIRE(c.store->Put(kApp, "", "max", std::string(kMaxRecordBytes, 'y')).ok());
  BOOST_CHECK_EQUAL(Load(*c.store, kApp)["max"].size(), kMaxRecordBytes);
  // Refused by ZooKeeper: a node we did not write sits under the instance, so its delete fails.
  std::string foreign = c.session->Path("/instances/keep/AI-1/foreign");
  BOOST_REQUIRE_EQUAL(zoo_create(c.session->handle()->get(), foreign.c_str(), "", 0,
                                 &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, nullptr, 0),
                      ZOK);
  status = c.store->Apply(
      {{kApp, "", "small", "1"}, {kApp, "", "keep", "2"}, {kInstance, "keep", "AI-1", ""}});
  BOOST_CHECK(!status.ok());
  BOOST_TEST_MESSAGE(status.message());
  BOOST_CHECK_EQUAL(c.Read("/applications/small"), "<absent>");
  BOOST_CHECK_EQUAL(c.Read("/applications/keep"), "1");
  BOOST_CHECK_EQUAL(c.Read("/instances/keep/AI-1"), "1");
}

BOOST_AUTO_TEST_CASE(a_batch_over_the_packet_limit_goes_in_several_multis_in_order) {
  Controller c(UniqueNamespace("batches"));
  c.Lead();
  // An executor snapshot that changed many large instance records: too large for one multi.
  std::vector<StoreWrite> writes;
  for (int i = 0; i < 5; ++i) {
    writes.push_back({kInstance, "app", "AI-" + std::to_string(i), std::string(400 * 1000, 'a' + i)});
  }
  writes.push_back({kInstance, "app", "AI-0", "last value wins"});
  BOOST_REQUIRE(c.store->Apply(writes).code() == core::StatusCode::kTooLarge);
  BOOST_REQUIRE(ApplyInBatches(*c.store, writes).ok());
  auto stored = Load(*c.store, kInstance);
  BOOST_CHECK_EQUAL(stored.size(), 5u);
  BOOST_CHECK_EQUAL(stored["app/AI-0"], "last value wins");
  BOOST_CHECK_EQUAL(stored["app/AI-4"], std::string(400 * 1000, 'e'));
}

BOOST_AUTO_TEST_CASE(a_stale_path_cache_is_repaired_and_the_write_succeeds) {
  Controller c(UniqueNamespace("stale"));
  c.Lead();
  BOOST_REQUIRE(c.store->Put(kApp, "", "a", "1").ok());
  std::string path = c.session->Path("/applications/a");
  BOOST_REQUIRE_EQUAL(zoo_delete(c.session->handle()->get(), path.c_str(), -1), ZOK);
  BOOST_REQUIRE(c.store->Put(kApp, "", "a", "2").ok());  // planned as a set, retried as a create
  BOOST_CHECK_EQUAL(c.Read("/applications/a"), "2");
}

// A multi cut off by a silent server may or may not have been applied: the store re-reads the
// paths it touched before planning the next write, which then succeeds whatever happened.
BOOST_AUTO_TEST_CASE(after_a_write_with_unknown_outcome_the_next_write_succeeds) {
  Controller c(UniqueNamespace("unknown"));
  c.Lead();
  BOOST_REQUIRE(c.store->Put(kApp, "", "a", "1").ok());
  auto& server = drove::testing::ZookeeperServer::Shared();
  server.Pause();
  auto status = c.store->Apply({{kApp, "", "a", ""}, {kApp, "", "b", "1"}});
  server.Resume();
  BOOST_TEST_MESSAGE(status.message());
  BOOST_CHECK(status.code() == core::StatusCode::kUnavailable);
  BOOST_REQUIRE(WaitUntil([&] { return c.election->IsLeader(); }));
  std::string a = c.Read("/applications/a"), b = c.Read("/applications/b");
  BOOST_TEST_MESSAGE("after the outage: a " << a << ", b " << b);
  BOOST_REQUIRE(c.store->Apply({{kApp, "", "a", "2"}, {kApp, "", "b", "2"}}).ok());
  BOOST_CHECK_EQUAL(c.Read("/applications/a"), "2");
  BOOST_CHECK_EQUAL(c.Read("/applications/b"), "2");
}

BOOST_AUTO_TEST_CASE(load_all_of_1000_apps_and_2000_instances_is_pipelined) {
  Controller c(UniqueNamespace("load"));
  c.Lead();
  std::string spec(300, 's');
  for (int batch = 0; batch < 10; ++batch) {
    std::vector<StoreWrite> writes;
    for (int i = batch * 100; i < (batch + 1) * 100; ++i) {
      std::string app = "app-" + std::to_string(i);
      writes.push_back({kApp, "", app, spec});
      writes.push_back({kInstance, app, "AI-" + std::to_string(i) + "-1", spec});
      writes.push_back({kInstance, app, "AI-" + std::to_string(i) + "-2", spec});
    }
    BOOST_REQUIRE(c.store->Apply(writes).ok());
  }
  for (const char* run : {"first", "second"}) {  // the second on a warmer server JVM
    auto started = Clock::now();
    auto apps = Load(*c.store, kApp);
    auto loaded_apps = Clock::now();
    auto instances = Load(*c.store, kInstance);
    auto done = Clock::now();
    BOOST_CHECK_EQUAL(apps.size(), 1000u);
    BOOST_CHECK_EQUAL(instances.size(), 2000u);
    BOOST_CHECK_EQUAL(instances["app-999/AI-999-2"], spec);
    auto ms = [](auto d) { return std::chrono::duration_cast<milliseconds>(d).count(); };
    BOOST_TEST_MESSAGE("LoadAll of 1000 apps + 2000 instances ("
                       << run << "): " << ms(done - started) << " ms (apps "
                       << ms(loaded_apps - started) << " ms, instances " << ms(done - loaded_apps)
                       << " ms)");
  }
}

BOOST_AUTO_TEST_CASE(a_namespace_owned_by_something_else_is_refused) {
  auto raw = ConnectSession(UniqueNamespace("raw"));
  zhandle_t* zh = raw->handle()->get();
  std::string foreign_child = UniqueNamespace("child");
  BOOST_REQUIRE(raw->EnsurePath(foreign_child + "/kafka").ok());
  std::string foreign_marker = UniqueNamespace("marker");
  BOOST_REQUIRE_EQUAL(zoo_create(zh, foreign_marker.c_str(), "someone", 7, &ZOO_OPEN_ACL_UNSAFE,
                                 ZOO_PERSISTENT, nullptr, 0),
                      ZOK);
  for (const auto& ns : {foreign_child, foreign_marker}) {
    auto opened = OpenZookeeperStore(ConnectSession(ns));
    BOOST_REQUIRE(!opened.ok());
    BOOST_TEST_MESSAGE(opened.error());
    BOOST_CHECK(opened.error().find("namespace " + ns + " ") != std::string::npos);
    BOOST_CHECK(opened.error().find('\n') == std::string::npos);
  }
  // An unmarked root holding only Drove's folders (e.g. Drove's Java controller) is claimed.
  std::string drove_made = UniqueNamespace("java");
  BOOST_REQUIRE(raw->EnsurePath(drove_made + "/applications").ok());
  BOOST_REQUIRE(OpenZookeeperStore(ConnectSession(drove_made)).ok());
  std::string marker;
  BOOST_REQUIRE(ReadNode(*raw, drove_made, &marker));
  BOOST_CHECK_EQUAL(marker, kZookeeperNamespaceMarker);
  BOOST_REQUIRE(OpenZookeeperStore(ConnectSession(drove_made)).ok());  // and reopened
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::store

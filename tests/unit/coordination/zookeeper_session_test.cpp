// Unit tests of ZookeeperSession against a real ZooKeeper: connect errors, namespaces, expiry.
#include "orchestrator/coordination/zookeeper_session.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <vector>

#include "tests/unit/coordination/zookeeper_server.h"

namespace drove::coordination {
namespace {

using drove::testing::ConnectSession;
using drove::testing::ExpireSession;
using drove::testing::UniqueNamespace;
using drove::testing::WaitUntil;
using drove::testing::ZookeeperServer;
using Clock = std::chrono::steady_clock;

ZookeeperOptions OptionsFor(const std::string& hosts) {
  ZookeeperOptions options;
  options.connection_string = hosts;
  options.session_timeout = std::chrono::milliseconds(2000);
  options.connect_timeout = std::chrono::milliseconds(1000);
  return options;
}

BOOST_AUTO_TEST_SUITE(zookeeper_session)

BOOST_AUTO_TEST_CASE(connects_and_reports_the_negotiated_timeout_and_root) {
  auto session = ConnectSession("drove");
  BOOST_CHECK_EQUAL(session->root(), "/drove");
  BOOST_CHECK_EQUAL(session->Path("/applications"), "/drove/applications");
  BOOST_CHECK_EQUAL(session->session_timeout().count(), 2000);
  BOOST_CHECK(session->handle()->connected());
  BOOST_CHECK_EQUAL(session->fence().Path(), "");
}

BOOST_AUTO_TEST_CASE(unreachable_ensemble_fails_connect_within_the_connect_timeout) {
  auto started = Clock::now();
  auto session = ZookeeperSession::Connect(OptionsFor("127.0.0.1:1"));
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  BOOST_REQUIRE(!session.ok());
  BOOST_TEST_MESSAGE("unreachable: " << elapsed.count() << " ms: " << session.error());
  BOOST_CHECK(session.status().code() == core::StatusCode::kUnavailable);
  BOOST_CHECK(elapsed < std::chrono::milliseconds(1500));
  BOOST_CHECK(session.error().find('\n') == std::string::npos);
  BOOST_CHECK(session.error().find("127.0.0.1:1") != std::string::npos);
  BOOST_CHECK(session.error().find("Connection refused") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_connection_strings_are_refused_with_one_line) {
  for (const char* hosts : {"", "foo", "127.0.0.1:99999", "127.0.0.1:2181/chroot", "a:1,,b:2",
                            ":2181", "nosuchhost.invalid:2181"}) {
    auto session = ZookeeperSession::Connect(OptionsFor(hosts));
    BOOST_REQUIRE_MESSAGE(!session.ok(), hosts);
    BOOST_TEST_MESSAGE(hosts << " -> " << session.error());
    BOOST_CHECK(session.error().find('\n') == std::string::npos);
    BOOST_CHECK(session.error().find("\"" + std::string(hosts) + "\"") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(bad_namespaces_are_refused) {
  for (const char* name_space : {"", "/", "a//b", "a/../b", "zookeeper", "a b", "a/"}) {
    auto root = NamespaceRoot(name_space);
    BOOST_CHECK_MESSAGE(!root.ok(), name_space);
  }
  BOOST_CHECK_EQUAL(*NamespaceRoot("drove"), "/drove");
  BOOST_CHECK_EQUAL(*NamespaceRoot("/prod/drove"), "/prod/drove");
}

BOOST_AUTO_TEST_CASE(expired_session_is_replaced_by_a_new_one_and_listeners_hear_it) {
  auto session = ConnectSession(UniqueNamespace("expiry"));
  std::mutex mu;
  std::vector<ZookeeperSession::Event> events;
  int id = session->AddListener([&](ZookeeperSession::Event event, const std::string&) {
    std::lock_guard lock(mu);
    events.push_back(event);
  });
  int64_t old_id = session->handle()->session_id();
  ExpireSession(*session);
  // kExpired, then kConnected of the new session (the old one may reconnect once before).
  auto heard_expired_then_connected = [&] {
    std::lock_guard lock(mu);
    auto expired = std::find(events.begin(), events.end(), ZookeeperSession::Event::kExpired);
    return expired != events.end() &&
           std::find(expired, events.end(), ZookeeperSession::Event::kConnected) != events.end();
  };
  BOOST_REQUIRE(WaitUntil(heard_expired_then_connected));
  BOOST_CHECK(session->handle()->connected());
  BOOST_CHECK_NE(session->handle()->session_id(), old_id);
  BOOST_CHECK(session->EnsurePath(session->Path("/after/expiry")).ok());
  session->RemoveListener(id);
}

BOOST_AUTO_TEST_CASE(ensure_path_creates_missing_ancestors_and_is_idempotent) {
  auto session = ConnectSession(UniqueNamespace("mkdirs"));
  std::string path = session->Path("/a/b/c");
  BOOST_REQUIRE(session->EnsurePath(path).ok());
  BOOST_REQUIRE(session->EnsurePath(path).ok());
  BOOST_CHECK(drove::testing::ReadNode(*session, path));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::coordination

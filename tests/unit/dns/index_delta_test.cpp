// Tests for BuildIndexDelta: wherever it builds, the index equals BuildIndex's; where it cannot be
// exact, it declines.
#include "dns-server/index/index_delta.h"

#include <boost/test/unit_test.hpp>
#include <random>

#include "tests/unit/dns/dns_index_fixture.h"

namespace drove::dns {
namespace {

using testing::App;
using testing::TestConfig;
using testing::TestInput;

bool SameBytes(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// Every name with the same answers, packets included, and the same SOA.
void RequireSameIndex(const Index& got, const Index& want) {
  BOOST_REQUIRE_EQUAL(got.name_count(), want.name_count());
  BOOST_TEST(SameBytes(got.soa_rr(), want.soa_rr()));
  for (const auto& entry : want.Entries()) {
    auto other = got.FindShared(entry->owner.wire());
    BOOST_REQUIRE_MESSAGE(other, entry->owner.ToText() << " missing");
    BOOST_TEST(other->fingerprint == entry->fingerprint, entry->owner.ToText());
    BOOST_REQUIRE_EQUAL(other->answers.size(), entry->answers.size());
    for (size_t i = 0; i < entry->answers.size(); ++i) {
      BOOST_TEST(other->answers[i].qtype == entry->answers[i].qtype);
      BOOST_TEST(SameBytes(other->answers[i].udp.plain(), entry->answers[i].udp.plain()));
      BOOST_TEST(SameBytes(other->answers[i].udp.edns(), entry->answers[i].udp.edns()));
      auto packets = got.answers().Find(entry->owner.wire(), entry->answers[i].qtype);
      auto expected = want.answers().Find(entry->owner.wire(), entry->answers[i].qtype);
      BOOST_REQUIRE_EQUAL(packets.has_value(), expected.has_value());
      if (packets) BOOST_TEST(SameBytes(packets->edns, expected->edns));
    }
  }
}

// The input with a second app on web's vhost, an app of its own, and the generation moved on.
IndexInput Before() {
  IndexInput input = TestInput();
  input.apps.push_back(
      App("web-2", "WEB.drove.test.", {{"exec2.local", 31002, core::PortType::kHttp, "alt"}}));
  input.apps.push_back(
      App("db-1", "db.drove.test", {{"exec1.local", 34000, core::PortType::kTcp, "pg"}}));
  return input;
}

std::optional<BuildResult> DeltaOf(const DnsConfig& config, const IndexInput& before,
                                   const IndexInput& after, const Index& previous) {
  auto vhosts = ChangedVhosts(before.apps, after.apps, 100);
  BOOST_REQUIRE(vhosts.has_value());
  return BuildIndexDelta(config, before, after, previous, *vhosts);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(index_delta)

BOOST_AUTO_TEST_CASE(instance_changes_give_the_index_the_full_build_gives) {
  DnsConfig config = TestConfig("gateway:\n  ipv4: [192.0.2.1]\n");
  IndexInput before = Before();
  auto previous = BuildIndex(config, before).index;
  IndexInput after = before;
  after.generation = 8;
  after.apps[0].hosts.pop_back();  // web loses an instance
  after.apps[1].hosts.push_back({"exec2.local", 32001, core::PortType::kTcp, "db"});  // api gains
  after.apps[4].hosts.clear();  // db loses its only one
  auto delta = DeltaOf(config, before, after, *previous);
  BOOST_REQUIRE(delta.has_value());
  BOOST_TEST(delta->vhosts == 3u);
  RequireSameIndex(*delta->index, *BuildIndex(config, after).index);
}

BOOST_AUTO_TEST_CASE(without_a_gateway_vhost_addresses_follow_the_instances) {
  DnsConfig config = TestConfig();
  IndexInput before = Before();
  auto previous = BuildIndex(config, before).index;
  IndexInput after = before;
  after.generation = 9;
  after.apps[0].hosts = {{"exec2.local", 31005, core::PortType::kHttp, "Main"}};
  auto delta = DeltaOf(config, before, after, *previous);
  BOOST_REQUIRE(delta.has_value());
  RequireSameIndex(*delta->index, *BuildIndex(config, after).index);
}

BOOST_AUTO_TEST_CASE(apps_added_removed_or_moved_to_another_vhost_need_the_full_build) {
  IndexInput before = Before();
  IndexInput added = before;
  added.apps.push_back(App("new-1", "new.drove.test", {}));
  BOOST_TEST(!ChangedVhosts(before.apps, added.apps, 100).has_value());
  IndexInput removed = before;
  removed.apps.pop_back();
  BOOST_TEST(!ChangedVhosts(before.apps, removed.apps, 100).has_value());
  IndexInput moved = before;
  moved.apps[0].vhost = "www.drove.test";
  BOOST_TEST(!ChangedVhosts(before.apps, moved.apps, 100).has_value());
  IndexInput many = before;
  many.apps[0].hosts.clear();
  many.apps[1].hosts.clear();
  BOOST_TEST(!ChangedVhosts(before.apps, many.apps, 1).has_value());
  BOOST_TEST(ChangedVhosts(before.apps, before.apps, 1)->empty());
}

BOOST_AUTO_TEST_CASE(names_read_from_outside_a_changed_vhost_need_the_full_build) {
  DnsConfig config = TestConfig();
  IndexInput before = Before();
  // An executor named under web's vhost: its glue would be web's own records.
  before.apps[4].hosts = {{"box.web.drove.test", 34000, core::PortType::kTcp, "pg"}};
  before.host_addresses["box.web.drove.test"] = {{"10.0.0.9"}, {}};
  auto previous = BuildIndex(config, before).index;
  IndexInput after = before;
  after.apps[0].hosts.pop_back();
  BOOST_TEST(!DeltaOf(config, before, after, *previous).has_value());
  // An executor named like a vhost: its records are glue for every SRV that targets it.
  IndexInput named = Before();
  named.apps[4].hosts = {{"db.drove.test", 34000, core::PortType::kTcp, "pg"}};
  named.host_addresses["db.drove.test"] = {{"10.0.0.9"}, {}};
  previous = BuildIndex(config, named).index;
  after = named;
  after.apps[0].hosts.pop_back();
  BOOST_TEST(!DeltaOf(config, named, after, *previous).has_value());
}

BOOST_AUTO_TEST_CASE(changed_host_addresses_need_the_full_build) {
  DnsConfig config = TestConfig();
  IndexInput before = Before();
  auto previous = BuildIndex(config, before).index;
  IndexInput after = before;
  after.apps[0].hosts.pop_back();
  after.host_addresses["exec1.local"] = {{"10.0.0.42"}, {}};
  BOOST_TEST(!DeltaOf(config, before, after, *previous).has_value());
}

BOOST_AUTO_TEST_CASE(random_instance_changes_give_the_index_the_full_build_gives) {
  DnsConfig config = TestConfig();
  std::mt19937 rng(5);
  const std::vector<std::string> vhosts = {"a.drove.test",   "b.a.drove.test", "c.drove.test",
                                           "d.x.drove.test", "e.x.drove.test", "f.drove.test"};
  const std::vector<std::string> names = {"Main", "web", "http", ""};
  auto random_hosts = [&] {
    std::vector<core::ExposedHost> hosts;
    for (int n = rng() % 4; n > 0; --n) {
      hosts.push_back(
          {rng() % 2 ? "exec1.local" : "exec2.local", static_cast<int32_t>(30000 + rng() % 5),
           rng() % 3 ? core::PortType::kHttp : core::PortType::kTcp, names[rng() % names.size()]});
    }
    return hosts;
  };
  IndexInput before = TestInput();
  before.apps.clear();
  for (size_t i = 0; i < 12; ++i) {
    before.apps.push_back(
        App("app-" + std::to_string(i), vhosts[i % vhosts.size()], random_hosts()));
  }
  auto previous = BuildIndex(config, before).index;
  int deltas = 0;
  for (int round = 0; round < 40; ++round) {
    IndexInput after = before;
    after.generation = before.generation + 1;
    for (int n = 1 + rng() % 2; n > 0; --n)
      after.apps[rng() % after.apps.size()].hosts = random_hosts();
    auto vhosts_changed = ChangedVhosts(before.apps, after.apps, 100);
    BOOST_REQUIRE(vhosts_changed.has_value());
    auto delta = BuildIndexDelta(config, before, after, *previous, *vhosts_changed);
    auto full = BuildIndex(config, after).index;
    // b.a.drove.test lies under another vhost: its parent's answers are a shared name the
    // partial build cannot vouch for, so changes there are declined.
    if (delta) {
      ++deltas;
      RequireSameIndex(*delta->index, *full);
    }
    previous = delta ? delta->index : full;
    before = after;
  }
  BOOST_TEST(deltas > 20);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

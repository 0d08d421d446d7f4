// PackedAnswer and AnswerTable: every positive answer of an index is found by (name, qtype) with
// its own packets, and nothing else is.
#include "dns-server/index/answer_table.h"

#include <boost/test/unit_test.hpp>

#include "dns_index_fixture.h"

namespace drove::dns {
namespace {

constexpr uint16_t kA = 1, kTxt = 16, kSrv = 33;

std::string Wire(const std::string& text) { return NameFromText(text)->Lowercased().wire(); }

bool SamePackets(const AnswerTable::Packets& found, const PrecomputedAnswer& answer) {
  return found.plain.data() == answer.udp.plain().data() &&
         found.plain.size() == answer.udp.plain().size() &&
         found.edns.data() == answer.udp.edns().data() &&
         found.edns.size() == answer.udp.edns().size() && !found.plain.empty() &&
         !found.edns.empty();
}

// `count` vhosts with one instance each: enough names for long probe chains.
IndexInput ManyVhosts(size_t count) {
  IndexInput input;
  for (size_t i = 0; i < count; ++i) {
    input.apps.push_back(testing::App(
        "app-" + std::to_string(i), "v" + std::to_string(i) + ".drove.test",
        {{"exec1.local", static_cast<int32_t>(20000 + i), core::PortType::kHttp, "main"}}));
  }
  return input;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(answer_table)

BOOST_AUTO_TEST_CASE(packed_answer_gives_back_both_packets) {
  std::vector<uint8_t> plain{1, 2, 3};
  std::vector<uint8_t> edns{4, 5, 6, 7};
  PackedAnswer packed(Wire("web.drove.test"), kSrv, plain, edns);
  BOOST_TEST(std::vector<uint8_t>(packed.plain().begin(), packed.plain().end()) == plain);
  BOOST_TEST(std::vector<uint8_t>(packed.edns().begin(), packed.edns().end()) == edns);
  BOOST_TEST(PackedAnswer().plain().empty());
  BOOST_TEST(PackedAnswer().record() == nullptr);
}

BOOST_AUTO_TEST_CASE(finds_each_answer_with_its_own_packets) {
  auto index = testing::TestIndex();
  const NameEntry* web = index->Find(Wire("web.drove.test"));
  BOOST_REQUIRE(web);
  for (const PrecomputedAnswer& answer : web->answers) {
    auto found = index->answers().Find(Wire("web.drove.test"), answer.qtype);
    BOOST_REQUIRE(found.has_value());
    BOOST_TEST(SamePackets(*found, answer), "qtype " << answer.qtype);
  }
}

BOOST_AUTO_TEST_CASE(other_types_unknown_names_and_empty_non_terminals_are_absent) {
  auto index = testing::TestIndex();
  BOOST_TEST(!index->answers().Find(Wire("web.drove.test"), kTxt).has_value());
  BOOST_TEST(!index->answers().Find(Wire("nope.drove.test"), kSrv).has_value());
  BOOST_TEST(!index->answers().Find(Wire("svc.drove.test"), kA).has_value());
  BOOST_TEST(!index->answers().Find(Wire("web.drove.tes"), kSrv).has_value());
  BOOST_TEST(!AnswerTable().Find(Wire("web.drove.test"), kSrv).has_value());
}

BOOST_AUTO_TEST_CASE(thousands_of_names_are_all_found_and_told_apart) {
  auto index = BuildIndex(testing::TestConfig(), ManyVhosts(3000)).index;
  for (size_t i = 0; i < 3000; ++i) {
    for (const std::string& name : {"v" + std::to_string(i) + ".drove.test",
                                    "_main._tcp.v" + std::to_string(i) + ".drove.test"}) {
      auto found = index->answers().Find(Wire(name), kSrv);
      BOOST_REQUIRE_MESSAGE(found.has_value(), name);
      BOOST_REQUIRE(SamePackets(*found, *index->Find(Wire(name))->Find(kSrv)));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

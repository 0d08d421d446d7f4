// AnswerQuery: every answer form, the fast path against the full path, limits and bad input.
#include "dns-server/server/answer.h"

#include <boost/test/unit_test.hpp>

#include "dns_index_fixture.h"
#include "dns_response_reader.h"
#include "dns_test_packets.h"

namespace drove::dns {
namespace {

using testing::QueryPacket;
using testing::ReadBack;
using testing::ReadResponse;

constexpr uint16_t kA = 1, kNs = 2, kSoa = 6, kTxt = 16, kAaaa = 28, kSrv = 33, kAny = 255;

struct Answered {
  AnswerResult result;
  std::vector<uint8_t> bytes;
  ReadResponse read;
};

Answered Ask(const Index& index, const std::vector<uint8_t>& packet,
             Transport transport = Transport::kUdp, bool can_forward = false) {
  Answered out;
  out.result = AnswerQuery(index, packet, transport, can_forward, &out.bytes);
  if (out.result.action == AnswerResult::Action::kReply) out.read = ReadBack(out.bytes);
  return out;
}

Answered Ask(const Index& index, const std::string& name, uint16_t qtype, bool edns = true,
             Transport transport = Transport::kUdp) {
  return Ask(index, QueryPacket(0xBEEF, name, qtype, edns), transport);
}

IndexInput ManyInstances(size_t count) {
  IndexInput input;
  input.generation = 3;
  std::vector<core::ExposedHost> hosts;
  for (size_t i = 0; i < count; ++i) {
    std::string host = "executor-" + std::to_string(i) + ".hosts.example";
    hosts.push_back({host, static_cast<int32_t>(30000 + i), core::PortType::kHttp});
    input.host_addresses[host] = {{"10.1.0." + std::to_string(i + 1)}, {}};
  }
  input.apps = {testing::App("big-1", "big.drove.test", hosts)};
  return input;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(answer)

BOOST_AUTO_TEST_CASE(vhost_srv_answer_is_authoritative_with_glue) {
  auto index = testing::TestIndex();
  Answered a = Ask(*index, "web.drove.test", kSrv);
  BOOST_REQUIRE(a.read.ok);
  BOOST_TEST(a.read.header.id == 0xBEEF);
  BOOST_TEST(a.read.header.qr);
  BOOST_TEST(a.read.header.aa);
  BOOST_TEST(a.read.header.rd);
  BOOST_TEST(a.read.header.rcode == Rcode::kNoError);
  BOOST_REQUIRE(a.read.answer.size() == 2u);
  BOOST_TEST(a.read.answer[0].text == "1 1 31000 exec1.local.");
  BOOST_TEST(a.read.answer[1].text == "1 1 31001 exec2.local.");
  BOOST_TEST(a.read.answer[0].ttl == 30u);
  BOOST_REQUIRE(a.read.additional.size() == 4u);  // 2 A, 1 AAAA, OPT
  BOOST_TEST(a.read.additional[0].owner == "exec1.local.");
  BOOST_TEST(a.read.additional[0].text == "10.0.0.1");
  BOOST_TEST(a.read.additional[2].text == "fd00::2");
  BOOST_TEST(a.read.additional[3].type == 41);
}

BOOST_AUTO_TEST_CASE(question_case_is_echoed_on_both_paths) {
  auto index = testing::TestIndex();
  for (Transport transport : {Transport::kUdp, Transport::kTcp}) {
    Answered a = Ask(*index, "WeB.DrOvE.tEsT", kSrv, true, transport);
    BOOST_TEST(a.read.question == "WeB.DrOvE.tEsT.");
    BOOST_TEST(a.read.answer.at(0).owner == "WeB.DrOvE.tEsT.");
  }
}

BOOST_AUTO_TEST_CASE(precomputed_udp_answer_equals_the_written_one) {
  auto index = testing::TestIndex();
  for (uint16_t qtype : {kSrv, kA, kAaaa, kSoa, kNs, kAny}) {
    for (const char* name :
         {"web.drove.test", "Web.Drove.Test", "drove.test", "_Main._tcp.web.drove.test"}) {
      Answered fast = Ask(*index, name, qtype, true, Transport::kUdp);
      Answered full = Ask(*index, name, qtype, true, Transport::kTcp);
      BOOST_TEST(fast.bytes == full.bytes, name << " type " << qtype);
    }
  }
}

BOOST_AUTO_TEST_CASE(rfc2782_srv_name_answers_the_same_set) {
  auto index = testing::TestIndex();
  Answered a = Ask(*index, "_http._tcp.web.drove.test", kSrv);
  BOOST_TEST(a.read.header.aa);
  BOOST_REQUIRE(a.read.answer.size() == 2u);
  BOOST_TEST(a.read.answer[1].text == "1 1 31001 exec2.local.");
}

BOOST_AUTO_TEST_CASE(port_name_srv_answers_the_same_set_on_udp_and_tcp) {
  auto index = testing::TestIndex();
  Answered vhost = Ask(*index, "web.drove.test", kSrv);
  for (Transport transport : {Transport::kUdp, Transport::kTcp}) {
    Answered a = Ask(*index, "_MAIN._tcp.web.drove.test", kSrv, true, transport);
    BOOST_TEST(a.read.header.aa);
    BOOST_TEST(a.read.header.rcode == Rcode::kNoError);
    BOOST_TEST(a.read.question == "_MAIN._tcp.web.drove.test.");
    BOOST_REQUIRE(a.read.answer.size() == 2u);
    for (size_t i = 0; i < 2; ++i) {
      BOOST_TEST(a.read.answer[i].owner == "_MAIN._tcp.web.drove.test.");
      BOOST_TEST(a.read.answer[i].text == vhost.read.answer[i].text);
    }
    BOOST_TEST(a.read.additional.size() == vhost.read.additional.size());
  }
}

BOOST_AUTO_TEST_CASE(vhost_a_and_aaaa_give_instance_addresses_without_gateway) {
  auto index = testing::TestIndex();
  Answered a = Ask(*index, "web.drove.test", kA);
  BOOST_REQUIRE(a.read.answer.size() == 2u);
  BOOST_TEST(a.read.answer[0].text == "10.0.0.1");
  BOOST_TEST(a.read.answer[0].ttl == 30u);
  Answered aaaa = Ask(*index, "web.drove.test", kAaaa);
  BOOST_REQUIRE(aaaa.read.answer.size() == 1u);
  BOOST_TEST(aaaa.read.answer[0].text == "fd00::2");
}

BOOST_AUTO_TEST_CASE(unknown_name_is_nxdomain_with_soa) {
  auto index = testing::TestIndex();
  for (bool edns : {false, true}) {
    for (Transport transport : {Transport::kUdp, Transport::kTcp}) {
      Answered a = Ask(*index, "Nope.drove.test", kSrv, edns, transport);
      BOOST_REQUIRE(a.read.ok);
      BOOST_TEST(a.read.header.rcode == Rcode::kNxDomain);
      BOOST_TEST(a.read.header.aa);
      BOOST_TEST(a.read.question == "Nope.drove.test.");
      BOOST_TEST(a.read.answer.empty());
      BOOST_REQUIRE(a.read.authority.size() == 1u);
      BOOST_TEST(a.read.authority[0].owner == "drove.test.");
      BOOST_TEST(a.read.authority[0].text == "ns.drove.test. hostmaster.drove.test. 7");
      BOOST_TEST(a.read.additional.size() == (edns ? 1u : 0u));
    }
  }
}

BOOST_AUTO_TEST_CASE(known_name_other_type_and_empty_non_terminal_are_nodata) {
  auto index = testing::TestIndex();
  for (auto [name, qtype] : {std::pair{"web.drove.test", kTxt}, std::pair{"svc.drove.test", kA},
                             std::pair{"_tcp.web.drove.test", kSrv}}) {
    Answered a = Ask(*index, name, qtype);
    BOOST_TEST(a.read.header.rcode == Rcode::kNoError, name);
    BOOST_TEST(a.read.header.aa);
    BOOST_TEST(a.read.answer.empty());
    BOOST_TEST(a.read.authority.size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(apex_answers_soa_and_ns) {
  auto index = testing::TestIndex();
  Answered soa = Ask(*index, "drove.test", kSoa);
  BOOST_REQUIRE(soa.read.answer.size() == 1u);
  BOOST_TEST(soa.read.answer[0].text == "ns.drove.test. hostmaster.drove.test. 7");
  Answered ns = Ask(*index, "drove.test", kNs);
  BOOST_REQUIRE(ns.read.answer.size() == 1u);
  BOOST_TEST(ns.read.answer[0].text == "ns.drove.test.");
  BOOST_TEST(ns.read.answer[0].ttl == 3600u);
}

BOOST_AUTO_TEST_CASE(before_first_sync_in_zone_is_servfail) {
  Index empty(NameFromText("drove.test")->Lowercased(), 1232);
  Answered a = Ask(empty, "web.drove.test", kSrv);
  BOOST_TEST(a.read.header.rcode == Rcode::kServFail);
  BOOST_TEST(!a.read.header.aa);
}

BOOST_AUTO_TEST_CASE(outside_the_zone_is_refused_or_forwarded) {
  auto index = testing::TestIndex();
  Answered refused = Ask(*index, "example.com", kA);
  BOOST_TEST(refused.read.header.rcode == Rcode::kRefused);
  BOOST_TEST(!refused.read.header.aa);
  Answered forwarded = Ask(*index, QueryPacket(1, "example.com", kA, true), Transport::kUdp, true);
  BOOST_TEST((forwarded.result.action == AnswerResult::Action::kForward));
}

BOOST_AUTO_TEST_CASE(big_rrset_truncates_on_udp_and_is_whole_on_tcp) {
  auto index = BuildIndex(testing::TestConfig(), ManyInstances(40)).index;
  Answered udp = Ask(*index, "big.drove.test", kSrv, true, Transport::kUdp);
  BOOST_TEST(udp.read.header.tc);
  BOOST_TEST(udp.result.truncated);
  BOOST_TEST(udp.bytes.size() <= 1232u);
  BOOST_TEST(udp.read.answer.size() > 10u);
  BOOST_TEST(udp.read.answer.size() < 40u);
  Answered plain = Ask(*index, "big.drove.test", kSrv, false, Transport::kUdp);
  BOOST_TEST(plain.bytes.size() <= 512u);
  BOOST_TEST(plain.read.header.tc);
  Answered tcp = Ask(*index, "big.drove.test", kSrv, true, Transport::kTcp);
  BOOST_TEST(!tcp.read.header.tc);
  BOOST_TEST(tcp.read.answer.size() == 40u);
  BOOST_TEST(tcp.read.additional.size() == 41u);
}

BOOST_AUTO_TEST_CASE(smaller_client_edns_size_is_honoured) {
  auto index = BuildIndex(testing::TestConfig(), ManyInstances(40)).index;
  std::vector<uint8_t> query = QueryPacket(5, "big.drove.test", kSrv, true);
  query[query.size() - 20] = 0x02;  // udp size 0x04D0 -> 0x02D0 (720)
  Answered a = Ask(*index, query);
  BOOST_TEST(a.bytes.size() <= 720u);
  BOOST_TEST(a.read.header.tc);
}

BOOST_AUTO_TEST_CASE(dnssec_ok_bit_is_echoed_in_opt) {
  auto index = testing::TestIndex();
  std::vector<uint8_t> query = QueryPacket(5, "web.drove.test", kSrv, true);
  query[query.size() - 16] = 0x80;  // OPT flags: DO
  Answered a = Ask(*index, query);
  BOOST_REQUIRE(a.bytes.size() > 4u);
  BOOST_TEST(a.bytes[a.bytes.size() - 4] == 0x80);
  Answered plain = Ask(*index, "web.drove.test", kSrv);
  BOOST_TEST(plain.bytes[plain.bytes.size() - 4] == 0x00);
}

BOOST_AUTO_TEST_CASE(malformed_queries_get_formerr_and_non_queries_are_dropped) {
  auto index = testing::TestIndex();
  std::vector<uint8_t> truncated = QueryPacket(9, "web.drove.test", kSrv, false);
  truncated.resize(truncated.size() - 3);
  BOOST_TEST(Ask(*index, truncated).read.header.rcode == Rcode::kFormErr);
  std::vector<uint8_t> zero_questions = QueryPacket(9, "web.drove.test", kSrv, false);
  zero_questions[5] = 0;
  BOOST_TEST(Ask(*index, zero_questions).read.header.rcode == Rcode::kFormErr);
  std::vector<uint8_t> loop = {0, 9, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
  BOOST_TEST(Ask(*index, loop).read.header.rcode == Rcode::kFormErr);
  std::vector<uint8_t> chaos = QueryPacket(9, "web.drove.test", kSrv, false);
  chaos[chaos.size() - 1] = 3;
  BOOST_TEST((Ask(*index, chaos).result.action == AnswerResult::Action::kReply));
  BOOST_TEST(Ask(*index, chaos).read.header.rcode != Rcode::kNoError);
  std::vector<uint8_t> response = QueryPacket(9, "web.drove.test", kSrv, false);
  response[2] |= 0x80;
  BOOST_TEST((Ask(*index, response).result.action == AnswerResult::Action::kDrop));
  std::vector<uint8_t> tiny = {1, 2, 3};
  BOOST_TEST((Ask(*index, tiny).result.action == AnswerResult::Action::kDrop));
}

BOOST_AUTO_TEST_CASE(other_opcodes_get_notimp_and_edns_version_1_badvers) {
  auto index = testing::TestIndex();
  std::vector<uint8_t> notify = QueryPacket(9, "web.drove.test", kSoa, false);
  notify[2] = 0x20;  // opcode 4 (NOTIFY)
  BOOST_TEST(Ask(*index, notify).read.header.rcode == Rcode::kNotImp);
  std::vector<uint8_t> v1 = QueryPacket(9, "web.drove.test", kSrv, true);
  v1[v1.size() - 17] = 1;  // OPT version
  Answered a = Ask(*index, v1);
  BOOST_TEST(a.result.rcode == Rcode::kBadVers);
  BOOST_REQUIRE(a.read.additional.size() == 1u);
  BOOST_TEST(a.read.additional[0].ttl >> 24 == 1u);  // extended rcode 16 >> 4
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash) {
  auto index = testing::TestIndex();
  uint32_t state = 12345;
  std::vector<uint8_t> base = QueryPacket(9, "web.drove.test", kSrv, true);
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> packet = base;
    for (int flips = 0; flips < 4; ++flips) {
      state = state * 1103515245 + 12345;
      packet[(state >> 8) % packet.size()] = static_cast<uint8_t>(state >> 16);
    }
    packet.resize((state >> 4) % (packet.size() + 1));
    std::vector<uint8_t> out;
    AnswerResult result = AnswerQuery(*index, packet, round % 2 ? Transport::kTcp : Transport::kUdp,
                                      round % 3 == 0, &out);
    if (result.action != AnswerResult::Action::kReply) continue;
    BOOST_REQUIRE(out.size() >= kHeaderSize);
    BOOST_REQUIRE(out[0] == packet[0] && out[1] == packet[1]);  // the client's id, always
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

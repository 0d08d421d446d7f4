// Tests for response skeletons and error-only responses built from partly parsed packets.
#include "dns-server/codec/error_response.h"

#include <boost/test/unit_test.hpp>
#include <vector>

#include "tests/unit/dns/dns_test_packets.h"

namespace drove::dns {

using testing::Append;
using testing::QueryPacket;

namespace {

constexpr uint16_t kA = static_cast<uint16_t>(RrType::kA);

}  // namespace

BOOST_AUTO_TEST_SUITE(error_response)

BOOST_AUTO_TEST_CASE(packets_shorter_than_a_header_are_dropped) {
  std::vector<uint8_t> p = {0x12, 0x34, 0x01};
  BOOST_TEST(BuildErrorResponse(p, Rcode::kFormErr).empty());
  BOOST_TEST(BuildErrorResponse({}, Rcode::kFormErr).empty());
}

BOOST_AUTO_TEST_CASE(responses_are_never_answered) {
  auto p = QueryPacket(1, "app.example", kA, false);
  p[2] |= 0x80;
  BOOST_TEST(BuildErrorResponse(p, Rcode::kFormErr).empty());
}

BOOST_AUTO_TEST_CASE(formerr_for_a_bare_header_echoes_the_id) {
  std::vector<uint8_t> p;
  Append(&p, {0xBE, 0xEF, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF});
  auto r = BuildErrorResponse(p, Rcode::kFormErr);
  std::vector<uint8_t> want = {0xBE, 0xEF, 0x81, 0x01, 0, 0, 0, 0, 0, 0, 0, 0};
  BOOST_TEST(r == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(formerr_echoes_a_question_that_parses_even_if_the_rest_does_not) {
  auto p = QueryPacket(7, "App.Example", kA, true);
  p.resize(p.size() - 3);  // cut the OPT option short
  BOOST_TEST(!ParseQuery(p).ok());
  auto r = BuildErrorResponse(p, Rcode::kFormErr);
  auto back = ParseQuery(r);
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(back->header.id == 7);
  BOOST_TEST(back->header.qr);
  BOOST_TEST(back->header.rd);
  BOOST_TEST(back->header.rcode == Rcode::kFormErr);
  BOOST_TEST(back->question.name.ToText() == "App.Example.");
  BOOST_TEST(!back->edns.has_value());  // the client's OPT was the broken part
}

BOOST_AUTO_TEST_CASE(notimp_keeps_the_opcode_and_question) {
  auto p = QueryPacket(9, "app.example", kA, false);
  p[2] = (5 << 3);  // UPDATE
  auto back = ParseQuery(BuildErrorResponse(p, Rcode::kNotImp));
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(back->header.opcode == 5);
  BOOST_TEST(back->header.rcode == Rcode::kNotImp);
  BOOST_TEST(back->header.qdcount == 1);
}

BOOST_AUTO_TEST_CASE(refused_and_servfail_answer_edns_with_edns) {
  for (Rcode rcode : {Rcode::kRefused, Rcode::kServFail}) {
    auto back = ParseQuery(BuildErrorResponse(QueryPacket(3, "x.example", kA, true), rcode, 1400));
    BOOST_TEST_REQUIRE(back.ok(), back.error());
    BOOST_TEST(back->header.rcode == rcode);
    BOOST_TEST_REQUIRE(back->edns.has_value());
    BOOST_TEST(back->edns->udp_size == 1400);
    BOOST_TEST(back->header.ancount == 0);
  }
}

BOOST_AUTO_TEST_CASE(make_response_echoes_id_flags_question_and_do_bit) {
  auto p = QueryPacket(0x55AA, "Svc.Example", kA, true);
  p[3] = 0x10;              // CD
  p[p.size() - 16] = 0x80;  // DO bit in the OPT ttl
  auto q = ParseQuery(p);
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST(q->edns->dnssec_ok);
  Response r = MakeResponse(*q);
  BOOST_TEST(r.header.id == 0x55AA);
  BOOST_TEST(r.header.qr);
  BOOST_TEST(r.header.rd);
  BOOST_TEST(r.header.cd);
  BOOST_TEST(!r.header.aa);
  BOOST_TEST(r.question->name == q->question.name);
  BOOST_TEST(r.edns->udp_size == kDefaultMaxUdpSize);
  BOOST_TEST(r.edns->dnssec_ok);
  BOOST_TEST(!MakeResponse(*ParseQuery(QueryPacket(1, "a.example", kA, false))).edns.has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

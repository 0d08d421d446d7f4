// Tests for query parsing: header flags, the question, EDNS0 OPT, and malformed packets.
#include "dns-server/codec/message.h"

#include <boost/test/unit_test.hpp>
#include <random>
#include <vector>

#include "dns-server/codec/error_response.h"
#include "dns-server/codec/writer.h"
#include "tests/unit/dns/dns_test_packets.h"

namespace drove::dns {

using testing::Append;
using testing::AppendName;
using testing::QueryPacket;

namespace {

constexpr uint16_t kSrv = static_cast<uint16_t>(RrType::kSrv);
constexpr uint16_t kA = static_cast<uint16_t>(RrType::kA);

// A query with no question (just a header with the given counts).
std::vector<uint8_t> HeaderOnly(uint16_t qd, uint16_t an, uint16_t ns, uint16_t ar) {
  std::vector<uint8_t> p;
  Append(&p, {0x12, 0x34, 0x01, 0x00, qd >> 8, qd & 0xFF, an >> 8, an & 0xFF, ns >> 8, ns & 0xFF,
              ar >> 8, ar & 0xFF});
  return p;
}

std::vector<uint8_t> QueryWithOpt(std::initializer_list<int> opt_record) {
  auto p = HeaderOnly(1, 0, 0, 1);
  AppendName(&p, "app.example");
  Append(&p, {0, 1, 0, 1});
  Append(&p, opt_record);
  return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(message)

BOOST_AUTO_TEST_CASE(dig_style_query_with_edns_parses_every_field) {
  auto p = QueryPacket(0xABCD, "Web.Example.COM", kSrv, /*edns=*/true);
  auto q = ParseQuery(p);
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST(q->header.id == 0xABCD);
  BOOST_TEST(!q->header.qr);
  BOOST_TEST(q->header.opcode == 0);
  BOOST_TEST(q->header.rd);
  BOOST_TEST(!q->header.aa);
  BOOST_TEST(!q->header.tc);
  BOOST_TEST(q->header.qdcount == 1);
  BOOST_TEST(q->header.arcount == 1);
  BOOST_TEST(q->question.name.ToText() == "Web.Example.COM.");
  BOOST_TEST(q->question.qtype == kSrv);
  BOOST_TEST(q->question.qclass == 1);
  BOOST_TEST_REQUIRE(q->edns.has_value());
  BOOST_TEST(q->edns->udp_size == 1232);
  BOOST_TEST(q->edns->version == 0);
  BOOST_TEST(!q->edns->dnssec_ok);
  BOOST_TEST(q->header.rcode == Rcode::kNoError);
}

BOOST_AUTO_TEST_CASE(query_without_edns_has_no_opt) {
  auto q = ParseQuery(QueryPacket(7, "app.example", kA, /*edns=*/false));
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST(!q->edns.has_value());
  BOOST_TEST(q->question.qtype == kA);
}

BOOST_AUTO_TEST_CASE(header_flags_and_opcode_are_reported_not_judged) {
  auto p = QueryPacket(1, "app.example", kA, false);
  p[2] = 0x80 | (5 << 3) | 0x04 | 0x02;  // QR, UPDATE, AA, TC
  p[3] = 0x80 | 0x20 | 0x10 | 0x03;      // RA, AD, CD, rcode 3
  auto q = ParseQuery(p);
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST(q->header.qr);
  BOOST_TEST(q->header.opcode == static_cast<uint8_t>(Opcode::kUpdate));
  BOOST_TEST((q->header.aa && q->header.tc && !q->header.rd));
  BOOST_TEST((q->header.ra && q->header.ad && q->header.cd));
  BOOST_TEST(q->header.rcode == Rcode::kNxDomain);
}

BOOST_AUTO_TEST_CASE(opt_reads_payload_size_version_do_bit_and_extended_rcode) {
  auto q = ParseQuery(QueryWithOpt({0, 0, 41, 0x10, 0x00, 0x01, 0x02, 0x80, 0x00, 0, 0}));
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST_REQUIRE(q->edns.has_value());
  BOOST_TEST(q->edns->udp_size == 4096);
  BOOST_TEST(q->edns->extended_rcode == 1);
  BOOST_TEST(q->edns->version == 2);
  BOOST_TEST(q->edns->dnssec_ok);
  BOOST_TEST(q->header.rcode == Rcode::kBadVers);
}

BOOST_AUTO_TEST_CASE(opt_payload_below_512_reads_as_512) {
  auto q = ParseQuery(QueryWithOpt({0, 0, 41, 0x00, 0x10, 0, 0, 0, 0, 0, 0}));
  BOOST_TEST_REQUIRE(q.ok(), q.error());
  BOOST_TEST(q->edns->udp_size == 512);
}

BOOST_AUTO_TEST_CASE(malformed_opt_records_are_errors) {
  // Owner not the root.
  BOOST_TEST(!ParseQuery(QueryWithOpt({1, 'x', 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0})).ok());
  // An option longer than the rdata.
  BOOST_TEST(!ParseQuery(QueryWithOpt({0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 4, 0, 10, 0, 8})).ok());
  // A half option header.
  BOOST_TEST(!ParseQuery(QueryWithOpt({0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 2, 0, 10})).ok());
  // Two OPT records.
  auto two = QueryWithOpt(
      {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0, 0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0});
  two[11] = 2;
  auto q = ParseQuery(two);
  BOOST_TEST(!q.ok());
  BOOST_TEST(q.error() == "more than one OPT record");
  // OPT in the answer section.
  auto misplaced = QueryWithOpt({0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0});
  misplaced[7] = 1;
  misplaced[11] = 0;
  BOOST_TEST(ParseQuery(misplaced).error() == "OPT outside the additional section");
}

BOOST_AUTO_TEST_CASE(zero_questions_is_an_error) {
  auto q = ParseQuery(HeaderOnly(0, 0, 0, 0));
  BOOST_TEST(!q.ok());
  BOOST_TEST(q.error() == "no question");
}

BOOST_AUTO_TEST_CASE(two_questions_is_an_error) {
  auto p = QueryPacket(1, "a.example", kA, false);
  p[5] = 2;
  AppendName(&p, "b.example");
  Append(&p, {0, 1, 0, 1});
  BOOST_TEST(ParseQuery(p).error() == "more than one question");
}

BOOST_AUTO_TEST_CASE(wrong_class_is_an_error) {
  auto p = QueryPacket(1, "version.bind", 16, false);
  p[p.size() - 1] = 3;  // CH
  auto q = ParseQuery(p);
  BOOST_TEST(!q.ok());
  BOOST_TEST(q.error() == "unsupported class CH");
  p[p.size() - 1] = 255;  // ANY stays acceptable
  BOOST_TEST(ParseQuery(p).ok());
}

BOOST_AUTO_TEST_CASE(opt_as_question_type_is_an_error) {
  BOOST_TEST(!ParseQuery(QueryPacket(1, "a.example", 41, false)).ok());
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_query_is_an_error) {
  for (bool edns : {false, true}) {
    auto p = QueryPacket(9, "app.example.com", kSrv, edns);
    BOOST_TEST(ParseQuery(p).ok());
    for (size_t len = 0; len < p.size(); ++len) {
      std::vector<uint8_t> cut(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(len));
      BOOST_TEST(!ParseQuery(cut).ok(), "prefix of " << len << " bytes parsed");
    }
  }
}

BOOST_AUTO_TEST_CASE(records_in_answer_section_are_walked_and_must_be_whole) {
  auto p = QueryPacket(1, "app.example", kA, false);
  p[7] = 1;  // one answer record
  Append(&p, {0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0, 0, 1});
  BOOST_TEST(ParseQuery(p).ok());
  p.pop_back();
  BOOST_TEST(ParseQuery(p).error() == "record 0: record data runs past the end of the packet");
}

BOOST_AUTO_TEST_CASE(compression_loop_in_question_is_an_error) {
  auto p = HeaderOnly(1, 0, 0, 0);
  Append(&p, {0xC0, 12, 0, 1, 0, 1});
  auto q = ParseQuery(p);
  BOOST_TEST(!q.ok());
  BOOST_TEST(q.error().find("question name") == 0u);
}

BOOST_AUTO_TEST_CASE(random_and_mutated_packets_never_crash) {
  std::mt19937 rng(20261125);
  auto base = QueryPacket(0x4242, "app.example.com", kSrv, true);
  size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> p;
    if (i % 2 == 0) {
      p.resize(rng() % 600);
      for (auto& b : p) b = static_cast<uint8_t>(rng());
      if (p.size() >= 12 && i % 4 == 0) {  // plausible counts so the parser gets past the header
        p[4] = 0;
        p[5] = 1;
        p[6] = p[8] = p[10] = 0;
      }
    } else {
      p = base;
      for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips) {
        p[rng() % p.size()] = static_cast<uint8_t>(rng());
      }
      p.resize(p.size() - rng() % 3);
    }
    auto q = ParseQuery(p);
    auto error = BuildErrorResponse(p, Rcode::kFormErr);
    if (!error.empty()) BOOST_TEST_REQUIRE(ParseHeader(error).ok());
    if (!q.ok()) continue;
    ++parsed;
    Response r = MakeResponse(*q);
    auto written = WriteResponse(r, WriteOptions{.limit = UdpLimit(q->edns)});
    BOOST_TEST_REQUIRE(written.ok());
    auto back = ParseQuery(written->bytes);
    BOOST_TEST_REQUIRE(back.ok(), back.error());
    BOOST_TEST_REQUIRE(back->question.name == q->question.name);
  }
  BOOST_TEST(parsed > 100u);  // the mutations reach the success path too
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

// Tests for the response writer: exact bytes, compression, size limits and truncation.
#include "dns-server/codec/writer.h"

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "dns-server/codec/error_response.h"
#include "tests/unit/dns/dns_test_packets.h"

namespace drove::dns {

using testing::Append;
using testing::AppendText;
using testing::QueryPacket;

namespace {

constexpr uint16_t kSrv = static_cast<uint16_t>(RrType::kSrv);

Name Text(std::string_view text) { return NameFromText(text).value(); }

Record Srv(const Name& owner, const std::string& target, uint16_t port) {
  return Record{owner, 30, SrvRecord{1, 1, port, Text(target)}};
}

Record Glue(const std::string& host, uint8_t last_octet) {
  return Record{Text(host), 30, ARecord{{10, 0, 0, last_octet}}};
}

// A response to an SRV query for app.example with `n` instances and their glue.
Response ManyInstances(int n, bool edns) {
  auto query = ParseQuery(QueryPacket(77, "app.example", kSrv, edns));
  Response r = MakeResponse(*query);
  r.header.aa = true;
  for (int i = 0; i < n; ++i) {
    std::string host = "executor-" + std::to_string(i) + ".example";
    r.answer.push_back(Srv(query->question.name, host, static_cast<uint16_t>(31000 + i)));
    r.additional.push_back(Glue(host, static_cast<uint8_t>(i)));
  }
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(writer)

BOOST_AUTO_TEST_CASE(srv_answer_with_glue_is_written_byte_for_byte) {
  auto query = ParseQuery(QueryPacket(0x1234, "Web.Example", kSrv, /*edns=*/true));
  BOOST_TEST_REQUIRE(query.ok(), query.error());
  Response r = MakeResponse(*query);
  r.header.aa = true;
  r.answer.push_back(Srv(query->question.name, "host1.example", 8080));
  r.additional.push_back(Glue("host1.example", 1));
  auto written = WriteResponse(r, WriteOptions{.limit = UdpLimit(query->edns)});
  BOOST_TEST_REQUIRE(written.ok(), written.error());

  std::vector<uint8_t> want;
  // Header: id, QR AA RD, NOERROR; 1 question, 1 answer, 0 authority, 2 additional.
  Append(&want, {0x12, 0x34, 0x85, 0x00, 0, 1, 0, 1, 0, 0, 0, 2});
  // 12: the question in the client's case ("Example" starts at 16), SRV IN.
  Append(&want, {3});
  AppendText(&want, "Web");
  Append(&want, {7});
  AppendText(&want, "Example");
  Append(&want, {0, 0, 33, 0, 1});
  // 29: answer owner points at the question; SRV IN, TTL 30, rdlength 21.
  Append(&want, {0xC0, 12, 0, 33, 0, 1, 0, 0, 0, 30, 0, 21});
  // Priority 1, weight 1, port 8080; 47: target uncompressed ("example" != "Example" byte-wise).
  Append(&want, {0, 1, 0, 1, 0x1F, 0x90});
  Append(&want, {5});
  AppendText(&want, "host1");
  Append(&want, {7});
  AppendText(&want, "example");
  Append(&want, {0});
  // 62: glue A, owner points at the SRV target, 10.0.0.1.
  Append(&want, {0xC0, 47, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0, 0, 1});
  // 78: OPT advertising 1232 bytes, version 0, no flags.
  Append(&want, {0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0});
  BOOST_TEST(written->bytes == want, boost::test_tools::per_element());
  BOOST_TEST(!written->truncated);
}

BOOST_AUTO_TEST_CASE(udp_limit_follows_edns_capped_by_the_configured_maximum) {
  BOOST_TEST(UdpLimit(std::nullopt) == 512u);
  BOOST_TEST(UdpLimit(Edns{.udp_size = 4096}) == 1232u);
  BOOST_TEST(UdpLimit(Edns{.udp_size = 1000}) == 1000u);
  BOOST_TEST(UdpLimit(Edns{.udp_size = 512}) == 512u);
  BOOST_TEST(UdpLimit(Edns{.udp_size = 4096}, 4000) == 4000u);
  BOOST_TEST(UdpLimit(Edns{.udp_size = 4096}, 100) == 512u);
}

BOOST_AUTO_TEST_CASE(forty_srv_records_truncate_to_whole_records_with_tc_within_1232) {
  Response r = ManyInstances(40, /*edns=*/true);
  auto written = WriteResponse(r, WriteOptions{.limit = 1232});
  BOOST_TEST_REQUIRE(written.ok(), written.error());
  BOOST_TEST(written->bytes.size() <= 1232u);
  BOOST_TEST(written->truncated);
  BOOST_TEST((written->bytes[2] & 0x02) != 0);
  BOOST_TEST(written->answers_written > 10u);
  BOOST_TEST(written->answers_written < 40u);
  BOOST_TEST(written->additional_written == 0u);
  // Every record is whole: the packet re-parses and its counts match what was written.
  auto back = ParseQuery(written->bytes);
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(back->header.tc);
  BOOST_TEST(back->header.ancount == written->answers_written);
  BOOST_TEST(back->header.arcount == 1);  // only the OPT
  BOOST_TEST(back->edns.has_value());
  // One more answer would not have fit.
  Response more = r;
  more.answer.resize(written->answers_written + 1);
  more.additional.clear();
  BOOST_TEST(WriteResponse(more, WriteOptions{.limit = kTcpLimit})->bytes.size() > 1232u);
}

BOOST_AUTO_TEST_CASE(forty_srv_records_fit_whole_over_tcp) {
  auto written = WriteResponse(ManyInstances(40, true), WriteOptions{.limit = kTcpLimit});
  BOOST_TEST_REQUIRE(written.ok());
  BOOST_TEST(!written->truncated);
  BOOST_TEST(written->answers_written == 40u);
  BOOST_TEST(written->additional_written == 40u);
  BOOST_TEST(ParseQuery(written->bytes)->header.arcount == 41);
}

BOOST_AUTO_TEST_CASE(glue_that_does_not_fit_is_dropped_without_tc_unless_asked) {
  Response r = ManyInstances(6, /*edns=*/false);  // 512-byte limit
  auto answers_only = r;
  answers_only.additional.clear();
  size_t answers_size = WriteResponse(answers_only, WriteOptions{.limit = 512})->bytes.size();
  size_t limit = answers_size + 16 * 3 + 5;  // room for three glue A records, not four
  auto written = WriteResponse(r, WriteOptions{.limit = limit});
  BOOST_TEST_REQUIRE(written.ok());
  BOOST_TEST(written->answers_written == 6u);
  BOOST_TEST(written->additional_written == 3u);
  BOOST_TEST(!written->truncated);
  auto strict = WriteResponse(r, WriteOptions{.limit = limit, .tc_when_additional_dropped = true});
  BOOST_TEST(strict->truncated);
  BOOST_TEST(strict->bytes.size() == written->bytes.size());
  BOOST_TEST((strict->bytes[2] & 0x02) != 0);
}

BOOST_AUTO_TEST_CASE(an_additional_rrset_is_dropped_whole) {
  Response r = ManyInstances(1, false);
  r.additional.push_back(Glue("executor-0.example", 9));  // same RRset as the first glue
  auto full = WriteResponse(r, WriteOptions{.limit = 512});
  BOOST_TEST(full->additional_written == 2u);
  auto cut = WriteResponse(r, WriteOptions{.limit = full->bytes.size() - 1});
  BOOST_TEST(cut->additional_written == 0u);
  BOOST_TEST(cut->answers_written == 1u);
}

BOOST_AUTO_TEST_CASE(authority_soa_and_ns_records_compress_their_names) {
  auto query = ParseQuery(QueryPacket(5, "missing.example", 1, false));
  Response r = MakeResponse(*query);
  r.header.rcode = Rcode::kNxDomain;
  r.authority.push_back(
      Record{Text("example"), 30,
             SoaRecord{Text("ns1.example"), Text("hostmaster.example"), 7, 3600, 600, 86400, 30}});
  r.authority.push_back(Record{Text("example"), 30, NsRecord{Text("ns1.example")}});
  auto written = WriteResponse(r, WriteOptions{.limit = 512});
  BOOST_TEST_REQUIRE(written.ok());
  auto back = ParseQuery(written->bytes);
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(back->header.nscount == 2);
  BOOST_TEST(back->header.rcode == Rcode::kNxDomain);
  // header 12 + question 21; SOA: owner ptr 2 + 10 + mname 4+2 + rname 11+2 + 20; NS: 2 + 10 + 2.
  BOOST_TEST(written->bytes.size() == 12u + 21u + 51u + 14u);
}

BOOST_AUTO_TEST_CASE(aaaa_record_carries_sixteen_bytes) {
  Response r = ManyInstances(0, false);
  AaaaRecord v6;
  v6.address[15] = 1;
  r.answer.push_back(Record{r.question->name, 30, v6});
  auto written = WriteResponse(r, WriteOptions{.limit = 512});
  BOOST_TEST_REQUIRE(written.ok());
  BOOST_TEST(written->bytes.size() == 12u + 17u + 2u + 10u + 16u);
  BOOST_TEST(written->bytes.back() == 1);
}

BOOST_AUTO_TEST_CASE(extended_rcode_goes_into_the_opt_record) {
  Response r = ManyInstances(0, true);
  r.header.rcode = Rcode::kBadVers;
  auto written = WriteResponse(r, WriteOptions{.limit = 512});
  BOOST_TEST_REQUIRE(written.ok());
  auto back = ParseQuery(written->bytes);
  BOOST_TEST_REQUIRE(back.ok(), back.error());
  BOOST_TEST(back->header.rcode == Rcode::kBadVers);
  BOOST_TEST((written->bytes[3] & 0x0F) == 0);
}

BOOST_AUTO_TEST_CASE(limit_smaller_than_header_and_question_is_an_error) {
  BOOST_TEST(!WriteResponse(ManyInstances(1, true), WriteOptions{.limit = 20}).ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::dns

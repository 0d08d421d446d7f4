// libFuzzer target: arbitrary bytes -> DNS query parser -> error / full responses -> re-parse, and
// the server's answer path (AnswerQuery over a small index, UDP and TCP).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "dns-server/codec/error_response.h"
#include "dns-server/codec/message.h"
#include "dns-server/codec/writer.h"
#include "dns-server/index/index_builder.h"
#include "dns-server/server/answer.h"

namespace {

using namespace drove::dns;  // NOLINT: a fuzz driver over one namespace

void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

// A response like the server's: a few SRV answers for the question name, glue A in additional.
Response Answer(const Query& query, size_t instances) {
  Response r = MakeResponse(query);
  r.header.aa = true;
  for (size_t i = 0; i < instances; ++i) {
    Name target = NameFromText("executor-" + std::to_string(i) + ".example").value();
    r.answer.push_back(
        Record{query.question.name, 30, SrvRecord{1, 1, static_cast<uint16_t>(31000 + i), target}});
    r.additional.push_back(Record{target, 30, ARecord{{10, 0, 0, static_cast<uint8_t>(i)}}});
  }
  return r;
}

void CheckResponse(const Query& query, const Response& r, size_t limit) {
  auto written = WriteResponse(r, WriteOptions{.limit = limit});
  if (!written.ok()) Fail("write failed", written.error());
  if (written->bytes.size() > limit) Fail("response over its limit", std::to_string(limit));
  auto back = ParseQuery(written->bytes);
  if (!back.ok()) Fail("own response does not parse", back.error());
  if (!(back->question.name == query.question.name))
    Fail("question not echoed", back->question.name.ToText());
  if (back->header.ancount != written->answers_written || back->header.tc != written->truncated) {
    Fail("counts or TC differ", std::to_string(back->header.ancount));
  }
}

// web.fuzz.test with 30 instances (enough to truncate), an apex, glue.
const Index& TestIndex() {
  static const std::shared_ptr<const Index> index = [] {
    DnsConfig config = ParseDnsConfig("zone: fuzz.test\n", "fuzz.yml").value();
    IndexInput input;
    input.generation = 1;
    drove::core::ExposedAppInfo app;
    app.app_id = "web-1";
    app.vhost = "web.fuzz.test";
    for (int i = 0; i < 30; ++i) {
      std::string host = "executor-" + std::to_string(i) + ".example";
      app.hosts.push_back({host, 31000 + i, drove::core::PortType::kHttp});
      input.host_addresses[host] = {{"10.0.0." + std::to_string(i + 1)}, {}};
    }
    input.apps.push_back(app);
    return BuildIndex(config, input).index;
  }();
  return *index;
}

void CheckServed(std::span<const uint8_t> packet) {
  for (Transport transport : {Transport::kUdp, Transport::kTcp}) {
    std::vector<uint8_t> out;
    AnswerResult result = AnswerQuery(TestIndex(), packet, transport, false, &out);
    if (result.action != AnswerResult::Action::kReply) continue;
    if (out.size() < kHeaderSize || out[0] != packet[0] || out[1] != packet[1]) {
      Fail("served reply without the query's id", std::to_string(out.size()));
    }
    if (transport == Transport::kUdp && out.size() > kDefaultMaxUdpSize) {
      Fail("udp reply over 1232 bytes", std::to_string(out.size()));
    }
    if (!ParseHeader(out).ok() || !(out[2] & 0x80)) Fail("reply without QR", "");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> packet(data, size);
  CheckServed(packet);
  auto error = BuildErrorResponse(packet, Rcode::kFormErr);
  if (!error.empty() && !ParseHeader(error).ok()) Fail("error response has no header", "");

  auto query = ParseQuery(packet);
  if (!query.ok()) return 0;
  const Name& name = query->question.name;
  auto text = NameFromText(name.ToText());
  if (!text.ok() || !(*text == name)) Fail("name text round trip", name.ToText());
  if (!EqualsIgnoreCase(name, name.Lowercased())) Fail("lowercase compare", name.ToText());

  size_t instances = size % 48;
  Response r = Answer(*query, instances);
  CheckResponse(*query, r, UdpLimit(query->edns));
  CheckResponse(*query, r, kTcpLimit);
  return 0;
}

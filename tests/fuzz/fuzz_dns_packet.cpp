// libFuzzer target: arbitrary bytes -> DNS query parser -> error / full responses -> re-parse.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>

#include "dns-server/codec/error_response.h"
#include "dns-server/codec/message.h"
#include "dns-server/codec/writer.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> packet(data, size);
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

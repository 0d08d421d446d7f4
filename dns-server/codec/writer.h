// Builds DNS responses: header, echoed question, A/AAAA/SRV/SOA/NS records, OPT, size limit and TC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "dns-server/codec/message.h"
#include "dns-server/codec/record.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

inline constexpr size_t kClassicUdpLimit = 512;
inline constexpr uint16_t kDefaultMaxUdpSize = 1232;
inline constexpr size_t kTcpLimit = 65535;

struct Response {
  Header header;                     // counts are ignored (computed); qr, opcode, flags, rcode used
  std::optional<Question> question;  // echoed byte for byte (the client's case)
  std::vector<Record> answer;
  std::vector<Record> authority;
  std::vector<Record> additional;
  std::optional<Edns> edns;  // when set, an OPT record advertising edns->udp_size ends the packet
};

struct WriteOptions {
  size_t limit = kClassicUdpLimit;  // see UdpLimit / kTcpLimit
  // RFC 2181 §9: leaving out additional data alone does not set TC; turn on to set it anyway.
  bool tc_when_additional_dropped = false;
};

struct WrittenResponse {
  std::vector<uint8_t> bytes;
  bool truncated = false;  // the TC bit as written
  size_t answers_written = 0;
  size_t authority_written = 0;
  size_t additional_written = 0;
};

// The UDP size limit for a client: 512 without EDNS, else its payload size clamped to
// [512, max_udp_size].
size_t UdpLimit(const std::optional<Edns>& client_edns, uint16_t max_udp_size = kDefaultMaxUdpSize);

// Writes `response` within `options.limit` bytes. Never a partial record: when the records do not
// fit, additional RRsets are dropped from the end first, then authority RRsets, then answer
// records from the end (whole records; TC set whenever answer or authority data is dropped).
// The header, question and OPT always stay. Fails only if those alone exceed the limit.
core::Result<WrittenResponse> WriteResponse(const Response& response, const WriteOptions& options);

}  // namespace drove::dns

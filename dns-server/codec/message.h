// DNS query parsing: header, the single question and the EDNS0 OPT record (RFC 1035, RFC 6891).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dns-server/codec/name.h"
#include "dns-server/codec/rcode.h"
#include "dns-server/codec/types.h"
#include "orchestrator/core/util/status.h"

namespace drove::dns {

inline constexpr size_t kHeaderSize = 12;

struct Header {
  uint16_t id = 0;
  bool qr = false;     // response
  uint8_t opcode = 0;  // Opcode values; 4 bits
  bool aa = false;
  bool tc = false;
  bool rd = false;
  bool ra = false;
  bool ad = false;
  bool cd = false;
  // Parsed: the header's 4 bits, plus the OPT's upper 8 bits in ParseQuery.
  Rcode rcode = Rcode::kNoError;
  uint16_t qdcount = 0;
  uint16_t ancount = 0;
  uint16_t nscount = 0;
  uint16_t arcount = 0;
};

struct Question {
  Name name;           // as the client wrote it (case preserved)
  uint16_t qtype = 0;  // RrType values
  uint16_t qclass = static_cast<uint16_t>(RrClass::kIn);
};

// The client's (or our) EDNS0 OPT record.
struct Edns {
  uint16_t udp_size = 1232;  // requestor's payload size (values below 512 are read as 512)
  uint8_t version = 0;
  bool dnssec_ok = false;
  uint8_t extended_rcode = 0;  // upper 8 bits of a 12-bit rcode
};

struct Query {
  Header header;
  Question question;
  std::optional<Edns> edns;  // present when the additional section carried an OPT record
};

// Reads the fixed 12-byte header; an error only when the packet is shorter than that.
core::Result<Header> ParseHeader(std::span<const uint8_t> packet);

// Reads the question at offset 12 (name, type, class); `*offset` moves past it.
core::Result<Question> ParseQuestion(std::span<const uint8_t> packet, size_t* offset);

// Parses a whole message as a query: exactly one question of class IN (or ANY), the answer and
// authority records walked for well-formedness, at most one OPT (root owner) and only in the
// additional section. Bytes after the last record are ignored. The opcode and the QR bit are
// reported, not judged: the server decides NOTIMP / drop. Errors carry the reason.
core::Result<Query> ParseQuery(std::span<const uint8_t> packet);

}  // namespace drove::dns

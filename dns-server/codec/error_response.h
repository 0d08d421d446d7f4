// Response skeletons for parsed queries and error-only responses (FORMERR, NOTIMP, REFUSED, ...).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns-server/codec/message.h"
#include "dns-server/codec/rcode.h"
#include "dns-server/codec/writer.h"

namespace drove::dns {

// An empty answer to `query`: id, opcode, RD and CD echoed, QR set, the question echoed; an OPT
// advertising `our_udp_size` (DO copied) when the client sent one. Records and AA are the caller's.
Response MakeResponse(const Query& query, uint16_t our_udp_size = kDefaultMaxUdpSize);

// A complete answer carrying only `rcode` for a packet that may be malformed. Echoes the id,
// opcode and RD from the header, the question when exactly one parses, and an OPT when the whole
// query parsed with one. Empty (drop the packet) when it is shorter than a header or has QR set.
std::vector<uint8_t> BuildErrorResponse(std::span<const uint8_t> packet, Rcode rcode,
                                        uint16_t our_udp_size = kDefaultMaxUdpSize);

}  // namespace drove::dns

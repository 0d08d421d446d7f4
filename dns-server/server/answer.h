// Answers one DNS query packet from an Index: the decision every server (UDP, TCP) shares.
//
// The common queries (one question, class IN, optional OPT, a name in the index) take a fast path
// that copies a precomputed packet and patches the id, flags, question case and DO bit; everything
// else goes through the full parser and writer. Never throws; any bytes are safe.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "dns-server/codec/rcode.h"
#include "dns-server/index/index.h"

namespace drove::dns {

enum class Transport { kUdp, kTcp };

struct AnswerResult {
  enum class Action {
    kReply,    // send *out
    kDrop,     // nothing to send (not a query, shorter than a header)
    kForward,  // outside the zone and forwarding is on: hand the packet to the forwarder
  };
  Action action = Action::kDrop;
  uint16_t qtype = 0;  // 0 when no question parsed
  Rcode rcode = Rcode::kNoError;
  bool truncated = false;
};

// Writes the answer into *out (replacing its content). `zones`: one index per served zone, longest
// zone first (ZoneSet::Load), never empty; the query goes to the one whose zone holds its name.
AnswerResult AnswerQuery(std::span<const Index* const> zones, std::span<const uint8_t> packet,
                         Transport transport, bool can_forward, std::vector<uint8_t>* out);
// One zone.
AnswerResult AnswerQuery(const Index& index, std::span<const uint8_t> packet, Transport transport,
                         bool can_forward, std::vector<uint8_t>* out);

}  // namespace drove::dns

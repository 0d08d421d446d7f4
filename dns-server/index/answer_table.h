// The positive UDP answers of one Index, laid out for the serving hot path.
//
// Through the Index's hash map an answer is a chain of dependent loads (bucket, node, key,
// NameEntry, its answers, the packet), each a likely cache miss once the zone outgrows the cache;
// profiled under dnsperf, those stalls were most of drove-dns' own CPU per query. Here each answer
// is one PackedAnswer (name, qtype and both packets back to back) and one open-addressing array of
// slots points at them, so a hit costs about two misses (slot, record). The table only points into
// the Index's entries: building it copies no packet (a hash and a slot per answer).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace drove::dns {

struct NameEntry;

// One (name, qtype) answer's two precomputed UDP packets (without EDNS within 512 bytes, and with
// EDNS within our size), stored after the lowercased owner name and the qtype they answer.
class PackedAnswer {
 public:
  PackedAnswer() = default;
  PackedAnswer(std::string_view owner_wire, uint16_t qtype, std::span<const uint8_t> plain,
               std::span<const uint8_t> edns);

  std::span<const uint8_t> plain() const;                  // empty when it could not be written
  std::span<const uint8_t> edns() const;                   // same
  const uint8_t* record() const { return bytes_.data(); }  // null when default-constructed

 private:
  std::vector<uint8_t> bytes_;  // name length, name, qtype, two sizes, two packets
};

class AnswerTable {
 public:
  struct Packets {
    std::span<const uint8_t> plain;
    std::span<const uint8_t> edns;
  };

  AnswerTable() = default;
  // Points at the entries' answers: they must outlive the table (the Index owns both).
  explicit AnswerTable(const std::vector<std::shared_ptr<const NameEntry>>& names);

  // The packets of (lowercased uncompressed wire name, qtype); nullopt when the name is absent or
  // has no answer of that type.
  std::optional<Packets> Find(std::string_view lowercase_wire, uint16_t qtype) const;

 private:
  struct Slot {
    uint32_t tag = 0;                 // high half of the key's hash: most other keys stop here
    const uint8_t* record = nullptr;  // a PackedAnswer's bytes; null = empty slot
  };

  std::vector<Slot> slots_;  // power-of-two size, at most half full
};

}  // namespace drove::dns

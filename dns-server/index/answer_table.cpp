// PackedAnswer's record layout, and the probe that finds records by name and type.
#include "dns-server/index/answer_table.h"

#include <cstring>

#include "dns-server/index/index.h"

namespace drove::dns {
namespace {

uint16_t Load16(const uint8_t* p) {
  uint16_t value;
  std::memcpy(&value, p, sizeof(value));
  return value;
}

void Append16(uint16_t value, std::vector<uint8_t>* out) {
  uint8_t bytes[sizeof(value)];
  std::memcpy(bytes, &value, sizeof(value));
  out->insert(out->end(), bytes, bytes + sizeof(value));
}

// A record: name length (1 byte), name, then qtype, plain size and EDNS size (2 bytes each, native
// order), then the two packets.
std::string_view NameOf(const uint8_t* record) {
  return {reinterpret_cast<const char*>(record + 1), record[0]};
}
const uint8_t* FieldsOf(const uint8_t* record) { return record + 1 + record[0]; }

AnswerTable::Packets PacketsOf(const uint8_t* record) {
  const uint8_t* fields = FieldsOf(record);
  const uint8_t* packets = fields + 6;
  uint16_t plain_size = Load16(fields + 2);
  return {{packets, plain_size}, {packets + plain_size, Load16(fields + 4)}};
}

uint64_t Mix(uint64_t value) {
  value *= 0x9E3779B97F4A7C15ull;
  return value ^ (value >> 29);
}

// Eight bytes at a time: names are short, and a full key comparison follows every tag match, so
// spread matters more than strength (lookups never insert: probe chains are fixed at build).
uint64_t Hash(std::string_view name, uint16_t qtype) {
  uint64_t hash = Mix(qtype + (uint64_t{name.size()} << 16));
  size_t pos = 0;
  for (; pos + 8 <= name.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, name.data() + pos, 8);
    hash = Mix(hash ^ word);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, name.data() + pos, name.size() - pos);
  return Mix(hash ^ tail);
}

}  // namespace

PackedAnswer::PackedAnswer(std::string_view owner_wire, uint16_t qtype,
                           std::span<const uint8_t> plain, std::span<const uint8_t> edns) {
  bytes_.reserve(1 + owner_wire.size() + 6 + plain.size() + edns.size());
  bytes_.push_back(static_cast<uint8_t>(owner_wire.size()));  // wire names are at most 255 bytes
  bytes_.insert(bytes_.end(), owner_wire.begin(), owner_wire.end());
  Append16(qtype, &bytes_);
  Append16(static_cast<uint16_t>(plain.size()), &bytes_);  // packets are at most 4096 bytes
  Append16(static_cast<uint16_t>(edns.size()), &bytes_);
  bytes_.insert(bytes_.end(), plain.begin(), plain.end());
  bytes_.insert(bytes_.end(), edns.begin(), edns.end());
}

std::span<const uint8_t> PackedAnswer::plain() const {
  return bytes_.empty() ? std::span<const uint8_t>() : PacketsOf(bytes_.data()).plain;
}

std::span<const uint8_t> PackedAnswer::edns() const {
  return bytes_.empty() ? std::span<const uint8_t>() : PacketsOf(bytes_.data()).edns;
}

AnswerTable::AnswerTable(const std::vector<std::shared_ptr<const NameEntry>>& names) {
  size_t count = 0;
  for (const auto& entry : names) count += entry->answers.size();
  size_t size = 16;
  while (size < count * 2) size *= 2;
  slots_.resize(size);
  for (const auto& entry : names) {
    for (const PrecomputedAnswer& answer : entry->answers) {
      const uint8_t* record = answer.udp.record();
      if (record == nullptr) continue;
      uint64_t hash = Hash(NameOf(record), Load16(FieldsOf(record)));
      size_t at = hash & (size - 1);
      while (slots_[at].record != nullptr) at = (at + 1) & (size - 1);
      slots_[at] = Slot{static_cast<uint32_t>(hash >> 32), record};
    }
  }
}

std::optional<AnswerTable::Packets> AnswerTable::Find(std::string_view lowercase_wire,
                                                      uint16_t qtype) const {
  if (slots_.empty()) return std::nullopt;
  uint64_t hash = Hash(lowercase_wire, qtype);
  uint32_t tag = static_cast<uint32_t>(hash >> 32);
  size_t mask = slots_.size() - 1;
  for (size_t at = hash & mask;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.record == nullptr) return std::nullopt;
    if (slot.tag == tag && NameOf(slot.record) == lowercase_wire &&
        Load16(FieldsOf(slot.record)) == qtype) {
      return PacketsOf(slot.record);
    }
  }
}

}  // namespace drove::dns

// The TZif reader (RFC 8536) and offset lookup.
#include "orchestrator/epoch/cron/zone_rules.h"

#include <algorithm>

namespace drove::epoch::cron {
namespace {

// RFC 8536 recommends offsets within this range; anything outside is a damaged file.
constexpr int32_t kMinOffset = -89999;
constexpr int32_t kMaxOffset = 93599;
constexpr size_t kHeaderSize = 44;

class ByteReader {
 public:
  ByteReader(std::string_view bytes, size_t pos) : bytes_(bytes), pos_(pos) {}
  size_t pos() const { return pos_; }
  bool Has(uint64_t count) const { return count <= bytes_.size() - pos_; }
  int64_t Signed(size_t width) {
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) value = value << 8 | static_cast<uint8_t>(bytes_[pos_++]);
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
    return static_cast<int64_t>(value);
  }
  uint8_t Byte() { return static_cast<uint8_t>(bytes_[pos_++]); }
  void Skip(uint64_t count) { pos_ += count; }

 private:
  std::string_view bytes_;
  size_t pos_;
};

struct Header {
  char version;
  uint64_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;

  uint64_t DataSize(size_t time_size) const {
    return timecnt * time_size + timecnt + typecnt * 6 + charcnt + leapcnt * (time_size + 4) +
           isstdcnt + isutcnt;
  }
};

// The header at `pos` of a block whose times are `time_size` bytes wide.
core::Result<Header> ReadHeader(std::string_view bytes, size_t pos, size_t time_size) {
  if (bytes.size() < pos || bytes.size() - pos < kHeaderSize || bytes.substr(pos, 4) != "TZif") {
    return core::Result<Header>::Error("not a TZif file");
  }
  ByteReader in(bytes, pos + 20);
  Header header{bytes[pos + 4], 0, 0, 0, 0, 0, 0};
  for (uint64_t* count : {&header.isutcnt, &header.isstdcnt, &header.leapcnt, &header.timecnt,
                          &header.typecnt, &header.charcnt}) {
    *count = static_cast<uint32_t>(in.Signed(4));
  }
  if (header.typecnt == 0) return core::Result<Header>::Error("TZif file without time types");
  if (!ByteReader(bytes, pos + kHeaderSize).Has(header.DataSize(time_size))) {
    return core::Result<Header>::Error("TZif file truncated");
  }
  return header;
}

// The transition table and time types of one data block; `in` ends up past the block.
core::Result<ZoneRules> ReadData(const Header& header, size_t time_size, ByteReader& in) {
  const size_t end = in.pos() + header.DataSize(time_size);
  ZoneRules rules;
  for (uint64_t i = 0; i < header.timecnt; ++i) {
    const int64_t when = in.Signed(time_size);
    if (!rules.transitions.empty() && when <= rules.transitions.back()) {
      return core::Result<ZoneRules>::Error("TZif transitions out of order");
    }
    rules.transitions.push_back(when);
  }
  std::vector<uint8_t> type_of(header.timecnt);
  for (auto& type : type_of) type = in.Byte();
  std::vector<int32_t> type_offsets;
  for (uint64_t i = 0; i < header.typecnt; ++i) {
    const auto offset = static_cast<int32_t>(in.Signed(4));
    if (offset < kMinOffset || offset > kMaxOffset) {
      return core::Result<ZoneRules>::Error("TZif offset out of range");
    }
    type_offsets.push_back(offset);
    in.Skip(2);  // is-dst flag and abbreviation index: not needed for offsets
  }
  for (uint8_t type : type_of) {
    if (type >= type_offsets.size()) return core::Result<ZoneRules>::Error("TZif bad time type");
    rules.offsets.push_back(type_offsets[type]);
  }
  rules.initial_offset = type_offsets[0];  // RFC 8536: time type 0 applies before the table
  in.Skip(end - in.pos());
  return rules;
}

}  // namespace

int32_t ZoneRules::OffsetAt(int64_t utc) const {
  const auto next = std::upper_bound(transitions.begin(), transitions.end(), utc);
  if (next == transitions.end() && tail) return PosixTzOffsetAt(*tail, utc);
  if (next == transitions.begin()) return initial_offset;
  return offsets[next - transitions.begin() - 1];
}

core::Result<ZoneRules> ParseTzif(std::string_view bytes) {
  auto first = ReadHeader(bytes, 0, 4);
  if (!first.ok()) return first.status();
  if (first->version == 0) {
    ByteReader in(bytes, kHeaderSize);
    return ReadData(*first, 4, in);
  }
  const size_t second_at = kHeaderSize + first->DataSize(4);
  auto second = ReadHeader(bytes, second_at, 8);
  if (!second.ok()) return second.status();
  ByteReader in(bytes, second_at + kHeaderSize);
  auto rules = ReadData(*second, 8, in);
  if (!rules.ok()) return rules;
  // The footer: "\n<POSIX TZ string>\n"; an empty string means no rule past the table.
  const size_t open = in.pos();
  const size_t close = bytes.find('\n', open + 1);
  if (open >= bytes.size() || bytes[open] != '\n' || close == std::string_view::npos) {
    return core::Result<ZoneRules>::Error("TZif footer missing");
  }
  const std::string_view footer = bytes.substr(open + 1, close - open - 1);
  if (!footer.empty()) {
    rules->tail = ParsePosixTz(footer);
    if (!rules->tail) return core::Result<ZoneRules>::Error("TZif footer is not a POSIX TZ rule");
  }
  return rules;
}

}  // namespace drove::epoch::cron

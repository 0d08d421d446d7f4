// Domain names: wire form, loop-safe parsing with pointers, text form, RFC 4343 comparison.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "orchestrator/core/util/status.h"

namespace drove::dns {

inline constexpr size_t kMaxNameLength = 255;  // wire form, length bytes and final zero included
inline constexpr size_t kMaxLabelLength = 63;

// An absolute domain name kept as its uncompressed wire form ("\3www\7example\0"), case preserved.
class Name {
 public:
  Name() : wire_(1, '\0') {}  // the root
  // Trusts `wire` to be a well-formed uncompressed name (use ParseName / NameFromText otherwise).
  static Name FromWire(std::string wire) { return Name(std::move(wire)); }

  const std::string& wire() const { return wire_; }
  size_t size() const { return wire_.size(); }
  bool IsRoot() const { return wire_.size() == 1; }
  size_t LabelCount() const;
  // Presentation form with a trailing dot ("www.example." / "."); dots, backslashes and
  // non-printable bytes inside labels are escaped as \. \\ \DDD.
  std::string ToText() const;
  // ASCII-lowercased copy (RFC 4343: only A-Z fold).
  Name Lowercased() const;

  // Byte-exact (case-sensitive) comparison.
  bool operator==(const Name& other) const { return wire_ == other.wire_; }

 private:
  explicit Name(std::string wire) : wire_(std::move(wire)) {}
  std::string wire_;
};

// RFC 4343 comparison: equal when equal after ASCII lowercasing.
bool EqualsIgnoreCase(const Name& a, const Name& b);
// True when `name` is `zone` or below it (case-insensitive).
bool IsSubdomainOf(const Name& name, const Name& zone);

// Reads the name at `*offset` in `packet`, following compression pointers. Each pointer must
// point strictly before the previous jump target (so loops cannot happen), labels are at most
// 63 bytes, the whole name at most 255. On success `*offset` moves past the name as written at
// that position (past the first pointer, if any).
core::Result<Name> ParseName(std::span<const uint8_t> packet, size_t* offset);

// Parses presentation form ("www.example.com", trailing dot optional, "." is the root;
// escapes \. \\ \DDD accepted). Empty labels, labels over 63 and names over 255 bytes are errors.
core::Result<Name> NameFromText(std::string_view text);

}  // namespace drove::dns

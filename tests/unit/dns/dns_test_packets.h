// Hand-built DNS packets and test printers shared by the drove-dns codec tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dns-server/codec/name.h"
#include "dns-server/codec/rcode.h"

namespace drove::dns {

// Printers so Boost.Test can show values in failure messages.
inline std::ostream& operator<<(std::ostream& os, Rcode rcode) { return os << RcodeName(rcode); }
inline std::ostream& operator<<(std::ostream& os, const Name& name) { return os << name.ToText(); }

}  // namespace drove::dns

namespace drove::dns::testing {

inline void Append(std::vector<uint8_t>* out, std::initializer_list<int> bytes) {
  for (int b : bytes) out->push_back(static_cast<uint8_t>(b));
}

inline void AppendText(std::vector<uint8_t>* out, std::string_view text) {
  out->insert(out->end(), text.begin(), text.end());
}

// "www.example.com" -> 3www7example3com0 (no escapes; test names only).
inline void AppendName(std::vector<uint8_t>* out, std::string_view dotted) {
  size_t start = 0;
  while (start < dotted.size()) {
    size_t dot = dotted.find('.', start);
    if (dot == std::string_view::npos) dot = dotted.size();
    out->push_back(static_cast<uint8_t>(dot - start));
    AppendText(out, dotted.substr(start, dot - start));
    start = dot + 1;
  }
  out->push_back(0);
}

// A query like `dig +norec` / `dig` sends: id, RD, one question of class IN, optionally an OPT
// (udp size 1232, DO clear, one 8-byte client COOKIE option as dig adds).
inline std::vector<uint8_t> QueryPacket(uint16_t id, std::string_view name, uint16_t qtype,
                                        bool edns) {
  std::vector<uint8_t> p;
  Append(&p, {id >> 8, id & 0xFF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, edns ? 1 : 0});
  AppendName(&p, name);
  Append(&p, {qtype >> 8, qtype & 0xFF, 0x00, 0x01});
  if (edns) {
    Append(&p, {0x00, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x0C});
    Append(&p, {0x00, 0x0A, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8});
  }
  return p;
}

}  // namespace drove::dns::testing

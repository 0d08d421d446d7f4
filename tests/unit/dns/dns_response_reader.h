// Reads a whole DNS response back into plain structs, so answer tests can check records one by one.
#pragma once

#include <arpa/inet.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dns-server/codec/message.h"

namespace drove::dns::testing {

struct ReadRecord {
  std::string owner;  // presentation form, case as written
  uint16_t type = 0;
  uint32_t ttl = 0;
  std::string
      text;  // A/AAAA address, SRV "prio weight port target", NS host, SOA "mname rname serial"
};

struct ReadResponse {
  Header header;
  std::string question;  // presentation form
  std::vector<ReadRecord> answer;
  std::vector<ReadRecord> authority;
  std::vector<ReadRecord> additional;  // OPT included (type 41)
  bool ok = false;
};

inline uint16_t Read16(std::span<const uint8_t> p, size_t at) {
  return static_cast<uint16_t>((p[at] << 8) | p[at + 1]);
}

inline std::string NameAt(std::span<const uint8_t> p, size_t* offset) {
  auto name = ParseName(p, offset);
  return name.ok() ? name->ToText() : "<bad>";
}

inline bool ReadSection(std::span<const uint8_t> p, size_t* offset, uint16_t count,
                        std::vector<ReadRecord>* out) {
  for (uint16_t i = 0; i < count; ++i) {
    ReadRecord r;
    r.owner = NameAt(p, offset);
    if (*offset + 10 > p.size()) return false;
    r.type = Read16(p, *offset);
    r.ttl = (uint32_t{Read16(p, *offset + 4)} << 16) | Read16(p, *offset + 6);
    size_t length = Read16(p, *offset + 8);
    size_t rdata = *offset + 10;
    if (rdata + length > p.size()) return false;
    char buffer[64] = {};
    if (r.type == 1 && length == 4) {
      r.text = inet_ntop(AF_INET, &p[rdata], buffer, sizeof(buffer));
    } else if (r.type == 28 && length == 16) {
      r.text = inet_ntop(AF_INET6, &p[rdata], buffer, sizeof(buffer));
    } else if (r.type == 33) {
      size_t at = rdata + 6;
      r.text = std::to_string(Read16(p, rdata)) + " " + std::to_string(Read16(p, rdata + 2)) + " " +
               std::to_string(Read16(p, rdata + 4)) + " " + NameAt(p, &at);
    } else if (r.type == 2) {
      size_t at = rdata;
      r.text = NameAt(p, &at);
    } else if (r.type == 6) {
      size_t at = rdata;
      std::string mname = NameAt(p, &at);
      std::string rname = NameAt(p, &at);
      uint32_t serial = (uint32_t{Read16(p, at)} << 16) | Read16(p, at + 2);
      r.text = mname + " " + rname + " " + std::to_string(serial);
    }
    *offset = rdata + length;
    out->push_back(r);
  }
  return true;
}

inline ReadResponse ReadBack(std::span<const uint8_t> p) {
  ReadResponse out;
  auto header = ParseHeader(p);
  if (!header.ok()) return out;
  out.header = *header;
  size_t offset = kHeaderSize;
  if (header->qdcount == 1) {
    auto question = ParseQuestion(p, &offset);
    if (!question.ok()) return out;
    out.question = question->name.ToText();
  }
  out.ok = ReadSection(p, &offset, header->ancount, &out.answer) &&
           ReadSection(p, &offset, header->nscount, &out.authority) &&
           ReadSection(p, &offset, header->arcount, &out.additional);
  return out;
}

}  // namespace drove::dns::testing

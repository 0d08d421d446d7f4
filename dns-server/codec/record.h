// Resource records drove-dns serves: A, AAAA, SRV, SOA and NS data, and a record that holds one.
#pragma once

#include <array>
#include <cstdint>
#include <variant>

#include "dns-server/codec/name.h"
#include "dns-server/codec/types.h"

namespace drove::dns {

struct ARecord {
  std::array<uint8_t, 4> address{};
};

struct AaaaRecord {
  std::array<uint8_t, 16> address{};
};

struct SrvRecord {
  uint16_t priority = 0;
  uint16_t weight = 0;
  uint16_t port = 0;
  Name target;  // written uncompressed (RFC 2782)
};

struct SoaRecord {
  Name mname;
  Name rname;
  uint32_t serial = 0;
  uint32_t refresh = 0;
  uint32_t retry = 0;
  uint32_t expire = 0;
  uint32_t minimum = 0;
};

struct NsRecord {
  Name host;
};

using RecordData = std::variant<ARecord, AaaaRecord, SrvRecord, SoaRecord, NsRecord>;

// One record of class IN. Consecutive records with the same owner and type form an RRset.
struct Record {
  Name owner;
  uint32_t ttl = 0;
  RecordData data;
};

// The type code of the record's data (A, AAAA, SRV, SOA, NS).
RrType TypeOf(const RecordData& data);

}  // namespace drove::dns

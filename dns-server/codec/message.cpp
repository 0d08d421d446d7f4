// Parsing of DNS queries: header, question, skipping records, EDNS0 OPT.
#include "dns-server/codec/message.h"

namespace drove::dns {

namespace {

uint16_t Read16(std::span<const uint8_t> p, size_t at) {
  return static_cast<uint16_t>((p[at] << 8) | p[at + 1]);
}

uint32_t Read32(std::span<const uint8_t> p, size_t at) {
  return (static_cast<uint32_t>(Read16(p, at)) << 16) | Read16(p, at + 2);
}

// One resource record's fixed fields; rdata stays in the packet.
struct RecordView {
  Name owner;
  uint16_t type = 0;
  uint16_t klass = 0;
  uint32_t ttl = 0;
  size_t rdata_offset = 0;
  uint16_t rdata_length = 0;
};

core::Result<RecordView> ParseRecord(std::span<const uint8_t> packet, size_t* offset) {
  auto owner = ParseName(packet, offset);
  if (!owner.ok()) return owner.status();
  if (*offset + 10 > packet.size())
    return core::Result<RecordView>::Error("truncated record header");
  RecordView rr;
  rr.owner = std::move(owner).value();
  rr.type = Read16(packet, *offset);
  rr.klass = Read16(packet, *offset + 2);
  rr.ttl = Read32(packet, *offset + 4);
  rr.rdata_length = Read16(packet, *offset + 8);
  rr.rdata_offset = *offset + 10;
  if (rr.rdata_offset + rr.rdata_length > packet.size()) {
    return core::Result<RecordView>::Error("record data runs past the end of the packet");
  }
  *offset = rr.rdata_offset + rr.rdata_length;
  return rr;
}

core::Result<Edns> ParseOpt(std::span<const uint8_t> packet, const RecordView& rr) {
  if (!rr.owner.IsRoot()) return core::Result<Edns>::Error("OPT owner is not the root");
  Edns edns;
  edns.udp_size = rr.klass < 512 ? 512 : rr.klass;
  edns.extended_rcode = static_cast<uint8_t>(rr.ttl >> 24);
  edns.version = static_cast<uint8_t>((rr.ttl >> 16) & 0xFF);
  edns.dnssec_ok = (rr.ttl & 0x8000) != 0;
  // Options are TLVs that must exactly fill the rdata; their contents are not used.
  size_t at = rr.rdata_offset;
  size_t end = rr.rdata_offset + rr.rdata_length;
  while (at < end) {
    if (at + 4 > end) return core::Result<Edns>::Error("truncated EDNS option");
    size_t len = Read16(packet, at + 2);
    if (at + 4 + len > end) return core::Result<Edns>::Error("EDNS option runs past the OPT data");
    at += 4 + len;
  }
  return edns;
}

}  // namespace

core::Result<Header> ParseHeader(std::span<const uint8_t> packet) {
  if (packet.size() < kHeaderSize)
    return core::Result<Header>::Error("packet shorter than a header");
  Header h;
  h.id = Read16(packet, 0);
  uint8_t b2 = packet[2];
  uint8_t b3 = packet[3];
  h.qr = (b2 & 0x80) != 0;
  h.opcode = static_cast<uint8_t>((b2 >> 3) & 0x0F);
  h.aa = (b2 & 0x04) != 0;
  h.tc = (b2 & 0x02) != 0;
  h.rd = (b2 & 0x01) != 0;
  h.ra = (b3 & 0x80) != 0;
  h.ad = (b3 & 0x20) != 0;
  h.cd = (b3 & 0x10) != 0;
  h.rcode = static_cast<Rcode>(b3 & 0x0F);
  h.qdcount = Read16(packet, 4);
  h.ancount = Read16(packet, 6);
  h.nscount = Read16(packet, 8);
  h.arcount = Read16(packet, 10);
  return h;
}

core::Result<Question> ParseQuestion(std::span<const uint8_t> packet, size_t* offset) {
  auto name = ParseName(packet, offset);
  if (!name.ok()) return core::Result<Question>::Error("question name: " + name.error());
  if (*offset + 4 > packet.size()) return core::Result<Question>::Error("truncated question");
  Question q;
  q.name = std::move(name).value();
  q.qtype = Read16(packet, *offset);
  q.qclass = Read16(packet, *offset + 2);
  *offset += 4;
  return q;
}

core::Result<Query> ParseQuery(std::span<const uint8_t> packet) {
  auto header = ParseHeader(packet);
  if (!header.ok()) return header.status();
  Query query;
  query.header = *header;
  if (query.header.qdcount == 0) return core::Result<Query>::Error("no question");
  if (query.header.qdcount > 1) return core::Result<Query>::Error("more than one question");
  size_t offset = kHeaderSize;
  auto question = ParseQuestion(packet, &offset);
  if (!question.ok()) return question.status();
  query.question = std::move(question).value();
  uint16_t qclass = query.question.qclass;
  if (qclass != static_cast<uint16_t>(RrClass::kIn) &&
      qclass != static_cast<uint16_t>(RrClass::kAny)) {
    return core::Result<Query>::Error("unsupported class " + ClassName(qclass));
  }
  if (query.question.qtype == static_cast<uint16_t>(RrType::kOpt)) {
    return core::Result<Query>::Error("OPT is not a query type");
  }
  size_t records = size_t{query.header.ancount} + query.header.nscount + query.header.arcount;
  size_t additional_start = size_t{query.header.ancount} + query.header.nscount;
  for (size_t i = 0; i < records; ++i) {
    auto rr = ParseRecord(packet, &offset);
    if (!rr.ok())
      return core::Result<Query>::Error("record " + std::to_string(i) + ": " + rr.error());
    if (rr->type != static_cast<uint16_t>(RrType::kOpt)) continue;
    if (i < additional_start)
      return core::Result<Query>::Error("OPT outside the additional section");
    if (query.edns) return core::Result<Query>::Error("more than one OPT record");
    auto edns = ParseOpt(packet, *rr);
    if (!edns.ok()) return edns.status();
    query.edns = *edns;
    query.header.rcode = static_cast<Rcode>((uint16_t{edns->extended_rcode} << 4) |
                                            static_cast<uint16_t>(query.header.rcode));
  }
  return query;
}

}  // namespace drove::dns

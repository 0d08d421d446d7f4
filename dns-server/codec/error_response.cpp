// Response skeletons and error-only responses.
#include "dns-server/codec/error_response.h"

namespace drove::dns {

namespace {

Header ReplyHeader(const Header& query, Rcode rcode) {
  Header h;
  h.id = query.id;
  h.qr = true;
  h.opcode = query.opcode;
  h.rd = query.rd;
  h.cd = query.cd;
  h.rcode = rcode;
  return h;
}

}  // namespace

Response MakeResponse(const Query& query, uint16_t our_udp_size) {
  Response r;
  r.header = ReplyHeader(query.header, Rcode::kNoError);
  r.question = query.question;
  if (query.edns) {
    Edns edns;
    edns.udp_size = our_udp_size;
    edns.dnssec_ok = query.edns->dnssec_ok;
    r.edns = edns;
  }
  return r;
}

std::vector<uint8_t> BuildErrorResponse(std::span<const uint8_t> packet, Rcode rcode,
                                        uint16_t our_udp_size) {
  auto header = ParseHeader(packet);
  if (!header.ok() || header->qr) return {};
  Response r;
  auto query = ParseQuery(packet);
  if (query.ok()) {
    r = MakeResponse(*query, our_udp_size);
    r.header.rcode = rcode;
  } else {
    r.header = ReplyHeader(*header, rcode);
    if (header->qdcount == 1) {
      size_t offset = kHeaderSize;
      auto question = ParseQuestion(packet, &offset);
      if (question.ok()) r.question = std::move(question).value();
    }
  }
  // Header + question (<= 259 bytes) + OPT always fit in the classic limit.
  auto written = WriteResponse(r, WriteOptions{.limit = kClassicUdpLimit});
  return written.ok() ? std::move(written).value().bytes : std::vector<uint8_t>{};
}

}  // namespace drove::dns

// The fast path (precomputed packets) and the general path (parser + writer) of AnswerQuery.
#include "dns-server/server/answer.h"

#include <cstring>

#include "dns-server/codec/error_response.h"
#include "dns-server/codec/message.h"
#include "dns-server/codec/writer.h"
#include "dns-server/index/zone_set.h"

namespace drove::dns {
namespace {

using Action = AnswerResult::Action;

constexpr uint8_t kFlagQr = 0x80;
constexpr uint8_t kFlagAa = 0x04;
constexpr uint8_t kFlagTc = 0x02;
constexpr uint8_t kFlagRd = 0x01;
constexpr uint8_t kFlagCd = 0x10;
constexpr uint8_t kOpcodeMask = 0x78;

uint16_t Get16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// What the fast path understood of a query.
struct QuickQuery {
  size_t name_length = 0;   // wire length of the question name
  size_t question_end = 0;  // offset after qtype/qclass
  uint16_t qtype = 0;
  bool edns = false;
  uint16_t edns_size = 0;
  bool dnssec_ok = false;
  char lower[kMaxNameLength];  // lowercased question name
};

// True when the packet is a plain query the fast path can serve; false sends it to the full path.
bool ParseQuick(std::span<const uint8_t> p, QuickQuery* q) {
  if (p.size() < kHeaderSize + 5) return false;
  if ((p[2] & (kFlagQr | kOpcodeMask)) != 0) return false;
  if (Get16(&p[4]) != 1 || Get16(&p[6]) != 0 || Get16(&p[8]) != 0 || Get16(&p[10]) > 1) {
    return false;
  }
  size_t pos = kHeaderSize;
  for (;;) {
    if (pos >= p.size()) return false;
    uint8_t length = p[pos];
    if (length > kMaxLabelLength) return false;  // pointers and reserved label types
    if (pos + 1 + length - kHeaderSize > kMaxNameLength) return false;
    q->lower[pos - kHeaderSize] = static_cast<char>(length);
    for (size_t i = 1; i <= length && pos + i < p.size(); ++i) {
      uint8_t c = p[pos + i];
      q->lower[pos - kHeaderSize + i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    pos += 1 + length;
    if (length == 0) break;
  }
  if (pos + 4 > p.size()) return false;
  q->name_length = pos - kHeaderSize;
  q->qtype = Get16(&p[pos]);
  if (Get16(&p[pos + 2]) != static_cast<uint16_t>(RrClass::kIn)) return false;
  q->question_end = pos + 4;
  if (Get16(&p[10]) == 0) return true;
  // The one additional record must be a root-owned OPT of version 0 that fits the packet.
  pos = q->question_end;
  if (pos + 11 > p.size() || p[pos] != 0) return false;
  if (Get16(&p[pos + 1]) != static_cast<uint16_t>(RrType::kOpt) || p[pos + 6] != 0) return false;
  if (pos + 11 + Get16(&p[pos + 9]) > p.size()) return false;
  q->edns = true;
  q->edns_size = std::max<uint16_t>(Get16(&p[pos + 3]), kClassicUdpLimit);
  q->dnssec_ok = (p[pos + 7] & 0x80) != 0;
  return true;
}

void PatchHeader(std::span<const uint8_t> query, std::vector<uint8_t>* out) {
  (*out)[0] = query[0];
  (*out)[1] = query[1];
  (*out)[2] = static_cast<uint8_t>(((*out)[2] & ~kFlagRd) | (query[2] & kFlagRd));
  (*out)[3] = static_cast<uint8_t>(((*out)[3] & ~kFlagCd) | (query[3] & kFlagCd));
}

// A precomputed positive answer, when one fits the client's limit; false = use the full path.
bool ServePrecomputed(const AnswerTable::Packets& answer, std::span<const uint8_t> query,
                      const QuickQuery& q, std::vector<uint8_t>* out, bool* truncated) {
  std::span<const uint8_t> bytes = q.edns ? answer.edns : answer.plain;
  if (bytes.empty()) return false;
  size_t limit = q.edns ? q.edns_size : kClassicUdpLimit;
  if (bytes.size() > limit) return false;
  // Written within our limit and it fits the client's: cutting at the client's limit drops the
  // same records, so the packet is the same.
  *truncated = (bytes[2] & kFlagTc) != 0;
  out->assign(bytes.begin(), bytes.end());
  PatchHeader(query, out);
  std::memcpy(out->data() + kHeaderSize, query.data() + kHeaderSize, q.name_length);
  if (q.edns && q.dnssec_ok) (*out)[out->size() - 4] |= 0x80;
  return true;
}

// NXDOMAIN / NODATA: header, the client's question, the SOA, and an OPT when the client sent one.
void ServeNegative(const Index& index, std::span<const uint8_t> query, const QuickQuery& q,
                   Rcode rcode, std::vector<uint8_t>* out) {
  out->assign(query.begin(), query.begin() + static_cast<long>(q.question_end));
  (*out)[2] = static_cast<uint8_t>(kFlagQr | kFlagAa | (query[2] & kFlagRd));
  (*out)[3] = static_cast<uint8_t>((query[3] & kFlagCd) | static_cast<uint8_t>(rcode));
  const uint8_t counts[8] = {0, 1, 0, 0, 0, 1, 0, static_cast<uint8_t>(q.edns ? 1 : 0)};
  std::memcpy(out->data() + 4, counts, sizeof(counts));
  out->insert(out->end(), index.soa_rr().begin(), index.soa_rr().end());
  if (q.edns) {
    uint16_t size = index.edns_udp_size();
    const uint8_t opt[11] = {0,
                             0,
                             41,
                             static_cast<uint8_t>(size >> 8),
                             static_cast<uint8_t>(size),
                             0,
                             0,
                             static_cast<uint8_t>(q.dnssec_ok ? 0x80 : 0),
                             0,
                             0,
                             0};
    out->insert(out->end(), opt, opt + sizeof(opt));
  }
}

// Returns true when it answered (a reply in *out and *result filled).
bool AnswerQuick(std::span<const Index* const> zones, std::span<const uint8_t> packet,
                 Transport transport, std::vector<uint8_t>* out, AnswerResult* result) {
  QuickQuery q;
  if (!ParseQuick(packet, &q)) return false;
  std::string_view lower(q.lower, q.name_length);
  const Index* routed = RouteByZone(zones, lower);
  if (routed == nullptr || !routed->ready()) return false;
  const Index& index = *routed;
  result->qtype = q.qtype;
  result->action = Action::kReply;
  if (auto answer = index.answers().Find(lower, q.qtype)) {
    if (transport == Transport::kTcp) return false;  // TCP gets the whole answer, written afresh
    result->rcode = Rcode::kNoError;
    return ServePrecomputed(*answer, packet, q, out, &result->truncated);
  }
  if (q.qtype == static_cast<uint16_t>(RrType::kAxfr) || q.qtype == 251) return false;
  result->rcode = index.Find(lower) ? Rcode::kNoError : Rcode::kNxDomain;
  ServeNegative(index, packet, q, result->rcode, out);
  size_t limit = transport == Transport::kTcp ? kTcpLimit : q.edns ? q.edns_size : kClassicUdpLimit;
  return out->size() <= limit;
}

AnswerResult Reply(const Response& response, Transport transport,
                   const std::optional<Edns>& client_edns, uint16_t our_udp_size,
                   std::vector<uint8_t>* out) {
  AnswerResult result;
  result.qtype = response.question ? response.question->qtype : 0;
  result.rcode = response.header.rcode;
  size_t limit = transport == Transport::kTcp ? kTcpLimit : UdpLimit(client_edns, our_udp_size);
  auto written = WriteResponse(response, {.limit = limit});
  if (!written.ok()) return result;  // header + question cannot exceed 512: unreachable, dropped
  result.action = Action::kReply;
  result.truncated = written->truncated;
  *out = std::move(written).value().bytes;
  return result;
}

AnswerResult AnswerError(std::span<const uint8_t> packet, Rcode rcode, uint16_t our_udp_size,
                         std::vector<uint8_t>* out) {
  AnswerResult result;
  *out = BuildErrorResponse(packet, rcode, our_udp_size);
  if (out->empty()) return result;
  result.action = Action::kReply;
  result.rcode = rcode;
  size_t offset = kHeaderSize;
  if (auto question = ParseQuestion(packet, &offset); question.ok()) result.qtype = question->qtype;
  return result;
}

// A parsed query for a name in `index`'s zone.
AnswerResult AnswerInZone(const Index& index, const Query& query, const Name& lower,
                          Response response, Transport transport, std::vector<uint8_t>* out) {
  uint16_t our_size = index.edns_udp_size();
  const Question& question = query.question;
  if (!index.ready()) {
    response.header.rcode = Rcode::kServFail;
    return Reply(response, transport, query.edns, our_size, out);
  }
  response.header.aa = true;
  uint16_t qtype = question.qtype;
  if (qtype == static_cast<uint16_t>(RrType::kAxfr) || qtype == 251) {
    response.header.aa = false;
    response.header.rcode = Rcode::kRefused;  // no zone transfers
    return Reply(response, transport, query.edns, our_size, out);
  }
  const NameEntry* entry = index.Find(lower.wire());
  const PrecomputedAnswer* answer = entry ? entry->Find(qtype) : nullptr;
  if (answer) {
    response.answer = answer->answer;
    for (Record& record : response.answer) record.owner = question.name;  // compresses, echoes case
    response.additional = answer->additional;
  } else {
    response.header.rcode = entry ? Rcode::kNoError : Rcode::kNxDomain;
    response.authority.push_back(index.soa());
  }
  return Reply(response, transport, query.edns, our_size, out);
}

// Every zone shares the configured EDNS size, so errors before routing take it from any of them.
AnswerResult AnswerFull(std::span<const Index* const> zones, std::span<const uint8_t> packet,
                        Transport transport, bool can_forward, std::vector<uint8_t>* out) {
  uint16_t our_size = zones.front()->edns_udp_size();
  auto header = ParseHeader(packet);
  if (!header.ok() || header->qr) return AnswerResult{};
  auto query = ParseQuery(packet);
  if (header->opcode != static_cast<uint8_t>(Opcode::kQuery)) {
    return AnswerError(packet, Rcode::kNotImp, our_size, out);
  }
  if (!query.ok()) return AnswerError(packet, Rcode::kFormErr, our_size, out);
  Response response = MakeResponse(*query, our_size);
  if (query->edns && query->edns->version != 0) {
    response.header.rcode = Rcode::kBadVers;
    response.question.reset();  // RFC 6891 §6.1.3: BADVERS carries no question
    return Reply(response, transport, query->edns, our_size, out);
  }
  const Question& question = query->question;
  Name lower = question.name.Lowercased();
  if (const Index* index = RouteByZone(zones, lower.wire())) {
    return AnswerInZone(*index, *query, lower, std::move(response), transport, out);
  }
  if (can_forward) {
    AnswerResult forward;
    forward.action = Action::kForward;
    forward.qtype = question.qtype;
    return forward;
  }
  response.header.rcode = Rcode::kRefused;
  return Reply(response, transport, query->edns, our_size, out);
}

}  // namespace

AnswerResult AnswerQuery(std::span<const Index* const> zones, std::span<const uint8_t> packet,
                         Transport transport, bool can_forward, std::vector<uint8_t>* out) {
  AnswerResult result;
  if (AnswerQuick(zones, packet, transport, out, &result)) return result;
  return AnswerFull(zones, packet, transport, can_forward, out);
}

AnswerResult AnswerQuery(const Index& index, std::span<const uint8_t> packet, Transport transport,
                         bool can_forward, std::vector<uint8_t>* out) {
  const Index* zones[] = {&index};
  return AnswerQuery(zones, packet, transport, can_forward, out);
}

}  // namespace drove::dns

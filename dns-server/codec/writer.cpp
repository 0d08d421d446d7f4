// Response writing with name compression, a size limit and whole-record truncation.
#include "dns-server/codec/writer.h"

#include <algorithm>

#include "dns-server/codec/name_compressor.h"

namespace drove::dns {

namespace {

constexpr size_t kOptSize = 11;  // root owner, type, class, ttl, rdlength 0

void Put16(std::vector<uint8_t>* out, uint16_t v) {
  out->push_back(static_cast<uint8_t>(v >> 8));
  out->push_back(static_cast<uint8_t>(v & 0xFF));
}

void Put32(std::vector<uint8_t>* out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v >> 16));
  Put16(out, static_cast<uint16_t>(v & 0xFFFF));
}

void Set16(std::vector<uint8_t>* out, size_t at, uint16_t v) {
  (*out)[at] = static_cast<uint8_t>(v >> 8);
  (*out)[at + 1] = static_cast<uint8_t>(v & 0xFF);
}

struct RdataWriter {
  std::vector<uint8_t>* out;
  NameCompressor* names;
  void operator()(const ARecord& a) const {
    out->insert(out->end(), a.address.begin(), a.address.end());
  }
  void operator()(const AaaaRecord& a) const {
    out->insert(out->end(), a.address.begin(), a.address.end());
  }
  void operator()(const SrvRecord& s) const {
    Put16(out, s.priority);
    Put16(out, s.weight);
    Put16(out, s.port);
    names->Write(s.target, out, /*compress=*/false);
  }
  void operator()(const SoaRecord& s) const {
    names->Write(s.mname, out);
    names->Write(s.rname, out);
    for (uint32_t v : {s.serial, s.refresh, s.retry, s.expire, s.minimum}) Put32(out, v);
  }
  void operator()(const NsRecord& n) const { names->Write(n.host, out); }
};

void WriteRecord(const Record& rr, std::vector<uint8_t>* out, NameCompressor* names) {
  names->Write(rr.owner, out);
  Put16(out, static_cast<uint16_t>(TypeOf(rr.data)));
  Put16(out, static_cast<uint16_t>(RrClass::kIn));
  Put32(out, rr.ttl);
  size_t length_at = out->size();
  Put16(out, 0);
  std::visit(RdataWriter{out, names}, rr.data);
  Set16(out, length_at, static_cast<uint16_t>(out->size() - length_at - 2));
}

bool SameRrset(const Record& a, const Record& b) {
  return a.data.index() == b.data.index() && EqualsIgnoreCase(a.owner, b.owner);
}

// Appends records (whole RRsets when `whole_rrsets`, else one record at a time) while the packet
// stays within `budget`; returns how many were written. Stops at the first unit that does not fit.
size_t WriteSection(const std::vector<Record>& records, bool whole_rrsets, size_t budget,
                    std::vector<uint8_t>* out, NameCompressor* names) {
  size_t written = 0;
  while (written < records.size()) {
    size_t end = written + 1;
    if (whole_rrsets) {
      while (end < records.size() && SameRrset(records[written], records[end])) ++end;
    }
    size_t mark = out->size();
    size_t names_mark = names->Mark();
    for (size_t i = written; i < end; ++i) WriteRecord(records[i], out, names);
    if (out->size() > budget) {
      out->resize(mark);
      names->Forget(names_mark);
      break;
    }
    written = end;
  }
  return written;
}

void WriteHeader(const Header& h, std::vector<uint8_t>* out) {
  Put16(out, h.id);
  uint8_t b2 = static_cast<uint8_t>((h.qr ? 0x80 : 0) | ((h.opcode & 0x0F) << 3) |
                                    (h.aa ? 0x04 : 0) | (h.tc ? 0x02 : 0) | (h.rd ? 0x01 : 0));
  uint8_t b3 = static_cast<uint8_t>((h.ra ? 0x80 : 0) | (h.ad ? 0x20 : 0) | (h.cd ? 0x10 : 0) |
                                    (static_cast<uint16_t>(h.rcode) & 0x0F));
  out->push_back(b2);
  out->push_back(b3);
  for (int i = 0; i < 4; ++i) Put16(out, 0);  // counts, patched at the end
}

void WriteOpt(const Edns& edns, Rcode rcode, std::vector<uint8_t>* out) {
  out->push_back(0);
  Put16(out, static_cast<uint16_t>(RrType::kOpt));
  Put16(out, edns.udp_size);
  uint32_t ttl = (static_cast<uint32_t>(static_cast<uint16_t>(rcode) >> 4) << 24) |
                 (static_cast<uint32_t>(edns.version) << 16) | (edns.dnssec_ok ? 0x8000u : 0u);
  Put32(out, ttl);
  Put16(out, 0);
}

}  // namespace

size_t UdpLimit(const std::optional<Edns>& client_edns, uint16_t max_udp_size) {
  if (!client_edns) return kClassicUdpLimit;
  size_t cap = std::max<size_t>(kClassicUdpLimit, max_udp_size);
  return std::clamp<size_t>(client_edns->udp_size, kClassicUdpLimit, cap);
}

core::Result<WrittenResponse> WriteResponse(const Response& response, const WriteOptions& options) {
  WrittenResponse result;
  std::vector<uint8_t>& out = result.bytes;
  out.reserve(std::min<size_t>(options.limit, 4096));
  NameCompressor names;
  WriteHeader(response.header, &out);
  if (response.question) {
    names.Write(response.question->name, &out, /*compress=*/false);
    Put16(&out, response.question->qtype);
    Put16(&out, response.question->qclass);
  }
  size_t reserve = response.edns ? kOptSize : 0;
  if (out.size() + reserve > options.limit) {
    return core::Result<WrittenResponse>::Error("header and question exceed the size limit");
  }
  size_t budget = options.limit - reserve;
  bool truncated = response.header.tc;
  result.answers_written = WriteSection(response.answer, false, budget, &out, &names);
  bool answers_complete = result.answers_written == response.answer.size();
  if (answers_complete) {
    result.authority_written = WriteSection(response.authority, true, budget, &out, &names);
  }
  bool authority_complete =
      answers_complete && result.authority_written == response.authority.size();
  if (authority_complete) {
    result.additional_written = WriteSection(response.additional, true, budget, &out, &names);
  }
  if (!authority_complete) truncated = true;
  if (authority_complete && result.additional_written < response.additional.size() &&
      options.tc_when_additional_dropped) {
    truncated = true;
  }
  size_t arcount = result.additional_written;
  if (response.edns) {
    WriteOpt(*response.edns, response.header.rcode, &out);
    ++arcount;
  }
  if (truncated) out[2] |= 0x02;
  Set16(&out, 4, response.question ? 1 : 0);
  Set16(&out, 6, static_cast<uint16_t>(result.answers_written));
  Set16(&out, 8, static_cast<uint16_t>(result.authority_written));
  Set16(&out, 10, static_cast<uint16_t>(arcount));
  result.truncated = truncated;
  return result;
}

}  // namespace drove::dns

// Index lookups and the uncompressed record form used for negative answers.
#include "dns-server/index/index.h"

namespace drove::dns {
namespace {

void Put16(uint16_t value, std::vector<uint8_t>* out) {
  out->push_back(static_cast<uint8_t>(value >> 8));
  out->push_back(static_cast<uint8_t>(value));
}

void Put32(uint32_t value, std::vector<uint8_t>* out) {
  Put16(static_cast<uint16_t>(value >> 16), out);
  Put16(static_cast<uint16_t>(value), out);
}

void PutName(const Name& name, std::vector<uint8_t>* out) {
  out->insert(out->end(), name.wire().begin(), name.wire().end());
}

void AppendRdata(const RecordData& data, std::vector<uint8_t>* out) {
  if (const auto* a = std::get_if<ARecord>(&data)) {
    out->insert(out->end(), a->address.begin(), a->address.end());
  } else if (const auto* aaaa = std::get_if<AaaaRecord>(&data)) {
    out->insert(out->end(), aaaa->address.begin(), aaaa->address.end());
  } else if (const auto* srv = std::get_if<SrvRecord>(&data)) {
    Put16(srv->priority, out);
    Put16(srv->weight, out);
    Put16(srv->port, out);
    PutName(srv->target, out);
  } else if (const auto* soa = std::get_if<SoaRecord>(&data)) {
    PutName(soa->mname, out);
    PutName(soa->rname, out);
    for (uint32_t value : {soa->serial, soa->refresh, soa->retry, soa->expire, soa->minimum}) {
      Put32(value, out);
    }
  } else if (const auto* ns = std::get_if<NsRecord>(&data)) {
    PutName(ns->host, out);
  }
}

}  // namespace

const PrecomputedAnswer* NameEntry::Find(uint16_t qtype) const {
  for (const PrecomputedAnswer& answer : answers) {
    if (answer.qtype == qtype) return &answer;
  }
  return nullptr;
}

void AppendUncompressedRecord(const Record& record, std::vector<uint8_t>* out) {
  PutName(record.owner, out);
  Put16(static_cast<uint16_t>(TypeOf(record.data)), out);
  Put16(static_cast<uint16_t>(RrClass::kIn), out);
  Put32(record.ttl, out);
  size_t length_at = out->size();
  Put16(0, out);
  AppendRdata(record.data, out);
  size_t length = out->size() - length_at - 2;
  (*out)[length_at] = static_cast<uint8_t>(length >> 8);
  (*out)[length_at + 1] = static_cast<uint8_t>(length);
}

Index::Index(Name zone, uint16_t edns_udp_size)
    : zone_(std::move(zone)), edns_udp_size_(edns_udp_size) {}

Index::Index(Name zone, uint16_t edns_udp_size, int64_t generation, int64_t synced_at_ms,
             Record soa, std::vector<std::shared_ptr<const NameEntry>> names)
    : zone_(std::move(zone)),
      edns_udp_size_(edns_udp_size),
      ready_(true),
      generation_(generation),
      synced_at_ms_(synced_at_ms),
      soa_(std::move(soa)),
      answers_(names) {
  AppendUncompressedRecord(soa_, &soa_rr_);
  names_.reserve(names.size());
  for (std::shared_ptr<const NameEntry>& entry : names) {
    std::string key = entry->owner.wire();
    names_.emplace(std::move(key), std::move(entry));
  }
}

const NameEntry* Index::Find(std::string_view lowercase_wire) const {
  auto it = names_.find(lowercase_wire);
  return it == names_.end() ? nullptr : it->second.get();
}

std::shared_ptr<const NameEntry> Index::FindShared(std::string_view lowercase_wire) const {
  auto it = names_.find(lowercase_wire);
  return it == names_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const NameEntry>> Index::Entries() const {
  std::vector<std::shared_ptr<const NameEntry>> out;
  out.reserve(names_.size());
  for (const auto& [wire, entry] : names_) out.push_back(entry);
  return out;
}

bool Index::InZone(std::string_view lowercase_wire) const {
  const std::string& zone = zone_.wire();
  // Walk label starts; the zone must match a whole suffix starting at one of them.
  size_t pos = 0;
  while (pos < lowercase_wire.size()) {
    std::string_view rest = lowercase_wire.substr(pos);
    if (rest.size() == zone.size()) return rest == zone;
    if (rest.size() < zone.size()) return false;
    uint8_t length = static_cast<uint8_t>(lowercase_wire[pos]);
    if (length == 0) return false;
    pos += 1 + length;
  }
  return false;
}

}  // namespace drove::dns

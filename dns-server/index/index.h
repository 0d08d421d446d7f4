// The immutable answer index drove-dns serves from: lowercased owner names → precomputed answers.
//
// Built once per endpoints snapshot (index_builder.h) and then only read, by any number of serving
// threads at once; a new snapshot produces a new Index that replaces the old one atomically
// (index_holder.h). Positive answers are written ahead of time for the two common UDP cases (no
// EDNS within 512 bytes, EDNS within our UDP size), so serving them is a copy plus an id/flags/case
// patch.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dns-server/codec/record.h"
#include "dns-server/codec/writer.h"
#include "dns-server/index/answer_table.h"

namespace drove::dns {

// One (name, type) answer: the records, and the UDP packets written from them with the owner's
// lowercased name as the question and id 0. `qtype` 255 (ANY) holds every RRset of the name.
struct PrecomputedAnswer {
  uint16_t qtype = 0;
  std::vector<Record> answer;
  std::vector<Record> additional;
  // plain(): within 512 bytes, no OPT; edns(): within the configured EDNS size, OPT (DO clear) at
  // the end.
  PackedAnswer udp;
};

// A name in the zone. No answers = an empty non-terminal (NODATA for every type, RFC 8020).
struct NameEntry {
  Name owner;  // lowercased
  std::vector<PrecomputedAnswer> answers;
  // The records and glue it was built from, serialized: equal fingerprints mean equal answers, so
  // the next index reuses the entry instead of writing its packets again.
  std::string fingerprint;

  const PrecomputedAnswer* Find(uint16_t qtype) const;
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

class Index {
 public:
  // An index with no data: every in-zone query gets SERVFAIL (before the first sync).
  Index(Name zone, uint16_t edns_udp_size);
  Index(Name zone, uint16_t edns_udp_size, int64_t generation, int64_t synced_at_ms, Record soa,
        std::vector<std::shared_ptr<const NameEntry>> names);

  bool ready() const { return ready_; }
  int64_t generation() const { return generation_; }
  int64_t synced_at_ms() const { return synced_at_ms_; }
  const Name& zone() const { return zone_; }
  uint16_t edns_udp_size() const { return edns_udp_size_; }
  size_t name_count() const { return names_.size(); }
  const Record& soa() const { return soa_; }

  // `lowercase_wire` is an uncompressed lowercased wire name.
  const NameEntry* Find(std::string_view lowercase_wire) const;
  // The precomputed UDP packets of every positive answer, for the hot path.
  const AnswerTable& answers() const { return answers_; }
  // The same entry as a shared pointer, for reuse by the next index (null when absent).
  std::shared_ptr<const NameEntry> FindShared(std::string_view lowercase_wire) const;
  // Every entry, for building the next index from this one (index_delta.h).
  std::vector<std::shared_ptr<const NameEntry>> Entries() const;
  // True when the lowercased wire name is the zone or below it.
  bool InZone(std::string_view lowercase_wire) const;
  // The SOA record written uncompressed (owner included), for the AUTHORITY of negative answers.
  const std::vector<uint8_t>& soa_rr() const { return soa_rr_; }

 private:
  Name zone_;
  uint16_t edns_udp_size_;
  bool ready_ = false;
  int64_t generation_ = 0;
  int64_t synced_at_ms_ = 0;
  Record soa_;
  std::vector<uint8_t> soa_rr_;
  std::unordered_map<std::string, std::shared_ptr<const NameEntry>, StringHash, std::equal_to<>>
      names_;
  AnswerTable answers_;  // points into the entries of names_
};

// Appends one record in uncompressed wire form (owner, type, class IN, TTL, RDATA).
void AppendUncompressedRecord(const Record& record, std::vector<uint8_t>* out);

}  // namespace drove::dns

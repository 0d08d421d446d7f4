// Writes domain names into a packet under construction, compressing against earlier names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dns-server/codec/name.h"

namespace drove::dns {

// A small compression table keyed by name suffix (uncompressed wire form, matched byte-exactly so
// every name keeps the case it was given). Entries point at earlier offsets in the same packet.
class NameCompressor {
 public:
  // Appends `name` to `out`, replacing its longest known suffix by a pointer when `compress`;
  // remembers the suffixes it wrote (offsets below 0x4000) for later names either way.
  void Write(const Name& name, std::vector<uint8_t>* out, bool compress = true);
  // Number of remembered suffixes; Forget(n) drops the ones added after that (for rollback).
  size_t Mark() const { return entries_.size(); }
  void Forget(size_t mark) { entries_.resize(mark); }

 private:
  struct Entry {
    std::string suffix;
    uint16_t offset;
  };
  const Entry* Find(const char* suffix, size_t length) const;
  std::vector<Entry> entries_;
};

}  // namespace drove::dns

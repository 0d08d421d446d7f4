// Name compression for the response writer.
#include "dns-server/codec/name_compressor.h"

namespace drove::dns {

const NameCompressor::Entry* NameCompressor::Find(const char* suffix, size_t length) const {
  for (const Entry& e : entries_) {
    if (e.suffix.size() == length && e.suffix.compare(0, length, suffix, length) == 0) return &e;
  }
  return nullptr;
}

void NameCompressor::Write(const Name& name, std::vector<uint8_t>* out, bool compress) {
  const std::string& wire = name.wire();
  size_t i = 0;
  while (wire[i] != 0) {
    size_t rest = wire.size() - i;
    if (compress) {
      if (const Entry* e = Find(wire.data() + i, rest)) {
        out->push_back(static_cast<uint8_t>(0xC0 | (e->offset >> 8)));
        out->push_back(static_cast<uint8_t>(e->offset & 0xFF));
        return;
      }
    }
    if (out->size() < 0x4000 && !Find(wire.data() + i, rest)) {
      entries_.push_back(Entry{wire.substr(i), static_cast<uint16_t>(out->size())});
    }
    size_t len = static_cast<uint8_t>(wire[i]);
    out->insert(out->end(), wire.begin() + static_cast<std::ptrdiff_t>(i),
                wire.begin() + static_cast<std::ptrdiff_t>(i + 1 + len));
    i += 1 + len;
  }
  out->push_back(0);
}

}  // namespace drove::dns

// Domain name parsing (wire and text), printing and case-insensitive comparison.
#include "dns-server/codec/name.h"

#include <cstdio>

namespace drove::dns {

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t Name::LabelCount() const {
  size_t count = 0;
  for (size_t i = 0; i < wire_.size() && wire_[i] != 0; i += 1 + static_cast<uint8_t>(wire_[i])) {
    ++count;
  }
  return count;
}

std::string Name::ToText() const {
  if (IsRoot()) return ".";
  std::string text;
  size_t i = 0;
  while (i < wire_.size() && wire_[i] != 0) {
    size_t len = static_cast<uint8_t>(wire_[i]);
    for (size_t j = i + 1; j <= i + len && j < wire_.size(); ++j) {
      unsigned char c = static_cast<unsigned char>(wire_[j]);
      if (c == '.' || c == '\\') {
        text += '\\';
        text += static_cast<char>(c);
      } else if (c <= 0x20 || c >= 0x7f) {
        char buf[5];
        std::snprintf(buf, sizeof(buf), "\\%03u", c);
        text += buf;
      } else {
        text += static_cast<char>(c);
      }
    }
    text += '.';
    i += 1 + len;
  }
  return text;
}

Name Name::Lowercased() const {
  std::string lower = wire_;
  size_t i = 0;
  while (i < lower.size() && lower[i] != 0) {
    size_t len = static_cast<uint8_t>(lower[i]);
    for (size_t j = i + 1; j <= i + len && j < lower.size(); ++j) lower[j] = Lower(lower[j]);
    i += 1 + len;
  }
  return Name(std::move(lower));
}

bool EqualsIgnoreCase(const Name& a, const Name& b) {
  // Length bytes are < 64 and never letters, so folding the whole wire form is safe.
  const std::string& x = a.wire();
  const std::string& y = b.wire();
  if (x.size() != y.size()) return false;
  for (size_t i = 0; i < x.size(); ++i) {
    if (Lower(x[i]) != Lower(y[i])) return false;
  }
  return true;
}

bool IsSubdomainOf(const Name& name, const Name& zone) {
  const std::string& n = name.wire();
  const std::string& z = zone.wire();
  size_t i = 0;
  while (i < n.size()) {
    if (n.size() - i == z.size()) {
      return EqualsIgnoreCase(Name::FromWire(n.substr(i)), zone);
    }
    if (n[i] == 0) break;
    i += 1 + static_cast<uint8_t>(n[i]);
  }
  return false;
}

core::Result<Name> ParseName(std::span<const uint8_t> packet, size_t* offset) {
  std::string wire;
  size_t pos = *offset;
  size_t end_after_first = 0;  // where the caller continues, once the first pointer is taken
  size_t limit = *offset;      // every jump must land strictly before this
  bool jumped = false;
  while (true) {
    if (pos >= packet.size())
      return core::Result<Name>::Error("name runs past the end of the packet");
    uint8_t len = packet[pos];
    if ((len & 0xC0) == 0xC0) {
      if (pos + 1 >= packet.size())
        return core::Result<Name>::Error("truncated compression pointer");
      size_t target = (static_cast<size_t>(len & 0x3F) << 8) | packet[pos + 1];
      if (target >= limit)
        return core::Result<Name>::Error("compression pointer does not point backwards");
      if (!jumped) end_after_first = pos + 2;
      jumped = true;
      limit = target;
      pos = target;
      continue;
    }
    if ((len & 0xC0) != 0) return core::Result<Name>::Error("unsupported label type");
    if (len == 0) {
      wire.push_back('\0');
      if (wire.size() > kMaxNameLength)
        return core::Result<Name>::Error("name longer than 255 bytes");
      *offset = jumped ? end_after_first : pos + 1;
      return Name::FromWire(std::move(wire));
    }
    if (pos + 1 + len > packet.size())
      return core::Result<Name>::Error("label runs past the end of the packet");
    if (wire.size() + 1 + len + 1 > kMaxNameLength) {
      return core::Result<Name>::Error("name longer than 255 bytes");
    }
    wire.append(reinterpret_cast<const char*>(&packet[pos]), 1 + len);
    pos += 1 + len;
  }
}

core::Result<Name> NameFromText(std::string_view text) {
  if (text.empty()) return core::Result<Name>::Error("empty name");
  if (text == ".") return Name();
  std::string wire;
  std::string label;
  auto close_label = [&]() -> bool {
    if (label.empty() || label.size() > kMaxLabelLength) return false;
    wire.push_back(static_cast<char>(label.size()));
    wire += label;
    label.clear();
    return true;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.') {
      if (!close_label())
        return core::Result<Name>::Error("empty label or label longer than 63 bytes");
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= text.size()) return core::Result<Name>::Error("dangling escape");
      char next = text[i + 1];
      if (next >= '0' && next <= '9') {
        int value = 0;
        for (size_t k = 1; k <= 3; ++k) {
          if (i + k >= text.size() || text[i + k] < '0' || text[i + k] > '9') {
            return core::Result<Name>::Error("bad \\DDD escape");
          }
          value = value * 10 + (text[i + k] - '0');
        }
        if (value > 255) return core::Result<Name>::Error("bad \\DDD escape");
        label.push_back(static_cast<char>(value));
        i += 3;
      } else {
        label.push_back(next);
        i += 1;
      }
      continue;
    }
    label.push_back(c);
  }
  if (!label.empty() && !close_label())
    return core::Result<Name>::Error("label longer than 63 bytes");
  wire.push_back('\0');
  if (wire.size() > kMaxNameLength) return core::Result<Name>::Error("name longer than 255 bytes");
  return Name::FromWire(std::move(wire));
}

}  // namespace drove::dns

// RFC 6901 JSON pointers: parsing with ~0/~1 unescaping and exception-free resolution.
#include "orchestrator/scheduler/hope/json_pointer.h"

#include <cctype>

namespace drove::scheduler::hope {
namespace {

// Decimal array index, or -1 if `segment` is not one (RFC 6901: no leading zeros).
long long ArrayIndex(const std::string& segment) {
  if (segment.empty() || segment.size() > 9) return -1;
  if (segment.size() > 1 && segment[0] == '0') return -1;
  long long index = 0;
  for (char c : segment) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    index = index * 10 + (c - '0');
  }
  return index;
}

}  // namespace

core::Result<std::vector<std::string>> ParseJsonPointer(std::string_view pointer) {
  std::vector<std::string> segments;
  if (pointer.empty()) return segments;
  if (pointer[0] != '/') {
    return core::Result<std::vector<std::string>>::Error("JSON pointer must start with '/'");
  }
  for (size_t i = 0; i < pointer.size(); ++i) {
    const char c = pointer[i];
    if (c == '/') {
      segments.emplace_back();
    } else if (c == '~') {
      const char next = i + 1 < pointer.size() ? pointer[i + 1] : '\0';
      if (next != '0' && next != '1') {
        return core::Result<std::vector<std::string>>::Error(
            "bad escape in JSON pointer at offset " + std::to_string(i) +
            " ('~' must be followed by 0 or 1)");
      }
      segments.back().push_back(next == '0' ? '~' : '/');
      ++i;
    } else {
      segments.back().push_back(c);
    }
  }
  return segments;
}

const nlohmann::json* ResolveJsonPointer(const nlohmann::json& document,
                                         const std::vector<std::string>& segments) {
  const nlohmann::json* at = &document;
  for (const auto& segment : segments) {
    if (at->is_object()) {
      auto it = at->find(segment);
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (at->is_array()) {
      const long long index = ArrayIndex(segment);
      if (index < 0 || static_cast<size_t>(index) >= at->size()) return nullptr;
      at = &(*at)[static_cast<size_t>(index)];
    } else {
      return nullptr;
    }
  }
  return at;
}

}  // namespace drove::scheduler::hope

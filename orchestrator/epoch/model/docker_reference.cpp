// Docker reference grammar (see docker_reference.h).
#include "orchestrator/epoch/model/docker_reference.h"

namespace drove::epoch {
namespace {

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsAlnum(char c) { return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }
bool IsSeparator(char c) { return c == '.' || c == '_' || c == '-'; }

bool IsPathComponent(std::string_view c) {
  if (c.empty() || !IsLowerAlnum(c.front()) || !IsLowerAlnum(c.back())) return false;
  for (char ch : c) {
    if (!IsLowerAlnum(ch) && !IsSeparator(ch)) return false;
  }
  return true;
}

bool IsTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 128 || tag.front() == '.' || tag.front() == '-') return false;
  for (char ch : tag) {
    if (!IsAlnum(ch) && !IsSeparator(ch)) return false;
  }
  return true;
}

// path(:tag)?: the tag is after the last ':' (path components hold no ':').
bool IsPathAndTag(std::string_view text) {
  const size_t colon = text.rfind(':');
  std::string_view path = text;
  if (colon != std::string_view::npos) {
    if (!IsTag(text.substr(colon + 1))) return false;
    path = text.substr(0, colon);
  }
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    if (!IsPathComponent(path.substr(start, slash == path.npos ? path.npos : slash - start))) {
      return false;
    }
    if (slash == path.npos) return true;
    start = slash + 1;
  }
}

// host components [a-zA-Z0-9] or [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9], joined by '.', then :port.
bool IsHost(std::string_view host) {
  const size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    if (port.empty()) return false;
    for (char ch : port) {
      if (ch < '0' || ch > '9') return false;
    }
    host = host.substr(0, colon);
  }
  size_t start = 0;
  while (true) {
    const size_t dot = host.find('.', start);
    std::string_view part = host.substr(start, dot == host.npos ? host.npos : dot - start);
    if (part.empty() || !IsAlnum(part.front()) || !IsAlnum(part.back())) return false;
    for (char ch : part) {
      if (!IsAlnum(ch) && ch != '-') return false;
    }
    if (dot == host.npos) return true;
    start = dot + 1;
  }
}

}  // namespace

bool IsDockerReference(std::string_view text) {
  if (text.empty()) return false;
  if (IsPathAndTag(text)) return true;
  const size_t slash = text.find('/');
  return slash != std::string_view::npos && IsHost(text.substr(0, slash)) &&
         IsPathAndTag(text.substr(slash + 1));
}

}  // namespace drove::epoch

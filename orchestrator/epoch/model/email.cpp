// Hand-written matchers for Epoch's e-mail patterns (see email.h).
#include "orchestrator/epoch/model/email.h"

namespace drove::epoch {
namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || (c >= '0' && c <= '9'); }
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IsEmailAddress(std::string_view text) {
  const size_t at = text.find('@');
  if (at == std::string_view::npos || at == 0) return false;
  for (char c : text.substr(0, at)) {
    if (!IsAlnum(c) && c != '.' && c != '_' && c != '%' && c != '+' && c != '-') return false;
  }
  const std::string_view host = text.substr(at + 1);
  const size_t dot = host.rfind('.');  // the top-level part holds no dot
  if (dot == std::string_view::npos || dot == 0) return false;
  for (char c : host.substr(0, dot)) {
    if (!IsAlnum(c) && c != '.' && c != '-') return false;
  }
  const std::string_view tld = host.substr(dot + 1);
  if (tld.size() < 2 || tld.size() > 6) return false;
  for (char c : tld) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

std::optional<std::vector<std::string>> ParseEmailList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    std::string_view part =
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    if (start > 0) {
      while (!part.empty() && IsSpace(part.front())) part.remove_prefix(1);
    }
    if (!IsEmailAddress(part)) return std::nullopt;
    out.emplace_back(part);
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

}  // namespace drove::epoch

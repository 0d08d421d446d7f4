// HttpRouter: pattern parsing and most-specific-match selection.
#include "orchestrator/core/net/http_router.h"

namespace drove::core {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (!path.empty() && path.back() == '/') path.remove_suffix(1);
  if (path.empty()) return out;
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

size_t HttpRouter::Add(std::string method, std::string_view pattern) {
  Entry entry{std::move(method), std::string(pattern), {}};
  for (std::string_view part : SplitPath(pattern)) {
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      std::string_view name = part.substr(1, part.size() - 2);
      bool rest = name.size() > 3 && name.substr(name.size() - 3) == "...";
      if (rest) name.remove_suffix(3);
      entry.segments.push_back({rest ? Segment::kRest : Segment::kParam, std::string(name)});
    } else {
      entry.segments.push_back({Segment::kLiteral, std::string(part)});
    }
  }
  routes_.push_back(std::move(entry));
  return routes_.size() - 1;
}

std::optional<std::vector<int>> HttpRouter::Rank(const Entry& entry,
                                                 const std::vector<std::string>& segments) {
  std::vector<int> rank;
  for (size_t i = 0; i < entry.segments.size(); ++i) {
    const Segment& seg = entry.segments[i];
    if (i >= segments.size()) return std::nullopt;  // a rest segment needs at least one too
    rank.push_back(seg.kind);
    if (seg.kind == Segment::kRest) return rank;
    if (seg.kind == Segment::kLiteral && seg.text != segments[i]) return std::nullopt;
  }
  if (entry.segments.size() != segments.size()) return std::nullopt;
  return rank;
}

void HttpRouter::FillParams(const Entry& entry, const std::vector<std::string>& segments,
                            std::map<std::string, std::string>* params) {
  for (size_t i = 0; i < entry.segments.size(); ++i) {
    const Segment& seg = entry.segments[i];
    if (seg.kind == Segment::kParam) (*params)[seg.text] = segments[i];
    if (seg.kind == Segment::kRest) {
      std::string rest;
      for (size_t j = i; j < segments.size(); ++j) {
        rest.append(j > i ? "/" : "").append(segments[j]);
      }
      (*params)[seg.text] = rest;
    }
  }
}

HttpRouter::Match HttpRouter::Find(const std::string& method,
                                   const std::vector<std::string>& segments) const {
  std::optional<std::vector<int>> best;
  std::vector<size_t> group;  // the routes of the most specific pattern
  for (size_t i = 0; i < routes_.size(); ++i) {
    auto rank = Rank(routes_[i], segments);
    if (!rank) continue;
    if (!best || *rank < *best) {
      best = rank;
      group.clear();
    }
    if (*rank == *best) group.push_back(i);
  }
  Match match;
  match.path_known = !group.empty();
  for (size_t i : group) {
    if (routes_[i].method == method) match.index = i;
  }
  if (!match.index && method == "HEAD") {
    for (size_t i : group) {
      if (routes_[i].method == "GET") match.index = i;
    }
  }
  if (!match.index) {
    for (size_t i : group) {
      const std::string& name = routes_[i].method;
      if (match.allowed.find(name) != std::string::npos) continue;
      if (!match.allowed.empty()) match.allowed.append(", ");
      match.allowed.append(name);
    }
    return match;
  }
  FillParams(routes_[*match.index], segments, &match.params);
  return match;
}

}  // namespace drove::core

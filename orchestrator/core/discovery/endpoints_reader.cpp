// The scan that finds the "data" items of an endpoints body, and the reuse of unchanged items.
#include "orchestrator/core/discovery/endpoints_reader.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace drove::discovery {
namespace {

using core::ExposedAppInfo;
using Apps = core::Result<std::vector<ExposedAppInfo>>;

// Where the envelope's list is ([list_begin, list_end) covers its brackets) and its items' text.
struct Layout {
  size_t list_begin = 0;
  size_t list_end = 0;
  std::vector<std::string_view> items;
};

// Finds value boundaries by brackets and string quotes only: it validates nothing, because every
// piece it cuts out is then parsed by the strict parser. Fails on anything unusual (escaped or
// repeated "data" key, trailing bytes), which sends the body to the whole parse.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  std::optional<Layout> Split() {
    Layout layout;
    int data_keys = 0;
    SkipSpace();
    if (!Take('{')) return std::nullopt;
    SkipSpace();
    bool more = !Take('}');
    while (more) {
      std::string_view key;
      if (!Key(&key)) return std::nullopt;
      SkipSpace();
      if (!Take(':')) return std::nullopt;
      SkipSpace();
      if (key == "data") {
        ++data_keys;
        if (!List(&layout)) return std::nullopt;
      } else if (!SkipValue()) {
        return std::nullopt;
      }
      SkipSpace();
      if (Take('}')) break;
      if (!Take(',')) return std::nullopt;
      SkipSpace();
    }
    SkipSpace();
    if (i_ != s_.size() || data_keys != 1) return std::nullopt;
    return layout;
  }

 private:
  bool Take(char c) {
    if (i_ >= s_.size() || s_[i_] != c) return false;
    ++i_;
    return true;
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }

  bool SkipString() {
    for (++i_; i_ < s_.size(); ++i_) {
      if (s_[i_] == '\\') {
        ++i_;
      } else if (s_[i_] == '"') {
        ++i_;
        return true;
      }
    }
    return false;
  }

  // A key without escapes (an escaped one could spell "data" in a way this scan would not see).
  bool Key(std::string_view* key) {
    if (i_ >= s_.size() || s_[i_] != '"') return false;
    size_t start = i_ + 1;
    if (!SkipString()) return false;
    *key = s_.substr(start, i_ - 1 - start);
    return key->find('\\') == std::string_view::npos;
  }

  bool SkipValue() {
    if (i_ >= s_.size()) return false;
    if (s_[i_] == '"') return SkipString();
    if (s_[i_] == '{' || s_[i_] == '[') return SkipNested();
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ']' && s_[i_] != '}' && s_[i_] != ' ' &&
           s_[i_] != '\t' && s_[i_] != '\n' && s_[i_] != '\r')
      ++i_;
    return i_ > start;
  }

  bool SkipNested() {
    int depth = 0;
    while (i_ < s_.size()) {
      char c = s_[i_];
      if (c == '"') {
        if (!SkipString()) return false;
        continue;
      }
      ++i_;
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return true;
    }
    return false;
  }

  bool List(Layout* layout) {
    layout->list_begin = i_;
    if (!Take('[')) return false;
    SkipSpace();
    bool more = !Take(']');
    while (more) {
      size_t start = i_;
      if (!SkipValue()) return false;
      layout->items.push_back(s_.substr(start, i_ - start));
      SkipSpace();
      if (Take(']')) break;
      if (!Take(',')) return false;
      SkipSpace();
    }
    layout->list_end = i_;
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

// One item read as the only item of a body, so ParseEndpointsResponse applies all its rules.
std::optional<ExposedAppInfo> ParseItem(std::string_view text) {
  std::string body = R"({"status":"SUCCESS","data":[)";
  body.append(text).append("]}");
  auto apps = ParseEndpointsResponse(body);
  if (!apps.ok() || apps->size() != 1) return std::nullopt;
  return std::move((*apps)[0]);
}

// The envelope with its list emptied must read as an empty list (status SUCCESS and the rest).
bool EnvelopeAccepted(std::string_view body, const Layout& layout) {
  std::string envelope(body.substr(0, layout.list_begin));
  envelope.append("[]").append(body.substr(layout.list_end));
  auto apps = ParseEndpointsResponse(envelope);
  return apps.ok() && apps->empty();
}

// Positions in body order, sorted by appId as ParseEndpointsResponse orders its apps (stable; a
// controller sends them sorted already).
std::vector<size_t> OrderByAppId(const std::vector<ExposedAppInfo>& apps) {
  std::vector<size_t> order(apps.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto by_id = [&](size_t a, size_t b) { return apps[a].app_id < apps[b].app_id; };
  if (!std::is_sorted(order.begin(), order.end(), by_id)) {
    std::stable_sort(order.begin(), order.end(), by_id);
  }
  return order;
}

}  // namespace

// `*shift` tracks the apps added or removed before this one, as in the worker views' lines.
const ExposedAppInfo* EndpointsReader::Same(std::string_view text, size_t at, ptrdiff_t* shift,
                                            const std::vector<ExposedAppInfo>* last) const {
  if (last == nullptr) return nullptr;
  for (ptrdiff_t step : {0, 1, -1}) {
    ptrdiff_t i = static_cast<ptrdiff_t>(at) + *shift + step;
    if (i >= 0 && static_cast<size_t>(i) < items_.size() && items_[i] == text &&
        ranks_[i] < last->size()) {
      *shift += step;
      return &(*last)[ranks_[i]];
    }
  }
  return nullptr;
}

Apps EndpointsReader::Read(std::string_view body, const std::vector<ExposedAppInfo>* last) {
  auto layout = Scanner(body).Split();
  if (!layout || !EnvelopeAccepted(body, *layout)) return ReadWhole(body);
  std::vector<ExposedAppInfo> apps;
  apps.reserve(layout->items.size());
  ptrdiff_t shift = 0;
  for (std::string_view text : layout->items) {
    if (const ExposedAppInfo* same = Same(text, apps.size(), &shift, last)) {
      apps.push_back(*same);
    } else if (auto parsed = ParseItem(text)) {
      apps.push_back(std::move(*parsed));
    } else {
      return ReadWhole(body);  // for its error message
    }
  }
  body_.assign(body);
  items_.clear();
  for (std::string_view text : layout->items) {
    items_.push_back(std::string_view(body_).substr(text.data() - body.data(), text.size()));
  }
  std::vector<size_t> order = OrderByAppId(apps);
  std::vector<ExposedAppInfo> sorted;
  sorted.reserve(apps.size());
  ranks_.assign(apps.size(), 0);
  for (size_t rank = 0; rank < order.size(); ++rank) {
    ranks_[order[rank]] = rank;
    sorted.push_back(std::move(apps[order[rank]]));
  }
  return sorted;
}

void EndpointsReader::Forget() {
  body_.clear();
  items_.clear();
  ranks_.clear();
}

Apps EndpointsReader::ReadWhole(std::string_view body) {
  Forget();
  return ParseEndpointsResponse(body);
}

}  // namespace drove::discovery

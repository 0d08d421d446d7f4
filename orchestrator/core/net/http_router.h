// Route patterns (literal, `{param}` and final `{rest...}` segments) and the choice of the most
// specific pattern for a request path, as JAX-RS orders them.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::core {

// "/a/b/" -> {"a","b"}: one trailing slash is ignored, as Jersey does.
std::vector<std::string_view> SplitPath(std::string_view path);

class HttpRouter {
 public:
  struct Match {
    std::optional<size_t> index;                // the route for path and method, if any
    bool path_known = false;                    // some pattern matches the path at all
    std::string allowed;                        // the path's methods ("GET, DELETE") for a 405
    std::map<std::string, std::string> params;  // `{name}` and `{name...}` values
  };

  // Adds `method pattern`; the index returned counts Add calls from 0.
  size_t Add(std::string method, std::string_view pattern);
  // The best-matching pattern for the (decoded) segments, then its route for `method` (HEAD
  // falls back to GET).
  Match Find(const std::string& method, const std::vector<std::string>& segments) const;
  const std::string& pattern(size_t index) const { return routes_[index].pattern; }

 private:
  struct Segment {
    enum Kind { kLiteral = 0, kParam = 1, kRest = 2 } kind;
    std::string text;  // literal text or parameter name
  };
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
  };

  // The segment kinds in order when `entry` matches; smaller is more specific.
  static std::optional<std::vector<int>> Rank(const Entry& entry,
                                              const std::vector<std::string>& segments);
  static void FillParams(const Entry& entry, const std::vector<std::string>& segments,
                         std::map<std::string, std::string>* params);

  std::vector<Entry> routes_;
};

}  // namespace drove::core

// Path-aware JSON field readers shared by every model's from-JSON code (Jackson-like leniency).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/status.h"

namespace drove::core {

// Thrown by every model reader; what() is the full `field.path: problem` text.
// The public Parse* functions catch it and return a Result instead.
class ParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

[[noreturn]] void ThrowParseError(const std::string& path, const std::string& problem);

// "a" + "b" -> "a.b"; "" + "b" -> "b".  "a" + 1 -> "a[1]".
std::string JoinPath(const std::string& parent, std::string_view key);
std::string IndexPath(const std::string& parent, size_t index);

// JSON type name for messages: "string", "number", "object", ...
std::string JsonTypeName(const nlohmann::json& j);

// Scalars, with the coercions Jackson applies by default: numbers and booleans are accepted
// where a string is expected; numeric strings and whole floats where an integer is expected.
std::string ReadString(const nlohmann::json& j, const std::string& path);
int64_t ReadInt64(const nlohmann::json& j, const std::string& path);
int32_t ReadInt32(const nlohmann::json& j, const std::string& path);
bool ReadBool(const nlohmann::json& j, const std::string& path);
std::vector<std::string> ReadStringList(const nlohmann::json& j, const std::string& path);
std::vector<int32_t> ReadInt32List(const nlohmann::json& j, const std::string& path);
std::map<std::string, std::string> ReadStringMap(const nlohmann::json& j, const std::string& path);
// Verifies `j` is an object (throws `path: expected object, got array` otherwise).
void RequireObject(const nlohmann::json& j, const std::string& path);

// Overloads so the generic helpers below can read these element types.
inline void ReadJson(const nlohmann::json& j, const std::string& path, std::string* out) {
  *out = ReadString(j, path);
}
inline void ReadJson(const nlohmann::json& j, const std::string& path, int64_t* out) {
  *out = ReadInt64(j, path);
}
inline void ReadJson(const nlohmann::json& j, const std::string& path, int32_t* out) {
  *out = ReadInt32(j, path);
}
inline void ReadJson(const nlohmann::json& j, const std::string& path, bool* out) {
  *out = ReadBool(j, path);
}
inline void ReadJson(const nlohmann::json& j, const std::string& path, nlohmann::json* out) {
  (void)path;
  *out = j;
}

// Reads an array of T, each element through ReadJson(elem, "path[i]", &t).
template <typename T>
std::vector<T> ReadList(const nlohmann::json& j, const std::string& path) {
  if (!j.is_array()) ThrowParseError(path, "expected array, got " + JsonTypeName(j));
  std::vector<T> out;
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    T item{};
    ReadJson(j[i], IndexPath(path, i), &item);
    out.push_back(std::move(item));
  }
  return out;
}

// Reads one JSON object's properties. Absent and null properties read the same (as absent).
class ObjectReader {
 public:
  // Throws ParseError unless `j` is an object.
  ObjectReader(const nlohmann::json& j, std::string path);

  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const { return JoinPath(path_, key); }
  // nullptr when absent or null.
  const nlohmann::json* Find(std::string_view key) const;

  std::string String(std::string_view key, std::string fallback = "") const;
  std::optional<std::string> OptString(std::string_view key) const;
  int64_t Int64(std::string_view key, int64_t fallback = 0) const;
  int32_t Int32(std::string_view key, int32_t fallback = 0) const;
  bool Bool(std::string_view key, bool fallback = false) const;
  std::optional<std::map<std::string, std::string>> OptStringMap(std::string_view key) const;
  std::map<std::string, std::string> StringMap(std::string_view key) const;

  // Any type with a ReadJson overload (models, enums, Duration, ...).
  template <typename T>
  std::optional<T> Opt(std::string_view key) const {
    const nlohmann::json* v = Find(key);
    if (v == nullptr) return std::nullopt;
    T out{};
    ReadJson(*v, PathOf(key), &out);
    return out;
  }
  template <typename T>
  T Get(std::string_view key, T fallback = T{}) const {
    std::optional<T> v = Opt<T>(key);
    return v ? std::move(*v) : std::move(fallback);
  }
  template <typename T>
  std::optional<std::vector<T>> OptList(std::string_view key) const {
    const nlohmann::json* v = Find(key);
    if (v == nullptr) return std::nullopt;
    return ReadList<T>(*v, PathOf(key));
  }
  template <typename T>
  std::vector<T> List(std::string_view key) const {
    std::optional<std::vector<T>> v = OptList<T>(key);
    return v ? std::move(*v) : std::vector<T>{};
  }

  // The `type` discriminator: exact match against `names`; returns the index of the match.
  // Throws `path.type: missing type id` / `path.type: unknown type "X" (known: A, B)`.
  size_t Discriminator(const std::vector<std::string_view>& names) const;

 private:
  const nlohmann::json& j_;
  std::string path_;
};

// Runs `read` (which may throw ParseError or nlohmann exceptions) and turns any failure into an
// error Result. Never throws.
template <typename T, typename F>
Result<T> CatchParse(F&& read) {
  try {
    return Result<T>(read());
  } catch (const ParseError& e) {
    return Result<T>::Error(e.what());
  } catch (const std::exception& e) {
    return Result<T>::Error(std::string("invalid JSON: ") + e.what());
  }
}

// Parses `j` as T through ReadJson(j, "", &t). Never throws.
template <typename T>
Result<T> ParseJson(const nlohmann::json& j) {
  return CatchParse<T>([&j] {
    T out{};
    ReadJson(j, "", &out);
    return out;
  });
}

// Parses text (UTF-8 JSON) then T. Syntax errors come back as `malformed JSON: ...`.
template <typename T>
Result<T> ParseJsonText(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Result<T>::Error("malformed JSON: could not parse the body");
  return ParseJson<T>(j);
}

// Output helper: sets j[key] only when the optional has a value (nulls are omitted on output).
template <typename T>
void SetIfPresent(nlohmann::json& j, const char* key, const std::optional<T>& value) {
  if (value.has_value()) j[key] = *value;
}

}  // namespace drove::core

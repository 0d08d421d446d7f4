// Path-aware JSON field readers: scalar coercions, object access and the `type` discriminator.
#include "orchestrator/core/model/json_fields.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace drove::core {

using nlohmann::json;

void ThrowParseError(const std::string& path, const std::string& problem) {
  throw ParseError(path.empty() ? problem : path + ": " + problem);
}

std::string JoinPath(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out = parent;
  out += '.';
  out += key;
  return out;
}

std::string IndexPath(const std::string& parent, size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string JsonTypeName(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "object";
    case json::value_t::array: return "array";
    case json::value_t::string: return "string";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    case json::value_t::binary: return "binary";
    case json::value_t::discarded: return "discarded";
  }
  return "unknown";
}

std::string ReadString(const json& j, const std::string& path) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_number() || j.is_boolean()) return j.dump();
  ThrowParseError(path, "expected string, got " + JsonTypeName(j));
}

int64_t ReadInt64(const json& j, const std::string& path) {
  if (j.is_number_integer() && !j.is_number_unsigned()) return j.get<int64_t>();
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      ThrowParseError(path, "number " + j.dump() + " is out of range");
    }
    return static_cast<int64_t>(v);
  }
  if (j.is_number_float()) {
    double d = j.get<double>();
    // 2^63 is exactly representable; anything at or above it does not fit.
    if (!std::isfinite(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
      ThrowParseError(path, "number " + j.dump() + " is out of range");
    }
    return static_cast<int64_t>(d);  // Jackson truncates floats read as integers
  }
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return v;
    ThrowParseError(path, "cannot read \"" + s + "\" as an integer");
  }
  ThrowParseError(path, "expected integer, got " + JsonTypeName(j));
}

int32_t ReadInt32(const json& j, const std::string& path) {
  int64_t v = ReadInt64(j, path);
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    ThrowParseError(path, "number " + std::to_string(v) + " is out of range of int");
  }
  return static_cast<int32_t>(v);
}

bool ReadBool(const json& j, const std::string& path) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s == "true") return true;
    if (s == "false") return false;
    ThrowParseError(path, "cannot read \"" + s + "\" as a boolean");
  }
  ThrowParseError(path, "expected boolean, got " + JsonTypeName(j));
}

std::vector<std::string> ReadStringList(const json& j, const std::string& path) {
  return ReadList<std::string>(j, path);
}

std::vector<int32_t> ReadInt32List(const json& j, const std::string& path) {
  return ReadList<int32_t>(j, path);
}

std::map<std::string, std::string> ReadStringMap(const json& j, const std::string& path) {
  RequireObject(j, path);
  std::map<std::string, std::string> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    // Jackson keeps a null map value as null; we keep it as "" so the map stays string->string.
    out[it.key()] = it.value().is_null() ? "" : ReadString(it.value(), JoinPath(path, it.key()));
  }
  return out;
}

void RequireObject(const json& j, const std::string& path) {
  if (!j.is_object()) ThrowParseError(path, "expected object, got " + JsonTypeName(j));
}

ObjectReader::ObjectReader(const json& j, std::string path) : j_(j), path_(std::move(path)) {
  RequireObject(j_, path_);
}

const json* ObjectReader::Find(std::string_view key) const {
  auto it = j_.find(key);
  if (it == j_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string ObjectReader::String(std::string_view key, std::string fallback) const {
  const json* v = Find(key);
  return v == nullptr ? std::move(fallback) : ReadString(*v, PathOf(key));
}

std::optional<std::string> ObjectReader::OptString(std::string_view key) const {
  const json* v = Find(key);
  if (v == nullptr) return std::nullopt;
  return ReadString(*v, PathOf(key));
}

int64_t ObjectReader::Int64(std::string_view key, int64_t fallback) const {
  const json* v = Find(key);
  return v == nullptr ? fallback : ReadInt64(*v, PathOf(key));
}

int32_t ObjectReader::Int32(std::string_view key, int32_t fallback) const {
  const json* v = Find(key);
  return v == nullptr ? fallback : ReadInt32(*v, PathOf(key));
}

bool ObjectReader::Bool(std::string_view key, bool fallback) const {
  const json* v = Find(key);
  return v == nullptr ? fallback : ReadBool(*v, PathOf(key));
}

std::optional<std::map<std::string, std::string>> ObjectReader::OptStringMap(
    std::string_view key) const {
  const json* v = Find(key);
  if (v == nullptr) return std::nullopt;
  return ReadStringMap(*v, PathOf(key));
}

std::map<std::string, std::string> ObjectReader::StringMap(std::string_view key) const {
  auto v = OptStringMap(key);
  return v ? std::move(*v) : std::map<std::string, std::string>{};
}

size_t ObjectReader::Discriminator(const std::vector<std::string_view>& names) const {
  const json* v = Find("type");
  std::string known;
  for (std::string_view n : names) {
    if (!known.empty()) known += ", ";
    known += n;
  }
  if (v == nullptr) ThrowParseError(PathOf("type"), "missing type id (known: " + known + ")");
  if (!v->is_string()) ThrowParseError(PathOf("type"), "expected string, got " + JsonTypeName(*v));
  const std::string& s = v->get_ref<const std::string&>();
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == s) return i;
  }
  ThrowParseError(PathOf("type"), "unknown type \"" + s + "\" (known: " + known + ")");
}

}  // namespace drove::core

// Shared helpers of the model parsers (see json.h).
#include "orchestrator/epoch/model/json.h"

namespace drove::epoch {

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string OptString(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) throw JsonError(std::string("'") + key + "' must be a string");
  return it->get<std::string>();
}

int64_t OptInt(const Json& object, const char* key, int64_t fallback) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return fallback;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_number_float()) {
    double value = it->get<double>();
    if (value == static_cast<double>(static_cast<int64_t>(value)))
      return static_cast<int64_t>(value);
  }
  if (it->is_string()) {
    // Jackson coerces numeric strings into int fields.
    const std::string text = it->get<std::string>();
    try {
      size_t used = 0;
      int64_t value = std::stoll(text, &used);
      if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
  }
  throw JsonError(std::string("'") + key + "' must be an integer");
}

}  // namespace drove::epoch

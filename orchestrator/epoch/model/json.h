// The JSON type of drove-epoch's wire models, and the helpers their parsers share.
//
// Epoch (Jackson) emits keys in declaration order with the polymorphic `type` first, and epoch-cli
// prints some objects key by key, so models use nlohmann's insertion-ordered json.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

namespace drove::epoch {

using Json = nlohmann::ordered_json;

// Thrown by model parsers for input Jackson would refuse (wrong type, unknown type id); the API
// answers it as 400 "JSON validation failure". Never crosses a module seam: parsers return Result.
class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Upper-cases ASCII letters: enum values are case-insensitive on input (Jackson's mapper setting).
std::string UpperAscii(std::string_view text);

// The string at key, or "" when absent or null; JsonError when present with another type.
std::string OptString(const Json& object, const char* key);
// The integer at key, or `fallback` when absent or null; JsonError for non-integers.
int64_t OptInt(const Json& object, const char* key, int64_t fallback);

}  // namespace drove::epoch

// Drove's response envelope ({status, data, message}) and the framework-style error bodies.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::core {

// {"status":"SUCCESS","data":data,"message":"success"}; `data` left out when null (drove-api 1.2).
nlohmann::json SuccessEnvelope(nlohmann::json data = nullptr);
// {"status":"FAILED","message":message} plus "data" when given and not null.
nlohmann::json FailedEnvelope(std::string_view message,
                              std::optional<nlohmann::json> data = std::nullopt);
// 400 (b): {"status":"FAILED","data":{"validationErrors":[...]},"message":"Command validation
// failure"}
nlohmann::json ValidationFailure(const std::vector<std::string>& errors);
// 400 (c): malformed JSON / bad enum / unknown type: "JSON validation failure".
nlohmann::json JsonValidationFailure(std::string_view error);
// 400 (a): {"status":"FAILED","message":"This node is not the leader controller"}
nlohmann::json NotLeaderEnvelope();
// 500: {"status":"FAILED","data":{"failure":what},"message":"Unexpected Server error"}
nlohmann::json ServerErrorEnvelope(std::string_view what);
// Dropwizard's default error body for 404/405/403 etc.: {"code":404,"message":"HTTP 404 Not Found"}
nlohmann::json FrameworkError(int code, std::string_view message);

// Serialises without throwing on invalid UTF-8 (bytes are replaced): log data may hold anything.
std::string DumpJson(const nlohmann::json& value);

}  // namespace drove::core

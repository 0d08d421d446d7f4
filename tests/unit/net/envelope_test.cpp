// Tests for Drove's envelope builders (exact wire texts).
#include "orchestrator/core/net/envelope.h"

#include <boost/test/unit_test.hpp>

namespace drove::core {

using nlohmann::json;

BOOST_AUTO_TEST_SUITE(envelope)

BOOST_AUTO_TEST_CASE(success_omits_null_data) {
  BOOST_TEST(SuccessEnvelope().dump() == R"({"message":"success","status":"SUCCESS"})");
  BOOST_TEST(SuccessEnvelope(json::array()).dump() ==
             R"({"data":[],"message":"success","status":"SUCCESS"})");
  BOOST_TEST(SuccessEnvelope({{"a", 1}})["data"]["a"] == 1);
}

BOOST_AUTO_TEST_CASE(failed_keeps_data_only_when_given) {
  BOOST_TEST(FailedEnvelope("App X not found").dump() ==
             R"({"message":"App X not found","status":"FAILED"})");
  BOOST_TEST(FailedEnvelope("x", json{{"deleted", false}})["data"]["deleted"] == false);
  BOOST_TEST(!FailedEnvelope("x", json(nullptr)).contains("data"));
}

BOOST_AUTO_TEST_CASE(validation_and_json_failures_have_drove_shape) {
  BOOST_TEST(
      ValidationFailure({"a: bad", "b: worse"}).dump() ==
      R"({"data":{"validationErrors":["a: bad","b: worse"]},"message":"Command validation failure","status":"FAILED"})");
  json j = JsonValidationFailure("Unexpected character");
  BOOST_TEST(j["message"] == "JSON validation failure");
  BOOST_TEST(j["data"]["validationErrors"] == json({"Unexpected character"}));
  BOOST_TEST(NotLeaderEnvelope().dump() ==
             R"({"message":"This node is not the leader controller","status":"FAILED"})");
  BOOST_TEST(ServerErrorEnvelope("npe")["data"]["failure"] == "npe");
  BOOST_TEST(FrameworkError(404, "HTTP 404 Not Found").dump() ==
             R"({"code":404,"message":"HTTP 404 Not Found"})");
}

BOOST_AUTO_TEST_CASE(dump_replaces_invalid_utf8_instead_of_throwing) {
  std::string out = DumpJson(json{{"data", std::string("a\xff")}});
  BOOST_TEST(out.find("\"data\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

// Unit tests for epoch-cli's response rules (handle_epoch_response).
#include "orchestrator/epoch_cli/epoch_client.h"

#include <boost/test/unit_test.hpp>

namespace drove::epoch_cli {
namespace {

std::string ErrorOf(int status, const std::string& body) {
  try {
    HandleEpochResponse(status, body);
  } catch (const EpochError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_cli_client)

BOOST_AUTO_TEST_CASE(success_returns_data_or_the_whole_object) {
  BOOST_TEST(HandleEpochResponse(200, R"({"status":"SUCCESS","data":true,"message":"success"})") ==
             Json(true));
  BOOST_TEST(HandleEpochResponse(200, R"({"status":"SUCCESS","message":"success"})") ==
             Json::parse(R"({"status":"SUCCESS","message":"success"})"));
}

BOOST_AUTO_TEST_CASE(failed_envelope_is_its_message) {
  BOOST_TEST(ErrorOf(200, R"({"status":"FAILED","message":"No such topology: X"})") ==
             "No such topology: X");
}

BOOST_AUTO_TEST_CASE(other_status_names_code_and_body) {
  const std::string body = R"({"status":"FAILED","message":"[3004]: Topology not found: X"})";
  BOOST_TEST(ErrorOf(404, body) == "Epoch call failed with status code: 404, error: " + body);
}

BOOST_AUTO_TEST_CASE(text_body_is_the_error_whatever_the_status) {
  BOOST_TEST(ErrorOf(401, "Credentials are required to access this resource.") ==
             "Credentials are required to access this resource.");
}

BOOST_AUTO_TEST_CASE(empty_body_names_the_status) {
  BOOST_TEST(ErrorOf(403, "") == "Epoch call failed with status code: 403");
}

BOOST_AUTO_TEST_CASE(json_without_status_is_the_raw_text) {
  BOOST_TEST(ErrorOf(200, R"({"leader":"http://h:8080"})") == R"({"leader":"http://h:8080"})");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch_cli

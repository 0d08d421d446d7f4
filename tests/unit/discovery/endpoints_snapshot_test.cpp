// Tests for ParseEndpointsResponse: Drove's envelope accepted as sent, anything wrong refused by
// name.
#include "orchestrator/core/discovery/endpoints_snapshot.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace drove::discovery {
namespace {

bool Refused(std::string_view body, std::string_view expected_part) {
  auto result = ParseEndpointsResponse(body);
  if (result.ok()) return false;
  BOOST_TEST_MESSAGE(result.error());
  return result.error().find(expected_part) != std::string::npos;
}

std::string WithData(const std::string& data) {
  return R"({"status":"SUCCESS","message":"success","data":)" + data + "}";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(endpoints_snapshot)

BOOST_AUTO_TEST_CASE(drove_body_is_read_and_sorted_by_app_id) {
  auto result = ParseEndpointsResponse(WithData(R"([
    {"appName":"B","appId":"B-1","vhost":"b.example","tags":{"t":"v"},
     "hosts":[{"host":"ex1","port":32001,"portType":"HTTP"},{"host":"ex2","port":32002,"portType":"HTTPS"}]},
    {"appName":"A","appId":"A-1","vhost":"a.example","hosts":[]}])"));
  BOOST_REQUIRE_MESSAGE(result.ok(), result.error());
  BOOST_REQUIRE(result->size() == 2u);
  const auto& a = (*result)[0];
  const auto& b = (*result)[1];
  BOOST_TEST(a.app_id == "A-1");
  BOOST_TEST(a.hosts.empty());
  BOOST_TEST(!a.tags.has_value());
  BOOST_TEST(b.app_name == "B");
  BOOST_TEST(b.vhost == "b.example");
  BOOST_TEST(b.tags->at("t") == "v");
  BOOST_REQUIRE(b.hosts.size() == 2u);
  BOOST_TEST(b.hosts[0].host == "ex1");
  BOOST_TEST(b.hosts[0].port == 32001);
  BOOST_TEST((b.hosts[1].port_type == core::PortType::kHttps));
}

BOOST_AUTO_TEST_CASE(port_name_is_read_when_our_controller_sends_it) {
  auto result = ParseEndpointsResponse(WithData(R"([{"appId":"A-1","vhost":"a",
     "hosts":[{"host":"ex1","port":1,"portType":"HTTP","portName":"web"},
              {"host":"ex2","port":2,"portType":"HTTP"}]}])"));
  BOOST_REQUIRE_MESSAGE(result.ok(), result.error());
  BOOST_TEST((*result)[0].hosts[0].port_name == "web");
  BOOST_TEST((*result)[0].hosts[1].port_name.empty());  // stock Drove: no name
  BOOST_TEST(Refused(WithData(R"([{"appId":"A-1","vhost":"a",
     "hosts":[{"host":"ex1","port":1,"portName":7}]}])"),
                     "data[0].hosts[0].portName: expected string"));
}

BOOST_AUTO_TEST_CASE(empty_list_and_missing_hosts_are_valid) {
  auto empty = ParseEndpointsResponse(WithData("[]"));
  BOOST_REQUIRE(empty.ok());
  BOOST_TEST(empty->empty());
  auto no_hosts = ParseEndpointsResponse(WithData(R"([{"appId":"A-1","vhost":"a"}])"));
  BOOST_REQUIRE_MESSAGE(no_hosts.ok(), no_hosts.error());
  BOOST_TEST((*no_hosts)[0].hosts.empty());
}

BOOST_AUTO_TEST_CASE(invalid_json_is_refused) {
  BOOST_TEST(Refused("", "invalid JSON"));
  BOOST_TEST(Refused("{\"status\":", "invalid JSON"));
  BOOST_TEST(Refused(std::string("\xff\xfe\x00\x01", 4), "invalid JSON"));
  BOOST_TEST(Refused("[]", "body: expected object"));
}

BOOST_AUTO_TEST_CASE(failed_status_is_refused_with_its_message) {
  BOOST_TEST(Refused(R"({"status":"FAILED","message":"This node is not the leader controller"})",
                     "status: FAILED (This node is not the leader controller)"));
  BOOST_TEST(Refused(R"({"data":[]})", "status: missing"));
}

BOOST_AUTO_TEST_CASE(data_that_is_not_a_list_is_refused) {
  BOOST_TEST(Refused(R"({"status":"SUCCESS"})", "data: missing"));
  BOOST_TEST(Refused(WithData("{}"), "data: expected list, got object"));
}

BOOST_AUTO_TEST_CASE(item_without_string_vhost_or_app_id_is_refused) {
  BOOST_TEST(Refused(WithData(R"([{"appId":"A-1"}])"), "data[0]: no vhost"));
  BOOST_TEST(Refused(WithData(R"([{"appId":"A-1","vhost":7}])"), "data[0].vhost: expected string"));
  BOOST_TEST(
      Refused(WithData(R"([{"appId":"A-1","vhost":"a"},{"vhost":"b"}])"), "data[1]: no appId"));
  BOOST_TEST(Refused(WithData(R"(["x"])"), "data[0]: expected object"));
  BOOST_TEST(Refused(WithData(R"([{"appId":"A","vhost":"a","tags":{"k":1}}])"), "data[0].tags.k"));
}

BOOST_AUTO_TEST_CASE(host_without_name_or_with_bad_port_is_refused) {
  auto app = [](const std::string& host) {
    return WithData(R"([{"appId":"A-1","vhost":"a","hosts":[)" + host + "]}]");
  };
  BOOST_TEST(Refused(app(R"({"port":80})"), "data[0].hosts[0]: no host"));
  BOOST_TEST(Refused(app(R"({"host":"","port":80})"), "data[0].hosts[0].host: empty host name"));
  BOOST_TEST(Refused(app(R"({"host":"h","port":0})"), "data[0].hosts[0].port: 0 outside 1..65535"));
  BOOST_TEST(Refused(app(R"({"host":"h","port":65536})"), "65536 outside 1..65535"));
  BOOST_TEST(
      Refused(app(R"({"host":"h","port":"80"})"), "data[0].hosts[0].port: expected integer"));
  BOOST_TEST(Refused(app(R"({"host":"h","port":8.5})"), "expected integer"));
  BOOST_TEST(Refused(app(R"({"host":"h"})"), "no port"));
  BOOST_TEST(Refused(app(R"({"host":"h","port":80,"portType":"GOPHER"})"), "portType"));
  BOOST_TEST(ParseEndpointsResponse(app(R"({"host":"h","port":65535})")).ok());
}

BOOST_AUTO_TEST_CASE(arbitrary_bytes_never_throw) {
  std::string body = WithData(R"([{"appId":"A-1","vhost":"a","hosts":[{"host":"h","port":1}]}])");
  for (size_t cut = 0; cut < body.size(); ++cut) {
    std::string mangled = body;
    mangled[cut] = static_cast<char>(mangled[cut] ^ 0x5a);
    BOOST_CHECK_NO_THROW(ParseEndpointsResponse(mangled));
    BOOST_CHECK_NO_THROW(ParseEndpointsResponse(body.substr(0, cut)));
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::discovery

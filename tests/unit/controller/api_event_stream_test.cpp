// GET /apis/v1/cluster/events/stream and GET /apis/v1/whoami through the real HttpServer over a
// FakeCore's event store: new events with consecutive ids, resumption, reset, the end on a clear
// (leadership changing hands), the follower's 400, and who each caller is.
#include <boost/test/unit_test.hpp>

#include "tests/unit/controller/api_test_support.h"
#include "tests/unit/net/raw_client.h"

namespace drove::controller::testing {
namespace {

using nlohmann::json;

constexpr char kStream[] = "/apis/v1/cluster/events/stream";

// One open stream on a raw socket and everything read from it so far, the head included.
struct OpenedStream {
  int fd = -1;
  std::string seen;

  // True once `marker` has arrived (now or earlier), within 3 s.
  bool Await(std::string_view marker) {
    if (seen.find(marker) == std::string::npos) seen += test::RawReadUntil(fd, marker, 3000);
    return seen.find(marker) != std::string::npos;
  }
  ~OpenedStream() { ::close(fd); }
};

// Opens the stream as admin; the reply's head has arrived when this returns.
std::unique_ptr<OpenedStream> OpenStream(LiveApi& api, const std::string& extra_headers = "") {
  auto stream = std::make_unique<OpenedStream>();
  stream->fd = test::RawConnect(api.Target().port);
  BOOST_REQUIRE(stream->fd >= 0);
  std::string request = std::string("GET ") + kStream +
                        " HTTP/1.1\r\nHost: x\r\nAuthorization: " + BasicAuth("admin", "admin") +
                        "\r\n" + extra_headers + "\r\n";
  ::send(stream->fd, request.data(), request.size(), MSG_NOSIGNAL);
  BOOST_REQUIRE(stream->Await("\r\n\r\n"));
  BOOST_REQUIRE(stream->seen.starts_with("HTTP/1.1 200 OK\r\n"));
  BOOST_TEST(stream->seen.find("Content-Type: text/event-stream\r\n") != std::string::npos);
  return stream;
}

// The `id:` values in what was read, in order.
std::vector<uint64_t> Ids(const std::string& text) {
  std::vector<uint64_t> ids;
  for (size_t at = text.find("\nid: "); at != std::string::npos; at = text.find("\nid: ", at + 1)) {
    ids.push_back(std::stoull(text.substr(at + 5)));
  }
  return ids;
}

void AddEvents(FakeCore& core, int n) {
  for (int i = 0; i < n; ++i) {
    core.event_store.Add(core::EventType::kInstanceStateChange, {{"N", i}});
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(api_event_stream)

BOOST_AUTO_TEST_CASE(new_events_arrive_with_consecutive_ids_and_a_clear_ends_the_stream) {
  LiveApi api;
  auto stream = OpenStream(api);
  AddEvents(api.core, 3);
  BOOST_REQUIRE(stream->Await("\"N\":2"));
  std::vector<uint64_t> ids = Ids(stream->seen);
  BOOST_REQUIRE_EQUAL(ids.size(), 3u);
  BOOST_TEST(ids[1] == ids[0] + 1);
  BOOST_TEST(ids[2] == ids[0] + 2);
  BOOST_TEST(stream->seen.find("data: {\"id\":") != std::string::npos);
  api.core.event_store.Clear();                // what a leadership change does
  BOOST_TEST(stream->Await("\r\n0\r\n\r\n"));  // the terminating chunk
}

BOOST_AUTO_TEST_CASE(last_event_id_resumes_after_it_and_an_unknown_id_resets) {
  LiveApi api;
  AddEvents(api.core, 3);
  uint64_t last = api.core.event_store.LastSequence();
  auto resumed = OpenStream(api, "Last-Event-ID: " + std::to_string(last - 2) + "\r\n");
  BOOST_REQUIRE(resumed->Await("\"N\":2"));
  BOOST_TEST((Ids(resumed->seen) == std::vector<uint64_t>{last - 1, last}));
  auto stale = OpenStream(api, "Last-Event-ID: 7\r\n");
  BOOST_TEST(stale->Await("event: reset\ndata: {}\n\n"));
}

BOOST_AUTO_TEST_CASE(bad_id_is_refused_naming_the_field_and_a_follower_answers_400) {
  LiveApi api;
  auto bad = api.Call("GET", std::string(kStream) + "?lastEventId=-1");
  BOOST_TEST(bad.status == 400);
  BOOST_TEST(bad.body.find("lastEventId: must be an event id") != std::string::npos);
  api.core.leader = false;
  BOOST_TEST(api.Call("GET", kStream).status == 400);
}

BOOST_AUTO_TEST_CASE(whoami_names_the_user_and_role_on_any_controller) {
  LiveApi api;
  api.core.leader = false;
  json guest = json::parse(
      api.Call("GET", "/apis/v1/whoami", "", {{"Authorization", BasicAuth("guest", "guest")}})
          .body);
  BOOST_TEST(guest["data"] == (json{{"user", "guest"}, {"role", "EXTERNAL_READ_ONLY"}}));
  json node =
      json::parse(api.Call("GET", "/apis/v1/whoami", "",
                           {{"Cluster-Authorization", "DefaultExecutorSecret"}, {"NodeId", "e1"}})
                      .body);
  BOOST_TEST(node["data"]["role"].is_null());
}

BOOST_AUTO_TEST_CASE(whoami_with_user_auth_off_is_droves_default_user_as_root) {
  ControllerConfig config = TestConfig();
  config.user_auth_enabled = false;
  LiveApi api(config);
  json body = json::parse(api.Call("GET", "/apis/v1/whoami", "", {}).body);
  BOOST_TEST(body["data"] == (json{{"user", "default-user"}, {"role", "EXTERNAL_ROOT"}}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::controller::testing

// RSYSLOG forwarding: one RFC 3164 datagram per output line, with the spec's tag.
#include "orchestrator/executor/logs/syslog_sink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

namespace drove::executor {
namespace {

// A UDP socket on 127.0.0.1 with a free port, standing in for the syslog server.
class UdpListener {
 public:
  UdpListener() : fd_(::socket(AF_INET, SOCK_DGRAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~UdpListener() { ::close(fd_); }

  std::string server() const { return "127.0.0.1:" + std::to_string(port_); }
  // Datagrams that arrive within 500 ms of each other.
  std::vector<std::string> Received() {
    std::vector<std::string> out;
    pollfd pfd{fd_, POLLIN, 0};
    char buf[2048];
    while (::poll(&pfd, 1, 500) > 0) {
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      out.emplace_back(buf, static_cast<size_t>(n));
    }
    return out;
  }

 private:
  int fd_;
  int port_ = 0;
};

bool EndsWith(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

BOOST_AUTO_TEST_SUITE(syslog_sink)

BOOST_AUTO_TEST_CASE(each_line_is_one_tagged_datagram_and_partial_lines_wait) {
  UdpListener server;
  {
    auto sink = SyslogSink::Open(server.server(), "drove-APP-1-x");
    BOOST_TEST_REQUIRE(sink.ok(), sink.error());
    BOOST_TEST((*sink)->Write("line one\nline tw"));
    BOOST_TEST((*sink)->Write("o\r\ntail without newline"));
  }
  auto got = server.Received();
  BOOST_TEST_REQUIRE(got.size() == 3u);
  for (const auto& datagram : got) BOOST_TEST(datagram.rfind("<14>", 0) == 0u);
  BOOST_TEST(EndsWith(got[0], " drove-APP-1-x: line one"));
  BOOST_TEST(EndsWith(got[1], " drove-APP-1-x: line two"));
  BOOST_TEST(EndsWith(got[2], " drove-APP-1-x: tail without newline"));
}

BOOST_AUTO_TEST_CASE(server_that_is_not_host_port_is_refused_naming_the_field) {
  for (const std::string bad : {"syslog.local", ":514", "host:"}) {
    auto sink = SyslogSink::Open(bad, "t");
    BOOST_TEST_REQUIRE(!sink.ok(), bad);
    BOOST_TEST(sink.error().rfind("logging.server: ", 0) == 0u, sink.error());
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::executor

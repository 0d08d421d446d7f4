// Tests for HostResolver: c-ares lookups through /etc/hosts (or a CARES_HOSTS file), numeric
// passthrough, failure within the timeout, and the last known addresses kept when a name stops
// resolving.
#include "orchestrator/core/discovery/host_resolver.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace drove::discovery {
namespace {

using std::chrono::milliseconds;

int64_t MsSince(std::chrono::steady_clock::time_point begin) {
  return std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - begin).count();
}

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Points c-ares at a private hosts file for the life of the object.
class HostsFile {
 public:
  HostsFile()
      : path_(std::filesystem::temp_directory_path() /
              ("drove-hosts-" + std::to_string(::getpid()))) {
    Write("127.0.0.1 localhost\n");
    ::setenv("CARES_HOSTS", path_.c_str(), 1);
  }
  ~HostsFile() {
    ::unsetenv("CARES_HOSTS");
    std::filesystem::remove(path_);
  }
  void Write(const std::string& text) { std::ofstream(path_) << text; }

 private:
  std::filesystem::path path_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(host_resolver)

BOOST_AUTO_TEST_CASE(localhost_resolves_to_loopback) {
  HostResolver resolver(milliseconds(2000));
  auto result = resolver.Resolve({"localhost"});
  BOOST_REQUIRE(result.count("localhost") == 1u);
  BOOST_TEST(Contains(result["localhost"].ipv4, "127.0.0.1"));
}

BOOST_AUTO_TEST_CASE(numeric_addresses_pass_through_without_lookup) {
  HostResolver resolver(milliseconds(10));
  auto result = resolver.Resolve({"10.1.2.3", "::1", "fe80::1"});
  BOOST_TEST(result["10.1.2.3"].ipv4 == std::vector<std::string>{"10.1.2.3"});
  BOOST_TEST(result["10.1.2.3"].ipv6.empty());
  BOOST_TEST(result["::1"].ipv6 == std::vector<std::string>{"::1"});
  BOOST_TEST(result["fe80::1"].ipv6 == std::vector<std::string>{"fe80::1"});
}

BOOST_AUTO_TEST_CASE(unresolvable_name_is_empty_within_the_timeout) {
  HostResolver resolver(milliseconds(800));
  auto begin = std::chrono::steady_clock::now();
  auto result = resolver.Resolve({"no-such-host.invalid", "localhost"});
  BOOST_TEST(MsSince(begin) < 1500);
  BOOST_TEST(result["no-such-host.invalid"].empty());
  BOOST_TEST(Contains(result["localhost"].ipv4, "127.0.0.1"));
}

BOOST_AUTO_TEST_CASE(name_that_stops_resolving_keeps_its_last_known_addresses) {
  HostsFile hosts;
  hosts.Write("127.0.0.1 localhost\n10.9.8.7 executor-7.test\n");
  HostResolver resolver(milliseconds(500));
  auto first = resolver.Resolve({"executor-7.test"}, std::chrono::seconds(0));
  BOOST_TEST(first["executor-7.test"].ipv4 == std::vector<std::string>{"10.9.8.7"});
  hosts.Write("127.0.0.1 localhost\n");
  auto second = resolver.Resolve({"executor-7.test"}, std::chrono::seconds(0));
  BOOST_TEST(second["executor-7.test"].ipv4 == std::vector<std::string>{"10.9.8.7"});
}

BOOST_AUTO_TEST_CASE(fresh_cache_entries_are_not_looked_up_again) {
  HostsFile hosts;
  hosts.Write("10.9.8.7 executor-8.test\n");
  HostResolver resolver(milliseconds(500));
  BOOST_TEST(resolver.Resolve({"executor-8.test"})["executor-8.test"].ipv4 ==
             std::vector<std::string>{"10.9.8.7"});
  hosts.Write("10.9.8.9 executor-8.test\n");
  BOOST_TEST(resolver.Resolve({"executor-8.test"})["executor-8.test"].ipv4 ==
             std::vector<std::string>{"10.9.8.7"});
  auto refreshed = resolver.Resolve({"executor-8.test"}, std::chrono::seconds(0));
  BOOST_TEST(refreshed["executor-8.test"].ipv4 == std::vector<std::string>{"10.9.8.9"});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::discovery

// The process_* series read from /proc describe this very test process.
#include "orchestrator/core/metrics/process_metrics.h"

#include <boost/test/unit_test.hpp>
#include <ctime>
#include <map>
#include <sstream>
#include <string>

namespace drove::core {
namespace {

// name -> value of the unlabelled samples in a text.
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

BOOST_AUTO_TEST_SUITE(process_metrics)

BOOST_AUTO_TEST_CASE(describe_the_running_process) {
  volatile double spin = 0;
  for (int i = 0; i < 2'000'000; ++i) spin = spin + i;  // some CPU time to report
  PrometheusText out;
  WriteProcessMetrics(out);
  auto samples = Samples(out.text());
  BOOST_TEST(samples.size() == 6u);
  BOOST_TEST(samples["process_resident_memory_bytes"] > 1024 * 1024);
  BOOST_TEST(samples["process_virtual_memory_bytes"] >= samples["process_resident_memory_bytes"]);
  BOOST_TEST(samples["process_open_fds"] >= 3);  // stdin, stdout, stderr
  BOOST_TEST(samples["process_max_fds"] >= samples["process_open_fds"]);
  const double now = static_cast<double>(std::time(nullptr));
  BOOST_TEST(samples["process_start_time_seconds"] <= now + 1);
  BOOST_TEST(samples["process_start_time_seconds"] > now - 3600);
  BOOST_TEST(samples["process_cpu_seconds_total"] >= 0);
  BOOST_TEST(out.text().find("# TYPE process_cpu_seconds_total counter") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

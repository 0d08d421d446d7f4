// process_* series from /proc/self/stat, /proc/self/fd and the open-files limit.
#include "orchestrator/core/metrics/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <limits>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace drove::core {
namespace {

// The fields of /proc/self/stat after the command name, which may itself hold spaces and ')'.
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  auto end_of_name = line.rfind(')');
  if (end_of_name == std::string::npos) return {};
  std::istringstream rest(line.substr(end_of_name + 1));
  std::vector<std::string> fields;
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

// Seconds since the epoch at which the machine booted ("btime" in /proc/stat).
std::optional<double> BootTime() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double seconds = 0;
      if (in >> seconds) return seconds;
      return std::nullopt;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return std::nullopt;
}

std::optional<int64_t> OpenFds() {
  std::error_code error;
  int64_t count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  if (error) return std::nullopt;
  return count - 1;  // the iterator's own descriptor
}

void Gauge(PrometheusText& out, const char* name, const char* help, double value) {
  out.Family(name, MetricType::kGauge, help);
  out.Sample(name, {}, value);
}

}  // namespace

void WriteProcessMetrics(PrometheusText& out) {
  // Field numbers of proc(5), counted from 1 at pid; fields[0] here is field 3 (state).
  const std::vector<std::string> stat = StatFields();
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (stat.size() > 21 && ticks > 0) {
    const double cpu = (std::stod(stat[11]) + std::stod(stat[12])) / ticks;  // utime + stime
    out.Family("process_cpu_seconds_total", MetricType::kCounter,
               "User and system CPU time spent in seconds.");
    out.Sample("process_cpu_seconds_total", {}, cpu);
    Gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
          std::stod(stat[20]));
    Gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.",
          std::stod(stat[21]) * page);
    if (auto boot = BootTime()) {
      Gauge(out, "process_start_time_seconds",
            "Start time of the process since unix epoch in seconds.",
            *boot + std::stod(stat[19]) / ticks);
    }
  }
  if (auto fds = OpenFds()) {
    Gauge(out, "process_open_fds", "Number of open file descriptors.",
          static_cast<double>(*fds));
  }
  if (rlimit limit{}; getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    Gauge(out, "process_max_fds", "Maximum number of open file descriptors.",
          static_cast<double>(limit.rlim_cur));
  }
}

}  // namespace drove::core

// Host layout: parsing a fake /sys tree, osCores, exposed memory and overprovisioning.
#include "orchestrator/executor/resources/host_layout.h"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace drove::executor {
namespace {

namespace fs = std::filesystem;

struct FakeSys {
  fs::path root;
  FakeSys() {
    static int counter = 0;
    root = fs::temp_directory_path() /
           ("drove-sys-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  }
  ~FakeSys() { fs::remove_all(root); }
  void Write(const std::string& rel, const std::string& content) {
    fs::create_directories((root / rel).parent_path());
    std::ofstream(root / rel) << content;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(host_layout)

BOOST_AUTO_TEST_CASE(cpu_lists_parse_ranges) {
  BOOST_CHECK(ParseCpuList("0-3,8,10-11\n").value() ==
              (std::vector<int>{0, 1, 2, 3, 8, 10, 11}));
  BOOST_CHECK(!ParseCpuList("3-1").ok());
}

BOOST_AUTO_TEST_CASE(numa_nodes_are_read_from_sys) {
  FakeSys sys;
  sys.Write("devices/system/node/node0/cpulist", "0-1\n");
  sys.Write("devices/system/node/node0/meminfo", "Node 0 MemTotal:       2097152 kB\n");
  sys.Write("devices/system/node/node1/cpulist", "2-3\n");
  sys.Write("devices/system/node/node1/meminfo", "Node 1 MemTotal:       1048576 kB\n");
  sys.Write("devices/system/node/possible", "0-1\n");
  auto layout = ReadHostLayout(sys.root.string(), "/nonexistent");
  BOOST_REQUIRE(layout.ok());
  BOOST_CHECK(layout->cores.at(0) == (std::vector<int>{0, 1}));
  BOOST_CHECK(layout->cores.at(1) == (std::vector<int>{2, 3}));
  BOOST_CHECK_EQUAL(layout->memory_mb.at(0), 2048);
  BOOST_CHECK_EQUAL(layout->memory_mb.at(1), 1024);
}

BOOST_AUTO_TEST_CASE(without_numa_falls_back_to_online_cpus) {
  FakeSys sys;
  sys.Write("devices/system/cpu/online", "0-3\n");
  sys.Write("meminfo", "MemTotal:        4194304 kB\nMemFree: 1 kB\n");
  auto layout = ReadHostLayout(sys.root.string(), (sys.root / "meminfo").string());
  BOOST_REQUIRE(layout.ok());
  BOOST_CHECK(layout->cores.at(0) == (std::vector<int>{0, 1, 2, 3}));
  BOOST_CHECK_EQUAL(layout->memory_mb.at(0), 4096);
}

BOOST_AUTO_TEST_CASE(os_cores_and_memory_percentage_are_removed) {
  NodeLayout physical{{{0, {0, 1, 2, 3}}}, {{0, 1000}}};
  LayoutOptions options;
  options.os_cores = {0};
  options.exposed_mem_percentage = 80;
  ResourceLayout layout(physical, options);
  BOOST_CHECK(layout.offered().cores.at(0) == (std::vector<int>{1, 2, 3}));
  BOOST_CHECK_EQUAL(layout.offered().memory_mb.at(0), 800);
  BOOST_CHECK(layout.PhysicalCores(0, {2, 3}) == (std::vector<int>{2, 3}));
}

BOOST_AUTO_TEST_CASE(overprovisioning_offers_unique_virtual_cores) {
  NodeLayout physical{{{0, {0, 1}}, {1, {2, 3}}}, {{0, 100}, {1, 100}}};
  LayoutOptions options;
  options.over_provisioning = true;
  options.cpu_multiplier = 2;
  options.memory_multiplier = 3;
  ResourceLayout layout(physical, options);
  BOOST_CHECK(layout.offered().cores.at(0) == (std::vector<int>{0, 1, 2, 3}));
  BOOST_CHECK(layout.offered().cores.at(1) == (std::vector<int>{4, 5, 6, 7}));
  BOOST_CHECK_EQUAL(layout.offered().memory_mb.at(1), 300);
  // Virtual k of a node maps to physical (k mod count) of that node.
  BOOST_CHECK(layout.PhysicalCores(0, {0, 2}) == (std::vector<int>{0}));
  BOOST_CHECK(layout.PhysicalCores(0, {1, 2}) == (std::vector<int>{0, 1}));
  BOOST_CHECK(layout.PhysicalCores(1, {5, 7}) == (std::vector<int>{3}));
  BOOST_CHECK(layout.PhysicalCores(1, {4}) == (std::vector<int>{2}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

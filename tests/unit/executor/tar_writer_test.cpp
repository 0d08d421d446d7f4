// The ustar writer: headers, checksums, parent directories, padding; checked with tar(1).
#include "orchestrator/executor/engine/tar_writer.h"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace drove::executor {

BOOST_AUTO_TEST_SUITE(tar_writer)

BOOST_AUTO_TEST_CASE(archive_is_block_aligned_with_directories_first) {
  TarWriter writer;
  BOOST_REQUIRE(writer.AddFile("/etc/app/config.yml", "key: value\n"));
  std::string tar = writer.Finish();
  BOOST_CHECK_EQUAL(tar.size() % 512, 0u);
  // etc, etc/app, the file header, one data block, two end blocks.
  BOOST_CHECK_EQUAL(tar.size(), 512u * 6);
  BOOST_CHECK_EQUAL(std::string(tar.data(), 3), "etc");
  BOOST_CHECK_EQUAL(tar[156], '5');
  BOOST_CHECK_EQUAL(std::string(tar.data() + 257, 5), "ustar");
  BOOST_CHECK_EQUAL(std::string(tar.data() + 1024, 18), "etc/app/config.yml");
  BOOST_CHECK_EQUAL(tar[1024 + 156], '0');
  BOOST_CHECK_EQUAL(std::string(tar.data() + 1536, 11), "key: value\n");
}

BOOST_AUTO_TEST_CASE(checksum_matches_header_bytes) {
  TarWriter writer;
  BOOST_REQUIRE(writer.AddFile("a.txt", "x"));
  std::string tar = writer.Finish();
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
  BOOST_CHECK_EQUAL(std::strtoul(tar.substr(148, 6).c_str(), nullptr, 8), sum);
}

BOOST_AUTO_TEST_CASE(system_tar_extracts_long_paths) {
  std::string long_dir(60, 'd');
  std::string deep = long_dir + "/" + long_dir;
  TarWriter writer;
  BOOST_REQUIRE(writer.AddFile("/opt/" + deep + "/conf/x.properties", "a=1\n"));
  BOOST_REQUIRE(writer.AddFile("/opt/other.txt", std::string(1000, 'z')));
  std::string tar = writer.Finish();
  auto dir = std::filesystem::temp_directory_path() / ("tarw-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  { std::ofstream(dir / "a.tar", std::ios::binary) << tar; }
  std::string cmd = "tar -xf " + (dir / "a.tar").string() + " -C " + dir.string();
  BOOST_REQUIRE_EQUAL(std::system(cmd.c_str()), 0);
  std::ifstream in(dir / "opt" / long_dir / long_dir / "conf" / "x.properties");
  std::stringstream content;
  content << in.rdbuf();
  BOOST_CHECK_EQUAL(content.str(), "a=1\n");
  BOOST_CHECK_EQUAL(std::filesystem::file_size(dir / "opt" / "other.txt"), 1000u);
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(overlong_name_component_is_refused) {
  TarWriter writer;
  BOOST_CHECK(!writer.AddFile(std::string(150, 'n'), "x"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

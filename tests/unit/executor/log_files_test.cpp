// Log files: Drove's read protocol, listing, path checks, and size-based rotation.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "orchestrator/executor/logs/log_file_writer.h"
#include "orchestrator/executor/logs/log_files_api.h"

namespace drove::executor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("drove-logs-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void WriteFile(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary) << content;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(log_files)

BOOST_AUTO_TEST_CASE(tail_handshake_returns_file_size) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "0123456789");
  auto reply = ReadLogFile(dir.path.string(), "output.log", -1, -1);
  BOOST_CHECK_EQUAL(reply.status, 200);
  BOOST_CHECK_EQUAL(json::parse(reply.body), json::parse(R"({"data":"","offset":10})"));
}

BOOST_AUTO_TEST_CASE(read_returns_requested_offset_and_chunk) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "0123456789");
  auto body = json::parse(ReadLogFile(dir.path.string(), "output.log", 3, 4).body);
  BOOST_CHECK_EQUAL(body["data"], "3456");
  BOOST_CHECK_EQUAL(body["offset"], 3);
  body = json::parse(ReadLogFile(dir.path.string(), "output.log", 8, -1).body);
  BOOST_CHECK_EQUAL(body["data"], "89");
  BOOST_CHECK_EQUAL(body["offset"], 8);
  body = json::parse(ReadLogFile(dir.path.string(), "output.log", 50, -1).body);
  BOOST_CHECK_EQUAL(body["data"], "");
  BOOST_CHECK_EQUAL(body["offset"], 50);
}

BOOST_AUTO_TEST_CASE(default_length_is_32k) {
  TempDir dir;
  WriteFile(dir.path / "output.log", std::string(40000, 'a'));
  auto body = json::parse(ReadLogFile(dir.path.string(), "output.log", 0, -1).body);
  BOOST_CHECK_EQUAL(body["data"].get<std::string>().size(), 32768u);
}

BOOST_AUTO_TEST_CASE(negative_offset_with_length_is_400) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "abc");
  auto reply = ReadLogFile(dir.path.string(), "output.log", -1, 10);
  BOOST_CHECK_EQUAL(reply.status, 400);
  BOOST_CHECK(json::parse(reply.body).contains("error"));
}

BOOST_AUTO_TEST_CASE(path_traversal_is_refused) {
  BOOST_CHECK(!LogFolder("/var/log", "..", "x"));
  BOOST_CHECK(!LogFolder("/var/log", "a", "b/c"));
  BOOST_CHECK(LogFolder("/var/log", "app-1", "AI-1").value() == "/var/log/app-1/AI-1");
  TempDir dir;
  BOOST_CHECK_EQUAL(ReadLogFile(dir.path.string(), "../etc", 0, 1).status, 400);
  BOOST_CHECK_EQUAL(DownloadLogFile(dir.path.string(), "..", "x").status, 400);
}

BOOST_AUTO_TEST_CASE(list_shows_only_output_files) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "a");
  WriteFile(dir.path / "output.log.1", "b");
  WriteFile(dir.path / "other.txt", "c");
  auto body = json::parse(ListLogFiles(dir.path.string()).body);
  BOOST_CHECK_EQUAL(body, json::parse(R"({"files":["output.log","output.log.1"]})"));
  BOOST_CHECK_EQUAL(json::parse(ListLogFiles((dir.path / "none").string()).body)["files"].size(),
                    0u);
}

BOOST_AUTO_TEST_CASE(download_sets_attachment_header) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "bytes\n");
  auto reply = DownloadLogFile(dir.path.string(), "output.log", "output.log");
  BOOST_CHECK_EQUAL(reply.body, "bytes\n");
  BOOST_CHECK_EQUAL(reply.headers["Content-Disposition"], "attachment; filename=output.log");
}

BOOST_AUTO_TEST_CASE(rotation_keeps_at_most_max_files) {
  TempDir dir;
  std::string folder = (dir.path / "app" / "AI-1").string();
  LogFileWriter writer(folder, 100, 3);
  for (int i = 0; i < 10; ++i) BOOST_REQUIRE(writer.Write(std::string(60, 'a' + i)));
  auto files = json::parse(ListLogFiles(folder).body)["files"];
  BOOST_CHECK_EQUAL(files, json::parse(R"(["output.log","output.log.1","output.log.2"])"));
  // Newest data is in output.log, the one before it in .1.
  BOOST_CHECK_EQUAL(fs::file_size(fs::path(folder) / "output.log"), 60u);
  std::ifstream one(fs::path(folder) / "output.log.1");
  std::string content;
  std::getline(one, content);
  BOOST_CHECK_EQUAL(content, std::string(60, 'i'));
  BOOST_CHECK_GT(LogFileWriter::LastWriteTime(folder), 0);
}

BOOST_AUTO_TEST_CASE(writes_that_fit_share_a_file) {
  TempDir dir;
  LogFileWriter writer(dir.path.string(), 100, 2);
  BOOST_REQUIRE(writer.Write(std::string(40, 'a')));
  BOOST_REQUIRE(writer.Write(std::string(40, 'b')));
  BOOST_CHECK_EQUAL(fs::file_size(dir.path / "output.log"), 80u);
  BOOST_CHECK(!fs::exists(dir.path / "output.log.1"));
}

BOOST_AUTO_TEST_CASE(symlinks_in_the_log_folder_are_never_followed) {
  TempDir dir;
  WriteFile(dir.path / "secret.txt", "top secret");
  fs::create_directories(dir.path / "logs" / "app" / "AI-1");
  const fs::path folder = dir.path / "logs" / "app" / "AI-1";
  WriteFile(folder / "output.log", "mine");
  fs::create_symlink(dir.path / "secret.txt", folder / "output.log.1");
  BOOST_CHECK_EQUAL(json::parse(ListLogFiles(folder.string()).body),
                    json::parse(R"({"files":["output.log"]})"));
  BOOST_CHECK_EQUAL(ReadLogFile(folder.string(), "output.log.1", 0, -1).status, 400);
  auto download = DownloadLogFile(folder.string(), "output.log.1", "x");
  BOOST_CHECK_EQUAL(download.status, 400);
  BOOST_CHECK(download.body.find("top secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_linked_instance_or_app_folder_is_refused) {
  TempDir dir;
  const std::string logs = (dir.path / "logs").string();
  fs::create_directories(dir.path / "elsewhere" / "AI-1");
  WriteFile(dir.path / "elsewhere" / "AI-1" / "output.log", "not yours");
  fs::create_directories(dir.path / "logs" / "app");
  fs::create_directory_symlink(dir.path / "elsewhere", dir.path / "logs" / "linked-app");
  fs::create_directory_symlink(dir.path / "elsewhere" / "AI-1", dir.path / "logs" / "app" / "AI-2");
  BOOST_CHECK(!LogFolder(logs, "linked-app", "AI-1"));
  BOOST_CHECK(!LogFolder(logs, "app", "AI-2"));
  // Even handed such a folder directly, the readers do not follow its last component.
  const std::string linked = logs + "/app/AI-2";
  BOOST_CHECK_EQUAL(ReadLogFile(linked, "output.log", 0, -1).status, 400);
  BOOST_CHECK_EQUAL(json::parse(ListLogFiles(linked).body)["files"].size(), 0u);
}

BOOST_AUTO_TEST_CASE(nul_control_bytes_and_absolute_names_are_refused) {
  TempDir dir;
  WriteFile(dir.path / "output.log", "x");
  const std::string folder = dir.path.string();
  for (const std::string& name : {std::string("output.log\0.txt", 15), std::string("a\r\nb"),
                                  std::string("/etc/passwd"), std::string("."), std::string("")}) {
    BOOST_CHECK_EQUAL(ReadLogFile(folder, name, 0, -1).status, 400);
    BOOST_CHECK_EQUAL(DownloadLogFile(folder, name, name).status, 400);
  }
  BOOST_CHECK(!LogFolder(folder, std::string("a\0b", 3), "x"));
  BOOST_CHECK(!LogFolder(folder, "/etc", "x"));
}

BOOST_AUTO_TEST_CASE(special_files_are_not_read) {
  TempDir dir;
  fs::create_directory(dir.path / "output.dir");
  BOOST_REQUIRE_EQUAL(::mkfifo((dir.path / "output.fifo").c_str(), 0600), 0);
  for (const char* name : {"output.dir", "output.fifo"}) {
    BOOST_CHECK_EQUAL(ReadLogFile(dir.path.string(), name, 0, -1).status, 400);  // no block
    BOOST_CHECK_EQUAL(DownloadLogFile(dir.path.string(), name, name).status, 400);
  }
  BOOST_CHECK_EQUAL(json::parse(ListLogFiles(dir.path.string()).body)["files"].size(), 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

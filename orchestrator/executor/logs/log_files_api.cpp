// Implements Drove's log read protocol: tail handshake at offset -1, 32 KB default chunks,
// the requested offset echoed back, 400 {"error"} for bad requests.
#include "orchestrator/executor/logs/log_files_api.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

namespace drove::executor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int64_t kDefaultChunk = 32768;
constexpr int64_t kMaxChunk = 8 << 20;  // bounds memory per request

LogApiReply Error(int status, const std::string& message) {
  LogApiReply reply;
  reply.status = status;
  reply.body = json{{"error", message}}.dump();
  return reply;
}

bool IsSafeSegment(const std::string& segment) {
  return !segment.empty() && segment != "." && segment != ".." &&
         segment.find('/') == std::string::npos && segment.find('\0') == std::string::npos;
}

}  // namespace

std::optional<std::string> LogFolder(const std::string& log_dir, const std::string& p1,
                                     const std::string& p2) {
  if (!IsSafeSegment(p1) || !IsSafeSegment(p2)) return std::nullopt;
  return log_dir + "/" + p1 + "/" + p2;
}

bool IsSafeLogFileName(const std::string& name) { return IsSafeSegment(name); }

LogApiReply ListLogFiles(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(folder, ec)) {
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::string name = entry.path().filename().string();
      if (name.rfind("output.", 0) == 0 && entry.is_regular_file(ec)) files.push_back(name);
    }
  }
  std::sort(files.begin(), files.end());
  LogApiReply reply;
  reply.body = json{{"files", files}}.dump();
  return reply;
}

LogApiReply ReadLogFile(const std::string& folder, const std::string& file, int64_t offset,
                        int64_t length) {
  if (!IsSafeLogFileName(file)) return Error(400, "Invalid file name: " + file);
  if (offset < -1 || length < -1) return Error(400, "offset and length must be >= -1");
  std::string path = folder + "/" + file;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return Error(400, "File not found: " + file);
  auto size = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec) return Error(400, "Cannot read file: " + file);
  LogApiReply reply;
  if (offset == -1 && length == -1) {
    reply.body = json{{"data", ""}, {"offset", size}}.dump();
    return reply;
  }
  if (offset == -1) return Error(400, "Negative seek offset");
  int64_t want = std::min(length == -1 ? kDefaultChunk : length, kMaxChunk);
  std::string data;
  if (offset < size && want > 0) {
    std::ifstream in(path, std::ios::binary);
    in.seekg(offset);
    data.resize(static_cast<size_t>(std::min(want, size - offset)));
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<size_t>(in.gcount()));
  }
  // Output bytes are not guaranteed UTF-8; replace what JSON cannot carry instead of failing.
  reply.body = json{{"data", data}, {"offset", offset}}.dump(-1, ' ', false,
                                                            json::error_handler_t::replace);
  return reply;
}

LogApiReply DownloadLogFile(const std::string& folder, const std::string& file,
                            const std::string& download_name) {
  if (!IsSafeLogFileName(file)) return Error(400, "Invalid file name: " + file);
  std::ifstream in(folder + "/" + file, std::ios::binary);
  if (!in) return Error(400, "File not found: " + file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  LogApiReply reply;
  reply.content_type = "text/plain";
  reply.headers["Content-Disposition"] = "attachment; filename=" + download_name;
  reply.body = buffer.str();
  return reply;
}

}  // namespace drove::executor

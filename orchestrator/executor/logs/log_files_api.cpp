// Implements Drove's log read protocol: tail handshake at offset -1, 32 KB default chunks,
// the requested offset echoed back, 400 {"error"} for bad requests. Only regular files directly
// inside the instance's folder are ever opened: names are single segments, and no symlink is
// followed below the executor's logDir (one could point anywhere on the host).
#include "orchestrator/executor/logs/log_files_api.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace drove::executor {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int64_t kDefaultChunk = 32768;
constexpr int64_t kMaxChunk = 8 << 20;  // bounds memory per request

LogApiReply Error(int status, const std::string& message) {
  LogApiReply reply;
  reply.status = status;
  reply.body = json{{"error", message}}.dump(-1, ' ', false, json::error_handler_t::replace);
  return reply;
}

// Control bytes (NUL, CR/LF) have no place in a file name and would reach the download's
// Content-Disposition header.
bool IsSafeSegment(const std::string& segment) {
  if (segment.empty() || segment == "." || segment == "..") return false;
  return std::none_of(segment.begin(), segment.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return c == '/' || byte < 0x20 || byte == 0x7f;
  });
}

// True unless `path` exists as something other than a real directory (a symlink above all).
bool NotALinkedFolder(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return true;  // missing: nothing to read there
  return S_ISDIR(info.st_mode);
}

// An open file descriptor, closed on scope exit.
class OpenFile {
 public:
  explicit OpenFile(int fd) : fd_(fd) {}
  ~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

// Opens <folder>/<file> for reading: the folder and the file are not followed when they are
// symlinks, and only a regular file is accepted (a FIFO would block the API loop). Returns -1
// when the file cannot be read; `size` gets its length.
int OpenLogFile(const std::string& folder, const std::string& file, int64_t* size) {
  OpenFile dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (dir.fd() < 0) return -1;
  int fd = ::openat(dir.fd(), file.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return -1;
  }
  *size = static_cast<int64_t>(info.st_size);
  return fd;
}

// Up to `want` bytes from `offset` (fewer at the end of the file).
std::string ReadAt(int fd, int64_t offset, int64_t want) {
  std::string data(static_cast<size_t>(want), '\0');
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pread(fd, data.data() + done, data.size() - done,
                        static_cast<off_t>(offset + static_cast<int64_t>(done)));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  return data;
}

}  // namespace

std::optional<std::string> LogFolder(const std::string& log_dir, const std::string& p1,
                                     const std::string& p2) {
  if (!IsSafeSegment(p1) || !IsSafeSegment(p2)) return std::nullopt;
  const std::string owner = log_dir + "/" + p1;
  const std::string folder = owner + "/" + p2;
  if (!NotALinkedFolder(owner) || !NotALinkedFolder(folder)) return std::nullopt;
  return folder;
}

bool IsSafeLogFileName(const std::string& name) { return IsSafeSegment(name); }

LogApiReply ListLogFiles(const std::string& folder) {
  std::vector<std::string> files;
  std::error_code ec;
  if (NotALinkedFolder(folder) && fs::is_directory(folder, ec)) {
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::string name = entry.path().filename().string();
      // symlink_status: a link named output.* is not listed, whatever it points at.
      if (name.rfind("output.", 0) == 0 && fs::is_regular_file(entry.symlink_status(ec))) {
        files.push_back(name);
      }
    }
  }
  std::sort(files.begin(), files.end());
  LogApiReply reply;
  reply.body = json{{"files", files}}.dump(-1, ' ', false, json::error_handler_t::replace);
  return reply;
}

LogApiReply ReadLogFile(const std::string& folder, const std::string& file, int64_t offset,
                        int64_t length) {
  if (!IsSafeLogFileName(file)) return Error(400, "Invalid file name: " + file);
  if (offset < -1 || length < -1) return Error(400, "offset and length must be >= -1");
  int64_t size = 0;
  OpenFile in(OpenLogFile(folder, file, &size));
  if (in.fd() < 0) return Error(400, "File not found: " + file);
  LogApiReply reply;
  if (offset == -1 && length == -1) {
    reply.body = json{{"data", ""}, {"offset", size}}.dump();
    return reply;
  }
  if (offset == -1) return Error(400, "Negative seek offset");
  int64_t want = std::min(length == -1 ? kDefaultChunk : length, kMaxChunk);
  std::string data;
  if (offset < size && want > 0) data = ReadAt(in.fd(), offset, std::min(want, size - offset));
  // Output bytes are not guaranteed UTF-8; replace what JSON cannot carry instead of failing.
  reply.body =
      json{{"data", data}, {"offset", offset}}.dump(-1, ' ', false, json::error_handler_t::replace);
  return reply;
}

LogApiReply DownloadLogFile(const std::string& folder, const std::string& file,
                            const std::string& download_name) {
  if (!IsSafeLogFileName(file)) return Error(400, "Invalid file name: " + file);
  int64_t size = 0;
  OpenFile in(OpenLogFile(folder, file, &size));
  if (in.fd() < 0) return Error(400, "File not found: " + file);
  LogApiReply reply;
  reply.content_type = "text/plain";
  reply.headers["Content-Disposition"] = "attachment; filename=" + download_name;
  reply.body = ReadAt(in.fd(), 0, size);
  return reply;
}

}  // namespace drove::executor

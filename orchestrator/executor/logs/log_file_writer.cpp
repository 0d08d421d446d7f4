// Rotating append-only output files for container logs.
#include "orchestrator/executor/logs/log_file_writer.h"

#include <sys/stat.h>

#include <filesystem>

#include "orchestrator/core/util/log.h"

namespace drove::executor {
namespace {

namespace fs = std::filesystem;

std::string RotatedName(const std::string& dir, int index) {
  return dir + "/output.log" + (index == 0 ? "" : "." + std::to_string(index));
}

}  // namespace

LogFileWriter::LogFileWriter(std::string dir, int64_t max_size_bytes, int max_files)
    : dir_(std::move(dir)), max_size_(max_size_bytes > 0 ? max_size_bytes : 10 << 20),
      max_files_(max_files > 0 ? max_files : 3) {}

LogFileWriter::~LogFileWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

bool LogFileWriter::OpenLocked() {
  if (file_ != nullptr) return true;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::string path = RotatedName(dir_, 0);
  file_ = std::fopen(path.c_str(), "ab");
  if (file_ == nullptr) {
    DLOG_ERROR("cannot open log file", {{"path", path}});
    return false;
  }
  struct stat st {};
  size_ = ::stat(path.c_str(), &st) == 0 ? st.st_size : 0;
  return true;
}

void LogFileWriter::RotateLocked() {
  std::fclose(file_);
  file_ = nullptr;
  std::error_code ec;
  // output.log.{max-1} falls off the end; everything else moves up by one.
  fs::remove(RotatedName(dir_, max_files_ - 1), ec);
  for (int i = max_files_ - 2; i >= 0; --i) {
    if (fs::exists(RotatedName(dir_, i), ec)) {
      fs::rename(RotatedName(dir_, i), RotatedName(dir_, i + 1), ec);
    }
  }
  if (max_files_ == 1) fs::remove(RotatedName(dir_, 0), ec);
}

bool LogFileWriter::Write(std::string_view bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!OpenLocked()) return false;
  if (size_ > 0 && size_ + static_cast<int64_t>(bytes.size()) > max_size_) {
    RotateLocked();
    if (!OpenLocked()) return false;
  }
  size_t written = std::fwrite(bytes.data(), 1, bytes.size(), file_);
  std::fflush(file_);
  size_ += static_cast<int64_t>(written);
  return written == bytes.size();
}

int64_t LogFileWriter::LastWriteTime(const std::string& dir) {
  struct stat st {};
  if (::stat(RotatedName(dir, 0).c_str(), &st) != 0) return 0;
  return st.st_mtim.tv_sec;
}

}  // namespace drove::executor

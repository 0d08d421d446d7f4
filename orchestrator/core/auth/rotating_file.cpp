// Size-based rotation with rename(2): readers holding the old file keep reading it whole.
#include "orchestrator/core/auth/rotating_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace drove::core {
namespace {

Status Errno(const std::string& what, const std::string& path) {
  return Status::Error(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

Result<std::unique_ptr<RotatingFile>> RotatingFile::Open(std::string path, int64_t max_bytes,
                                                         int keep) {
  std::unique_ptr<RotatingFile> file(new RotatingFile(std::move(path), max_bytes, keep));
  Status opened = file->OpenFile();
  if (!opened.ok()) return opened;
  return file;
}

Status RotatingFile::CheckOpenable(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd >= 0) {
    ::close(fd);
    return Status::Ok();
  }
  if (errno != ENOENT) return Errno("cannot open", path);
  // Open would create it: that needs its folder to exist and be writable.
  std::string dir = std::filesystem::path(path).parent_path().string();
  if (dir.empty()) dir = ".";
  if (::access(dir.c_str(), W_OK | X_OK) != 0) return Errno("cannot open", path);
  return Status::Ok();
}

RotatingFile::~RotatingFile() {
  if (fd_ >= 0) ::close(fd_);
}

Status RotatingFile::OpenFile() {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) return Errno("cannot open", path_);
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return Errno("cannot stat", path_);
  size_ = st.st_size;
  return Status::Ok();
}

Status RotatingFile::Rotate() {
  ::close(fd_);
  fd_ = -1;
  for (int i = keep_ - 1; i >= 1; --i) {
    std::string from = path_ + "." + std::to_string(i);
    std::string to = path_ + "." + std::to_string(i + 1);
    if (::rename(from.c_str(), to.c_str()) != 0 && errno != ENOENT)
      return Errno("cannot rotate", from);
  }
  if (::rename(path_.c_str(), (path_ + ".1").c_str()) != 0 && errno != ENOENT) {
    return Errno("cannot rotate", path_);
  }
  return OpenFile();
}

Status RotatingFile::Append(std::string_view line) {
  std::lock_guard lock(mutex_);
  if (fd_ < 0 || (size_ > 0 && size_ + static_cast<int64_t>(line.size()) > max_bytes_)) {
    // fd_ < 0: a failed rotation; each later line tries again rather than giving up for good.
    Status rotated = fd_ < 0 ? OpenFile() : Rotate();
    if (!rotated.ok()) return rotated;
  }
  while (!line.empty()) {
    ssize_t n = ::write(fd_, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot write", path_);
    size_ += n;
    line.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace drove::core

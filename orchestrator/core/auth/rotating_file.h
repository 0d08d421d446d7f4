// An append-only file rotated by size, for the audit trail: `path` -> `path.1` -> ... ->
// `path.<keep>`, the oldest dropped. Thread-safe; each line goes out in one write(2).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "orchestrator/core/util/status.h"

namespace drove::core {

class RotatingFile {
 public:
  // Creates the file (mode 0600: who called what is nobody else's business) or appends to it.
  static Result<std::unique_ptr<RotatingFile>> Open(std::string path, int64_t max_bytes, int keep);
  // What Open would refuse (with its message), without creating or touching the file: `--check`.
  static Status CheckOpenable(const std::string& path);
  ~RotatingFile();
  RotatingFile(const RotatingFile&) = delete;
  RotatingFile& operator=(const RotatingFile&) = delete;

  // Writes `line` (which should end in '\n'), rotating first when it would pass max_bytes.
  Status Append(std::string_view line);

 private:
  RotatingFile(std::string path, int64_t max_bytes, int keep)
      : path_(std::move(path)), max_bytes_(max_bytes), keep_(keep) {}
  Status OpenFile();
  Status Rotate();

  const std::string path_;
  const int64_t max_bytes_;
  const int keep_;
  std::mutex mutex_;  // guards fd_ and size_
  int fd_ = -1;
  int64_t size_ = 0;
};

}  // namespace drove::core

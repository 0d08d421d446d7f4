// Appends one container's output to <dir>/output.log with size-based rotation
// (output.log.1, output.log.2, ...; at most max_files files in all).
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "orchestrator/executor/logs/output_sink.h"

namespace drove::executor {

class LogFileWriter : public OutputSink {
 public:
  LogFileWriter(std::string dir, int64_t max_size_bytes, int max_files);
  ~LogFileWriter() override;
  LogFileWriter(const LogFileWriter&) = delete;
  LogFileWriter& operator=(const LogFileWriter&) = delete;

  // Appends bytes (creating the folder on first use); rotates first when they would not fit.
  // A single write larger than max size still goes whole into a fresh file.
  bool Write(std::string_view bytes) override;

  // Unix seconds of the last write to output.log (0 when there is none): where a restarted
  // follower resumes.
  static int64_t LastWriteTime(const std::string& dir);

  const std::string& dir() const { return dir_; }

 private:
  bool OpenLocked();
  void RotateLocked();

  std::mutex mutex_;
  std::string dir_;
  int64_t max_size_;
  int max_files_;
  std::FILE* file_ = nullptr;
  int64_t size_ = 0;
};

}  // namespace drove::executor

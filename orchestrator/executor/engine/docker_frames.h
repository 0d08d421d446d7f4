// Demultiplexes Docker's attach/logs stream format (8-byte frame headers) for non-TTY containers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "orchestrator/executor/engine/engine.h"

namespace drove::executor {

// Feed it bytes as they arrive, in chunks of any size; complete frames go to the sink.
// Header: byte 0 = stream (0 stdin, 1 stdout, 2 stderr), bytes 4..7 = big-endian payload size.
class DockerFrameDemuxer {
 public:
  explicit DockerFrameDemuxer(LogSink sink) : sink_(std::move(sink)) {}

  void Feed(std::string_view bytes);
  // Bytes held back waiting for the rest of a frame.
  size_t pending() const { return buffer_.size(); }

 private:
  LogSink sink_;
  std::string buffer_;
};

// Whole-buffer helper: concatenates every frame's payload (for exec output).
std::string DemuxAll(std::string_view bytes);

}  // namespace drove::executor

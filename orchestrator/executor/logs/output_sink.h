// Where a LogFollower puts a container's output: local rotated files or a syslog server.
#pragma once

#include <string_view>

namespace drove::executor {

class OutputSink {
 public:
  virtual ~OutputSink() = default;
  // Takes the next bytes of output (any split: partial lines arrive as they come). False when
  // they could not be stored or sent; the follower goes on with the next bytes.
  virtual bool Write(std::string_view bytes) = 0;
};

}  // namespace drove::executor

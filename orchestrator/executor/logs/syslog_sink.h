// OutputSink for `logging: {type: RSYSLOG}`: each output line becomes one UDP syslog datagram.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "orchestrator/core/util/status.h"
#include "orchestrator/executor/logs/output_sink.h"

namespace drove::executor {

// RFC 3164 messages, facility user, severity info: `<14>Mmm dd hh:mm:ss <host> <tag>: <line>`,
// as rsyslog and Docker's syslog driver speak. Lines are cut at '\n'; a partial line waits for the
// rest (or for the sink's end). Not thread-safe: one follower thread writes.
class SyslogSink : public OutputSink {
 public:
  // `server` is the spec's `host:port` (UDP); messages carry this machine's host name.
  // Errors name the field and the value.
  static core::Result<std::unique_ptr<SyslogSink>> Open(const std::string& server, std::string tag);
  ~SyslogSink() override;
  SyslogSink(const SyslogSink&) = delete;
  SyslogSink& operator=(const SyslogSink&) = delete;

  bool Write(std::string_view bytes) override;

 private:
  SyslogSink(int fd, std::string tag, std::string hostname);
  bool SendLine(std::string_view line);

  int fd_;
  std::string tag_;
  std::string hostname_;
  std::string partial_;
};

}  // namespace drove::executor

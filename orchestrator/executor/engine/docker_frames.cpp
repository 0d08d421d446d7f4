// Frame parsing for Docker's multiplexed stdout/stderr streams.
#include "orchestrator/executor/engine/docker_frames.h"

#include <cstdint>

namespace drove::executor {
namespace {

constexpr size_t kHeaderSize = 8;

bool LooksLikeHeader(std::string_view bytes) {
  auto stream = static_cast<uint8_t>(bytes[0]);
  return stream <= 2 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0;
}

}  // namespace

void DockerFrameDemuxer::Feed(std::string_view bytes) {
  buffer_.append(bytes);
  size_t pos = 0;
  while (buffer_.size() - pos >= kHeaderSize) {
    std::string_view rest(buffer_.data() + pos, buffer_.size() - pos);
    if (!LooksLikeHeader(rest)) {
      // A TTY container sends raw bytes: pass everything through rather than lose output.
      sink_(1, rest);
      pos = buffer_.size();
      break;
    }
    uint32_t size = (static_cast<uint32_t>(static_cast<uint8_t>(rest[4])) << 24) |
                    (static_cast<uint32_t>(static_cast<uint8_t>(rest[5])) << 16) |
                    (static_cast<uint32_t>(static_cast<uint8_t>(rest[6])) << 8) |
                    static_cast<uint32_t>(static_cast<uint8_t>(rest[7]));
    if (rest.size() < kHeaderSize + size) break;
    if (size > 0) sink_(static_cast<uint8_t>(rest[0]), rest.substr(kHeaderSize, size));
    pos += kHeaderSize + size;
  }
  buffer_.erase(0, pos);
}

std::string DemuxAll(std::string_view bytes) {
  std::string out;
  DockerFrameDemuxer demuxer([&out](int, std::string_view payload) { out.append(payload); });
  demuxer.Feed(bytes);
  if (demuxer.pending() > 0 && out.empty()) out.assign(bytes);  // short raw output
  return out;
}

}  // namespace drove::executor

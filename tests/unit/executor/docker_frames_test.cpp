// Docker multiplexed stream demultiplexing: split frames, both streams, raw fallback.
#include "orchestrator/executor/engine/docker_frames.h"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace drove::executor {
namespace {

std::string Frame(int stream, const std::string& payload) {
  std::string out(8, '\0');
  out[0] = static_cast<char>(stream);
  uint32_t n = payload.size();
  out[4] = static_cast<char>(n >> 24);
  out[5] = static_cast<char>(n >> 16);
  out[6] = static_cast<char>(n >> 8);
  out[7] = static_cast<char>(n);
  return out + payload;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(docker_frames)

BOOST_AUTO_TEST_CASE(frames_split_across_chunks_are_reassembled) {
  std::vector<std::pair<int, std::string>> got;
  DockerFrameDemuxer demuxer([&](int stream, std::string_view bytes) {
    got.emplace_back(stream, std::string(bytes));
  });
  std::string input = Frame(1, "hello\n") + Frame(2, "oops\n") + Frame(1, std::string(300, 'x'));
  for (size_t i = 0; i < input.size(); i += 3) demuxer.Feed(input.substr(i, 3));
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  BOOST_CHECK_EQUAL(got[0].first, 1);
  BOOST_CHECK_EQUAL(got[0].second, "hello\n");
  BOOST_CHECK_EQUAL(got[1].first, 2);
  BOOST_CHECK_EQUAL(got[1].second, "oops\n");
  BOOST_CHECK_EQUAL(got[2].second.size(), 300u);
  BOOST_CHECK_EQUAL(demuxer.pending(), 0u);
}

BOOST_AUTO_TEST_CASE(incomplete_frame_is_held_back) {
  std::string out;
  DockerFrameDemuxer demuxer([&](int, std::string_view bytes) { out.append(bytes); });
  std::string frame = Frame(1, "abcdef");
  demuxer.Feed(frame.substr(0, 10));
  BOOST_CHECK(out.empty());
  BOOST_CHECK_EQUAL(demuxer.pending(), 10u);
  demuxer.Feed(frame.substr(10));
  BOOST_CHECK_EQUAL(out, "abcdef");
}

BOOST_AUTO_TEST_CASE(demux_all_concatenates_payloads) {
  BOOST_CHECK_EQUAL(DemuxAll(Frame(1, "a") + Frame(2, "b") + Frame(1, "c")), "abc");
}

BOOST_AUTO_TEST_CASE(raw_tty_output_passes_through) {
  BOOST_CHECK_EQUAL(DemuxAll("plain text output\n"), "plain text output\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

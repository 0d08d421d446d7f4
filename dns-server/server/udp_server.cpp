// The UDP receive/answer/send loop. Each thread owns its socket, buffers and counters; the only
// shared things are the current Index (one atomic load per batch) and the forwarder's queue.
#include "orchestrator/core/util/guarded_thread.h"
#include "dns-server/server/udp_server.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "dns-server/codec/writer.h"
#include "dns-server/server/answer.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

constexpr size_t kBatch = 32;
constexpr size_t kMaxQuery = 4096;  // larger datagrams are cut by the kernel and then FORMERR
// DNS Flag Day 2020's UDP size: fits every IPv6 path (1280) and any sane IPv4 one unfragmented.
constexpr uint16_t kPathSafeUdpSize = 1232;

// Answers go out with DF set and the path MTU ignored (RFC 9715: never fragment; a spoofed ICMP
// cannot shrink our answers), when none can exceed the path-safe size. With DF the kernel also
// skips its hashed IP-ID generator for every answer: ~3% of the CPU per query under dnsperf.
void SetDontFragment(int fd, int family) {
  int probe = family == AF_INET6 ? IPV6_PMTUDISC_PROBE : IP_PMTUDISC_PROBE;
  int set = family == AF_INET6
                ? setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &probe, sizeof(probe))
                : setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &probe, sizeof(probe));
  if (set != 0) {
    DLOG_WARN("udp answers may be fragmented",
              {{"reason", std::string("setsockopt MTU_DISCOVER: ") + std::strerror(errno)}});
  }
}

core::Result<int> OpenSocket(const SocketAddress& address, bool dont_fragment) {
  int fd = socket(address.family(), SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return core::Status::Error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
  if (address.family() == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
  int buffer = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof(buffer));
  if (dont_fragment) SetDontFragment(fd, address.family());
  if (bind(fd, address.get(), address.length) != 0) {
    std::string error = std::strerror(errno);
    close(fd);
    return core::Status::Error("bind udp " + address.ToText() + ": " + error);
  }
  return fd;
}

// The client's UDP limit from its OPT record, read leniently (the answer path validates for real).
size_t ClientLimit(std::span<const uint8_t> packet, uint16_t our_size) {
  auto query = ParseQuery(packet);
  return query.ok() ? UdpLimit(query->edns, our_size) : kClassicUdpLimit;
}

}  // namespace

UdpServer::~UdpServer() { Stop(); }

core::Status UdpServer::Listen(const SocketAddress& address, int threads) {
  SocketAddress bound = address;
  bool dont_fragment = zones_->edns_udp_size() <= kPathSafeUdpSize;
  for (int i = 0; i < threads; ++i) {
    auto fd = OpenSocket(bound, dont_fragment);
    if (!fd.ok()) return fd.status();
    fds_.push_back(*fd);
    if (bound.port() == 0) {
      socklen_t length = sizeof(bound.storage);
      getsockname(*fd, reinterpret_cast<sockaddr*>(&bound.storage), &length);
    }
  }
  DLOG_INFO("listening",
            {{"proto", "udp"}, {"address", bound.ToText()}, {"sockets", std::to_string(threads)}});
  return core::Status::Ok();
}

void UdpServer::Start() {
  for (int fd : fds_) {
    QueryCounters* counters = metrics_->NewCounters();
    threads_.push_back(core::StartGuardedThread(
        "dns-udp", [this, fd, counters] { Serve(fd, counters); }, [this] { return !stop_; }));
  }
}

void UdpServer::Stop() {
  stop_.store(true);
  // Wakes threads blocked in recvmmsg (no receive timeout: a timer per blocking call costs QPS).
  for (int fd : fds_) shutdown(fd, SHUT_RDWR);
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  for (int fd : fds_) close(fd);
  fds_.clear();
}

void UdpServer::Serve(int fd, QueryCounters* counters) {
  std::array<std::array<uint8_t, kMaxQuery>, kBatch> in{};
  std::array<sockaddr_storage, kBatch> peers{};
  std::array<iovec, kBatch> in_iov{};
  std::array<mmsghdr, kBatch> in_msgs{};
  std::array<std::vector<uint8_t>, kBatch> out{};
  std::array<iovec, kBatch> out_iov{};
  std::array<mmsghdr, kBatch> out_msgs{};
  for (size_t i = 0; i < kBatch; ++i) {
    in_iov[i] = {in[i].data(), in[i].size()};
    out[i].reserve(kMaxQuery);
  }
  std::vector<std::shared_ptr<const Index>> held;  // the batch's indexes, one per zone
  std::vector<const Index*> zones;
  while (!stop_.load(std::memory_order_relaxed)) {
    for (size_t i = 0; i < kBatch; ++i) {
      in_msgs[i].msg_hdr = {};
      in_msgs[i].msg_hdr.msg_name = &peers[i];
      in_msgs[i].msg_hdr.msg_namelen = sizeof(peers[i]);
      in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
      in_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int received = recvmmsg(fd, in_msgs.data(), kBatch, MSG_WAITFORONE, nullptr);
    if (received <= 0) continue;  // EINTR, or the shutdown() of Stop()
    zones_->Load(&held, &zones);
    size_t replies = 0;
    for (int i = 0; i < received; ++i) {
      std::span<const uint8_t> packet(in[i].data(), in_msgs[i].msg_len);
      std::vector<uint8_t>& reply = out[replies];
      AnswerResult result =
          AnswerQuery(zones, packet, Transport::kUdp, forwarder_ != nullptr, &reply);
      if (result.action == AnswerResult::Action::kForward) {
        size_t limit = ClientLimit(packet, zones_->edns_udp_size());
        QueryCounters::Bump(counters->forwarded);
        if (forwarder_->FromCache(packet, limit, &reply)) {
          result.action = AnswerResult::Action::kReply;
        } else {
          sockaddr_storage peer = peers[i];
          socklen_t peer_length = in_msgs[i].msg_hdr.msg_namelen;
          forwarder_->Forward(packet, limit, [fd, peer, peer_length](std::vector<uint8_t> answer) {
            sendto(fd, answer.data(), answer.size(), 0, reinterpret_cast<const sockaddr*>(&peer),
                   peer_length);
          });
          continue;
        }
      }
      if (result.action == AnswerResult::Action::kDrop) {
        QueryCounters::Bump(counters->dropped);
        continue;
      }
      counters->CountQuery(result.qtype, result.rcode);
      if (result.truncated) QueryCounters::Bump(counters->truncated);
      out_iov[replies] = {reply.data(), reply.size()};
      out_msgs[replies].msg_hdr = {};
      out_msgs[replies].msg_hdr.msg_name = &peers[i];
      out_msgs[replies].msg_hdr.msg_namelen = in_msgs[i].msg_hdr.msg_namelen;
      out_msgs[replies].msg_hdr.msg_iov = &out_iov[replies];
      out_msgs[replies].msg_hdr.msg_iovlen = 1;
      ++replies;
    }
    size_t sent = 0;
    while (sent < replies) {
      int n = sendmmsg(fd, out_msgs.data() + sent, static_cast<unsigned>(replies - sent), 0);
      if (n <= 0) {
        DLOG_DEBUG("udp send failed", {{"error", std::strerror(errno)}});
        break;
      }
      sent += static_cast<size_t>(n);
    }
    held.clear();  // an index swapped out meanwhile must not wait for the next packet to go
  }
}

}  // namespace drove::dns

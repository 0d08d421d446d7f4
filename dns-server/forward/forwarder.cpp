// The c-ares worker: a queue fed by serving threads, ares_send of the client's own packet (c-ares
// puts its own id on it), select() over c-ares' sockets plus an eventfd for new work.
#include "orchestrator/core/util/guarded_thread.h"
#include "dns-server/forward/forwarder.h"

#include <ares.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include "dns-server/codec/error_response.h"
#include "dns-server/codec/message.h"
#include "orchestrator/core/util/log.h"

namespace drove::dns {
namespace {

struct Pending {
  std::vector<uint8_t> query;
  size_t limit = 0;
  std::string key;  // forward cache key ("" = not cacheable)
  ForwardCache* cache = nullptr;
  Forwarder::Done done;
};

// The client's id and question bytes (same length, the client's case) on a stored answer.
void PatchFor(std::span<const uint8_t> query, std::vector<uint8_t>* packet) {
  (*packet)[0] = query[0];
  (*packet)[1] = query[1];
  size_t offset = kHeaderSize;
  if (ParseQuestion(query, &offset).ok() && packet->size() >= offset &&
      std::equal(query.begin() + kHeaderSize, query.begin() + static_cast<long>(offset),
                 packet->begin() + kHeaderSize,
                 [](uint8_t a, uint8_t b) { return std::tolower(a) == std::tolower(b); })) {
    std::memcpy(packet->data() + kHeaderSize, query.data() + kHeaderSize, offset - kHeaderSize);
  }
}

// Header and question only, TC set: the client retries over TCP.
std::vector<uint8_t> TruncatedOnly(const std::vector<uint8_t>& packet) {
  size_t offset = kHeaderSize;
  if (!ParseQuestion(packet, &offset).ok()) return {};
  std::vector<uint8_t> out(packet.begin(), packet.begin() + static_cast<long>(offset));
  out[2] |= 0x02;
  std::fill(out.begin() + 6, out.begin() + 12, 0);
  return out;
}

}  // namespace

struct Forwarder::Worker {
  ares_channel channel = nullptr;
  int wake_fd = -1;
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::deque<std::unique_ptr<Pending>> queue;  // guarded by mu
  std::thread thread;

  static void OnAnswer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
    std::unique_ptr<Pending> pending(static_cast<Pending*>(arg));
    if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) return;
    std::vector<uint8_t> packet;
    if (status == ARES_SUCCESS && alen >= static_cast<int>(kHeaderSize)) {
      packet.assign(abuf, abuf + alen);
    }
    Finish(std::move(pending), std::move(packet));
  }

  static void Finish(std::unique_ptr<Pending> pending, std::vector<uint8_t> packet);

  void Run() {
    while (!stop.load()) {
      Drain();
      fd_set read_fds;
      fd_set write_fds;
      FD_ZERO(&read_fds);
      FD_ZERO(&write_fds);
      int nfds = ares_fds(channel, &read_fds, &write_fds);
      FD_SET(wake_fd, &read_fds);
      nfds = std::max(nfds, wake_fd + 1);
      timeval max_wait{0, 200000};
      timeval wait{};
      timeval* timeout = ares_timeout(channel, &max_wait, &wait);
      if (select(nfds, &read_fds, &write_fds, nullptr, timeout) < 0) continue;
      if (FD_ISSET(wake_fd, &read_fds)) {
        uint64_t count = 0;
        if (read(wake_fd, &count, sizeof(count)) < 0) continue;
      }
      ares_process(channel, &read_fds, &write_fds);
    }
  }

  void Drain() {
    std::deque<std::unique_ptr<Pending>> batch;
    {
      std::lock_guard lock(mu);
      batch.swap(queue);
    }
    for (auto& pending : batch) {
      Pending* raw = pending.release();
      ares_send(channel, raw->query.data(), static_cast<int>(raw->query.size()), &OnAnswer, raw);
    }
  }
};

// Runs on the worker thread: cache, fit to the client's limit, hand over.
void Forwarder::Worker::Finish(std::unique_ptr<Pending> pending, std::vector<uint8_t> packet) {
  if (packet.empty()) {
    DLOG_DEBUG("forward failed", {{"result", "SERVFAIL"}});
    packet = BuildErrorResponse(pending->query, Rcode::kServFail);
    if (packet.empty()) return;
  } else if (int64_t ttl = ForwardCache::MinTtl(packet); ttl > 0) {
    pending->cache->Put(pending->key, packet, std::chrono::seconds(ttl));
  }
  PatchFor(pending->query, &packet);
  if (packet.size() > pending->limit) packet = TruncatedOnly(packet);
  if (!packet.empty()) pending->done(std::move(packet));
}

Forwarder::Forwarder(ForwardConfig config, Metrics* metrics)
    : config_(std::move(config)), metrics_(metrics), cache_(config_.cache_entries) {}

Forwarder::~Forwarder() { Stop(); }

core::Status Forwarder::Start() {
  static std::once_flag init_once;
  std::call_once(init_once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
  auto worker = std::make_unique<Worker>();
  ares_options options{};
  options.timeout = config_.timeout_ms;
  options.tries = config_.tries;
  // Pass REFUSED / SERVFAIL answers through as they are instead of treating them as failures.
  options.flags = ARES_FLAG_NOCHECKRESP;
  int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
  if (int rc = ares_init_options(&worker->channel, &options, mask); rc != ARES_SUCCESS) {
    return core::Status::Error(std::string("c-ares init: ") + ares_strerror(rc));
  }
  std::vector<ares_addr_port_node> nodes(config_.servers.size());
  for (size_t i = 0; i < config_.servers.size(); ++i) {
    const SocketAddress& server = config_.servers[i];
    ares_addr_port_node& node = nodes[i];
    node.next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
    node.family = server.family();
    node.udp_port = node.tcp_port = server.port();
    if (server.family() == AF_INET6) {
      std::memcpy(&node.addr.addr6, &reinterpret_cast<const sockaddr_in6*>(server.get())->sin6_addr,
                  16);
    } else {
      std::memcpy(&node.addr.addr4, &reinterpret_cast<const sockaddr_in*>(server.get())->sin_addr,
                  4);
    }
  }
  if (int rc = ares_set_servers_ports(worker->channel, nodes.empty() ? nullptr : nodes.data());
      rc != ARES_SUCCESS) {
    ares_destroy(worker->channel);
    return core::Status::Error(std::string("c-ares servers: ") + ares_strerror(rc));
  }
  worker->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  Worker* raw = worker.get();
  worker->thread = core::StartGuardedThread("dns-forwarder", [raw] { raw->Run(); },
                                            [raw] { return !raw->stop.load(); });
  worker_ = std::move(worker);
  return core::Status::Ok();
}

void Forwarder::Stop() {
  if (!worker_) return;
  worker_->stop.store(true);
  uint64_t one = 1;
  if (write(worker_->wake_fd, &one, sizeof(one)) < 0) {
    DLOG_WARN("forwarder wake failed", {{"error", std::strerror(errno)}});
  }
  worker_->thread.join();
  ares_destroy(worker_->channel);  // pending callbacks get ARES_EDESTRUCTION and free themselves
  close(worker_->wake_fd);
  worker_.reset();
}

bool Forwarder::FromCache(std::span<const uint8_t> query, size_t limit, std::vector<uint8_t>* out) {
  std::string key = ForwardCache::KeyOf(query);
  if (key.empty() || !cache_.Get(key, out)) return false;
  if (out->size() > limit) return false;
  PatchFor(query, out);
  metrics_->forward_cache_hits.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void Forwarder::Forward(std::span<const uint8_t> query, size_t limit, Done done) {
  if (!worker_) return;
  auto pending = std::make_unique<Pending>();
  pending->query.assign(query.begin(), query.end());
  pending->limit = limit;
  pending->key = ForwardCache::KeyOf(query);
  pending->cache = &cache_;
  pending->done = std::move(done);
  {
    std::lock_guard lock(worker_->mu);
    worker_->queue.push_back(std::move(pending));
  }
  uint64_t one = 1;
  if (write(worker_->wake_fd, &one, sizeof(one)) < 0) {
    DLOG_WARN("forwarder wake failed", {{"error", std::strerror(errno)}});
  }
}

}  // namespace drove::dns

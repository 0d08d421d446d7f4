// Snapshot -> resolved routing table -> publish -> dump file, on the follower's thread.
#include "gateway-module/lib/fetcher.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>

#include "gateway-module/lib/table_builder.h"
#include "orchestrator/core/discovery/endpoints_follower.h"

namespace drove::gateway {

struct Fetcher::Impl {
  FetcherConfig config;
  PublishFn publish;
  ErrorFn on_error;
  discovery::HostResolver resolver;
  std::unique_ptr<discovery::EndpointsFollower> follower;

  void OnSnapshot(const discovery::EndpointsSnapshot& snapshot) {
    try {
      Publish(snapshot);
    } catch (const std::exception& e) {  // out of memory: the routing in force stays
      on_error(std::string("snapshot not published: ") + e.what());
    }
  }

  void Publish(const discovery::EndpointsSnapshot& snapshot) {
    auto addresses = resolver.Resolve(HostsToResolve(snapshot, config.filter));
    BuildResult built = BuildRoutingTable(snapshot, addresses, config.filter);
    for (const std::string& host : built.unresolved) {
      on_error("host " + host + " does not resolve: its instances are left out");
    }
    KeepResolvedMembers(config.in_force, &built);
    if (IsCollapse(config.in_force, built.table)) {
      on_error("snapshot generation " + std::to_string(snapshot.generation) +
               " has no vhost while " + std::to_string(config.in_force.vhosts.size()) +
               " are routed: refused, last good snapshot kept");
      return;
    }
    std::string bytes = SerializeTable(built.table);
    std::string error;
    if (!publish(bytes, built.table, &error)) {
      on_error(error);
      return;
    }
    config.in_force = std::move(built.table);
    if (!config.dump_path.empty() && !WriteFileAtomically(config.dump_path, bytes, &error)) {
      on_error(error);
    }
  }
};

namespace {

discovery::SyncMode ToFollowerMode(SyncMode mode) {
  switch (mode) {
    case SyncMode::kLongPoll: return discovery::SyncMode::kLongPoll;
    case SyncMode::kPoll: return discovery::SyncMode::kPoll;
    case SyncMode::kAuto: break;
  }
  return discovery::SyncMode::kAuto;
}

}  // namespace

Fetcher::Fetcher(FetcherConfig config, PublishFn publish, ErrorFn on_error)
    : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->publish = std::move(publish);
  impl_->on_error = std::move(on_error);
  discovery::FollowerOptions options;
  options.controllers = impl_->config.controllers;
  options.authorization = impl_->config.authorization;
  options.tls_verify = impl_->config.tls_verify;
  options.poll_interval = impl_->config.poll_interval;
  options.mode = ToFollowerMode(impl_->config.mode);
  Impl* impl = impl_.get();
  impl_->follower = std::make_unique<discovery::EndpointsFollower>(
      std::move(options),
      [impl](const discovery::EndpointsSnapshot& s) { impl->OnSnapshot(s); },
      [impl](const std::string& e) { impl->on_error(e); });
}

Fetcher::~Fetcher() { Stop(); }

void Fetcher::Start() { impl_->follower->Start(); }

void Fetcher::Stop() { impl_->follower->Stop(); }

bool WriteFileAtomically(const std::string& path, const std::string& bytes, std::string* error) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  FILE* f = fd < 0 ? nullptr : ::fdopen(fd, "wb");
  if (f == nullptr) {
    if (fd >= 0) ::close(fd);
    *error = "dump file " + tmp + ": " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = (std::fflush(f) == 0) && ok;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = "dump file " + path + ": " + std::strerror(errno);
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

bool ReadWholeFile(const std::string& path, std::string* bytes, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "dump file " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  *bytes = ss.str();
  return true;
}

}  // namespace drove::gateway

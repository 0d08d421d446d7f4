// Snapshot -> resolved routing table -> publish -> dump file, on the follower's thread.
#include "gateway-module/lib/fetcher.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <sstream>

#include "gateway-module/lib/table_builder.h"
#include "orchestrator/core/discovery/endpoints_follower.h"

namespace drove::gateway {

namespace {

// How SerializeTable starts the line of `vhost`: its name as a JSON key.
std::string LineStart(const std::string& vhost) {
  RoutingTable one;
  one.vhosts[vhost] = {};
  std::string line(SplitTableLines(SerializeTable(one))->vhosts.at(0));
  return line.substr(0, line.size() - 2);  // drop the empty member list "[]"
}

// The members of `wanted` in the serialized table in force (KeepResolvedMembers needs no others):
// only their lines are parsed, not the 10,000 others.
RoutingTable InForceOf(std::string_view bytes, const std::vector<std::string>& wanted) {
  auto lines = SplitTableLines(bytes);
  if (!lines) {
    auto whole = DeserializeTable(bytes);
    return whole.ok() ? std::move(*whole) : RoutingTable();
  }
  std::vector<std::string> starts;
  for (const std::string& vhost : wanted) starts.push_back(LineStart(vhost));
  RoutingTable out;
  for (std::string_view line : lines->vhosts) {
    bool read = std::any_of(starts.begin(), starts.end(), [&](const std::string& start) {
      return line.substr(0, start.size()) == start;
    });
    if (!read) continue;
    auto one = DeserializeTable(std::string(lines->header).append(line).append("\n}}"));
    if (one.ok()) out.vhosts.merge(one->vhosts);
  }
  return out;
}

}  // namespace

struct Fetcher::Impl {
  FetcherConfig config;
  PublishFn publish;
  ErrorFn on_error;
  discovery::HostResolver resolver;
  std::unique_ptr<discovery::EndpointsFollower> follower;

  void OnSnapshot(const discovery::EndpointsSnapshot& snapshot) {
    try {
      Publish(snapshot);
      // A large table leaves tens of MB of freed small blocks behind, which glibc keeps resident
      // (fragmented) unless asked to give them back.
      malloc_trim(0);
    } catch (const std::exception& e) {  // out of memory: the routing in force stays
      on_error(std::string("snapshot not published: ") + e.what());
    }
  }

  std::string InForceBytes() const { return config.in_force ? config.in_force() : std::string(); }

  void Publish(const discovery::EndpointsSnapshot& snapshot) {
    auto addresses = resolver.Resolve(HostsToResolve(snapshot, config.filter));
    BuildResult built = BuildRoutingTable(snapshot, addresses, config.filter);
    for (const std::string& host : built.unresolved) {
      on_error("host " + host + " does not resolve: its instances are left out");
    }
    if (!built.unresolved_vhosts.empty()) {
      KeepResolvedMembers(InForceOf(InForceBytes(), built.unresolved_vhosts), &built);
    }
    if (built.table.vhosts.empty()) {  // rare: reading the whole table in force is fine here
      auto in_force = DeserializeTable(InForceBytes());
      if (in_force.ok() && IsCollapse(*in_force, built.table)) {
        on_error("snapshot generation " + std::to_string(snapshot.generation) +
                 " has no vhost while " + std::to_string(in_force->vhosts.size()) +
                 " are routed: refused, last good snapshot kept");
        return;
      }
    }
    std::string bytes = SerializeTable(built.table);
    std::string error;
    if (!publish(bytes, built.table, &error)) {
      on_error(error);
      return;
    }
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
  options.tls.insecure = !impl_->config.tls_verify;
  options.tls.ca_file = impl_->config.tls_ca_file;
  options.tls.cert_file = impl_->config.tls_cert_file;
  options.tls.key_file = impl_->config.tls_key_file;
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

void Fetcher::RequestStop() { impl_->follower->RequestStop(); }

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

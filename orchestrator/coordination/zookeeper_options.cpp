// Validation of the ZooKeeper connection settings: connection string and namespace.
#include "orchestrator/coordination/zookeeper_options.h"

#include <vector>

namespace drove::coordination {
namespace {

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

bool ValidPort(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  int value = std::stoi(port);
  return value > 0 && value < 65536;
}

// The host part of one entry: bracketed IPv6, or a name/IPv4 without ':' and separators the client
// would read as part of a name (`a:1;b:1` resolves as one odd host name and fails much later).
bool ValidHost(const std::string& host) {
  if (host.empty()) return false;
  if (host.front() == '[') return host.size() > 2 && host.back() == ']';
  return host.find_first_of(":;[] \t") == std::string::npos;
}

}  // namespace

core::Status CheckConnectionString(const std::string& hosts) {
  auto bad = [&](const std::string& why) {
    return core::Status::Error("bad connection string \"" + hosts + "\": " + why);
  };
  if (hosts.empty()) return bad("empty, expected host:port[,host:port...]");
  if (hosts.find('/') != std::string::npos) return bad("no chroot suffix, use the namespace");
  for (const auto& entry : Split(hosts, ',')) {
    size_t colon = entry.rfind(':');
    if (colon == std::string::npos || !ValidHost(entry.substr(0, colon))) {
      return bad("\"" + entry + "\" is not host:port");
    }
    if (!ValidPort(entry.substr(colon + 1))) return bad("\"" + entry + "\" has no valid port");
  }
  return core::Status::Ok();
}

core::Result<std::string> NamespaceRoot(const std::string& name_space) {
  std::string trimmed = name_space;
  if (!trimmed.empty() && trimmed.front() == '/') trimmed.erase(0, 1);
  auto bad = [&](const std::string& why) {
    return core::Status::Error("bad namespace \"" + name_space + "\": " + why);
  };
  if (trimmed.empty()) return bad("empty");
  auto parts = Split(trimmed, '/');
  for (const auto& part : parts) {
    if (part.empty() || part == "." || part == "..") return bad("empty or relative path part");
    for (unsigned char c : part) {
      if (c <= 0x20 || c >= 0x7f) return bad("only printable ASCII without spaces");
    }
  }
  if (parts.front() == "zookeeper") return bad("/zookeeper belongs to ZooKeeper");
  return "/" + trimmed;
}

}  // namespace drove::coordination

// Private registry credentials (executor `dockerAuth`) and the X-Registry-Auth header for a pull.
#pragma once

#include <map>
#include <string>

namespace drove::executor {

struct RegistryCredentials {
  std::string username;
  std::string password;
};

// Registry host (as images name it: "docker.io", "registry.local:5000") -> credentials.
using RegistryAuth = std::map<std::string, RegistryCredentials>;

// The registry an image reference points at: its first path part when that looks like a host
// (has '.' or ':', or is "localhost"), else Docker Hub ("docker.io").
std::string RegistryOf(const std::string& image);

// The X-Registry-Auth value for pulling `image` (padded base64url of {"username","password",
// "serveraddress"}, as the Docker API wants), or "" when `auth` has no entry for its registry.
std::string RegistryAuthHeader(const RegistryAuth& auth, const std::string& image);

}  // namespace drove::executor

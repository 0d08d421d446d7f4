// Registry credential lookup for image pulls (see registry_auth.h).
#include "orchestrator/executor/engine/registry_auth.h"

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/base64.h"

namespace drove::executor {

std::string RegistryOf(const std::string& image) {
  const size_t slash = image.find('/');
  if (slash == std::string::npos) return "docker.io";
  const std::string first = image.substr(0, slash);
  bool is_host = first.find('.') != std::string::npos || first.find(':') != std::string::npos ||
                 first == "localhost";
  return is_host ? first : "docker.io";
}

std::string RegistryAuthHeader(const RegistryAuth& auth, const std::string& image) {
  const std::string registry = RegistryOf(image);
  auto it = auth.find(registry);
  if (it == auth.end()) return "";
  nlohmann::json body{{"username", it->second.username},
                      {"password", it->second.password},
                      {"serveraddress", registry}};
  // Docker decodes it with Go's padded URL alphabet (base64.URLEncoding).
  std::string encoded = core::Base64Encode(body.dump());
  for (char& c : encoded) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return encoded;
}

}  // namespace drove::executor

// Reading the shared `tls:` section; file checks happen here so a typo fails at start-up.
#include "orchestrator/core/net/tls_config.h"

#include <unistd.h>

namespace drove::core {
namespace {

// Records an error unless `path` is empty or readable by this process.
void CheckReadable(const ConfigNode& node, std::string_view key, const std::string& path) {
  if (!path.empty() && ::access(path.c_str(), R_OK) != 0) {
    node.Error(key, "cannot read " + path);
  }
}

}  // namespace

TlsConfig ReadTlsConfig(const ConfigNode& node) {
  TlsConfig tls;
  tls.cert_file = node.String("certFile");
  tls.key_file = node.String("keyFile");
  tls.ca_file = node.String("caFile");
  tls.require_client_cert = node.Bool("requireClientCert", false);
  tls.insecure = node.Bool("insecure", false);
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    node.Error(tls.cert_file.empty() ? "certFile" : "keyFile", "certFile and keyFile go together");
  }
  if (tls.require_client_cert && tls.ca_file.empty()) {
    node.Error("requireClientCert", "needs caFile (the CA that signs client certificates)");
  }
  CheckReadable(node, "certFile", tls.cert_file);
  CheckReadable(node, "keyFile", tls.key_file);
  CheckReadable(node, "caFile", tls.ca_file);
  return tls;
}

}  // namespace drove::core

// The `tls:` section every daemon's YAML shares: one certificate a node serves with (and presents
// as a client under mutual TLS), and one CA it trusts for the peers it calls and, with
// requireClientCert, for the clients that call it.
//
//   tls:
//     certFile: /etc/drove/tls/node.crt    # PEM chain; with keyFile, the daemon serves HTTPS
//     keyFile: /etc/drove/tls/node.key
//     caFile: /etc/drove/tls/ca.crt        # verify peers against this CA (empty: system store)
//     requireClientCert: false             # mutual TLS: callers must show a cert from caFile
//     insecure: false                      # skip peer verification (logs a warning once)
#pragma once

#include <string>

#include "orchestrator/core/util/yaml_config.h"

namespace drove::core {

struct TlsConfig {
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  bool require_client_cert = false;
  bool insecure = false;

  // True when the daemon serves HTTPS (both certFile and keyFile are set).
  bool serving() const { return !cert_file.empty() && !key_file.empty(); }
};

// Reads `node` (the `tls:` map, possibly empty). Records `certFile and keyFile go together`,
// `requireClientCert needs caFile`, and files that cannot be read.
TlsConfig ReadTlsConfig(const ConfigNode& node);

}  // namespace drove::core

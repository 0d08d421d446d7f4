// One way for every client of ours to take its daemon's `tls:` section onto the targets it calls.
#pragma once

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/net/tls_config.h"

namespace drove::core {

// Verification (on unless tls.insecure) against tls.ca_file (empty: the system store), and the
// node's own certificate and key as the client certificate (servers that ask for one, under
// mutual TLS, get it). Leaves `target->tls` alone: the scheme or the peer's transportType decides.
void ApplyTlsConfig(const TlsConfig& tls, HttpTarget* target);

}  // namespace drove::core

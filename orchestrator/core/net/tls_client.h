// The client side of TLS for HttpClient: shared contexts per verification setting, the handshake,
// and failure texts that say in one line why a peer was refused.
#pragma once

#include <openssl/types.h>

#include <functional>
#include <memory>
#include <string>

#include "orchestrator/core/net/http_client.h"
#include "orchestrator/core/util/status.h"

namespace drove::core {

struct SslFree {
  void operator()(SSL* ssl) const;
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

// Waits until the socket is ready for `events` (POLLIN/POLLOUT), or fails (timeout, cancel).
using TlsWaitFn = std::function<Status(short events)>;

// TLS client handshake on a connected non-blocking socket for target.host:port: SNI for names;
// with tls_verify the chain against tls_ca_file (or the system store) and the host name or IP;
// the client certificate when tls_cert_file is set. A refused certificate gives e.g.
// `TLS: certificate of 127.0.0.1:4000 not trusted: self-signed certificate (caFile /x/ca.crt)`.
Result<SslPtr> TlsClientHandshake(const HttpTarget& target, int fd, const TlsWaitFn& wait_for);

// The reason of the last TLS failure after an SSL call returned `ssl_error` (SSL_get_error),
// with OpenSSL's queued error text when there is one. Clears the error queue.
std::string TlsErrorText(int ssl_error);

}  // namespace drove::core

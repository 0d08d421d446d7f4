// The server side of TLS: one OpenSSL context built from the `tls:` section (TLS 1.2 and up,
// forward-secret AEAD ciphers, no compression or renegotiation, client certificates verified
// against caFile when required). Immutable once built; a reload builds a new one.
#pragma once

#include <memory>

#include "orchestrator/core/net/tls_config.h"
#include "orchestrator/core/util/status.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace drove::core {

class TlsServerContext {
 public:
  // Loads the files of `config` (serving() must be true); the error names the file that failed.
  static Result<std::shared_ptr<const TlsServerContext>> Load(const TlsConfig& config);
  ~TlsServerContext();
  TlsServerContext(const TlsServerContext&) = delete;
  TlsServerContext& operator=(const TlsServerContext&) = delete;

  // A server-side SSL for one accepted connection, or nullptr when OpenSSL is out of memory.
  // It holds its own reference to the context, so it outlives a reload.
  SSL* NewSsl() const;

 private:
  explicit TlsServerContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_;
};

}  // namespace drove::core

// TlsServerContext: the SSL_CTX settings of every HTTPS port, and file errors that name the file.
#include "orchestrator/core/net/tls_server_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <string>

namespace drove::core {
namespace {

// TLS 1.2 suites with forward secrecy and AEAD only; TLS 1.3 keeps OpenSSL's (all such).
constexpr const char* kTls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";
// Any constant works: it only has to be set for sessions to resume with client verification.
constexpr unsigned char kSessionContext[] = "drove";

// The oldest queued OpenSSL error as text (the queue is cleared).
std::string OpenSslError() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

Status FileError(const char* what, const std::string& path) {
  if (::access(path.c_str(), R_OK) != 0) {
    ERR_clear_error();
    return Status::Error("cannot read " + std::string(what) + " " + path);
  }
  return Status::Error("cannot load " + std::string(what) + " " + path + ": " + OpenSslError());
}

Status Configure(SSL_CTX* ctx, const TlsConfig& config) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // Idle keep-alive connections give their read/write buffers back.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status::Error("cannot set TLS ciphers: " + OpenSslError());
  }
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof(kSessionContext) - 1);
  if (SSL_CTX_use_certificate_chain_file(ctx, config.cert_file.c_str()) != 1) {
    return FileError("certificate file", config.cert_file);
  }
  if (SSL_CTX_use_PrivateKey_file(ctx, config.key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
    return FileError("key file", config.key_file);
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return Status::Error("key file " + config.key_file + " does not match certificate file " +
                         config.cert_file);
  }
  if (config.ca_file.empty()) return Status::Ok();
  if (SSL_CTX_load_verify_locations(ctx, config.ca_file.c_str(), nullptr) != 1) {
    return FileError("CA file", config.ca_file);
  }
  // The CA names sent in the certificate request, so a client picks the right certificate.
  SSL_CTX_set_client_CA_list(ctx, SSL_load_client_CA_file(config.ca_file.c_str()));
  if (config.require_client_cert) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  return Status::Ok();
}

}  // namespace

Result<std::shared_ptr<const TlsServerContext>> TlsServerContext::Load(const TlsConfig& config) {
  if (!config.serving()) return Status::Error("TLS needs both certFile and keyFile");
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status::Error("cannot create a TLS context: " + OpenSslError());
  Status configured = Configure(ctx, config);
  if (!configured.ok()) {
    SSL_CTX_free(ctx);
    return configured;
  }
  return std::shared_ptr<const TlsServerContext>(new TlsServerContext(ctx));
}

TlsServerContext::~TlsServerContext() { SSL_CTX_free(ctx_); }

SSL* TlsServerContext::NewSsl() const { return SSL_new(ctx_); }

}  // namespace drove::core

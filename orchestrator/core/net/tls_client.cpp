// Client TLS for HttpClient. Owner of the context cache: the mutex below; contexts are built on
// first use and rebuilt when a file changed, so rotated CA or client certificates need no restart.
#include "orchestrator/core/net/tls_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "orchestrator/core/util/log.h"

namespace drove::core {
namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;

// What makes two client contexts differ.
struct ContextKey {
  bool verify = true;
  std::string ca_file;
  std::string cert_file;
  std::string key_file;

  auto operator<=>(const ContextKey&) const = default;
};

ContextKey KeyOf(const HttpTarget& target) {
  // A PEM file may hold both the certificate and its key.
  std::string key_file = target.tls_key_file.empty() ? target.tls_cert_file : target.tls_key_file;
  return {target.tls_verify, target.tls_ca_file, target.tls_cert_file, std::move(key_file)};
}

// Modification time and size of each file: a change means the context is stale.
std::string FilesStamp(const ContextKey& key) {
  std::string stamp;
  for (const std::string* path : {&key.ca_file, &key.cert_file, &key.key_file}) {
    struct stat st {};
    if (!path->empty() && ::stat(path->c_str(), &st) == 0) {
      stamp += std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + "/" +
               std::to_string(st.st_size);
    }
    stamp += ";";
  }
  return stamp;
}

Result<SslCtxPtr> BuildContext(const ContextKey& key) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return Result<SslCtxPtr>::Error("TLS: cannot create a context: " + TlsErrorText(0));
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  if (key.verify) {
    const int loaded = key.ca_file.empty()
                           ? SSL_CTX_set_default_verify_paths(ctx.get())
                           : SSL_CTX_load_verify_locations(ctx.get(), key.ca_file.c_str(), nullptr);
    if (loaded != 1) {
      return Result<SslCtxPtr>::Error(
          "TLS: cannot load " +
          (key.ca_file.empty() ? std::string("the system CA store") : "caFile " + key.ca_file) +
          ": " + TlsErrorText(0));
    }
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  }
  if (!key.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), key.cert_file.c_str()) != 1) {
      return Result<SslCtxPtr>::Error("TLS: cannot load client certificate " + key.cert_file +
                                      ": " + TlsErrorText(0));
    }
    if (SSL_CTX_use_PrivateKey_file(ctx.get(), key.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1) {
      return Result<SslCtxPtr>::Error("TLS: cannot load client key " + key.key_file + " (for " +
                                      key.cert_file + "): " + TlsErrorText(0));
    }
  }
  return ctx;
}

// A new session on the shared context for `key` (the session holds its own context reference,
// so a rebuild never pulls a context from under a connection).
Result<SslPtr> NewSession(const ContextKey& key) {
  static std::mutex mu;
  // Never destroyed: detached threads may still open connections while the process exits.
  static auto* cache = new std::map<ContextKey, std::pair<std::string, SslCtxPtr>>();
  const std::string stamp = FilesStamp(key);
  std::lock_guard lock(mu);
  auto it = cache->find(key);
  if (it == cache->end() || it->second.first != stamp) {
    auto built = BuildContext(key);
    if (!built.ok()) return built.status();
    it = cache->insert_or_assign(key, std::make_pair(stamp, std::move(built).value())).first;
  }
  SslPtr ssl(SSL_new(it->second.second.get()));
  if (!ssl) return Result<SslPtr>::Error("TLS: cannot create a session: " + TlsErrorText(0));
  return ssl;
}

void WarnInsecureOnce(const std::string& where) {
  static std::once_flag once;
  std::call_once(once, [&] {
    DLOG_WARN(
        "TLS peer verification is off (insecure): certificates of the peers are not checked "
        "(logged once per process)",
        {{"firstPeer", where}});
  });
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

// One line for a certificate the verification refused.
std::string VerifyFailureText(const HttpTarget& target, const std::string& where, long result) {
  if (result == X509_V_ERR_HOSTNAME_MISMATCH || result == X509_V_ERR_IP_ADDRESS_MISMATCH) {
    return "TLS: certificate of " + where + " does not match " +
           (result == X509_V_ERR_IP_ADDRESS_MISMATCH ? "IP address '" : "host name '") +
           target.host + "'";
  }
  return "TLS: certificate of " + where + " not trusted: " + X509_verify_cert_error_string(result) +
         (target.tls_ca_file.empty() ? " (system CA store)"
                                     : " (caFile " + target.tls_ca_file + ")");
}

}  // namespace

void SslFree::operator()(SSL* ssl) const { SSL_free(ssl); }

std::string TlsErrorText(int ssl_error) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code != 0) {
    char text[256];
    ERR_error_string_n(code, text, sizeof(text));
    // TLS 1.3 lets the client finish its handshake before the server checks the client's
    // certificate, so this alert arrives on the first read.
    if (ERR_GET_REASON(code) == SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED) {
      return std::string("the peer requires a client certificate (") + text + ")";
    }
    return text;
  }
  if (ssl_error == SSL_ERROR_SYSCALL) {
    return errno != 0 ? std::string("connection: ") + std::strerror(errno)
                      : "connection closed by peer";
  }
  return "error " + std::to_string(ssl_error);
}

Result<SslPtr> TlsClientHandshake(const HttpTarget& target, int fd, const TlsWaitFn& wait_for) {
  const std::string where = target.host + ":" + std::to_string(target.port);
  if (!target.tls_verify) WarnInsecureOnce(where);
  auto made = NewSession(KeyOf(target));
  if (!made.ok()) return Result<SslPtr>::Error(made.error() + " (calling " + where + ")");
  SslPtr ssl = std::move(made).value();
  if (SSL_set_fd(ssl.get(), fd) != 1) {
    return Result<SslPtr>::Error("TLS setup for " + where + " failed: " + TlsErrorText(0));
  }
  const bool ip = IsIpLiteral(target.host);
  if (!ip) SSL_set_tlsext_host_name(ssl.get(), target.host.c_str());
  if (target.tls_verify) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
    int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, target.host.c_str())
                : X509_VERIFY_PARAM_set1_host(param, target.host.c_str(), 0);
    if (ok != 1) return Result<SslPtr>::Error("TLS setup for " + where + ": bad host name");
  }
  while (true) {
    ERR_clear_error();
    int rc = SSL_connect(ssl.get());
    if (rc == 1) return ssl;
    int err = SSL_get_error(ssl.get(), rc);
    if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE) {
      long verify = SSL_get_verify_result(ssl.get());
      if (target.tls_verify && verify != X509_V_OK) {
        ERR_clear_error();
        return Result<SslPtr>::Error(VerifyFailureText(target, where, verify));
      }
      return Result<SslPtr>::Error("TLS handshake with " + where + " failed: " + TlsErrorText(err));
    }
    Status st = wait_for(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT);
    if (!st.ok()) return Result<SslPtr>::Error("TLS handshake with " + where + ": " + st.message());
  }
}

}  // namespace drove::core

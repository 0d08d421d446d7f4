// Tests for HttpClient over TLS against an in-test OpenSSL server with a self-signed certificate
// made at test time: verification off accepts it, on refuses it with a clear error; SNI is sent.
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/core/net/http_client.h"
#include "tests/unit/net/raw_server.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;

// A fresh P-256 key and a self-signed certificate for localhost / 127.0.0.1.
struct SelfSigned {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;

  SelfSigned() {
    key = EVP_EC_gen("P-256");
    cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    X509_add_ext(cert, san, -1);
    X509_EXTENSION_free(san);
    X509_sign(cert, key, EVP_sha256());
  }
  ~SelfSigned() {
    X509_free(cert);
    EVP_PKEY_free(key);
  }
};

// Serves `HTTP/1.1 200 OK` + "ok" over TLS to every connection on 127.0.0.1:<free port>.
class TlsServer {
 public:
  TlsServer() {
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx_, identity_.cert);
    SSL_CTX_use_PrivateKey(ctx_, identity_.key);
    listen_fd_ = test::ListenOnLoopback(&port_);
    thread_ = std::thread([this] { Serve(); });
  }
  ~TlsServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
    SSL_CTX_free(ctx_);
  }
  int port() const { return port_; }
  std::string last_sni() {
    std::lock_guard lock(mu_);
    return sni_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd pfd{listen_fd_, POLLIN, 0};
      if (::poll(&pfd, 1, 50) <= 0) continue;
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      timeval two_seconds{2, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &two_seconds, sizeof(two_seconds));
      SSL* ssl = SSL_new(ctx_);
      SSL_set_fd(ssl, fd);
      if (SSL_accept(ssl) == 1) {
        {
          const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
          std::lock_guard lock(mu_);
          sni_ = name != nullptr ? name : "";
        }
        std::string request;
        char buf[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
          int n = SSL_read(ssl, buf, sizeof(buf));
          if (n <= 0) break;
          request.append(buf, static_cast<size_t>(n));
        }
        std::string reply = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        SSL_write(ssl, reply.data(), static_cast<int>(reply.size()));
        SSL_shutdown(ssl);
      }
      ERR_clear_error();
      SSL_free(ssl);
      ::close(fd);
    }
  }

  SelfSigned identity_;
  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string sni_;
  std::thread thread_;
};

Result<HttpResponse> Get(const std::string& url, bool verify) {
  auto target = HttpTarget::Parse(url);
  BOOST_REQUIRE_MESSAGE(target.ok(), target.error());
  target->tls_verify = verify;
  return HttpClient::Send(*target, HttpRequest{"GET", "/apis/v1/ping", {}, ""}, milliseconds(3000));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_client_tls)

BOOST_AUTO_TEST_CASE(https_url_sets_tls_and_defaults_to_port_443) {
  auto target = HttpTarget::Parse("https://controller.example");
  BOOST_REQUIRE(target.ok());
  BOOST_TEST(target->tls);
  BOOST_TEST(target->tls_verify);
  BOOST_TEST(target->port == 443);
  BOOST_TEST(target->ToString() == "https://controller.example:443");
  BOOST_TEST(!HttpTarget::Parse("http://h:1")->tls);
}

BOOST_AUTO_TEST_CASE(self_signed_certificate_is_accepted_without_verification) {
  TlsServer server;
  auto response = Get("https://127.0.0.1:" + std::to_string(server.port()), false);
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->status == 200);
  BOOST_TEST(response->body == "ok");
}

BOOST_AUTO_TEST_CASE(host_name_is_sent_as_sni) {
  TlsServer server;
  auto response = Get("https://localhost:" + std::to_string(server.port()), false);
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(server.last_sni() == "localhost");
}

BOOST_AUTO_TEST_CASE(self_signed_certificate_is_refused_with_verification) {
  TlsServer server;
  auto response = Get("https://127.0.0.1:" + std::to_string(server.port()), true);
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST_MESSAGE(response.error());
  BOOST_TEST(response.error().find("certificate verification failed: self-signed certificate") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(plain_http_server_behind_https_url_is_an_error_not_a_hang) {
  int port = 0;
  int fd = test::ListenOnLoopback(&port);
  std::thread peer([fd] {
    int conn = ::accept(fd, nullptr, nullptr);
    const char reply[] = "HTTP/1.1 400 Bad Request\r\n\r\n";
    ::send(conn, reply, sizeof(reply) - 1, MSG_NOSIGNAL);
    ::close(conn);
  });
  auto response = Get("https://127.0.0.1:" + std::to_string(port), false);
  peer.join();
  ::close(fd);
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error().find("TLS handshake") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

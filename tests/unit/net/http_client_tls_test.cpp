// Tests for HttpClient over TLS against an in-test OpenSSL server whose certificate a throw-away
// CA signs: verification against the CA file and the host name, insecure mode, SNI, mutual TLS,
// and the one-line reasons for a refusal.
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/core/net/apply_tls_config.h"
#include "orchestrator/core/net/http_client.h"
#include "tests/unit/net/raw_server.h"
#include "tests/unit/net/test_pki.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;
using test::Identity;
using test::Pki;

// Serves `HTTP/1.1 200 OK` + "ok" over TLS to every connection on 127.0.0.1:<free port>. With
// `client_ca`, it asks for a client certificate and verifies it against that CA.
class TlsServer {
 public:
  explicit TlsServer(const Identity& identity, const Identity* client_ca = nullptr) {
    ctx_ = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate(ctx_, identity.cert);
    SSL_CTX_use_PrivateKey(ctx_, identity.key);
    if (client_ca != nullptr) {
      X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx_), client_ca->cert);
      SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
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
  // The subject CN of the last client certificate, "" when none was shown.
  std::string last_client_cn() {
    std::lock_guard lock(mu_);
    return client_cn_;
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
        Record(ssl);
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
      } else {
        DrainUntilClosed(fd);
      }
      ERR_clear_error();
      SSL_free(ssl);
      ::close(fd);
    }
  }

  // After a refused handshake: closing with the client's request unread would reset the
  // connection, and the client could lose the alert that says why.
  static void DrainUntilClosed(int fd) {
    ::shutdown(fd, SHUT_WR);
    char buf[4096];
    while (::recv(fd, buf, sizeof(buf), 0) > 0) {
    }
  }

  void Record(SSL* ssl) {
    const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
    X509* peer = SSL_get1_peer_certificate(ssl);
    char cn[256] = "";
    if (peer != nullptr) {
      X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof(cn));
      X509_free(peer);
    }
    std::lock_guard lock(mu_);
    sni_ = name != nullptr ? name : "";
    client_cn_ = cn;
  }

  SSL_CTX* ctx_ = nullptr;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string sni_;
  std::string client_cn_;
  std::thread thread_;
};

// A CA, a server certificate for localhost / 127.0.0.1 and a client certificate it signs, and an
// unrelated CA; the CA files written out.
struct Fixture {
  Pki pki;
  Identity ca = Pki::MakeCa("test CA");
  Identity other_ca = Pki::MakeCa("other CA");
  Identity server = Pki::Issue(ca, "server", "DNS:localhost,IP:127.0.0.1");
  Identity client = Pki::Issue(ca, "executor-1", "DNS:executor-1");
  std::string ca_file = pki.WriteCert(ca, "ca");
  std::string other_ca_file = pki.WriteCert(other_ca, "other-ca");

  // tls: {caFile, certFile, keyFile} of a node that uses the client certificate.
  TlsConfig ClientTls() const {
    TlsConfig tls;
    tls.ca_file = ca_file;
    tls.cert_file = pki.WriteCert(client, "client");
    tls.key_file = pki.WriteKey(client, "client");
    return tls;
  }
};

Result<HttpResponse> Get(const std::string& host, int port, const TlsConfig& tls) {
  auto target = HttpTarget::Parse("https://" + host + ":" + std::to_string(port));
  BOOST_REQUIRE_MESSAGE(target.ok(), target.error());
  ApplyTlsConfig(tls, &target.value());
  auto response =
      HttpClient::Send(*target, HttpRequest{"GET", "/apis/v1/ping", {}, ""}, milliseconds(3000));
  if (!response.ok()) BOOST_TEST_MESSAGE(response.error());
  return response;
}

TlsConfig TrustOnly(const std::string& ca_file) {
  TlsConfig tls;
  tls.ca_file = ca_file;
  return tls;
}

TlsConfig Insecure() {
  TlsConfig tls;
  tls.insecure = true;
  return tls;
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

BOOST_AUTO_TEST_CASE(apply_tls_config_sets_verification_and_client_certificate) {
  TlsConfig tls{"/n.crt", "/n.key", "/ca.crt", false, false};
  HttpTarget target;
  ApplyTlsConfig(tls, &target);
  BOOST_TEST(!target.tls);  // the scheme decides
  BOOST_TEST(target.tls_verify);
  BOOST_TEST(target.tls_ca_file == "/ca.crt");
  BOOST_TEST(target.tls_cert_file == "/n.crt");
  BOOST_TEST(target.tls_key_file == "/n.key");
  tls.insecure = true;
  ApplyTlsConfig(tls, &target);
  BOOST_TEST(!target.tls_verify);
}

BOOST_AUTO_TEST_CASE(certificate_signed_by_the_configured_ca_is_verified) {
  Fixture f;
  TlsServer server(f.server);
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto response = Get(host, server.port(), TrustOnly(f.ca_file));
    BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
    BOOST_TEST(response->status == 200);
    BOOST_TEST(response->body == "ok");
  }
}

BOOST_AUTO_TEST_CASE(certificate_of_another_ca_is_refused_with_the_reason_and_the_ca_file) {
  Fixture f;
  TlsServer server(f.server);
  auto response = Get("127.0.0.1", server.port(), TrustOnly(f.other_ca_file));
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error() ==
             "TLS: certificate of 127.0.0.1:" + std::to_string(server.port()) +
                 " not trusted: unable to get local issuer certificate (caFile " + f.other_ca_file +
                 ")");
}

BOOST_AUTO_TEST_CASE(system_store_does_not_trust_a_private_ca) {
  Fixture f;
  TlsServer server(f.server);
  auto response = Get("127.0.0.1", server.port(), TlsConfig{});
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error().find("not trusted") != std::string::npos);
  BOOST_TEST(response.error().find("(system CA store)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(certificate_for_another_host_name_is_refused) {
  Fixture f;
  Identity elsewhere = Pki::Issue(f.ca, "elsewhere", "DNS:elsewhere.example");
  TlsServer server(elsewhere);
  const std::string where = "localhost:" + std::to_string(server.port());
  auto by_name = Get("localhost", server.port(), TrustOnly(f.ca_file));
  BOOST_REQUIRE(!by_name.ok());
  BOOST_TEST(by_name.error() ==
             "TLS: certificate of " + where + " does not match host name 'localhost'");
  auto by_ip = Get("127.0.0.1", server.port(), TrustOnly(f.ca_file));
  BOOST_REQUIRE(!by_ip.ok());
  BOOST_TEST(by_ip.error().find("does not match IP address '127.0.0.1'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(insecure_accepts_any_certificate) {
  Fixture f;
  Identity elsewhere = Pki::Issue(f.other_ca, "elsewhere", "DNS:elsewhere.example");
  TlsServer server(elsewhere);
  auto response = Get("127.0.0.1", server.port(), Insecure());
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(response->body == "ok");
}

BOOST_AUTO_TEST_CASE(host_name_is_sent_as_sni) {
  Fixture f;
  TlsServer server(f.server);
  auto response = Get("localhost", server.port(), TrustOnly(f.ca_file));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(server.last_sni() == "localhost");
}

BOOST_AUTO_TEST_CASE(client_certificate_is_presented_when_configured) {
  Fixture f;
  TlsServer server(f.server, &f.ca);
  auto response = Get("127.0.0.1", server.port(), f.ClientTls());
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
  BOOST_TEST(server.last_client_cn() == "executor-1");
}

BOOST_AUTO_TEST_CASE(server_that_requires_a_client_certificate_refuses_a_client_without_one) {
  Fixture f;
  TlsServer server(f.server, &f.ca);
  auto response = Get("127.0.0.1", server.port(), TrustOnly(f.ca_file));
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error().find("client certificate") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unreadable_ca_file_is_named_in_the_error) {
  Fixture f;
  TlsServer server(f.server);
  auto response = Get("127.0.0.1", server.port(), TrustOnly("/nonexistent/ca.crt"));
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error().find("cannot load caFile /nonexistent/ca.crt") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_replaced_ca_file_is_read_again_without_a_restart) {
  Fixture f;
  TlsServer server(f.server);
  const std::string ca_file = f.pki.WriteCert(f.other_ca, "rotating-ca");
  BOOST_REQUIRE(!Get("127.0.0.1", server.port(), TrustOnly(ca_file)).ok());
  f.pki.WriteCert(f.ca, "rotating-ca");
  auto response = Get("127.0.0.1", server.port(), TrustOnly(ca_file));
  BOOST_REQUIRE_MESSAGE(response.ok(), response.error());
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
  auto response = Get("127.0.0.1", port, Insecure());
  peer.join();
  ::close(fd);
  BOOST_REQUIRE(!response.ok());
  BOOST_TEST(response.error().find("TLS handshake") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

// Tests for HttpServer over TLS with a throw-away CA and certificates made at test time: HTTPS is
// served (TLS 1.2 minimum, forward-secret ciphers), TLS 1.1 is refused, ReloadTls swaps the
// certificate for new connections while open ones keep working, a failed reload keeps the old
// one, require_client_cert refuses clients without a certificate from the CA, and a streamed
// reply goes out in chunks over TLS.
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/test/unit_test.hpp>
#include <fstream>

#include "orchestrator/core/net/http_server.h"
#include "tests/unit/net/raw_http_client.h"
#include "tests/unit/net/test_pki.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;
using test::RawHttpConnection;
using test::TestServer;

using Context = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

const std::string kPing = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n";
const std::string kLocalNames = "DNS:localhost,IP:127.0.0.1";

long SerialOf(X509* cert) { return ASN1_INTEGER_get(X509_get_serialNumber(cert)); }

// The files a server reads, from test::Pki's throw-away CA; the server's pair can be re-issued.
struct ServerPki {
  ServerPki()
      : ca(test::Pki::MakeCa("drove test CA")),
        ca_file(pki.WriteCert(ca, "ca")),
        cert_file(pki.Path("server.crt")),
        key_file(pki.Path("server.key")) {}

  // Writes a fresh key and certificate for localhost / 127.0.0.1; returns its serial.
  long IssueServer() {
    test::Identity server = test::Pki::Issue(ca, "localhost", kLocalNames);
    pki.WriteCert(server, "server");
    pki.WriteKey(server, "server");
    return SerialOf(server.cert);
  }

  // A client context that trusts the CA (and, when asked, shows a certificate from it).
  Context Client(bool with_certificate = false) const {
    Context ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (with_certificate) {
      test::Identity client = test::Pki::Issue(ca, "executor-1", kLocalNames);
      SSL_CTX_use_certificate(ctx.get(), client.cert);
      SSL_CTX_use_PrivateKey(ctx.get(), client.key);
    }
    return ctx;
  }

  HttpServerOptions Options() const {
    HttpServerOptions options;
    options.tls.cert_file = cert_file;
    options.tls.key_file = key_file;
    return options;
  }

  test::Pki pki;
  test::Identity ca;
  std::string ca_file, cert_file, key_file;
};

long PeerSerial(const RawHttpConnection& connection) {
  X509* peer = SSL_get1_peer_certificate(connection.ssl());
  if (peer == nullptr) return -1;
  long serial = SerialOf(peer);
  X509_free(peer);
  return serial;
}

// Sends a ping on `connection` and returns the status (0 when no reply came).
int Ping(RawHttpConnection& connection) {
  if (!connection.Send(kPing)) return 0;
  auto response = connection.ReadResponse(milliseconds(2000));
  return response ? response->status : 0;
}

void AddPing(TestServer& f) {
  f.server->Route("GET", "/ping", [](Request&, Responder r) { r.Send(200, "text/plain", "pong"); });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_tls_server)

BOOST_AUTO_TEST_CASE(https_is_served_with_tls_1_2_or_newer_and_forward_secret_ciphers) {
  ServerPki pki;
  pki.IssueServer();
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  RawHttpConnection newest(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(newest.connected(), newest.tls_error());
  BOOST_TEST(SSL_version(newest.ssl()) == TLS1_3_VERSION);
  BOOST_TEST(Ping(newest) == 200);
  SSL_CTX_set_max_proto_version(client.get(), TLS1_2_VERSION);
  RawHttpConnection tls12(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(tls12.connected(), tls12.tls_error());
  std::string cipher = SSL_get_cipher_name(tls12.ssl());
  BOOST_TEST(cipher.rfind("ECDHE-", 0) == 0);
  BOOST_TEST(Ping(tls12) == 200);
}

BOOST_AUTO_TEST_CASE(streamed_reply_goes_out_in_chunks_over_tls) {
  ServerPki pki;
  pki.IssueServer();
  TestServer f(pki.Options());
  f.server->Route("GET", "/stream", [](Request&, Responder r) {
    ResponseStream stream = r.Stream(200, "text/event-stream", {});
    stream.Write("data: 1\n\n");
    stream.Write("data: 2\n\n");
    stream.End();
  });
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  RawHttpConnection connection(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(connection.connected(), connection.tls_error());
  BOOST_REQUIRE(
      connection.Send("GET /stream HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
  auto head = connection.ReadResponse();
  BOOST_REQUIRE(head);
  BOOST_TEST(head->Header("transfer-encoding") == "chunked");
  BOOST_TEST(connection.WaitClosed());
  BOOST_TEST(connection.pending() == "9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n0\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(tls_1_1_client_is_refused_with_a_protocol_version_alert) {
  ServerPki pki;
  pki.IssueServer();
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  // The client must really offer TLS 1.1 (OpenSSL 3 refuses it at the default security level).
  SSL_CTX_set_cipher_list(client.get(), "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(client.get(), TLS1_1_VERSION);
  SSL_CTX_set_max_proto_version(client.get(), TLS1_1_VERSION);
  RawHttpConnection old(f.port(), "127.0.0.1", client.get());
  BOOST_TEST(!old.connected());
  BOOST_TEST_MESSAGE(old.tls_error());
  BOOST_TEST(old.tls_error().find("alert protocol version") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reload_swaps_the_certificate_and_open_connections_keep_working) {
  ServerPki pki;
  const long first = pki.IssueServer();
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  RawHttpConnection before(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(before.connected(), before.tls_error());
  BOOST_TEST(PeerSerial(before) == first);
  BOOST_TEST(Ping(before) == 200);

  const long second = pki.IssueServer();
  BOOST_REQUIRE(second != first);
  Status reloaded = f.server->ReloadTls();
  BOOST_REQUIRE_MESSAGE(reloaded.ok(), reloaded.message());
  RawHttpConnection after(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(after.connected(), after.tls_error());
  BOOST_TEST(PeerSerial(after) == second);
  BOOST_TEST(Ping(after) == 200);
  // The keep-alive connection from before the reload still answers, on its old certificate.
  BOOST_TEST(Ping(before) == 200);
  BOOST_TEST(PeerSerial(before) == first);
}

BOOST_AUTO_TEST_CASE(failed_reload_keeps_the_certificate_in_force_and_names_the_file) {
  ServerPki pki;
  const long issued = pki.IssueServer();
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  std::ofstream(pki.key_file, std::ios::trunc) << "not a key\n";
  Status reloaded = f.server->ReloadTls();
  BOOST_REQUIRE(!reloaded.ok());
  BOOST_TEST_MESSAGE(reloaded.message());
  BOOST_TEST(reloaded.message().find("key file " + pki.key_file) != std::string::npos);
  Context client = pki.Client();
  RawHttpConnection connection(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(connection.connected(), connection.tls_error());
  BOOST_TEST(PeerSerial(connection) == issued);
  BOOST_TEST(Ping(connection) == 200);
}

BOOST_AUTO_TEST_CASE(bind_fails_clearly_when_the_certificate_cannot_be_read) {
  ServerPki pki;
  HttpServerOptions options = pki.Options();  // no certificate issued: the files do not exist
  TestServer f(options);
  Status bound = f.server->Bind("127.0.0.1", 0);
  BOOST_REQUIRE(!bound.ok());
  BOOST_TEST(bound.message() ==
             "cannot serve HTTPS: cannot read certificate file " + pki.cert_file);
}

BOOST_AUTO_TEST_CASE(required_client_certificate_refuses_clients_without_one) {
  ServerPki pki;
  pki.IssueServer();
  HttpServerOptions options = pki.Options();
  options.tls.ca_file = pki.ca_file;
  options.tls.require_client_cert = true;
  TestServer f(options);
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context anonymous = pki.Client(false);
  RawHttpConnection without(f.port(), "127.0.0.1", anonymous.get());
  // Under TLS 1.3 the refusal arrives after the client's side of the handshake.
  BOOST_TEST((!without.connected() || Ping(without) == 0));
  Context identified = pki.Client(true);
  RawHttpConnection with(f.port(), "127.0.0.1", identified.get());
  BOOST_REQUIRE_MESSAGE(with.connected(), with.tls_error());
  BOOST_TEST(Ping(with) == 200);
}

// A client that leaves right after its handshake makes the server's session-ticket write fail
// with EPIPE; OpenSSL's write() would raise SIGPIPE and kill the process unless it is ignored.
BOOST_AUTO_TEST_CASE(clients_leaving_right_after_the_handshake_do_not_stop_the_server) {
  ServerPki pki;
  pki.IssueServer();
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  for (int i = 0; i < 5; ++i) {
    RawHttpConnection leaving(f.port(), "127.0.0.1", client.get());
    BOOST_REQUIRE_MESSAGE(leaving.connected(), leaving.tls_error());
  }
  RawHttpConnection staying(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(staying.connected(), staying.tls_error());
  BOOST_TEST(Ping(staying) == 200);
}

BOOST_AUTO_TEST_CASE(handshake_that_never_comes_is_cut_at_the_header_timeout) {
  ServerPki pki;
  pki.IssueServer();
  HttpServerOptions options = pki.Options();
  options.header_timeout = milliseconds(300);
  TestServer f(options);
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  RawHttpConnection silent(f.port());  // TCP only, no ClientHello
  auto start = test::Clock::now();
  BOOST_TEST(silent.WaitClosed(milliseconds(3000)));
  BOOST_TEST((test::Clock::now() - start) < milliseconds(2000));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::core

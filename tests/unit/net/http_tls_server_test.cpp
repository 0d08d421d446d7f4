// Tests for HttpServer over TLS with a throw-away CA and certificates made at test time: HTTPS is
// served (TLS 1.2 minimum, forward-secret ciphers), TLS 1.1 is refused, ReloadTls swaps the
// certificate for new connections while open ones keep working, a failed reload keeps the old
// one, and require_client_cert refuses clients without a certificate from the CA.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>

#include "orchestrator/core/net/http_server.h"
#include "tests/unit/net/raw_http_client.h"

namespace drove::core {
namespace {

using std::chrono::milliseconds;
using test::RawHttpConnection;
using test::TestServer;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;
using Context = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

const std::string kPing = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n";

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

// A certificate for `key` named `cn`, signed by issuer (self-signed when issuer is null).
Cert Issue(EVP_PKEY* key, const char* cn, long serial, X509* issuer, EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (issuer == nullptr) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
    AddExtension(cert.get(), signer, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
    AddExtension(cert.get(), signer, NID_ext_key_usage, "serverAuth,clientAuth");
  }
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

// A throw-away CA and the files a server reads, in a private temporary folder.
struct Pki {
  Pki() : ca_key(EVP_EC_gen("P-256"), EVP_PKEY_free), ca(nullptr, X509_free) {
    char pattern[] = "/tmp/drove-tls-edge-XXXXXX";
    dir = ::mkdtemp(pattern);
    ca = Issue(ca_key.get(), "drove test CA", 1, nullptr, nullptr);
    ca_file = dir + "/ca.crt";
    cert_file = dir + "/server.crt";
    key_file = dir + "/server.key";
    FILE* out = std::fopen(ca_file.c_str(), "w");
    PEM_write_X509(out, ca.get());
    std::fclose(out);
  }
  ~Pki() {
    for (const std::string& file : {ca_file, cert_file, key_file}) std::remove(file.c_str());
    ::rmdir(dir.c_str());
  }

  // Writes a fresh key and a certificate for localhost / 127.0.0.1 with `serial`.
  void IssueServer(long serial) {
    Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    Cert cert = Issue(key.get(), "localhost", serial, ca.get(), ca_key.get());
    FILE* out = std::fopen(cert_file.c_str(), "w");
    PEM_write_X509(out, cert.get());
    std::fclose(out);
    out = std::fopen(key_file.c_str(), "w");
    PEM_write_PrivateKey(out, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(out);
  }

  // A client context that trusts the CA (and, when asked, shows a certificate from it).
  Context Client(bool with_certificate = false) const {
    Context ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
    SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), nullptr);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (with_certificate) {
      Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
      Cert cert = Issue(key.get(), "executor-1", 77, ca.get(), ca_key.get());
      SSL_CTX_use_certificate(ctx.get(), cert.get());
      SSL_CTX_use_PrivateKey(ctx.get(), key.get());
    }
    return ctx;
  }

  HttpServerOptions Options() const {
    HttpServerOptions options;
    options.tls.cert_file = cert_file;
    options.tls.key_file = key_file;
    return options;
  }

  std::string dir, ca_file, cert_file, key_file;
  Key ca_key;
  Cert ca;
};

long PeerSerial(const RawHttpConnection& connection) {
  X509* peer = SSL_get1_peer_certificate(connection.ssl());
  if (peer == nullptr) return -1;
  long serial = ASN1_INTEGER_get(X509_get_serialNumber(peer));
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
  Pki pki;
  pki.IssueServer(10);
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

BOOST_AUTO_TEST_CASE(tls_1_1_client_is_refused_with_a_protocol_version_alert) {
  Pki pki;
  pki.IssueServer(10);
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
  Pki pki;
  pki.IssueServer(100);
  TestServer f(pki.Options());
  AddPing(f);
  BOOST_REQUIRE(f.Start().ok());
  Context client = pki.Client();
  RawHttpConnection before(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(before.connected(), before.tls_error());
  BOOST_TEST(PeerSerial(before) == 100);
  BOOST_TEST(Ping(before) == 200);

  pki.IssueServer(200);
  Status reloaded = f.server->ReloadTls();
  BOOST_REQUIRE_MESSAGE(reloaded.ok(), reloaded.message());
  RawHttpConnection after(f.port(), "127.0.0.1", client.get());
  BOOST_REQUIRE_MESSAGE(after.connected(), after.tls_error());
  BOOST_TEST(PeerSerial(after) == 200);
  BOOST_TEST(Ping(after) == 200);
  // The keep-alive connection from before the reload still answers, on its old certificate.
  BOOST_TEST(Ping(before) == 200);
  BOOST_TEST(PeerSerial(before) == 100);
}

BOOST_AUTO_TEST_CASE(failed_reload_keeps_the_certificate_in_force_and_names_the_file) {
  Pki pki;
  pki.IssueServer(100);
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
  BOOST_TEST(PeerSerial(connection) == 100);
  BOOST_TEST(Ping(connection) == 200);
}

BOOST_AUTO_TEST_CASE(bind_fails_clearly_when_the_certificate_cannot_be_read) {
  Pki pki;
  HttpServerOptions options = pki.Options();  // no certificate issued: the files do not exist
  TestServer f(options);
  Status bound = f.server->Bind("127.0.0.1", 0);
  BOOST_REQUIRE(!bound.ok());
  BOOST_TEST(bound.message() ==
             "cannot serve HTTPS: cannot read certificate file " + pki.cert_file);
}

BOOST_AUTO_TEST_CASE(required_client_certificate_refuses_clients_without_one) {
  Pki pki;
  pki.IssueServer(10);
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
  Pki pki;
  pki.IssueServer(10);
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
  Pki pki;
  pki.IssueServer(10);
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

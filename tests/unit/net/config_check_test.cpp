// Tests for the daemons' `--check` helpers: TLS files are loaded as HttpServer::Bind loads them
// (a key that does not match its certificate is refused with Bind's message), plain HTTP needs
// nothing.
#include "orchestrator/core/net/config_check.h"

#include <boost/test/unit_test.hpp>

#include "tests/unit/net/test_pki.h"

namespace drove::core {
namespace {

struct CheckPki {
  CheckPki()
      : ca(test::Pki::MakeCa("drove check CA")),
        server(test::Pki::Issue(ca, "localhost", "DNS:localhost")),
        other(test::Pki::Issue(ca, "other", "DNS:other")) {}
  test::Pki pki;
  test::Identity ca;
  test::Identity server;
  test::Identity other;
};

BOOST_AUTO_TEST_SUITE(config_check)

BOOST_AUTO_TEST_CASE(plain_http_needs_no_files) { BOOST_TEST(CheckServingTls(TlsConfig{}).ok()); }

BOOST_AUTO_TEST_CASE(a_matching_certificate_and_key_pass) {
  CheckPki files;
  TlsConfig tls{files.pki.WriteCert(files.server, "server"),
                files.pki.WriteKey(files.server, "server"), files.pki.WriteCert(files.ca, "ca")};
  Status status = CheckServingTls(tls);
  BOOST_TEST(status.ok(), status.message());
}

BOOST_AUTO_TEST_CASE(a_key_of_another_certificate_is_refused_as_bind_refuses_it) {
  CheckPki files;
  TlsConfig tls{files.pki.WriteCert(files.server, "server"),
                files.pki.WriteKey(files.other, "other"), ""};
  Status status = CheckServingTls(tls);
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.message().rfind("cannot serve HTTPS: ", 0) == 0, status.message());
  BOOST_TEST(status.message().find(tls.key_file) != std::string::npos, status.message());
}

BOOST_AUTO_TEST_CASE(a_certificate_file_that_is_not_pem_is_refused) {
  CheckPki files;
  const std::string garbage = files.pki.Path("garbage.crt");
  std::FILE* f = std::fopen(garbage.c_str(), "w");
  std::fputs("not a certificate\n", f);
  std::fclose(f);
  TlsConfig tls{garbage, files.pki.WriteKey(files.server, "server"), ""};
  Status status = CheckServingTls(tls);
  BOOST_TEST(!status.ok());
  BOOST_TEST(status.message().find(garbage) != std::string::npos, status.message());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

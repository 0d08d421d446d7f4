// controller.yml's security keys: bearer tokens, CRYPT hashes checked at load, audit settings.
#include <boost/test/unit_test.hpp>

#include "orchestrator/core/auth/secrets.h"
#include "orchestrator/controller/config/controller_config.h"

namespace drove::controller {
namespace {

bool HasLine(const std::string& errors, const std::string& line) {
  return ("\n" + errors + "\n").find("\n" + line + "\n") != std::string::npos;
}

const char* kToken = "0123456789abcdef0123456789abcdef";

BOOST_AUTO_TEST_SUITE(controller_security_config)

BOOST_AUTO_TEST_CASE(defaults_audit_writes_to_the_log_and_no_tokens) {
  auto config = ParseControllerConfig("", "c.yml");
  BOOST_REQUIRE(config.ok());
  BOOST_TEST(config->tokens.empty());
  BOOST_TEST((config->audited_http_methods == std::vector<std::string>{"POST", "PUT", "DELETE"}));
  BOOST_TEST(config->audit.file.empty());
  BOOST_TEST(config->audit.max_size_bytes == 100LL * 1024 * 1024);
  BOOST_TEST(config->audit.max_files == 10);
}

BOOST_AUTO_TEST_CASE(tokens_hashes_and_audit_load) {
  const std::string hash = core::HashPassword("pw").value();
  const std::string text = std::string(R"(
userAuth:
  users:
    - {username: ops, password: ')") +
                           hash + R"(', role: EXTERNAL_ROOT, encoding: CRYPT}
  tokens:
    - {name: ci, token: )" +
                           kToken + R"(, role: EXTERNAL_READ_WRITE}
options:
  auditedHttpMethods: [POST, GET]
audit: {file: /var/log/drove/audit.log, maxSize: 10m, maxFiles: 3}
)";
  auto config = ParseControllerConfig(text, "c.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->users[0].password == hash);
  BOOST_REQUIRE(config->tokens.size() == 1u);
  BOOST_TEST(config->tokens[0].name == "ci");
  BOOST_TEST(config->tokens[0].token == kToken);
  BOOST_TEST((config->tokens[0].role == UserRole::kExternalReadWrite));
  BOOST_TEST((config->audited_http_methods == std::vector<std::string>{"POST", "GET"}));
  BOOST_TEST(config->audit.file == "/var/log/drove/audit.log");
  BOOST_TEST(config->audit.max_size_bytes == 10LL * 1024 * 1024);
  BOOST_TEST(config->audit.max_files == 3);
}

BOOST_AUTO_TEST_CASE(bad_security_keys_are_each_reported) {
  const char* text = R"(
userAuth:
  users:
    - {username: a, password: plain-by-mistake, role: EXTERNAL_ROOT, encoding: CRYPT}
  tokens:
    - {name: short, token: abc, role: EXTERNAL_ROOT}
    - {token: 0123456789abcdef0123456789abcdef, role: EXTERNAL_ROOT}
    - {name: twice, token: 0123456789abcdef0123456789abcdef, role: ADMIN}
options:
  auditedHttpMethods: [post]
audit: {file: relative.log, maxSize: 1k, maxFiles: 0, rotate: daily}
)";
  auto config = ParseControllerConfig(text, "c.yml");
  BOOST_REQUIRE(!config.ok());
  const std::string& e = config.error();
  BOOST_TEST(
      e.find("c.yml:userAuth.users[0].password: is no strong crypt(3) hash") != std::string::npos,
      e);
  BOOST_TEST(e.find("plain-by-mistake") == std::string::npos, "the password is not echoed");
  BOOST_TEST(HasLine(e, "c.yml:userAuth.tokens[0].token: must be at least 32 characters"), e);
  BOOST_TEST(HasLine(e, "c.yml:userAuth.tokens[1].name: is required"), e);
  BOOST_TEST(HasLine(e, "c.yml:userAuth.tokens[2].token: the same token is given twice"), e);
  BOOST_TEST(e.find("c.yml:userAuth.tokens[2].role:") != std::string::npos, e);
  BOOST_TEST(
      e.find("c.yml:options.auditedHttpMethods: unknown method \"post\"") != std::string::npos, e);
  BOOST_TEST(HasLine(e, "c.yml:audit.file: must be an absolute path"), e);
  BOOST_TEST(e.find("c.yml:audit.maxSize:") != std::string::npos, e);
  BOOST_TEST(e.find("c.yml:audit.maxFiles:") != std::string::npos, e);
  BOOST_TEST(e.find("c.yml:audit.rotate:") != std::string::npos, e);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller

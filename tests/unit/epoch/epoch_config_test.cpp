// epoch.yml: the contract's keys and defaults, strict refusal of unknown keys and bad values.
#include "orchestrator/epoch/config/epoch_config.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>

namespace drove::epoch {
namespace {

const char* kMinimal = R"(
drove:
  endpoints: [http://drove:4000]
  appName: EPOCH
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(epoch_config)

BOOST_AUTO_TEST_CASE(minimal_file_gets_epochs_defaults) {
  auto config = ParseEpochConfig(kMinimal, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->port == 8080);
  BOOST_TEST(config->admin_port == -1);
  BOOST_TEST(!config->user_auth_enabled);
  BOOST_TEST(config->drove.rpc_retry_count == 10);
  BOOST_TEST(config->drove.rpc_retry_interval.count() == 3000);
  BOOST_TEST(config->drove.operation_timeout.count() == 1000);
  BOOST_TEST(config->drove.cluster_op_spec.dump() ==
             R"({"timeout":"300 seconds","parallelism":1,"failureStrategy":"STOP"})");
  BOOST_TEST(config->num_runs_per_job == 5);
  BOOST_TEST(config->drove.app_name == "EPOCH");
}

BOOST_AUTO_TEST_CASE(epochs_own_file_shape_is_read) {
  const char* text = R"(
server:
  applicationConnectors: [{type: http, port: 9090, bindHost: 127.0.0.1}]
  adminConnectors: [{type: http, port: 9091}]
  applicationContextPath: /
drove:
  endpoints: [http://a:4000, http://b:4000]
  username: admin
  password: password
  checkInterval: 5s
  rpcRetryCount: 0
  rpcRetryInterval: 1 second
  clusterOpSpec: {timeout: 60 seconds, parallelism: 2, failureStrategy: STOP}
  insecure: false
  appName: EPOCH
userAuth:
  enabled: true
  cachingPolicy: "maximumSize=500, expireAfterAccess=30m"
  users:
    - {username: admin, password: x, role: READ_WRITE}
    - {username: guest, password: y, role: READ_ONLY}
options: {cleanupJobInterval: 30m, numRunsPerJob: 20}
logging: {level: DEBUG}
)";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->host == "127.0.0.1");
  BOOST_TEST(config->port == 9090);
  BOOST_TEST(config->admin_port == 9091);
  BOOST_TEST(config->drove.endpoints.size() == 2u);
  BOOST_TEST(config->drove.check_interval.count() == 5000);
  BOOST_TEST(config->drove.rpc_retry_count == 10);  // 0 means the default, as in Epoch
  BOOST_TEST(config->drove.cluster_op_spec["timeout"] == "60 seconds");
  BOOST_TEST(config->user_auth_enabled);
  BOOST_TEST_REQUIRE(config->users.size() == 2u);
  BOOST_TEST((config->users[1].role == EpochRole::kReadOnly));
  BOOST_TEST(config->num_runs_per_job == 20);
  BOOST_TEST(config->cleanup_job_interval.count() == 30 * 60 * 1000);
  BOOST_TEST(config->log_level == "DEBUG");
}

BOOST_AUTO_TEST_CASE(unknown_keys_and_bad_values_are_named_with_file_and_path) {
  const char* text = R"(
drove:
  endpoints: [http://drove:4000]
  appName: EPOCH
  rpcRetryInterval: soon
  colour: blue
userAuth:
  users: [{username: admin, password: x, role: ADMIN}]
)";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(!config.ok());
  const std::string& error = config.error();
  BOOST_TEST(error.find("epoch.yml:drove.colour: unknown key") != std::string::npos, error);
  BOOST_TEST(error.find("epoch.yml:drove.rpcRetryInterval:") != std::string::npos, error);
  BOOST_TEST(error.find("epoch.yml:userAuth.users[0].role: must be one of READ_WRITE, READ_ONLY") !=
                 std::string::npos,
             error);
}

BOOST_AUTO_TEST_CASE(drove_endpoints_are_required) {
  auto config = ParseEpochConfig("drove: {appName: EPOCH}\n", "epoch.yml");
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().find("epoch.yml:drove.endpoints: is required") != std::string::npos,
             config.error());
}

BOOST_AUTO_TEST_CASE(no_zookeeper_section_means_sqlite) {
  auto config = ParseEpochConfig(kMinimal, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(!config->zookeeper.enabled);
}

BOOST_AUTO_TEST_CASE(zookeeper_section_chooses_the_zookeeper_store_with_epochs_defaults) {
  std::string text =
      std::string(kMinimal) + "zookeeper: {connectionString: \"zk1:2181,zk2:2181\"}\n";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->zookeeper.enabled);
  BOOST_TEST(config->zookeeper.connection_string == "zk1:2181,zk2:2181");
  BOOST_TEST(config->zookeeper.name_space == "epoch");
  BOOST_TEST(config->zookeeper.session_timeout.count() == 5000);
  BOOST_TEST(config->zookeeper.connect_timeout.count() == 10000);
}

BOOST_AUTO_TEST_CASE(zookeeper_keys_are_read) {
  std::string text = std::string(kMinimal) +
                     "zookeeper: {connectionString: \"127.0.0.1:2181\", nameSpace: jobs, "
                     "sessionTimeout: 2s, connectTimeout: 3 seconds}\n"
                     "store: {type: zookeeper}\n";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->zookeeper.name_space == "jobs");
  BOOST_TEST(config->zookeeper.session_timeout.count() == 2000);
  BOOST_TEST(config->zookeeper.connect_timeout.count() == 3000);
}

BOOST_AUTO_TEST_CASE(bad_zookeeper_values_are_refused_each_with_its_key) {
  std::string text = std::string(kMinimal) +
                     "zookeeper: {connectionString: \"zk\", nameSpace: \"a/b\", "
                     "sessionTimeout: 500ms, color: red}\n";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(!config.ok());
  const std::string& error = config.error();
  BOOST_TEST(error.find("epoch.yml:zookeeper.connectionString: bad connection string \"zk\"") !=
                 std::string::npos,
             error);
  BOOST_TEST(error.find("epoch.yml:zookeeper.nameSpace: must be one path segment") !=
                 std::string::npos,
             error);
  BOOST_TEST(error.find("epoch.yml:zookeeper.sessionTimeout: must be between 1 second") !=
                 std::string::npos,
             error);
  BOOST_TEST(error.find("epoch.yml:zookeeper.color: unknown key") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(zookeeper_needs_a_connection_string_and_agrees_with_store_type) {
  auto missing = ParseEpochConfig(std::string(kMinimal) + "zookeeper: {nameSpace: epoch}\n",
                                  "epoch.yml");
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().find("epoch.yml:zookeeper.connectionString: is required") !=
                 std::string::npos,
             missing.error());
  auto sqlite = ParseEpochConfig(
      std::string(kMinimal) + "zookeeper: {connectionString: zk:2181}\nstore: {type: sqlite}\n",
      "epoch.yml");
  BOOST_TEST_REQUIRE(!sqlite.ok());
  BOOST_TEST(
      sqlite.error().find("epoch.yml:store.type: sqlite cannot be used") != std::string::npos,
      sqlite.error());
  auto no_section = ParseEpochConfig(std::string(kMinimal) + "store: {type: zookeeper}\n",
                                     "epoch.yml");
  BOOST_TEST_REQUIRE(!no_section.ok());
  BOOST_TEST(no_section.error().find("epoch.yml:store.type: zookeeper needs the zookeeper") !=
                 std::string::npos,
             no_section.error());
}

BOOST_AUTO_TEST_CASE(app_name_comes_from_drove_app_name_when_not_configured) {
  ::setenv("DROVE_APP_NAME", "FROM_ENV", 1);
  auto config = ParseEpochConfig("drove: {endpoints: [http://drove:4000]}\n", "epoch.yml");
  ::unsetenv("DROVE_APP_NAME");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->drove.app_name == "FROM_ENV");
  auto missing = ParseEpochConfig("drove: {endpoints: [http://drove:4000]}\n", "epoch.yml");
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().find("epoch.yml:drove.appName: is required") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(environment_variables_are_substituted_strictly) {
  ::setenv("EPOCH_TEST_PASSWORD", "s3cret", 1);
  auto text = SubstituteEnvironment("p: ${EPOCH_TEST_PASSWORD}, q: ${EPOCH_TEST_UNSET:-dflt}", "f");
  BOOST_TEST_REQUIRE(text.ok(), text.error());
  BOOST_TEST(*text == "p: s3cret, q: dflt");
  auto undefined = SubstituteEnvironment("p: ${EPOCH_TEST_UNSET}", "f.yml");
  BOOST_TEST_REQUIRE(!undefined.ok());
  BOOST_TEST(
      undefined.error() ==
      "f.yml: environment variable EPOCH_TEST_UNSET is not defined (used as ${EPOCH_TEST_UNSET})");
  ::unsetenv("EPOCH_TEST_PASSWORD");
}

BOOST_AUTO_TEST_CASE(tls_section_and_drove_insecure_are_read) {
  // The reader checks only that the files are readable: /dev/null stands in for PEM files.
  auto config = ParseEpochConfig(std::string(kMinimal) +
                                     "tls: {certFile: /dev/null, keyFile: /dev/null, caFile: /dev/null}\n",
                                 "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->tls.serving());
  BOOST_TEST(config->tls.ca_file == "/dev/null");
  BOOST_TEST(!config->drove.insecure);
  auto insecure = ParseEpochConfig(
      "drove: {endpoints: [https://drove:4000], appName: EPOCH, insecure: true}\n", "epoch.yml");
  BOOST_TEST_REQUIRE(insecure.ok(), insecure.error());
  BOOST_TEST(insecure->drove.insecure);
  BOOST_TEST(!insecure->tls.serving());
}

BOOST_AUTO_TEST_CASE(user_auth_tokens_crypt_users_and_the_audit_trail_are_read) {
  const std::string text = std::string(kMinimal) + R"(
userAuth:
  users:
    - {username: ops, password: "$2b$04$SEc7VXcxW6rHX.V2J8F9beT/XeF/3Mh1sx0H5drro8S/tb7JUoXPG",
       role: READ_WRITE, encoding: CRYPT}
  tokens: [{name: ci, token: 0123456789abcdef0123456789abcdef, role: READ_ONLY}]
options: {auditedHttpMethods: [POST, DELETE]}
audit: {file: /var/log/epoch/audit.log, maxSize: 10m, maxFiles: 3}
)";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->user_auth_enabled);
  BOOST_TEST_REQUIRE(config->users.size() == 1u);
  BOOST_TEST((config->users[0].encoding == core::PasswordEncoding::kCrypt));
  BOOST_TEST((config->users[0].role == EpochRole::kReadWrite));
  BOOST_TEST_REQUIRE(config->tokens.size() == 1u);
  BOOST_TEST(config->tokens[0].name == "ci");
  BOOST_TEST((config->tokens[0].role == EpochRole::kReadOnly));
  BOOST_TEST((config->audited_http_methods == std::vector<std::string>{"POST", "DELETE"}));
  BOOST_TEST(config->audit.file == "/var/log/epoch/audit.log");
  BOOST_TEST(config->audit.max_size_bytes == 10 * 1024 * 1024);
  BOOST_TEST(config->audit.max_files == 3);
  auto defaults = ParseEpochConfig(kMinimal, "epoch.yml");
  BOOST_TEST((defaults->audited_http_methods == std::vector<std::string>{"POST", "PUT", "DELETE"}));
  BOOST_TEST(defaults->audit.file.empty());
}

BOOST_AUTO_TEST_CASE(weak_hashes_short_tokens_and_relative_audit_files_are_refused) {
  const std::string text = std::string(kMinimal) + R"(
userAuth:
  users: [{username: ops, password: plain-text, role: READ_WRITE, encoding: CRYPT}]
  tokens: [{name: ci, token: short, role: READ_ONLY}]
audit: {file: audit.log}
)";
  auto config = ParseEpochConfig(text, "epoch.yml");
  BOOST_TEST_REQUIRE(!config.ok());
  const std::string& e = config.error();
  BOOST_TEST(e.find("epoch.yml:userAuth.users[0].password: is no strong crypt(3) hash") !=
                 std::string::npos,
             e);
  BOOST_TEST(e.find("plain-text") == std::string::npos, e);
  BOOST_TEST(e.find("epoch.yml:userAuth.tokens[0].token: must be at least 32 characters") !=
                 std::string::npos,
             e);
  BOOST_TEST(e.find("epoch.yml:audit.file: must be an absolute path") != std::string::npos, e);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

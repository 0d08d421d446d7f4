// controller.yml loading: defaults, every key read, and `file:key: reason` for each bad key or value.
#include <boost/test/unit_test.hpp>

#include "orchestrator/controller/auth/instance_token.h"
#include "orchestrator/controller/config/controller_config.h"

namespace drove::controller {
namespace {

bool HasLine(const std::string& errors, const std::string& line) {
  return ("\n" + errors + "\n").find("\n" + line + "\n") != std::string::npos;
}

BOOST_AUTO_TEST_SUITE(controller_config)

BOOST_AUTO_TEST_CASE(empty_file_gives_the_defaults) {
  auto config = ParseControllerConfig("", "c.yml");
  BOOST_REQUIRE(config.ok());
  BOOST_TEST(config->port == 4000);
  BOOST_TEST(config->user_auth_enabled);
  BOOST_TEST(config->ControllerSecret() == "DefaultControllerSecret");
  // No instanceAuth: a key derived from the CONTROLLER secret, not Drove's published default.
  BOOST_TEST(config->instance_auth_secret.empty());
  BOOST_TEST(config->InstanceAuthSecret() == DeriveInstanceAuthSecret("DefaultControllerSecret"));
  BOOST_TEST(config->InstanceAuthSecret() != "DEFAULT_SECRET");
  BOOST_TEST(config->max_events_storage_duration.count() == 3600000);
  BOOST_TEST(config->maintenance_settle_time.count() == 40000);
  BOOST_TEST(!config->disable_cmdl_args);
  BOOST_TEST(!config->enable_raw_device_access);
}

BOOST_AUTO_TEST_CASE(the_documented_example_loads) {
  const char* text = R"(
server: {host: 127.0.0.1, port: 4100}
store: {type: sqlite, path: /tmp/c.db}
userAuth:
  enabled: true
  users:
    - {username: admin, password: admin, role: EXTERNAL_READ_WRITE, encoding: PLAIN}
    - {username: guest, password: guest, role: EXTERNAL_READ_ONLY}
clusterAuth:
  secrets:
    - {nodeType: CONTROLLER, secret: cs}
    - {nodeType: EXECUTOR, secret: es}
instanceAuth: {secret: s3}
options:
  maxEventsStorageDuration: 2h
  allowedMountDirs: [/data]
  disableReadAuth: true
  disableCmdlArgs: true
  enableRawDeviceAccess: true
  instanceLostTimeout: 90s
  executorLostTimeout: 1 minute
  maintenanceSettleTime: 5s
  defaultOpSpec: {timeout: 300 seconds, parallelism: 4, failureStrategy: ROLLBACK}
logLevel: DEBUG
)";
  auto config = ParseControllerConfig(text, "c.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->host == "127.0.0.1");
  BOOST_TEST(config->port == 4100);
  BOOST_TEST(config->store_path == "/tmp/c.db");
  BOOST_TEST(config->users.size() == 2u);
  BOOST_TEST((config->users[1].role == UserRole::kExternalReadOnly));
  BOOST_TEST(config->ControllerSecret() == "cs");
  BOOST_TEST(config->cluster_secrets.size() == 2u);
  BOOST_TEST(config->instance_auth_secret == "s3");
  BOOST_TEST(config->InstanceAuthSecret() == "s3");
  BOOST_TEST(config->max_events_storage_duration.count() == 7200000);
  BOOST_TEST(config->allowed_mount_dirs == std::vector<std::string>{"/data"});
  BOOST_TEST(config->disable_read_auth);
  BOOST_TEST(config->disable_cmdl_args);
  BOOST_TEST(config->enable_raw_device_access);
  BOOST_TEST(config->instance_lost_timeout.count() == 90000);
  BOOST_TEST(config->executor_lost_timeout.count() == 60000);
  BOOST_TEST(config->maintenance_settle_time.count() == 5000);
  BOOST_TEST(config->default_op_spec.parallelism == 4);
  BOOST_TEST(config->default_op_spec.failure_strategy == "ROLLBACK");
  BOOST_TEST(config->log_level == "DEBUG");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_refused_with_their_path) {
  auto config = ParseControllerConfig("server: {port: 1, hots: x}\nfoo: 1\n", "c.yml");
  BOOST_REQUIRE(!config.ok());
  BOOST_TEST(HasLine(config.error(), "c.yml:server.hots: unknown key"));
  BOOST_TEST(HasLine(config.error(), "c.yml:foo: unknown key"));
}

BOOST_AUTO_TEST_CASE(bad_values_name_file_key_and_reason) {
  const char* text = R"(
server: {port: 70000}
userAuth:
  enabled: maybe
  users:
    - {username: a, password: b, role: ADMIN}
options:
  instanceLostTimeout: 5 parsecs
  defaultOpSpec: {parallelism: 0}
logLevel: LOUD
)";
  auto config = ParseControllerConfig(text, "/etc/drove/controller.yml");
  BOOST_REQUIRE(!config.ok());
  const std::string& e = config.error();
  BOOST_TEST(HasLine(e, "/etc/drove/controller.yml:server.port: must be an integer between 0 and 65535"));
  BOOST_TEST(e.find("/etc/drove/controller.yml:userAuth.enabled: must be true or false") !=
             std::string::npos);
  BOOST_TEST(e.find("/etc/drove/controller.yml:userAuth.users[0].role: must be one of EXTERNAL_ROOT") !=
             std::string::npos);
  BOOST_TEST(e.find("/etc/drove/controller.yml:options.instanceLostTimeout: must be a duration") !=
             std::string::npos);
  BOOST_TEST(e.find("/etc/drove/controller.yml:options.defaultOpSpec.parallelism: must be an integer between 1 and 512") !=
             std::string::npos);
  BOOST_TEST(e.find("/etc/drove/controller.yml:logLevel: must be one of DEBUG") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_zookeeper_section_alone_chooses_the_zookeeper_store) {
  auto config = ParseControllerConfig(R"(
zookeeper: {connectionString: "zk1:2181,[::1]:2182", sessionTimeout: 2s, connectTimeout: 3s}
)",
                                      "c.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->store_type == "zookeeper");
  BOOST_TEST(config->zk_connection_string == "zk1:2181,[::1]:2182");
  BOOST_TEST(config->zk_session_timeout.count() == 2000);
  BOOST_TEST(config->zk_connect_timeout.count() == 3000);
  BOOST_TEST(config->zk_namespace == "drove");
}

BOOST_AUTO_TEST_CASE(bad_zookeeper_settings_name_the_key_and_the_rule) {
  for (const auto& [yaml, line] : std::vector<std::pair<std::string, std::string>>{
           {"store: {type: zookeeper}",
            "c.yml:zookeeper.connectionString: is required with the zookeeper store "
            "(host:port,host:port,...)"},
           {"zookeeper: {connectionString: \"127.0.0.1\"}",
            "c.yml:zookeeper.connectionString: bad connection string \"127.0.0.1\": \"127.0.0.1\" "
            "is not host:port"},
           {"zookeeper: {connectionString: \"a:1;b:2\"}",
            "c.yml:zookeeper.connectionString: bad connection string \"a:1;b:2\": \"a:1;b:2\" is "
            "not host:port"},
           {"zookeeper: {connectionString: \"a:99999\"}",
            "c.yml:zookeeper.connectionString: bad connection string \"a:99999\": \"a:99999\" has "
            "no valid port"},
           {"zookeeper: {connectionString: \"a:1/chroot\"}",
            "c.yml:zookeeper.connectionString: bad connection string \"a:1/chroot\": no chroot "
            "suffix, use the namespace"},
           {"zookeeper: {connectionString: \"a:1\", namespace: \"a/b\"}",
            "c.yml:zookeeper.namespace: must be one path segment without '/'"},
           {"zookeeper: {connectionString: \"a:1\", namespace: zookeeper}",
            "c.yml:zookeeper.namespace: bad namespace \"zookeeper\": /zookeeper belongs to "
            "ZooKeeper"},
       }) {
    auto config = ParseControllerConfig(yaml, "c.yml");
    BOOST_REQUIRE(!config.ok());
    BOOST_TEST(HasLine(config.error(), line), config.error());
  }
}

BOOST_AUTO_TEST_CASE(missing_file_and_broken_yaml_are_reported) {
  auto missing = LoadControllerConfig("/nonexistent/controller.yml");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.error().find("/nonexistent/controller.yml") == 0u);
  auto broken = ParseControllerConfig("server: [1, 2\n", "c.yml");
  BOOST_REQUIRE(!broken.ok());
  BOOST_TEST(broken.error().find("c.yml:") == 0u);
}

BOOST_AUTO_TEST_CASE(instance_auth_secret_is_configured_or_derived_per_cluster) {
  auto empty = ParseControllerConfig("instanceAuth: {secret: \"\"}\n", "c.yml");
  BOOST_TEST_REQUIRE(!empty.ok());
  BOOST_TEST(HasLine(empty.error(), "c.yml:instanceAuth.secret: must not be empty"), empty.error());
  const char* cluster = "clusterAuth: {secrets: [{nodeType: CONTROLLER, secret: cs}]}\n";
  auto a = ParseControllerConfig(cluster, "a.yml");
  auto b = ParseControllerConfig(cluster, "b.yml");
  auto other = ParseControllerConfig("", "c.yml");
  BOOST_TEST_REQUIRE((a.ok() && b.ok() && other.ok()));
  BOOST_TEST(a->InstanceAuthSecret() == b->InstanceAuthSecret());
  BOOST_TEST(a->InstanceAuthSecret() != other->InstanceAuthSecret());
  BOOST_TEST(a->InstanceAuthSecret().find("cs") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(instance_token_lifetime_defaults_to_a_year_and_is_a_drove_duration) {
  auto defaults = ParseControllerConfig("", "c.yml");
  BOOST_TEST_REQUIRE(defaults.ok());
  BOOST_TEST((defaults->instance_token_lifetime == std::chrono::hours(365 * 24)));
  auto set = ParseControllerConfig("instanceAuth: {tokenLifetime: 30 days}\n", "c.yml");
  BOOST_TEST_REQUIRE(set.ok(), set.error());
  BOOST_TEST((set->instance_token_lifetime == std::chrono::hours(30 * 24)));
  BOOST_TEST(set->instance_auth_secret.empty(), "a lifetime alone keeps the derived key");
  auto zero = ParseControllerConfig("instanceAuth: {tokenLifetime: 0s}\n", "c.yml");
  BOOST_TEST_REQUIRE(!zero.ok());
  BOOST_TEST(HasLine(zero.error(), "c.yml:instanceAuth.tokenLifetime: must be greater than zero"),
             zero.error());
}

BOOST_AUTO_TEST_CASE(tls_section_and_server_limits_are_read) {
  // The reader checks only that the files are readable: /dev/null stands in for PEM files.
  auto config = ParseControllerConfig(
      "server: {port: 4443, maxBodyBytes: 65536}\n"
      "tls: {certFile: /dev/null, keyFile: /dev/null, caFile: /dev/null, requireClientCert: true}\n",
      "c.yml");
  BOOST_TEST_REQUIRE(config.ok(), config.error());
  BOOST_TEST(config->tls.serving());
  BOOST_TEST(config->tls.ca_file == "/dev/null");
  BOOST_TEST(config->tls.require_client_cert);
  BOOST_TEST(config->server_options.max_body_bytes == 65536u);
  BOOST_TEST(config->server_options.io_timeout_seconds > 300, "above the longest long-poll");
  auto plain = ParseControllerConfig("", "c.yml");
  BOOST_TEST_REQUIRE(plain.ok());
  BOOST_TEST(!plain->tls.serving());
}

BOOST_AUTO_TEST_CASE(tls_section_problems_name_the_key) {
  auto config = ParseControllerConfig("tls: {certFile: /nonexistent/node.crt}\n", "c.yml");
  BOOST_TEST_REQUIRE(!config.ok());
  BOOST_TEST(HasLine(config.error(), "c.yml:tls.keyFile: certFile and keyFile go together"),
             config.error());
  BOOST_TEST(HasLine(config.error(), "c.yml:tls.certFile: cannot read /nonexistent/node.crt"),
             config.error());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::controller

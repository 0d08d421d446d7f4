// executor.yml loading: defaults, every documented key, refusal of unknown keys and bad values.
#include "orchestrator/executor/executor_config.h"

#include <boost/test/unit_test.hpp>

namespace drove::executor {

BOOST_AUTO_TEST_SUITE(executor_config)

BOOST_AUTO_TEST_CASE(documented_schema_loads) {
  auto config = ParseExecutorConfig(R"(
server: {host: 0.0.0.0, port: 3000}
hostname: exec1
instanceHostname: 10.0.0.5
controllers: ["http://127.0.0.1:4000", "http://127.0.0.2:4000"]
clusterAuth: {secret: S1, controllerSecret: S2}
engine: {socket: /run/podman/podman.sock}
logDir: /tmp/logs
snapshotInterval: 5s
resources:
  osCores: [0, 1]
  exposedMemPercentage: 90
  disableNUMAPinning: true
  tags: [gpu]
  metadata: {rack: r1}
  overProvisioning: {enabled: true, cpuMultiplier: 2, memoryMultiplier: 3}
logLevel: DEBUG
)", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_CHECK_EQUAL(config->server_port, 3000);
  BOOST_CHECK_EQUAL(config->hostname, "exec1");
  BOOST_CHECK_EQUAL(config->instance_hostname, "10.0.0.5");
  BOOST_CHECK_EQUAL(config->controllers.size(), 2u);
  BOOST_CHECK_EQUAL(config->secret, "S1");
  BOOST_CHECK_EQUAL(config->controller_secret, "S2");
  BOOST_CHECK_EQUAL(config->engine_socket, "/run/podman/podman.sock");
  BOOST_CHECK_EQUAL(config->snapshot_interval.count(), 5000);
  BOOST_CHECK(config->os_cores == (std::vector<int>{0, 1}));
  BOOST_CHECK_EQUAL(config->exposed_mem_percentage, 90);
  BOOST_CHECK(config->disable_numa_pinning);
  BOOST_CHECK_EQUAL(config->metadata.at("rack"), "r1");
  BOOST_CHECK(config->over_provisioning);
  BOOST_CHECK_EQUAL(config->cpu_multiplier, 2);
  BOOST_CHECK_EQUAL(config->log_level, "DEBUG");
}

BOOST_AUTO_TEST_CASE(empty_file_gives_defaults) {
  auto config = ParseExecutorConfig("{}", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_CHECK_EQUAL(config->server_port, 3000);
  BOOST_CHECK_EQUAL(config->engine_socket, "/var/run/docker.sock");
  BOOST_CHECK(!config->hostname.empty());
  BOOST_CHECK_EQUAL(config->instance_hostname, config->hostname);
}

BOOST_AUTO_TEST_CASE(instance_hostname_defaults_to_hostname) {
  auto config = ParseExecutorConfig("hostname: exec1\n", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_CHECK_EQUAL(config->instance_hostname, "exec1");
  auto empty = ParseExecutorConfig("hostname: exec1\ninstanceHostname: \"\"\n", "executor.yml");
  BOOST_REQUIRE(!empty.ok());
  BOOST_CHECK_NE(empty.error().find("executor.yml:instanceHostname"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_and_bad_keys_are_refused_with_file_and_key) {
  auto config = ParseExecutorConfig("server: {port: 70000}\nsnapshotInterval: soon\nbogus: 1\n",
                                    "executor.yml");
  BOOST_REQUIRE(!config.ok());
  BOOST_CHECK_NE(config.error().find("executor.yml:server.port"), std::string::npos);
  BOOST_CHECK_NE(config.error().find("executor.yml:snapshotInterval"), std::string::npos);
  BOOST_CHECK_NE(config.error().find("executor.yml:bogus"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(docker_auth_entries_load_by_registry_and_bad_types_are_refused) {
  auto config = ParseExecutorConfig(R"(
dockerAuth:
  entries:
    ghcr.io: {type: CREDENTIALS, username: robot, password: pw}
)", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_REQUIRE_EQUAL(config->docker_auth.size(), 1u);
  BOOST_CHECK_EQUAL(config->docker_auth.at("ghcr.io").username, "robot");
  BOOST_CHECK_EQUAL(config->docker_auth.at("ghcr.io").password, "pw");
  BOOST_CHECK(ParseExecutorConfig("{}", "executor.yml")->docker_auth.empty());
  auto bad = ParseExecutorConfig(
      "dockerAuth: {entries: {r.io: {type: TOKEN, username: u}}}\n", "executor.yml");
  BOOST_REQUIRE(!bad.ok());
  BOOST_CHECK_NE(bad.error().find("type"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(container_security_defaults_and_documented_keys) {
  auto defaults = ParseExecutorConfig("{}", "executor.yml");
  BOOST_REQUIRE_MESSAGE(defaults.ok(), defaults.error());
  BOOST_CHECK(defaults->container_security.no_new_privileges);
  BOOST_CHECK(defaults->container_security.cap_drop == DefaultCapDrop());
  BOOST_CHECK_EQUAL(defaults->container_security.pids_limit, 4096);
  auto config = ParseExecutorConfig(R"(
containerSecurity:
  noNewPrivileges: false
  capDrop: [cap_net_raw, ALL]
  readOnlyRootFs: true
  tmpfs: [/tmp, /run]
  pidsLimit: 0
  ulimits: {nofile: {soft: 1024, hard: 4096}, nproc: {soft: 512}}
  allowedMountDirs: [/data]
)", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  const ContainerSecurity& security = config->container_security;
  BOOST_CHECK(!security.no_new_privileges);
  BOOST_CHECK(security.cap_drop == (std::vector<std::string>{"NET_RAW", "ALL"}));
  BOOST_CHECK(security.read_only_rootfs);
  BOOST_CHECK_EQUAL(security.tmpfs.size(), 2u);
  BOOST_CHECK_EQUAL(security.pids_limit, 0);
  BOOST_REQUIRE_EQUAL(security.ulimits.size(), 2u);
  BOOST_CHECK_EQUAL(security.ulimits[0].name, "nofile");
  BOOST_CHECK_EQUAL(security.ulimits[0].hard, 4096);
  BOOST_CHECK_EQUAL(security.ulimits[1].hard, 512);  // hard defaults to soft
  BOOST_CHECK(security.allowed_mount_dirs == std::vector<std::string>{"/data"});
}

BOOST_AUTO_TEST_CASE(container_security_bad_values_are_refused) {
  auto bad = ParseExecutorConfig(R"(
containerSecurity:
  capDrop: [NET_MAGIC]
  pidsLimit: -5
  ulimits: {files: {soft: 1}, nofile: {soft: 10, hard: 5}}
  allowedMountDirs: [data]
)", "executor.yml");
  BOOST_REQUIRE(!bad.ok());
  for (const char* text : {"containerSecurity.capDrop: \"NET_MAGIC\" is not a Linux capability",
                           "containerSecurity.pidsLimit", "containerSecurity.ulimits.files",
                           "containerSecurity.ulimits.nofile.hard: must be at least soft",
                           "containerSecurity.allowedMountDirs"}) {
    BOOST_CHECK_MESSAGE(bad.error().find(text) != std::string::npos, bad.error());
  }
}

BOOST_AUTO_TEST_CASE(tls_section_https_controllers_and_server_limits_load) {
  // The reader checks only that the files are readable: /dev/null stands in for PEM files.
  auto config = ParseExecutorConfig(R"(
server: {port: 3443, maxHeaderBytes: 8192}
controllers: ["https://ctl-1:4000", "https://ctl-2:4000"]
tls: {certFile: /dev/null, keyFile: /dev/null, caFile: /dev/null}
)", "executor.yml");
  BOOST_REQUIRE_MESSAGE(config.ok(), config.error());
  BOOST_TEST(config->tls.serving());
  BOOST_TEST(config->tls.ca_file == "/dev/null");
  BOOST_TEST(config->server_options.max_header_bytes == 8192u);
  BOOST_TEST(config->controllers.front() == "https://ctl-1:4000");
  BOOST_TEST(!ParseExecutorConfig("", "executor.yml")->tls.serving());
}

BOOST_AUTO_TEST_CASE(controller_urls_that_do_not_parse_are_refused) {
  auto config = ParseExecutorConfig("controllers: [\"ftp://ctl:21\"]\n", "executor.yml");
  BOOST_REQUIRE(!config.ok());
  BOOST_TEST(config.error().find("executor.yml:controllers[0]: unsupported url scheme") !=
                 std::string::npos,
             config.error());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

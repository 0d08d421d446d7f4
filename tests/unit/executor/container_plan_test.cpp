// Container creation from specs: Drove's env injection, labels, ports, cpuset mapping, create JSON.
#include "orchestrator/executor/container/container_plan.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include <nlohmann/json.hpp>

#include "orchestrator/core/util/base64.h"
#include "orchestrator/executor/engine/docker_engine.h"
#include "tests/unit/net/raw_server.h"

namespace drove::executor {
namespace {

using nlohmann::json;

core::ApplicationSpec AppSpec() {
  auto spec = core::ParseApplicationSpec(json::parse(R"({
    "name": "TEST_APP", "version": "1", "type": "SERVICE",
    "executable": {"type": "DOCKER", "url": "img:1", "dockerPullTimeout": "100 seconds"},
    "exposedPorts": [{"name": "main", "port": 8000, "type": "HTTP"}],
    "volumes": [{"pathInContainer": "/data", "pathOnHost": "/srv/data", "mode": "READ_ONLY"}],
    "resources": [{"type": "CPU", "count": 2}, {"type": "MEMORY", "sizeInMB": 128}],
    "healthcheck": {"mode": {"type": "CMD", "command": "true"}, "timeout": "1s", "interval": "1s", "attempts": 3},
    "readiness": {"mode": {"type": "CMD", "command": "true"}, "timeout": "1s", "interval": "1s", "attempts": 3},
    "env": {"A": "1", "FROM_HOST": "", "MISSING": ""},
    "args": ["--flag"],
    "userSpec": {"user": "app", "group": "staff"}
  })"));
  BOOST_REQUIRE(spec.ok());
  return spec.value();
}

core::InstanceInfo Info() {
  core::InstanceInfo info;
  info.app_id = "TEST_APP-1";
  info.app_name = "TEST_APP";
  info.instance_id = "AI-1";
  info.executor_id = "E1";
  info.local_info = core::LocalInfo{"host1", {{"main", {8000, 31000, core::PortType::kHttp}}}};
  info.resources = {core::ResourceAllocation::Cpu({{1, {4, 5}}}),
                    core::ResourceAllocation::Memory({{1, 128}})};
  return info;
}

EnvLookup FakeEnv() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (name == "FROM_HOST") return std::string("host-value");
    return std::nullopt;
  };
}

bool HasEnv(const ContainerConfig& config, const std::string& entry) {
  return std::find(config.env.begin(), config.env.end(), entry) != config.env.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(container_plan)

BOOST_AUTO_TEST_CASE(instance_env_gets_drove_variables_and_host_copies) {
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), Info(), "host1", "tok"),
                                     {}, FakeEnv());
  BOOST_CHECK_EQUAL(config.env.front(), "HOST=host1");
  BOOST_CHECK(HasEnv(config, "A=1"));
  BOOST_CHECK(HasEnv(config, "FROM_HOST=host-value"));
  BOOST_CHECK(std::none_of(config.env.begin(), config.env.end(),
                           [](const std::string& e) { return e.rfind("MISSING", 0) == 0; }));
  BOOST_CHECK(HasEnv(config, "PORT_8000=31000"));
  BOOST_CHECK(HasEnv(config, "DROVE_CONTAINER_ID=img:1"));
  BOOST_CHECK(HasEnv(config, "DROVE_INSTANCE_ID=AI-1"));
  BOOST_CHECK(HasEnv(config, "DROVE_EXECUTOR_HOST=host1"));
  BOOST_CHECK(HasEnv(config, "DROVE_APP_ID=TEST_APP-1"));
  BOOST_CHECK(HasEnv(config, "DROVE_APP_NAME=TEST_APP"));
  BOOST_CHECK(HasEnv(config, "DROVE_APP_INSTANCE_AUTH_TOKEN=tok"));
}

BOOST_AUTO_TEST_CASE(host_is_the_instance_hostname_executor_host_the_executors) {
  core::InstanceInfo info = Info();
  info.local_info->hostname = "10.0.0.5";  // instanceHostname
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), info, "exec1", ""), {},
                                     FakeEnv());
  BOOST_CHECK_EQUAL(config.env.front(), "HOST=10.0.0.5");
  BOOST_CHECK(HasEnv(config, "DROVE_EXECUTOR_HOST=exec1"));

  core::TaskInfo task;
  task.source_app_name = "APP";
  task.task_id = "T1";
  task.instance_id = "TI-1";
  task.hostname = "10.0.0.5";
  auto spec = core::ParseTaskSpec(json::parse(R"({
    "sourceAppName": "APP", "taskId": "T1",
    "executable": {"type": "DOCKER", "url": "task:1", "dockerPullTimeout": "10s"},
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 32}]})"));
  BOOST_REQUIRE(spec.ok());
  auto task_config = BuildContainerConfig(TaskContainerRequest(spec.value(), task, "exec1"), {},
                                          FakeEnv());
  BOOST_CHECK_EQUAL(task_config.env.front(), "HOST=10.0.0.5");
  BOOST_CHECK(HasEnv(task_config, "DROVE_EXECUTOR_HOST=exec1"));
}

BOOST_AUTO_TEST_CASE(instance_labels_carry_spec_and_info) {
  auto request = InstanceContainerRequest(AppSpec(), Info(), "host1", "");
  BOOST_CHECK_EQUAL(request.name, "TEST_APP-1-AI-1");
  BOOST_CHECK_EQUAL(request.labels.at(kLabelJobType), "SERVICE");
  BOOST_CHECK_EQUAL(request.labels.at(kLabelInstanceId), "AI-1");
  BOOST_CHECK_EQUAL(request.labels.at(kLabelAppId), "TEST_APP-1");
  BOOST_CHECK_EQUAL(request.labels.at(kLabelExecutorId), "E1");
  auto spec = core::ParseApplicationSpec(json::parse(request.labels.at(kLabelSpec)));
  BOOST_REQUIRE(spec.ok());
  BOOST_CHECK(spec.value() == AppSpec());
  BOOST_CHECK(json::parse(request.labels.at(kLabelInfo)).get<core::InstanceInfo>() == Info());
}

BOOST_AUTO_TEST_CASE(the_spec_label_carries_no_config_data_or_credentials) {
  core::ApplicationSpec spec = AppSpec();
  core::ConfigSpec inline_config;
  inline_config.type = core::ConfigType::kInline;
  inline_config.local_filename = "/etc/app/secret.conf";
  inline_config.data = core::Base64Encode("password=hunter2");
  spec.configs = std::vector<core::ConfigSpec>{inline_config};
  auto request = InstanceContainerRequest(spec, Info(), "host1", "");
  const std::string& label = request.labels.at(kLabelSpec);
  BOOST_CHECK(label.find(inline_config.data) == std::string::npos);
  BOOST_CHECK(label.find("/etc/app/secret.conf") != std::string::npos);  // the file name stays
  BOOST_CHECK(core::ParseApplicationSpec(json::parse(label)).ok());       // still re-adoptable
}

BOOST_AUTO_TEST_CASE(resources_become_cpuset_memory_and_binds) {
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), Info(), "host1", ""), {},
                                     FakeEnv());
  BOOST_CHECK_EQUAL(config.cpuset_cpus, "4,5");
  BOOST_CHECK_EQUAL(config.cpuset_mems, "1");
  BOOST_CHECK_EQUAL(config.memory_bytes, 128LL << 20);
  BOOST_REQUIRE_EQUAL(config.binds.size(), 1u);
  BOOST_CHECK(config.binds[0].read_only);
  BOOST_CHECK_EQUAL(config.user, "app:staff");
  BOOST_CHECK(config.cmd == std::vector<std::string>{"--flag"});
  BOOST_REQUIRE_EQUAL(config.ports.size(), 1u);
  BOOST_CHECK_EQUAL(config.ports[0].host_port, 31000);
}

BOOST_AUTO_TEST_CASE(numa_pinning_can_be_disabled) {
  PinningOptions pinning;
  pinning.disable_numa_pinning = true;
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), Info(), "h", ""), pinning,
                                     FakeEnv());
  BOOST_CHECK_EQUAL(config.cpuset_mems, "");
  BOOST_CHECK_EQUAL(config.cpuset_cpus, "4,5");
}

BOOST_AUTO_TEST_CASE(overprovisioned_cores_map_to_physical_ones) {
  NodeLayout physical{{{0, {0, 1}}, {1, {2, 3}}}, {{0, 100}, {1, 100}}};
  LayoutOptions options;
  options.over_provisioning = true;
  options.cpu_multiplier = 3;
  ResourceLayout layout(physical, options);  // node 1 offers 6..11 on physical 2,3
  core::InstanceInfo info = Info();
  info.resources = {core::ResourceAllocation::Cpu({{1, {7, 9}}}),
                    core::ResourceAllocation::Memory({{1, 64}})};
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), info, "h", ""),
                                     {&layout, false}, FakeEnv());
  BOOST_CHECK_EQUAL(config.cpuset_cpus, "3");
  BOOST_CHECK_EQUAL(config.cpu_count, 2);
}

BOOST_AUTO_TEST_CASE(create_body_has_ports_limits_and_labels) {
  auto config = BuildContainerConfig(InstanceContainerRequest(AppSpec(), Info(), "host1", ""), {},
                                     FakeEnv());
  json body = json::parse(DockerEngine::CreateBody(config));
  BOOST_CHECK_EQUAL(body["Image"], "img:1");
  BOOST_CHECK(body["ExposedPorts"].contains("8000/tcp"));
  BOOST_CHECK_EQUAL(body["HostConfig"]["PortBindings"]["8000/tcp"][0]["HostPort"], "31000");
  BOOST_CHECK_EQUAL(body["HostConfig"]["CpusetCpus"], "4,5");
  BOOST_CHECK_EQUAL(body["HostConfig"]["CpusetMems"], "1");
  BOOST_CHECK_EQUAL(body["HostConfig"]["Memory"], 128LL << 20);
  BOOST_CHECK_EQUAL(body["HostConfig"]["Binds"][0], "/srv/data:/data:ro");
  BOOST_CHECK_EQUAL(body["Labels"]["drove.instance.id"], "AI-1");
  BOOST_CHECK_EQUAL(body["User"], "app:staff");
  BOOST_CHECK_EQUAL(body["Cmd"][0], "--flag");
}

BOOST_AUTO_TEST_CASE(task_request_uses_task_ids) {
  auto spec = core::ParseTaskSpec(json::parse(R"({
    "sourceAppName": "APP", "taskId": "T1",
    "executable": {"type": "DOCKER", "url": "task:1", "dockerPullTimeout": "10s"},
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 32}]})"));
  BOOST_REQUIRE(spec.ok());
  core::TaskInfo info;
  info.source_app_name = "APP";
  info.task_id = "T1";
  info.instance_id = "TI-1";
  info.executor_id = "E1";
  info.hostname = "h";
  auto request = TaskContainerRequest(spec.value(), info);
  BOOST_CHECK_EQUAL(request.labels.at(kLabelJobType), "COMPUTATION");
  BOOST_CHECK_EQUAL(request.labels.at(kLabelAppId), "APP-T1");
  auto config = BuildContainerConfig(request, {}, FakeEnv());
  BOOST_CHECK(HasEnv(config, "DROVE_TASK_ID=T1"));
  BOOST_CHECK(HasEnv(config, "DROVE_SOURCE_APP_NAME=APP"));
  BOOST_CHECK(HasEnv(config, "DROVE_INSTANCE_ID=TI-1"));
  BOOST_CHECK(config.ports.empty());
}

BOOST_AUTO_TEST_CASE(inline_configs_become_a_tar) {
  core::ConfigSpec config;
  config.type = core::ConfigType::kInline;
  config.local_filename = "/etc/app.conf";
  config.data = core::Base64Encode("payload");
  auto tar = BuildConfigArchive({config});
  BOOST_REQUIRE(tar.ok());
  BOOST_CHECK_NE(tar->find("payload"), std::string::npos);
  config.data = "!!notbase64";
  BOOST_CHECK(!BuildConfigArchive({config}).ok());
  BOOST_CHECK(BuildConfigArchive({}).value().empty());
}

BOOST_AUTO_TEST_CASE(executor_local_file_config_is_read_from_the_host) {
  const std::string host_path = "/tmp/container_plan_test_local.conf";
  std::ofstream(host_path) << "from-host-file";
  core::ConfigSpec config;
  config.type = core::ConfigType::kExecutorLocalFile;
  config.local_filename = "/etc/local.conf";
  config.file_path_on_host = host_path;
  auto tar = BuildConfigArchive({config});
  std::remove(host_path.c_str());
  BOOST_TEST_REQUIRE(tar.ok(), tar.error());
  BOOST_CHECK_NE(tar->find("etc/local.conf"), std::string::npos);
  BOOST_CHECK_NE(tar->find("from-host-file"), std::string::npos);
  BOOST_CHECK(!BuildConfigArchive({config}).ok());  // the file is gone now
}

BOOST_AUTO_TEST_CASE(executor_http_fetch_config_is_fetched_into_the_tar) {
  test::RawServer server({{"HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\n"
                           "BODY-42"}});
  core::ConfigSpec config;
  config.type = core::ConfigType::kExecutorHttpFetch;
  config.local_filename = "/etc/fetched.conf";
  config.http = core::HttpCallSpec{};
  config.http->hostname = "127.0.0.1";
  config.http->port = server.port();
  config.http->path = "/f";
  auto tar = BuildConfigArchive({config});
  BOOST_TEST_REQUIRE(tar.ok(), tar.error());
  BOOST_CHECK_NE(tar->find("etc/fetched.conf"), std::string::npos);
  BOOST_CHECK_NE(tar->find("BODY-42"), std::string::npos);
  BOOST_CHECK_NE(server.request().find("GET /f HTTP/1.1"), std::string::npos);
}

BOOST_AUTO_TEST_CASE(free_port_is_usable) {
  auto port = PickFreePort(false);
  BOOST_REQUIRE(port.ok());
  BOOST_CHECK_GT(*port, 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::executor

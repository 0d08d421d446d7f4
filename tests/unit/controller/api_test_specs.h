// Request bodies shared by the controller API tests (shaped like drove-cli's samples).
#pragma once

#include <nlohmann/json.hpp>

namespace drove::controller::testing {

inline nlohmann::json SampleCheck() {
  return nlohmann::json::parse(R"({
    "mode": {"type": "HTTP", "protocol": "HTTP", "portName": "main", "path": "/", "verb": "GET",
             "successCodes": [200], "connectionTimeout": "1 second"},
    "timeout": "1 second", "interval": "5 seconds", "attempts": 3, "initialDelay": "0 seconds"})");
}

inline nlohmann::json SampleAppSpec() {
  nlohmann::json spec = nlohmann::json::parse(R"({
    "name": "TEST_APP", "version": "1", "type": "SERVICE",
    "executable": {"type": "DOCKER", "url": "ghcr.io/appform-io/perf-test-server-httplib",
                   "dockerPullTimeout": "100 seconds"},
    "exposedPorts": [{"name": "main", "port": 8000, "type": "HTTP"}],
    "volumes": [],
    "configs": [
      {"type": "INLINE", "localFilename": "/testfiles/drove.txt", "data": "RHJvdmUgdGVzdA=="},
      {"type": "EXECUTOR_HTTP_FETCH", "localFilename": "/x.txt",
       "http": {"protocol": "HTTP", "hostname": "cfg.local", "port": 80, "path": "/c",
                "username": "u", "password": "p"}}],
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 128}],
    "placementPolicy": {"type": "ANY"},
    "tags": {"environment": "dev"},
    "env": {"CORES": "8"},
    "exposureSpec": {"vhost": "testapp.local", "portName": "main", "mode": "ALL"}})");
  spec["healthcheck"] = SampleCheck();
  spec["readiness"] = SampleCheck();
  return spec;
}

inline nlohmann::json OpSpec() {
  return {{"timeout", "5m"}, {"parallelism", 1}, {"failureStrategy", "STOP"}};
}

inline nlohmann::json SampleTaskSpec() {
  return nlohmann::json::parse(R"({
    "sourceAppName": "TEST_APP", "taskId": "T0012",
    "executable": {"url": "ghcr.io/appform-io/test-task", "dockerPullTimeout": "100 seconds",
                   "type": "DOCKER"},
    "volumes": [],
    "resources": [{"type": "CPU", "count": 1}, {"type": "MEMORY", "sizeInMB": 512}],
    "env": {"ITERATIONS": "10"},
    "placementPolicy": {"type": "ANY"}})");
}

}  // namespace drove::controller::testing

// DockerEngine: each Engine call is one or two Docker Engine API requests over the unix socket.
#include "orchestrator/executor/engine/docker_engine.h"

#include <nlohmann/json.hpp>

#include "orchestrator/core/net/url.h"
#include "orchestrator/core/util/log.h"
#include "orchestrator/executor/engine/docker_frames.h"

namespace drove::executor {
namespace {

using core::HttpClient;
using core::HttpRequest;
using core::HttpResponse;
using core::Result;
using core::Status;
using nlohmann::json;
using std::chrono::milliseconds;

constexpr char kApi[] = "/v1.41";
constexpr milliseconds kShortCall{30000};

// Docker answers errors as {"message": "..."}; fall back to the raw body.
std::string ErrorText(const HttpResponse& response) {
  auto parsed = json::parse(response.body, nullptr, false);
  if (parsed.is_object() && parsed.contains("message") && parsed["message"].is_string()) {
    return parsed["message"].get<std::string>();
  }
  return "HTTP " + std::to_string(response.status) + ": " + response.body.substr(0, 300);
}

Status Expect(const Result<HttpResponse>& response, std::initializer_list<int> ok_codes,
              std::string_view what) {
  if (!response.ok()) return Status::Error(std::string(what) + ": " + response.error());
  for (int code : ok_codes) {
    if (response->status == code) return Status::Ok();
  }
  return Status::Error(std::string(what) + ": " + ErrorText(*response));
}

// "repo/name:tag" -> ("repo/name", "tag"); a digest reference keeps its '@' form in the name.
std::pair<std::string, std::string> SplitImage(const std::string& image) {
  if (image.find('@') != std::string::npos) return {image, ""};
  size_t colon = image.rfind(':');
  size_t slash = image.rfind('/');
  if (colon == std::string::npos || (slash != std::string::npos && colon < slash)) {
    return {image, "latest"};
  }
  return {image.substr(0, colon), image.substr(colon + 1)};
}

// HostConfig's least-privilege fields; Podman's compatible API reads the same names.
void AddSecurity(const ContainerConfig& config, json* host) {
  (*host)["Privileged"] = false;  // explicit: no spec or option can turn it on
  if (config.no_new_privileges) (*host)["SecurityOpt"] = json::array({"no-new-privileges"});
  if (!config.cap_drop.empty()) (*host)["CapDrop"] = config.cap_drop;
  if (config.read_only_rootfs) (*host)["ReadonlyRootfs"] = true;
  if (!config.tmpfs.empty()) {
    json tmpfs = json::object();
    for (const auto& path : config.tmpfs) tmpfs[path] = "";
    (*host)["Tmpfs"] = tmpfs;
  }
  if (config.pids_limit > 0) (*host)["PidsLimit"] = config.pids_limit;
  if (!config.ulimits.empty()) {
    json ulimits = json::array();
    for (const auto& limit : config.ulimits) {
      ulimits.push_back({{"Name", limit.name}, {"Soft", limit.soft}, {"Hard", limit.hard}});
    }
    (*host)["Ulimits"] = ulimits;
  }
}

}  // namespace

DockerEngine::DockerEngine(std::string socket_path, RegistryAuth registry_auth)
    : registry_auth_(std::move(registry_auth)) {
  target_.unix_socket = std::move(socket_path);
}

Result<HttpResponse> DockerEngine::Call(const std::string& method, const std::string& target,
                                        const std::string& body, milliseconds timeout,
                                        const std::string& content_type,
                                        const std::map<std::string, std::string>& headers) {
  HttpRequest request;
  request.headers = headers;
  request.method = method;
  request.target = kApi + target;
  request.body = body;
  if (!body.empty() || method == "POST" || method == "PUT") {
    request.headers["Content-Type"] = content_type;
  }
  return HttpClient::Send(target_, request, timeout);
}

Result<bool> DockerEngine::ImageExists(const std::string& image) {
  auto response = Call("GET", "/images/" + image + "/json", "", kShortCall);
  if (!response.ok()) return Status::Error("inspect image: " + response.error());
  if (response->status == 200) return true;
  if (response->status == 404) return false;
  return Status::Error("inspect image: " + ErrorText(*response));
}

Status DockerEngine::PullImage(const std::string& image, milliseconds timeout) {
  auto [name, tag] = SplitImage(image);
  std::string target = "/images/create?fromImage=" + core::PercentEncode(name);
  if (!tag.empty()) target += "&tag=" + core::PercentEncode(tag);
  std::map<std::string, std::string> headers;
  if (std::string auth = RegistryAuthHeader(registry_auth_, image); !auth.empty()) {
    headers["X-Registry-Auth"] = auth;
  }
  auto response = Call("POST", target, "", timeout, "application/json", headers);
  if (Status status = Expect(response, {200}, "pull " + image); !status.ok()) return status;
  // Progress is a stream of JSON objects; a failure mid-pull still answers 200 with {"error"}.
  size_t pos = response->body.find("\"error\"");
  if (pos != std::string::npos) {
    size_t line_start = response->body.rfind('\n', pos);
    size_t line_end = response->body.find('\n', pos);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    auto line = json::parse(response->body.substr(line_start, line_end - line_start), nullptr,
                            false);
    std::string text = line.is_object() && line.contains("error") && line["error"].is_string()
                           ? line["error"].get<std::string>()
                           : "pull failed";
    return Status::Error("pull " + image + ": " + text);
  }
  return Status::Ok();
}

std::string DockerEngine::CreateBody(const ContainerConfig& config) {
  json body = {{"Image", config.image}, {"Env", config.env}, {"Labels", config.labels}};
  if (!config.cmd.empty()) body["Cmd"] = config.cmd;
  if (!config.user.empty()) body["User"] = config.user;
  json exposed = json::object();
  json bindings = json::object();
  for (const auto& port : config.ports) {
    std::string key = std::to_string(port.container_port) + "/" + port.protocol;
    exposed[key] = json::object();
    bindings[key] = json::array(
        {{{"HostIp", ""}, {"HostPort", port.host_port > 0 ? std::to_string(port.host_port) : ""}}});
  }
  body["ExposedPorts"] = exposed;
  json host = {{"PortBindings", bindings}};
  if (!config.cpuset_cpus.empty()) host["CpusetCpus"] = config.cpuset_cpus;
  if (!config.cpuset_mems.empty()) host["CpusetMems"] = config.cpuset_mems;
  if (config.memory_bytes > 0) host["Memory"] = config.memory_bytes;
  if (config.cpu_count > 0 && config.cpuset_cpus.empty()) {
    host["NanoCpus"] = config.cpu_count * 1000000000LL;  // without pinning, cap the share
  }
  json binds = json::array();
  for (const auto& bind : config.binds) {
    binds.push_back(bind.host_path + ":" + bind.container_path + (bind.read_only ? ":ro" : ":rw"));
  }
  if (!binds.empty()) host["Binds"] = binds;
  AddSecurity(config, &host);
  body["HostConfig"] = host;
  return body.dump();
}

Result<std::string> DockerEngine::Create(const ContainerConfig& config) {
  std::string target = "/containers/create";
  if (!config.name.empty()) target += "?name=" + core::PercentEncode(config.name);
  auto response = Call("POST", target, CreateBody(config), kShortCall);
  if (Status status = Expect(response, {200, 201}, "create container"); !status.ok()) {
    return status;
  }
  auto parsed = json::parse(response->body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("Id") || !parsed["Id"].is_string()) {
    return Status::Error("create container: no Id in reply");
  }
  return parsed["Id"].get<std::string>();
}

Status DockerEngine::PutArchive(const std::string& id, const std::string& path,
                                const std::string& tar) {
  auto response = Call("PUT", "/containers/" + id + "/archive?path=" + core::PercentEncode(path), tar,
                       kShortCall, "application/x-tar");
  return Expect(response, {200}, "copy configs into container");
}

Status DockerEngine::Start(const std::string& id) {
  return Expect(Call("POST", "/containers/" + id + "/start", "", kShortCall), {204, 304},
                "start container");
}

Result<ContainerState> DockerEngine::Inspect(const std::string& id) {
  auto response = Call("GET", "/containers/" + id + "/json", "", kShortCall);
  if (Status status = Expect(response, {200}, "inspect container"); !status.ok()) return status;
  auto parsed = json::parse(response->body, nullptr, false);
  if (!parsed.is_object()) return Status::Error("inspect container: bad JSON");
  ContainerState state;
  state.id = parsed.value("Id", "");
  state.name = parsed.value("Name", "");
  const json& s = parsed.contains("State") && parsed["State"].is_object() ? parsed["State"]
                                                                          : json::object();
  state.running = s.value("Running", false);
  state.status = s.value("Status", "");
  state.exit_code = s.value("ExitCode", int64_t{0});
  state.oom_killed = s.value("OOMKilled", false);
  state.error = s.value("Error", "");
  if (parsed.contains("Config") && parsed["Config"].is_object() &&
      parsed["Config"].contains("Labels") && parsed["Config"]["Labels"].is_object()) {
    for (const auto& [key, value] : parsed["Config"]["Labels"].items()) {
      if (value.is_string()) state.labels[key] = value.get<std::string>();
    }
  }
  return state;
}

Status DockerEngine::Stop(const std::string& id, std::chrono::seconds timeout) {
  auto response = Call("POST", "/containers/" + id + "/stop?t=" + std::to_string(timeout.count()),
                       "", timeout + kShortCall);
  return Expect(response, {204, 304}, "stop container");
}

Status DockerEngine::Remove(const std::string& id) {
  auto response = Call("DELETE", "/containers/" + id + "?force=true&v=true", "", kShortCall);
  return Expect(response, {204, 404}, "remove container");
}

Status DockerEngine::RemoveImage(const std::string& image) {
  auto response = Call("DELETE", "/images/" + core::PercentEncode(image), "", kShortCall);
  return Expect(response, {200, 404, 409}, "remove image");
}

Result<std::vector<ContainerSummary>> DockerEngine::ListByLabel(const std::string& label) {
  json filters = {{"label", json::array({label})}};
  auto response =
      Call("GET", "/containers/json?all=true&filters=" + core::PercentEncode(filters.dump()), "", kShortCall);
  if (Status status = Expect(response, {200}, "list containers"); !status.ok()) return status;
  auto parsed = json::parse(response->body, nullptr, false);
  if (!parsed.is_array()) return Status::Error("list containers: bad JSON");
  std::vector<ContainerSummary> out;
  for (const auto& row : parsed) {
    if (!row.is_object()) continue;
    ContainerSummary summary;
    summary.id = row.value("Id", "");
    summary.state = row.value("State", "");
    if (row.contains("Labels") && row["Labels"].is_object()) {
      for (const auto& [key, value] : row["Labels"].items()) {
        if (value.is_string()) summary.labels[key] = value.get<std::string>();
      }
    }
    out.push_back(std::move(summary));
  }
  return out;
}

Result<ContainerStats> DockerEngine::Stats(const std::string& id) {
  // one-shot: answer at once instead of waiting a second for a second CPU reading (we keep
  // the cumulative counters, so the rate is Prometheus' to compute).
  auto response = Call("GET", "/containers/" + id + "/stats?stream=false&one-shot=true", "",
                       kShortCall);
  if (Status status = Expect(response, {200}, "container stats"); !status.ok()) return status;
  return ParseContainerStats(response->body);
}

Result<ExecResult> DockerEngine::Exec(const std::string& id, const std::vector<std::string>& cmd,
                                      milliseconds timeout) {
  json create = {{"AttachStdout", true}, {"AttachStderr", true}, {"Cmd", cmd}};
  auto created = Call("POST", "/containers/" + id + "/exec", create.dump(), kShortCall);
  if (Status status = Expect(created, {200, 201}, "exec create"); !status.ok()) return status;
  auto parsed = json::parse(created->body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("Id")) return Status::Error("exec create: no Id");
  std::string exec_id = parsed["Id"].get<std::string>();
  json start = {{"Detach", false}, {"Tty", false}};
  auto started = Call("POST", "/exec/" + exec_id + "/start", start.dump(), timeout);
  if (Status status = Expect(started, {200}, "exec start"); !status.ok()) return status;
  ExecResult result;
  result.output = DemuxAll(started->body);
  auto inspected = Call("GET", "/exec/" + exec_id + "/json", "", kShortCall);
  if (Status status = Expect(inspected, {200}, "exec inspect"); !status.ok()) return status;
  auto info = json::parse(inspected->body, nullptr, false);
  if (!info.is_object()) return Status::Error("exec inspect: bad JSON");
  if (info.value("Running", false)) return Status::Error("exec still running after timeout");
  result.exit_code = info.contains("ExitCode") && info["ExitCode"].is_number_integer()
                         ? info["ExitCode"].get<int64_t>()
                         : -1;
  return result;
}

Status DockerEngine::FollowLogs(const std::string& id, int64_t since_unix_seconds,
                                const LogSink& sink, const std::atomic<bool>* cancel) {
  HttpRequest request;
  request.target = std::string(kApi) + "/containers/" + id +
                   "/logs?follow=true&stdout=true&stderr=true&since=" +
                   std::to_string(since_unix_seconds);
  DockerFrameDemuxer demuxer(sink);
  auto response = HttpClient::Stream(
      target_, request, kShortCall,
      [&demuxer](std::string_view bytes) {
        demuxer.Feed(bytes);
        return true;
      },
      cancel);
  return Expect(response, {200}, "follow logs");
}

Result<int64_t> DockerEngine::Wait(const std::string& id, const std::atomic<bool>* cancel) {
  HttpRequest request;
  request.method = "POST";
  request.target = std::string(kApi) + "/containers/" + id + "/wait?condition=not-running";
  request.headers["Content-Type"] = "application/json";
  std::string body;
  auto response = HttpClient::Stream(
      target_, request, kShortCall,
      [&body](std::string_view bytes) {
        body.append(bytes);
        return true;
      },
      cancel);
  if (Status status = Expect(response, {200}, "wait container"); !status.ok()) return status;
  if (cancel != nullptr && cancel->load()) return Status::Error("wait cancelled");
  auto parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("StatusCode")) {
    return Status::Error("wait container: bad reply");
  }
  return parsed["StatusCode"].get<int64_t>();
}

}  // namespace drove::executor

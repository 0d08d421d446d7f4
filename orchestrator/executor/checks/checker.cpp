// HTTP and CMD checkers.
#include "orchestrator/executor/checks/checker.h"

#include <algorithm>
#include <sstream>
#include <vector>

#include "orchestrator/core/net/http_client.h"

namespace drove::executor {
namespace {

class HttpChecker : public Checker {
 public:
  HttpChecker(const core::CheckModeSpec& mode, std::chrono::milliseconds timeout, int host_port)
      : mode_(mode), timeout_(timeout), host_port_(host_port) {}

  CheckResult Check() override {
    if (host_port_ <= 0) return {false, "No port found with name " + mode_.port_name};
    if (mode_.protocol == core::Protocol::kHttps) {
      return {false, "HTTPS checks are not supported by this executor"};
    }
    core::HttpTarget target;
    target.host = "127.0.0.1";
    target.port = host_port_;
    core::HttpRequest request;
    request.method = mode_.verb == core::HttpVerb::kPost  ? "POST"
                     : mode_.verb == core::HttpVerb::kPut ? "PUT"
                                                          : "GET";
    request.target = mode_.path.empty() ? "/" : mode_.path;
    if (request.method != "GET") {
      request.body = mode_.payload.value_or("");
      request.headers["Content-Type"] = "application/json";
    }
    auto response = core::HttpClient::Send(target, request, timeout_);
    if (!response.ok()) return {false, "Error calling check endpoint: " + response.error()};
    const auto& codes = mode_.success_codes;
    if (std::find(codes.begin(), codes.end(), response->status) != codes.end()) {
      return {true, ""};
    }
    return {false, "Check returned status " + std::to_string(response->status)};
  }

 private:
  core::CheckModeSpec mode_;
  std::chrono::milliseconds timeout_;
  int host_port_;
};

class CmdChecker : public Checker {
 public:
  CmdChecker(const core::CheckModeSpec& mode, std::chrono::milliseconds timeout, Engine& engine,
             std::string container_id)
      : timeout_(timeout), engine_(engine), container_id_(std::move(container_id)) {
    if (mode.shell_disabled) {
      std::istringstream words(mode.command);
      for (std::string word; words >> word;) cmd_.push_back(word);
    } else {
      cmd_ = {"sh", "-c", mode.command};
    }
  }

  CheckResult Check() override {
    auto result = engine_.Exec(container_id_, cmd_, timeout_);
    if (!result.ok()) return {false, "Error running command: " + result.error()};
    if (result->exit_code == 0) return {true, ""};
    return {false, "Command exited with status " + std::to_string(result->exit_code)};
  }

 private:
  std::vector<std::string> cmd_;
  std::chrono::milliseconds timeout_;
  Engine& engine_;
  std::string container_id_;
};

}  // namespace

std::unique_ptr<Checker> MakeChecker(const core::CheckModeSpec& mode,
                                     std::chrono::milliseconds timeout, Engine& engine,
                                     const std::string& container_id,
                                     const std::map<std::string, int>& host_ports) {
  if (mode.type == core::CheckModeType::kCmd) {
    return std::make_unique<CmdChecker>(mode, timeout, engine, container_id);
  }
  auto port = host_ports.find(mode.port_name);
  return std::make_unique<HttpChecker>(mode, timeout, port == host_ports.end() ? 0 : port->second);
}

}  // namespace drove::executor

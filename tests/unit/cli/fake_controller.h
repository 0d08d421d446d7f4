// A scripted fake controller for whole-command CLI tests: RunCli over it, no network.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "orchestrator/cli/cli.h"

namespace drove::cli::testing {

inline std::string Envelope(const std::string& data) {
  return R"({"status":"SUCCESS","data":)" + data + R"(,"message":"success"})";
}

// Answers by "METHOD path" with the next scripted body for it (the last one repeats), and
// records every request. An unscripted request fails as a refused connection would.
struct FakeController {
  std::map<std::string, std::deque<std::pair<int, std::string>>> answers;
  std::vector<core::HttpRequest> requests;
  // When non-zero, the run counts as interrupted (Ctrl-C) once this many requests were made: how
  // tests end a tail.
  size_t stop_after_requests = 0;

  FakeController() { On("GET /apis/v1/ping", Envelope(R"("pong")")); }

  void On(const std::string& key, const std::string& body, int status = 200) {
    answers[key].emplace_back(status, body);
  }

  // The requests after the leading ping, as "METHOD path".
  std::vector<std::string> Calls() const {
    std::vector<std::string> calls;
    for (size_t i = 1; i < requests.size(); ++i) {
      calls.push_back(requests[i].method + " " + requests[i].target);
    }
    return calls;
  }

  Transport AsTransport() {
    return [this](const core::HttpRequest& request) -> core::Result<core::HttpResponse> {
      requests.push_back(request);
      auto it = answers.find(request.method + " " + request.target);
      if (it == answers.end()) return core::Result<core::HttpResponse>::Error("connection refused");
      core::HttpResponse response;
      response.status = it->second.front().first;
      response.body = it->second.front().second;
      if (it->second.size() > 1) it->second.pop_front();
      return response;
    };
  }
};

struct Run {
  int rc = 0;
  std::string out;
  std::string err;
};

// Runs `drove <args>` with no endpoint options of its own.
inline Run RunBare(FakeController& controller, const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  RunOptions options;
  options.out = &out;
  options.err = &err;
  options.transport = controller.AsTransport();
  int64_t now = 0;
  options.sleep = [&now](std::chrono::milliseconds d) { now += d.count(); };
  options.now_ms = [&now] { return now; };
  options.interrupted = [&controller] {
    return controller.stop_after_requests > 0 &&
           controller.requests.size() >= controller.stop_after_requests;
  };
  Run run;
  run.rc = RunCli(args, options);
  run.out = out.str();
  run.err = err.str();
  return run;
}

// Runs `drove -e http://controller:4000 -u admin -p admin <args>`.
inline Run RunWith(FakeController& controller, std::vector<std::string> args) {
  args.insert(args.begin(), {"-e", "http://controller:4000", "-u", "admin", "-p", "admin"});
  return RunBare(controller, args);
}

inline size_t LineCount(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  return lines + (!text.empty() && text.back() != '\n');
}

}  // namespace drove::cli::testing

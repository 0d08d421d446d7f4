// A tiny controller for follower tests: /ping (200 only while leader), /cluster/events/summary and
// /endpoints with our long-poll (or, as a stock Drove controller, without the generation header).
#pragma once

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "orchestrator/core/net/envelope.h"
#include "orchestrator/core/net/http_server.h"

namespace drove::discovery::testing {

class FakeController {
 public:
  explicit FakeController(bool long_poll = true) : long_poll_(long_poll), server_(loop_) {
    server_.Route("GET", "/apis/v1/ping", [this](core::Request&, core::Responder r) {
      std::lock_guard lock(mu_);
      if (leader_) {
        r.Json(200, core::SuccessEnvelope("pong"));
      } else {
        r.Json(400, core::NotLeaderEnvelope());
      }
    });
    server_.Route(
        "GET", "/apis/v1/cluster/events/summary", [this](core::Request& q, core::Responder r) {
          std::lock_guard lock(mu_);
          if (!leader_) return void(r.Json(400, core::NotLeaderEnvelope()));
          int64_t since = std::stoll(q.Query("lastSyncTime").value_or("0"));
          nlohmann::json counts = nlohmann::json::object();
          if (change_time_ > since) counts["APP_STATE_CHANGE"] = 1;
          r.Json(200, core::SuccessEnvelope({{"eventsCount", counts},
                                             {"lastSyncTime", std::max(since, change_time_)}}));
        });
    server_.Route("GET", "/apis/v1/endpoints", [this](core::Request& q, core::Responder r) {
      std::lock_guard lock(mu_);
      ++requests_;
      if (!leader_) return void(r.Json(400, core::NotLeaderEnvelope()));
      auto since = q.Query("sinceGeneration");
      auto wait = q.Query("waitSeconds");
      if (long_poll_ && since && wait && std::stoll(*since) == generation_) {
        ++parked_total_;
        parked_.push_back(r);
        loop_.AddTimer(std::chrono::seconds(std::stoll(*wait)), [this, r] {
          std::lock_guard inner(mu_);
          Answer(r);
        });
        return;
      }
      Answer(r);
    });
    BOOST_REQUIRE(server_.Bind("127.0.0.1", 0).ok());
    thread_ = std::thread([this] { loop_.Run(); });
  }

  ~FakeController() {
    loop_.Stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_.port()); }

  // Replaces the endpoints body (a full envelope) and wakes parked long-polls.
  void SetBody(nlohmann::json body) {
    std::lock_guard lock(mu_);
    body_ = std::move(body);
    ++generation_;
    change_time_ = ++clock_;
    WakeParked();
  }

  void SetApps(const std::vector<std::string>& app_ids) {
    nlohmann::json data = nlohmann::json::array();
    for (const auto& id : app_ids) {
      data.push_back({{"appName", id},
                      {"appId", id},
                      {"vhost", id + ".example"},
                      {"hosts", {{{"host", "127.0.0.1"}, {"port", 31000}, {"portType", "HTTP"}}}}});
    }
    SetBody(core::SuccessEnvelope(data));
  }

  // Losing leadership answers parked long-polls with 400, as a deposed controller would.
  void SetLeader(bool leader) {
    std::lock_guard lock(mu_);
    leader_ = leader;
    WakeParked();
  }

  int parked_total() {
    std::lock_guard lock(mu_);
    return parked_total_;
  }

 private:
  void Answer(const core::Responder& r) {
    if (!leader_) return void(r.Json(400, core::NotLeaderEnvelope()));
    core::HeaderList headers;
    if (long_poll_)
      headers.emplace_back("X-Drove-Endpoints-Generation", std::to_string(generation_));
    r.Json(200, body_, headers);
  }

  void WakeParked() {
    for (const auto& r : parked_) Answer(r);
    parked_.clear();
  }

  bool long_poll_;
  core::EventLoop loop_;
  core::HttpServer server_;
  std::thread thread_;
  std::mutex mu_;
  bool leader_ = true;
  nlohmann::json body_ = core::SuccessEnvelope(nlohmann::json::array());
  int64_t generation_ = 1;
  int64_t change_time_ = 0;
  int64_t clock_ = 100;
  int requests_ = 0;
  int parked_total_ = 0;
  std::vector<core::Responder> parked_;
};

}  // namespace drove::discovery::testing

// MailNotifier with a recording transport: a finished run's mail reaches the transport from the
// sender thread with the topology's recipients; a failing transport is logged, not fatal; a full
// queue drops instead of blocking.
#include "orchestrator/epoch/notify/mail_notifier.h"

#include <boost/test/unit_test.hpp>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "orchestrator/store/memory_store.h"

namespace drove::epoch {
namespace {

using namespace std::chrono_literals;

struct Delivery {
  std::string from;
  std::vector<std::string> to;
  std::string text;
};

// Records deliveries; `fail` makes them fail, `hold` blocks them until released.
class RecordingTransport : public MailTransport {
 public:
  core::Status Send(const std::string& from, const std::vector<std::string>& to,
                    const std::string& text) override {
    std::unique_lock lock(mu);
    released.wait(lock, [this] { return !hold; });
    ++attempts;
    changed.notify_all();
    if (fail) return core::Status::Error("connection refused");
    sent.push_back({from, to, text});
    return core::Status::Ok();
  }
  bool WaitAttempts(int n) {
    std::unique_lock lock(mu);
    return changed.wait_for(lock, 5s, [&] { return attempts >= n; });
  }
  void Release() {
    std::lock_guard lock(mu);
    hold = false;
    released.notify_all();
  }

  std::mutex mu;
  std::condition_variable changed, released;
  std::vector<Delivery> sent;
  int attempts = 0;
  bool fail = false;
  bool hold = false;
};

struct Fixture {
  core::ManualClock clock{1'705'314'605'000};
  EpochRepository repository{
      std::make_unique<store::MemoryStore>(std::make_shared<store::MemoryStore::Data>())};
  RecordingTransport* transport = nullptr;

  std::unique_ptr<MailNotifier> Make(size_t max_queued = 8) {
    auto owned = std::make_unique<RecordingTransport>();
    transport = owned.get();
    MailSettings settings;
    settings.enabled = true;
    settings.smtp_server = "127.0.0.1";
    settings.from_address = "epoch@example.com";
    settings.default_emails = {"ops@example.com"};
    return std::make_unique<MailNotifier>(settings, repository, std::move(owned), clock,
                                          max_queued);
  }
  void AddTopology(const std::string& id, std::vector<std::string> emails) {
    EpochTopology topology{id, std::nullopt, std::nullopt,
                           EpochNotify{NotifyType::kMail, std::move(emails)}};
    BOOST_TEST_REQUIRE(*repository.CreateTopology({id, topology, TopologyState::kActive, 1, 1}));
  }
};

RunInfo Failed(const std::string& topology, const std::string& run_id) {
  RunInfo run;
  run.topology_id = topology;
  run.run_id = run_id;
  run.state = RunState::kFailed;
  return run;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(mail_notifier)

BOOST_AUTO_TEST_CASE(a_failed_run_is_mailed_to_the_topologys_recipients) {
  Fixture f;
  f.AddTopology("T", {"dev@example.com"});
  auto notifier = f.Make();
  notifier->RunFinished(Failed("T", "ESR-1"));
  BOOST_TEST_REQUIRE(f.transport->WaitAttempts(1));
  notifier->Stop();
  BOOST_TEST_REQUIRE(f.transport->sent.size() == 1u);
  BOOST_TEST(f.transport->sent[0].from == "epoch@example.com");
  BOOST_TEST(f.transport->sent[0].to == std::vector<std::string>{"dev@example.com"});
  BOOST_TEST(f.transport->sent[0].text.find("Subject: Topology run T/ESR-1 failed\r\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_failing_server_is_logged_and_the_next_mail_still_goes) {
  Fixture f;
  auto notifier = f.Make();
  f.transport->fail = true;
  notifier->RunFinished(Failed("gone", "ESR-1"));  // no topology: default recipients
  BOOST_TEST_REQUIRE(f.transport->WaitAttempts(1));
  f.transport->fail = false;
  notifier->RunFinished(Failed("gone", "ESR-2"));
  BOOST_TEST_REQUIRE(f.transport->WaitAttempts(2));
  notifier->Stop();
  BOOST_TEST_REQUIRE(f.transport->sent.size() == 1u);
  BOOST_TEST(f.transport->sent[0].to == std::vector<std::string>{"ops@example.com"});
}

BOOST_AUTO_TEST_CASE(a_full_queue_drops_without_blocking_the_caller) {
  Fixture f;
  auto notifier = f.Make(2);
  f.transport->hold = true;
  notifier->RunFinished(Failed("T", "ESR-0"));  // taken by the sender, held in Send
  std::this_thread::sleep_for(50ms);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 1; i <= 10; ++i) notifier->RunFinished(Failed("T", "ESR-" + std::to_string(i)));
  BOOST_TEST((std::chrono::steady_clock::now() - start < 1s));
  f.transport->Release();
  notifier->Stop();
  BOOST_TEST(f.transport->sent.size() <= 3u);  // the held one and at most two queued
  BOOST_TEST(f.transport->sent.size() >= 2u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::epoch

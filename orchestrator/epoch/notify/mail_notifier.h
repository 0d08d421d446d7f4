// Sends Epoch's run mails (run_mail.h) without ever holding up the scheduler: RunFinished only
// builds the mail and queues it; one sender thread delivers the queue in order through a
// MailTransport. The queue is bounded (a dead SMTP server must not grow memory without end): a
// mail that does not fit is dropped with a log line. Every mail not delivered is logged once, with
// the reason; nothing is retried (Epoch does not retry either).
//
// Owner: mu_ guards the queue and the stop flags; the sender thread owns the transport.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "orchestrator/core/util/clock.h"
#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/notify/mail_transport.h"
#include "orchestrator/epoch/notify/run_mail.h"
#include "orchestrator/epoch/scheduling/scheduler_observer.h"
#include "orchestrator/epoch/store/epoch_repository.h"

namespace drove::epoch {

class MailNotifier : public SchedulerObserver {
 public:
  static constexpr size_t kDefaultMaxQueued = 256;

  MailNotifier(MailSettings settings, const EpochRepository& repository,
               std::unique_ptr<MailTransport> transport, const core::Clock& clock,
               size_t max_queued = kDefaultMaxQueued);
  ~MailNotifier() override;
  MailNotifier(const MailNotifier&) = delete;
  MailNotifier& operator=(const MailNotifier&) = delete;

  void RunFinished(const RunInfo& run) override;

  // Delivers what is queued for at most `grace`, drops (and logs) the rest, joins the thread.
  void Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

 private:
  struct Pending {
    std::string topology_id;
    std::string run_id;
    MailMessage mail;
  };

  void Loop();
  void Deliver(const Pending& pending);

  const MailSettings settings_;
  const EpochRepository& repository_;
  const std::unique_ptr<MailTransport> transport_;
  const core::Clock& clock_;
  const size_t max_queued_;

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point drop_after_ = std::chrono::steady_clock::time_point::max();
  uint64_t sent_ = 0;  // Message-ID sequence; the sender thread's only
  std::thread sender_;
};

}  // namespace drove::epoch

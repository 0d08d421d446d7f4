// The run mail queue and its sender thread (see mail_notifier.h).
#include "orchestrator/epoch/notify/mail_notifier.h"

#include "orchestrator/core/util/log.h"
#include "orchestrator/epoch/notify/mail_text.h"

namespace drove::epoch {
namespace {

void LogNotSent(const std::string& topology_id, const std::string& run_id,
                const std::string& subject, const std::string& reason) {
  DLOG_WARN(
      "mail not sent",
      {{"topologyId", topology_id}, {"runId", run_id}, {"subject", subject}, {"error", reason}});
}

}  // namespace

MailNotifier::MailNotifier(MailSettings settings, const EpochRepository& repository,
                           std::unique_ptr<MailTransport> transport, const core::Clock& clock,
                           size_t max_queued)
    : settings_(std::move(settings)),
      repository_(repository),
      transport_(std::move(transport)),
      clock_(clock),
      max_queued_(max_queued),
      sender_([this] { Loop(); }) {}

MailNotifier::~MailNotifier() { Stop(); }

void MailNotifier::RunFinished(const RunInfo& run) {
  std::optional<EpochNotify> notify;
  if (auto details = repository_.Topology(run.topology_id)) notify = details->topology.notify;
  std::optional<MailMessage> mail = RunMail(run, notify, settings_);
  if (!mail) return;
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && queue_.size() < max_queued_) {
      queue_.push_back(Pending{run.topology_id, run.run_id, std::move(*mail)});
      wake_.notify_one();
      return;
    }
  }
  LogNotSent(run.topology_id, run.run_id, mail->subject,
             "mail queue full (" + std::to_string(max_queued_) + " waiting) or stopping");
}

void MailNotifier::Stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) drop_after_ = std::chrono::steady_clock::now() + grace;
    stopping_ = true;
    wake_.notify_one();
  }
  if (sender_.joinable()) sender_.join();
}

void MailNotifier::Loop() {
  while (true) {
    Pending pending;
    bool drop = false;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      pending = std::move(queue_.front());
      queue_.pop_front();
      drop = stopping_ && std::chrono::steady_clock::now() >= drop_after_;
    }
    if (drop) {
      LogNotSent(pending.topology_id, pending.run_id, pending.mail.subject, "drove-epoch stopping");
    } else {
      Deliver(pending);
    }
  }
}

void MailNotifier::Deliver(const Pending& pending) {
  const int64_t now = clock_.NowMillis();
  const std::string message_id =
      std::to_string(now) + "." + std::to_string(++sent_) + ".drove-epoch@" + settings_.smtp_server;
  const std::string text = FormatMailText(pending.mail, settings_, now, message_id);
  core::Status st = transport_->Send(settings_.from_address, pending.mail.to, text);
  if (!st.ok()) {
    LogNotSent(pending.topology_id, pending.run_id, pending.mail.subject, st.message());
    return;
  }
  DLOG_INFO("mail sent", {{"topologyId", pending.topology_id},
                          {"runId", pending.run_id},
                          {"subject", pending.mail.subject},
                          {"recipients", std::to_string(pending.mail.to.size())}});
}

}  // namespace drove::epoch

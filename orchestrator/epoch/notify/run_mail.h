// Which mail a finished run sends, to whom, with Epoch's subject and body (epoch-api.md section 4,
// Epoch's EventMailDataConverter): pure, so the rules are tested without an SMTP server.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/model/run_info.h"
#include "orchestrator/epoch/model/topology.h"

namespace drove::epoch {

struct MailMessage {
  std::vector<std::string> to;
  std::string subject;
  std::string body;
};

// The mail for a run that reached `run.state`, or nullopt: none for RUNNING and SKIPPED, none for
// SUCCESSFUL with disableForSuccessfulRuns (COMPLETED still mails), none without recipients.
// Recipients are the topology's MAIL emails; when it has none (BLACKHOLE, no notify, or the
// topology is gone) settings.default_emails, as Epoch.
std::optional<MailMessage> RunMail(const RunInfo& run, const std::optional<EpochNotify>& notify,
                                   const MailSettings& settings);

}  // namespace drove::epoch

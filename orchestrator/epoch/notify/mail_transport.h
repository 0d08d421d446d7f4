// The seam between the mail queue and SMTP: one blocking delivery. libcurl's SMTP client in
// drove-epoch (MakeSmtpTransport), a recording fake in the unit tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"
#include "orchestrator/epoch/config/epoch_config.h"

namespace drove::epoch {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `text` (RFC 5322, CRLF lines) from `from` to every address of `to`; the error says
  // why not (connect, TLS, authentication, a refused recipient, a timeout).
  virtual core::Status Send(const std::string& from, const std::vector<std::string>& to,
                            const std::string& text) = 0;
};

// SMTP to settings.smtp_server:port through libcurl: `tls: true` requires STARTTLS (Epoch's
// SMTP_TLS strategy) with certificate checks, false is plain SMTP; AUTH when a username is set.
std::unique_ptr<MailTransport> MakeSmtpTransport(const MailSettings& settings);

}  // namespace drove::epoch

// A MailMessage as the RFC 5322 text handed to SMTP: headers, then a quoted-printable UTF-8 body
// (any error text Drove sent fits: no bare line breaks, no line over 76 characters, no 8-bit data).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "orchestrator/epoch/config/epoch_config.h"
#include "orchestrator/epoch/notify/run_mail.h"

namespace drove::epoch {

// `message_id` is the Message-ID without its angle brackets.
std::string FormatMailText(const MailMessage& mail, const MailSettings& settings,
                           int64_t now_millis, const std::string& message_id);

// RFC 2045 quoted-printable with CRLF line breaks (a "\n" in the text is a line break).
std::string QuotedPrintable(std::string_view text);

// RFC 5322 date in UTC: "Sun, 06 Dec 2026 08:39:03 +0000".
std::string MailDate(int64_t millis);

}  // namespace drove::epoch

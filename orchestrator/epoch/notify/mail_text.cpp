// RFC 5322 text of a run mail (see mail_text.h).
#include "orchestrator/epoch/notify/mail_text.h"

#include <cstdio>
#include <ctime>

namespace drove::epoch {
namespace {

constexpr size_t kQpLineLimit = 76;  // RFC 2045, including the soft break's "="

// Header values come from config and ids: a line break would start a header of its own.
std::string HeaderSafe(std::string_view value) {
  std::string out;
  for (char c : value) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

// "Name" <address>, the display name quoted with \ and " escaped.
std::string FromHeader(const MailSettings& settings) {
  if (settings.from_name.empty()) return HeaderSafe(settings.from_address);
  std::string name;
  for (char c : HeaderSafe(settings.from_name)) {
    if (c == '\\' || c == '"') name += '\\';
    name += c;
  }
  return "\"" + name + "\" <" + HeaderSafe(settings.from_address) + ">";
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + HeaderSafe(items[i]);
  return out;
}

// One quoted-printable unit of `c`; spaces and tabs are literal unless they end a line.
std::string QpUnit(unsigned char c, bool ends_line) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !ends_line);
  if (literal) return std::string(1, static_cast<char>(c));
  return {'=', kHex[c >> 4], kHex[c & 0xF]};
}

}  // namespace

std::string QuotedPrintable(std::string_view text) {
  std::string out;
  size_t column = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;  // CRLF is one break
    if (c == '\n') {
      out += "\r\n";
      column = 0;
      continue;
    }
    const bool ends_line = i + 1 == text.size() || text[i + 1] == '\n' || text[i + 1] == '\r';
    const std::string unit = QpUnit(static_cast<unsigned char>(c), ends_line);
    if (column + unit.size() > kQpLineLimit - 1) {  // room for the soft break's "="
      out += "=\r\n";
      column = 0;
    }
    out += unit;
    column += unit.size();
  }
  return out;
}

std::string MailDate(int64_t millis) {
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[64];
  std::snprintf(text, sizeof(text), "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday],
                utc.tm_mday, kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min,
                utc.tm_sec);
  return text;
}

std::string FormatMailText(const MailMessage& mail, const MailSettings& settings,
                           int64_t now_millis, const std::string& message_id) {
  std::string text;
  text += "Date: " + MailDate(now_millis) + "\r\n";
  text += "From: " + FromHeader(settings) + "\r\n";
  text += "To: " + Joined(mail.to) + "\r\n";
  text += "Subject: " + HeaderSafe(mail.subject) + "\r\n";
  text += "Message-ID: <" + HeaderSafe(message_id) + ">\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: text/plain; charset=UTF-8\r\n";
  text += "Content-Transfer-Encoding: quoted-printable\r\n";
  text += "\r\n";
  text += QuotedPrintable(mail.body) + "\r\n";
  return text;
}

}  // namespace drove::epoch

// Expression level: whitespace, field count, the '?' rule and cron-utils' composites, in the order
// cron-utils' CronParser.parse checks them, so that the same texts are accepted.
#include "orchestrator/epoch/cron/cron_parser.h"

#include <algorithm>
#include <string>
#include <vector>

#include "orchestrator/epoch/cron/cron_field.h"

namespace drove::epoch::cron {
namespace {

constexpr CronField kFields[] = {CronField::kSeconds,    CronField::kMinutes, CronField::kHours,
                                 CronField::kDayOfMonth, CronField::kMonth,   CronField::kDayOfWeek,
                                 CronField::kYear};

core::Status Fail(std::string_view where, const std::string& rule) {
  return core::Status::Error(std::string(where) + ": " + rule);
}

// Java's \s: the separators cron-utils splits on.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// Java's String.split: parts between separators, trailing empty parts dropped ("a||" is one part,
// "||" none). With an empty `separator`, runs of \s separate.
std::vector<std::string> JavaSplit(std::string_view text, std::string_view separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = 0;
    if (separator.empty()) {
      while (i + length < text.size() && IsSpace(text[i + length])) ++length;
    } else if (text.substr(i, separator.size()) == separator) {
      length = separator.size();
    }
    if (length == 0) {
      ++i;
      continue;
    }
    parts.emplace_back(text.substr(start, i - start));
    i += length;
    start = i;
  }
  parts.emplace_back(text.substr(start));
  if (parts.size() == 1) return parts;  // no separator: the text itself, even when empty
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

// cron-utils' replaceAll("\\s+", " ").trim().toUpperCase(); trim() drops every char <= ' '.
std::string Normalize(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!IsSpace(text[i])) {
      out += (text[i] >= 'a' && text[i] <= 'z') ? static_cast<char>(text[i] - 'a' + 'A') : text[i];
    } else if (i == 0 || !IsSpace(text[i - 1])) {
      out += ' ';
    }
  }
  auto kept = [](char c) { return static_cast<unsigned char>(c) > ' '; };
  out.erase(out.begin(), std::find_if(out.begin(), out.end(), kept));
  out.erase(std::find_if(out.rbegin(), out.rend(), kept).base(), out.end());
  return out;
}

core::Result<CronSchedule> ParseSingle(const std::string& text) {
  const std::vector<std::string> fields = JavaSplit(text, " ");
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].ends_with(',')) {
      return Fail(i < std::size(kFields) ? CronFieldName(kFields[i]) : "expression",
                  "trailing comma in '" + fields[i] + "'");
    }
  }
  if (fields.size() != 6 && fields.size() != 7) {
    return Fail("expression", std::to_string(fields.size()) +
                                  " fields, expected 6 or 7 (seconds minutes hours day-of-month "
                                  "month day-of-week [year])");
  }
  CronSchedule schedule;
  if (fields.size() == 6) schedule.years.set();
  for (size_t i = 0; i < fields.size(); ++i) {
    core::Status status = ParseCronField(fields[i], kFields[i], &schedule);
    if (!status.ok()) return status;
  }
  const bool any_day_of_month = fields[3] == "?";
  const bool any_day_of_week = fields[5] == "?";
  if (any_day_of_month == any_day_of_week) {
    return Fail("day-of-week", any_day_of_month ? "day-of-month and day-of-week cannot both be '?'"
                                                : "either day-of-month or day-of-week must be '?'");
  }
  schedule.day_field = any_day_of_month ? DayField::kDayOfWeek : DayField::kDayOfMonth;
  return schedule;
}

core::Status ParseInto(std::string_view text, std::vector<CronSchedule>* out);

// "0 0|30 9|17 ? * *" is "0 0 9 ? * *" and "0 30 17 ? * *": the i-th alternative of every field
// that has alternatives, the other fields as they are. cron-utils fails (an index out of bounds)
// when two fields have different counts; so do we, with a message.
core::Status ParseAlternatives(std::string_view text, std::vector<CronSchedule>* out) {
  const std::vector<std::string> tokens = JavaSplit(text, "");
  size_t count = 0;
  for (const auto& token : tokens) count = std::max(count, JavaSplit(token, "|").size());
  if (count == 0) return Fail("expression", "no expression around '|'");
  for (size_t i = 0; i < count; ++i) {
    std::string alternative;
    for (const auto& token : tokens) {
      if (token.find('|') == std::string::npos) {
        alternative += token + " ";
        continue;
      }
      const std::vector<std::string> choices = JavaSplit(token, "|");
      if (i >= choices.size()) {
        return Fail("expression", "'" + token + "' has " + std::to_string(choices.size()) +
                                      " alternatives where another field has " +
                                      std::to_string(count));
      }
      alternative += choices[i] + " ";
    }
    core::Status status = ParseInto(alternative, out);
    if (!status.ok()) return Fail("alternative " + std::to_string(i + 1), status.message());
  }
  return core::Status::Ok();
}

core::Status ParseInto(std::string_view text, std::vector<CronSchedule>* out) {
  const std::string normalized = Normalize(text);
  if (normalized.empty()) return Fail("expression", "empty");
  if (text.starts_with('@')) {
    return Fail("expression", "nicknames such as '@daily' are not supported");
  }
  if (text.find("||") != std::string_view::npos) {
    const std::vector<std::string> parts = JavaSplit(text, "||");
    if (parts.empty()) return Fail("expression", "no expression around '||'");
    for (size_t i = 0; i < parts.size(); ++i) {
      core::Status status = ParseInto(parts[i], out);
      if (!status.ok()) return Fail("part " + std::to_string(i + 1), status.message());
    }
    return core::Status::Ok();
  }
  if (text.find('|') != std::string_view::npos) return ParseAlternatives(text, out);
  auto schedule = ParseSingle(normalized);
  if (!schedule.ok()) return schedule.status();
  out->push_back(std::move(schedule).value());
  return core::Status::Ok();
}

}  // namespace

core::Result<CronExpression> ParseCron(std::string_view text) {
  CronExpression expression;
  core::Status status = ParseInto(text, &expression.schedules);
  if (!status.ok()) return status;
  return expression;
}

}  // namespace drove::epoch::cron

// Structured logging on stderr: one line per decision, key=value fields.
//   DLOG_INFO("instance started", {{"appId", app_id}, {"instanceId", id}});
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace drove::core {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

using LogField = std::pair<std::string_view, std::string_view>;

void SetLogLevel(LogLevel level);
// DEBUG, WARN, ERROR; anything else (the configs' default INFO) is kInfo.
LogLevel LogLevelNamed(std::string_view name);
// Sets the component name printed on every line (e.g. "controller").
void SetLogComponent(std::string component);
// "2026-12-06T09:57:21.123Z": the time stamp of log lines, for other records that want the same.
std::string IsoUtcMillis(int64_t millis_since_epoch);
void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});

}  // namespace drove::core

#define DLOG_DEBUG(...) ::drove::core::Log(::drove::core::LogLevel::kDebug, __VA_ARGS__)
#define DLOG_INFO(...) ::drove::core::Log(::drove::core::LogLevel::kInfo, __VA_ARGS__)
#define DLOG_WARN(...) ::drove::core::Log(::drove::core::LogLevel::kWarn, __VA_ARGS__)
#define DLOG_ERROR(...) ::drove::core::Log(::drove::core::LogLevel::kError, __VA_ARGS__)

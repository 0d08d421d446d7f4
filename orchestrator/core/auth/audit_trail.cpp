// Audit lines as JSON (every value escaped, so a crafted path cannot forge a second line).
#include "orchestrator/core/auth/audit_trail.h"

#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>

#include "orchestrator/core/util/log.h"

namespace drove::core {
namespace {

// Ids and paths come from the caller: long ones are cut so a line stays a line.
constexpr size_t kMaxValue = 512;

std::string Bounded(const std::string& value) {
  std::string out(value, 0, kMaxValue);
  if (value.size() > kMaxValue) out.resize(kMaxValue + 3, '.');  // marks the cut
  return out;
}

std::string Line(const AuditRecord& record, int64_t now_millis) {
  nlohmann::json line = {{"time", IsoUtcMillis(now_millis)},
                         {"user", Bounded(record.user)},
                         {"role", record.role},
                         {"auth", record.auth},
                         {"remote", record.remote},
                         {"method", Bounded(record.method)},
                         {"path", Bounded(record.path)},
                         {"status", record.status}};
  for (const auto& [key, value] : record.ids) line[key] = Bounded(value);
  // Invalid UTF-8 from a caller is replaced, not thrown on.
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<std::unique_ptr<AuditTrail>> AuditTrail::Open(
    const AuditConfig& config, const std::vector<std::string>& audited_methods,
    const Clock* clock) {
  std::unique_ptr<RotatingFile> file;
  if (!config.file.empty()) {
    auto opened = RotatingFile::Open(config.file, config.max_size_bytes, config.max_files);
    if (!opened.ok()) return Status::Error("audit.file: " + opened.error());
    file = std::move(opened).value();
  }
  std::set<std::string> methods(audited_methods.begin(), audited_methods.end());
  return std::unique_ptr<AuditTrail>(new AuditTrail(std::move(methods), std::move(file), clock));
}

Status AuditTrail::Check(const AuditConfig& config) {
  if (config.file.empty()) return Status::Ok();
  Status openable = RotatingFile::CheckOpenable(config.file);
  if (!openable.ok()) return Status::Error("audit.file: " + openable.message());
  return Status::Ok();
}

void AuditTrail::Record(const AuditRecord& record) {
  std::string line = Line(record, clock_->NowMillis());
  if (!file_) {
    DLOG_INFO("ACCESS_AUDIT", {{"audit", line}});
    return;
  }
  Status written = file_->Append(line + "\n");
  if (!written.ok()) {
    // The line itself goes to the log instead, so the call is still on record.
    DLOG_ERROR("audit line not written", {{"error", written.message()}, {"audit", line}});
  }
}

}  // namespace drove::core

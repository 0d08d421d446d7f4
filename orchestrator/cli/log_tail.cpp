// Log list/tail/download over the controller's /apis/v1/logfiles proxy.
#include "orchestrator/cli/log_tail.h"

namespace drove::cli {
namespace {

std::string LogPath(const std::string& prefix, const std::string& id1, const std::string& id2) {
  return "/apis/v1/logfiles/" + prefix + "/" + EncodeSegment(id1) + "/" + EncodeSegment(id2);
}

}  // namespace

std::string TailCursor::Advance(const Json& response) {
  std::string data = response.contains("data") && response["data"].is_string()
                         ? response["data"].get<std::string>() : "";
  if (offset_ == -1) {
    offset_ = response.contains("offset") && response["offset"].is_number_integer()
                  ? response["offset"].get<int64_t>() : 0;
  } else {
    offset_ += static_cast<int64_t>(data.size());
  }
  return data;
}

std::string SkipChars(const std::string& data, int skip_chars) {
  if (skip_chars <= 0) return data;
  std::string out;
  size_t start = 0;
  while (start < data.size()) {
    size_t end = data.find('\n', start);
    size_t stop = end == std::string::npos ? data.size() : end + 1;
    std::string line = data.substr(start, stop - start);
    size_t content = line.back() == '\n' ? line.size() - 1 : line.size();
    out += static_cast<size_t>(skip_chars) < content ? line.substr(skip_chars)
                                                     : line.substr(content);
    start = stop;
  }
  return out;
}

int ListLogs(CliContext& ctx, const std::string& prefix, const std::string& id1,
             const std::string& id2) {
  Json data = ctx.Client().GetRaw(LogPath(prefix, id1, id2) + "/list");
  ctx.Out() << (ctx.json ? RenderJson(data) + "\n" : RenderDict(data));
  return kExitOk;
}

int TailLog(CliContext& ctx, const std::string& prefix, const std::string& id1,
            const std::string& id2, const std::string& file_name, int skip_chars) {
  TailCursor cursor;
  std::string base = LogPath(prefix, id1, id2) + "/read/" + EncodeSegment(file_name);
  while (!(ctx.interrupted && ctx.interrupted())) {
    Json response = ctx.Client().GetRaw(base + "?offset=" + std::to_string(cursor.offset()));
    std::string data = cursor.Advance(response);
    if (data.empty()) {
      ctx.sleep(std::chrono::milliseconds(1000));
    } else {
      ctx.Out() << SkipChars(data, skip_chars);
      ctx.Out().flush();
    }
  }
  return kExitOk;
}

int DownloadLog(CliContext& ctx, const std::string& prefix, const std::string& id1,
                const std::string& id2, const std::string& file_name,
                const std::string& out_file) {
  std::string target = out_file.empty() ? file_name : out_file;
  ctx.Out() << "Downloading log to: " << target << "\n";
  int64_t size = ctx.Client().Download(
      LogPath(prefix, id1, id2) + "/download/" + EncodeSegment(file_name), target);
  ctx.Out() << "Downloaded size: " << WithCommas(size) << " bytes\n";
  return kExitOk;
}

}  // namespace drove::cli

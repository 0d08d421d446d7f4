// Drove's executor log-file protocol (list / read / download) over a folder of output files,
// independent of the HTTP server so it can be tested on temp files.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace drove::executor {

struct LogApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;
  std::string body;
};

// Resolves <log_dir>/<p1>/<p2>. nullopt when a segment is empty, "." / "..", or holds a '/'.
std::optional<std::string> LogFolder(const std::string& log_dir, const std::string& p1,
                                     const std::string& p2);
// A file name the API will touch: a single path segment, not "." or "..".
bool IsSafeLogFileName(const std::string& name);

// {"files": [...]}: names starting "output." in the folder, sorted.
LogApiReply ListLogFiles(const std::string& folder);
// offset/length as Drove reads them (-1 defaults). See drove-api.md 2.6.
LogApiReply ReadLogFile(const std::string& folder, const std::string& file, int64_t offset,
                        int64_t length);
// Raw bytes with Content-Disposition: attachment; filename=<download_name>.
LogApiReply DownloadLogFile(const std::string& folder, const std::string& file,
                            const std::string& download_name);

}  // namespace drove::executor

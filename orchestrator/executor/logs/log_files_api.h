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

// Resolves <log_dir>/<p1>/<p2>. nullopt when a segment is empty, "." / "..", holds a '/' or a
// control byte (NUL, CR, LF), or when <log_dir>/<p1> or the folder exists but is not a real
// directory (a symlink could lead anywhere on the host).
std::optional<std::string> LogFolder(const std::string& log_dir, const std::string& p1,
                                     const std::string& p2);
// A file name the API will touch: a single path segment, not "." or "..", no control bytes.
bool IsSafeLogFileName(const std::string& name);

// The functions below read only regular files directly inside `folder`, never through a
// symlink (the folder's own last component included).
// {"files": [...]}: regular files named "output.*" in the folder, sorted.
LogApiReply ListLogFiles(const std::string& folder);
// offset/length as Drove reads them (-1 defaults). See drove-api.md 2.6.
LogApiReply ReadLogFile(const std::string& folder, const std::string& file, int64_t offset,
                        int64_t length);
// Raw bytes with Content-Disposition: attachment; filename=<download_name>.
LogApiReply DownloadLogFile(const std::string& folder, const std::string& file,
                            const std::string& download_name);

}  // namespace drove::executor

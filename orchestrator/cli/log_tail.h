// Log file commands shared by appinstances and tasks: list, tail (drove-cli's offset protocol), download.
#pragma once

#include <cstdint>
#include <string>

#include "orchestrator/cli/cli_context.h"
#include "orchestrator/cli/table.h"

namespace drove::cli {

// drove-cli's tail cursor. The first read asks for offset -1 and the server answers with the file
// size; after that each read asks for the previous offset plus the length of the data received
// (the server echoes the requested offset, it does not return the next one).
class TailCursor {
 public:
  int64_t offset() const { return offset_; }
  // Feeds one /read response ({"data": ..., "offset": ...}); returns the data to print.
  std::string Advance(const Json& response);

 private:
  int64_t offset_ = -1;
};

// Removes the first skip_chars characters of every line (drove-cli's tail --skip).
std::string SkipChars(const std::string& data, int skip_chars);

// prefix is "applications" or "tasks"; id1/id2 are appId/instanceId or sourceAppName/taskId.
int ListLogs(CliContext& ctx, const std::string& prefix, const std::string& id1,
             const std::string& id2);
int TailLog(CliContext& ctx, const std::string& prefix, const std::string& id1,
            const std::string& id2, const std::string& file_name, int skip_chars);
int DownloadLog(CliContext& ctx, const std::string& prefix, const std::string& id1,
                const std::string& id2, const std::string& file_name,
                const std::string& out_file);

}  // namespace drove::cli

// A minimal in-memory ustar writer: enough to copy INLINE config files into a container.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace drove::executor {

// Builds a tar archive whose entries are relative paths ("etc/app/config.yml"). Parent folders
// are added as directory entries first, so the engine creates them when extracting.
class TarWriter {
 public:
  // `path` may start with '/', which is stripped. Returns false if a path component is too
  // long for ustar (name 100 / prefix 155 bytes).
  bool AddFile(std::string_view path, std::string_view data, int mode = 0644);
  // Appends the two zero blocks that end an archive and returns it.
  std::string Finish();

 private:
  bool AddDirectory(const std::string& path);
  bool AppendHeader(const std::string& name, size_t size, int mode, char type);

  std::string out_;
  std::set<std::string> dirs_;
};

}  // namespace drove::executor

// Host path normalisation by components, without touching the file system.
#include "orchestrator/core/util/host_path.h"

namespace drove::core {

std::optional<std::string> NormalHostPath(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.find('\0') != std::string_view::npos) {
    return std::nullopt;
  }
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      // Above the root is the root, as the kernel resolves it.
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (std::string_view part : parts) out.append("/").append(part);
  return out.empty() ? std::string("/") : out;
}

bool IsWithinDir(const std::string& path, const std::string& dir) {
  if (dir == "/") return true;
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

bool IsWithinAnyDir(const std::string& path, const std::vector<std::string>& dirs) {
  for (const auto& dir : dirs) {
    auto normal = NormalHostPath(dir);
    if (normal && IsWithinDir(path, *normal)) return true;
  }
  return false;
}

}  // namespace drove::core

// Lexical rules for host paths in specs (volume `pathOnHost`, allowedMountDirs), shared by the
// controller's check (which cannot see the executor's disk) and the executor's re-check.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::core {

// The lexical form of an absolute path: ".", ".." and repeated or trailing '/' resolved
// ("/data/../etc/" -> "/etc", "/.." -> "/"). nullopt for an empty or relative path or one
// holding a NUL byte: those have no meaning on a host and are refused, not guessed at.
std::optional<std::string> NormalHostPath(std::string_view path);

// True when `path` is `dir` or lies below it, comparing whole components ("/data" holds
// "/data/x" but not "/database"). Both must already be in NormalHostPath form.
bool IsWithinDir(const std::string& path, const std::string& dir);

// True when `path` lies within one of `dirs` (each normalised here; bad entries match nothing).
bool IsWithinAnyDir(const std::string& path, const std::vector<std::string>& dirs);

}  // namespace drove::core

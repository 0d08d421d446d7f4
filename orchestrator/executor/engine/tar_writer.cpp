// ustar headers (POSIX.1-1988) written by hand: name/prefix split, octal fields, checksum.
#include "orchestrator/executor/engine/tar_writer.h"

#include <cstdio>
#include <cstring>
#include <ctime>

namespace drove::executor {
namespace {

constexpr size_t kBlock = 512;

void WriteOctal(char* field, size_t width, unsigned long long value) {
  // width includes the terminating NUL.
  std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

std::string Normalize(std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::string out(path);
  while (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace

bool TarWriter::AppendHeader(const std::string& name, size_t size, int mode, char type) {
  char header[kBlock];
  std::memset(header, 0, sizeof(header));
  std::string prefix;
  std::string base = name;
  if (base.size() > 100) {
    // Split at a '/' so that the prefix fits 155 and the rest fits 100.
    size_t cut = name.rfind('/', 155);
    while (cut != std::string::npos && name.size() - cut - 1 > 100) cut = std::string::npos;
    if (cut == std::string::npos || cut == 0) return false;
    prefix = name.substr(0, cut);
    base = name.substr(cut + 1);
  }
  std::memcpy(header, base.data(), base.size());
  WriteOctal(header + 100, 8, static_cast<unsigned long long>(mode));
  WriteOctal(header + 108, 8, 0);  // uid
  WriteOctal(header + 116, 8, 0);  // gid
  WriteOctal(header + 124, 12, size);
  WriteOctal(header + 136, 12, static_cast<unsigned long long>(std::time(nullptr)));
  header[156] = type;
  std::memcpy(header + 257, "ustar", 6);  // magic with NUL
  std::memcpy(header + 263, "00", 2);     // version
  std::memcpy(header + 345, prefix.data(), prefix.size());
  // The checksum is computed with its own field filled with spaces.
  std::memset(header + 148, ' ', 8);
  unsigned int sum = 0;
  for (unsigned char c : header) sum += c;
  std::snprintf(header + 148, 7, "%06o", sum);
  header[154] = '\0';
  header[155] = ' ';
  out_.append(header, kBlock);
  return true;
}

bool TarWriter::AddDirectory(const std::string& path) {
  if (path.empty() || dirs_.count(path)) return true;
  size_t slash = path.rfind('/');
  if (slash != std::string::npos && !AddDirectory(path.substr(0, slash))) return false;
  dirs_.insert(path);
  return AppendHeader(path, 0, 0755, '5');
}

bool TarWriter::AddFile(std::string_view path, std::string_view data, int mode) {
  std::string name = Normalize(path);
  if (name.empty()) return false;
  size_t slash = name.rfind('/');
  if (slash != std::string::npos && !AddDirectory(name.substr(0, slash))) return false;
  if (!AppendHeader(name, data.size(), mode, '0')) return false;
  out_.append(data);
  size_t pad = (kBlock - data.size() % kBlock) % kBlock;
  out_.append(pad, '\0');
  return true;
}

std::string TarWriter::Finish() {
  out_.append(2 * kBlock, '\0');
  return std::move(out_);
}

}  // namespace drove::executor

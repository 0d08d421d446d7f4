// The hash-password subcommand: no password in argv (it would show in `ps`) and none echoed.
#include "orchestrator/core/auth/hash_password_command.h"

#include <termios.h>
#include <unistd.h>

#include <string>

#include "orchestrator/core/auth/secrets.h"

namespace drove::core {
namespace {

constexpr int kExitError = 1;
// Longer input is no password anyone types; refusing it keeps a binary file out of libcrypt.
constexpr size_t kMaxPasswordBytes = 4096;

// Turns terminal echo off for its lifetime (a no-op when `fd` is no terminal).
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (!isatty(fd_) || tcgetattr(fd_, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    active_ = tcsetattr(fd_, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(fd_, TCSAFLUSH, &saved_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  bool active() const { return active_; }

 private:
  int fd_;
  termios saved_{};
  bool active_ = false;
};

// The first line, without "\n" or "\r\n"; false when it is too long.
bool ReadLine(std::FILE* in, std::string* line) {
  int c;
  while ((c = std::fgetc(in)) != EOF && c != '\n') {
    if (line->size() >= kMaxPasswordBytes) return false;
    line->push_back(static_cast<char>(c));
  }
  if (!line->empty() && line->back() == '\r') line->pop_back();
  return true;
}

}  // namespace

int RunHashPassword(std::FILE* in, std::FILE* out, std::FILE* err) {
  std::string password;
  bool read = false;
  {
    EchoOff echo_off(fileno(in));
    if (echo_off.active()) std::fputs("Password: ", err);
    read = ReadLine(in, &password);
    if (echo_off.active()) std::fputs("\n", err);
  }
  if (!read) {
    std::fprintf(err, "hash-password: the password is longer than %zu bytes\n", kMaxPasswordBytes);
    return kExitError;
  }
  if (password.empty()) {
    std::fputs("hash-password: no password on stdin (type it, or pipe it in)\n", err);
    return kExitError;
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) {
    std::fprintf(err, "hash-password: %s\n", hash.error().c_str());
    return kExitError;
  }
  std::fprintf(out, "%s\n", hash->c_str());
  return std::fflush(out) == 0 ? 0 : kExitError;
}

}  // namespace drove::core

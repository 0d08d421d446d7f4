// `drove-controller hash-password` and `drove-epoch hash-password`: reads a password from stdin,
// prints its yescrypt hash for a CRYPT user in controller.yml or epoch.yml.
#pragma once

#include <cstdio>

namespace drove::core {

// Reads the first line of `in` (without its line end), writes the hash and a newline to `out`.
// On an empty password or a libcrypt failure writes one line to `err` and returns non-zero.
// When `in` is a terminal, echo is turned off while the password is typed.
int RunHashPassword(std::FILE* in, std::FILE* out, std::FILE* err);

}  // namespace drove::core

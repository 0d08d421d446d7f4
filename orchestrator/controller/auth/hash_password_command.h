// `drove-controller hash-password`: the shared subcommand (core/auth/hash_password_command.h).
#pragma once

#include "orchestrator/core/auth/hash_password_command.h"

namespace drove::controller {

using core::RunHashPassword;

}  // namespace drove::controller

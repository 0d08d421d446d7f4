// UUIDs as Drove makes them: random v4 (instance, event ids) and name-based v3 (executorId, jti).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace drove::core {

// A random (version 4) UUID in canonical lower-case form, from OpenSSL's CSPRNG.
std::string UuidV4();

// Java's UUID.nameUUIDFromBytes(name): MD5 of the bytes (no namespace), version 3, IETF variant.
// Drove: executorId = UuidV3("<hostname>:<port>").
std::string UuidV3(std::string_view name);

// Canonical 8-4-4-4-12 lower-case hex of 16 bytes.
std::string FormatUuid(const std::array<uint8_t, 16>& bytes);

}  // namespace drove::core

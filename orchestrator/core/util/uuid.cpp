// UUID v4 from RAND_bytes and v3 from EVP MD5 (the non-deprecated OpenSSL 3 digest API).
#include "orchestrator/core/util/uuid.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <random>
#include <stdexcept>

namespace drove::core {
namespace {

void SetVersion(std::array<uint8_t, 16>& bytes, uint8_t version) {
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // IETF variant
}

}  // namespace

std::string FormatUuid(const std::array<uint8_t, 16>& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 0xf]);
  }
  return out;
}

std::string UuidV4() {
  std::array<uint8_t, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // RAND_bytes only fails without entropy; fall back to the OS device rather than abort.
    std::random_device device;
    for (auto& b : bytes) b = static_cast<uint8_t>(device());
  }
  SetVersion(bytes, 4);
  return FormatUuid(bytes);
}

std::string UuidV3(std::string_view name) {
  std::array<uint8_t, 16> bytes{};
  unsigned int len = 0;
  if (EVP_Digest(name.data(), name.size(), bytes.data(), &len, EVP_md5(), nullptr) != 1 ||
      len != bytes.size()) {
    throw std::runtime_error("MD5 digest unavailable");  // no OpenSSL MD5 = broken install
  }
  SetVersion(bytes, 3);
  return FormatUuid(bytes);
}

}  // namespace drove::core

// DNS record types, classes and opcodes used by drove-dns, with their mnemonic names.
#pragma once

#include <cstdint>
#include <string>

namespace drove::dns {

enum class RrType : uint16_t {
  kA = 1,
  kNs = 2,
  kCname = 5,
  kSoa = 6,
  kPtr = 12,
  kMx = 15,
  kTxt = 16,
  kAaaa = 28,
  kSrv = 33,
  kOpt = 41,
  kAxfr = 252,
  kAny = 255,
};

enum class RrClass : uint16_t { kIn = 1, kCh = 3, kHs = 4, kNone = 254, kAny = 255 };

enum class Opcode : uint8_t { kQuery = 0, kIquery = 1, kStatus = 2, kNotify = 4, kUpdate = 5 };

// Mnemonic ("SRV", "IN", "QUERY"); unknown values as RFC 3597 "TYPE1234" / "CLASS9" / "OPCODE7".
std::string TypeName(uint16_t type);
std::string ClassName(uint16_t klass);
std::string OpcodeName(uint8_t opcode);

}  // namespace drove::dns

// DNS response codes (RFC 1035, plus the EDNS extended BADVERS) and their names.
#pragma once

#include <cstdint>
#include <string>

namespace drove::dns {

// Values above 15 are extended rcodes: the low 4 bits go in the header, the rest in the OPT record.
enum class Rcode : uint16_t {
  kNoError = 0,
  kFormErr = 1,
  kServFail = 2,
  kNxDomain = 3,
  kNotImp = 4,
  kRefused = 5,
  kBadVers = 16,
};

// "NOERROR", "FORMERR", ...; unknown values as "RCODE<n>".
std::string RcodeName(Rcode rcode);

}  // namespace drove::dns

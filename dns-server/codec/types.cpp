// Names of DNS record types, classes and opcodes.
#include "dns-server/codec/types.h"

namespace drove::dns {

std::string TypeName(uint16_t type) {
  switch (static_cast<RrType>(type)) {
    case RrType::kA:
      return "A";
    case RrType::kNs:
      return "NS";
    case RrType::kCname:
      return "CNAME";
    case RrType::kSoa:
      return "SOA";
    case RrType::kPtr:
      return "PTR";
    case RrType::kMx:
      return "MX";
    case RrType::kTxt:
      return "TXT";
    case RrType::kAaaa:
      return "AAAA";
    case RrType::kSrv:
      return "SRV";
    case RrType::kOpt:
      return "OPT";
    case RrType::kAxfr:
      return "AXFR";
    case RrType::kAny:
      return "ANY";
  }
  return "TYPE" + std::to_string(type);
}

std::string ClassName(uint16_t klass) {
  switch (static_cast<RrClass>(klass)) {
    case RrClass::kIn:
      return "IN";
    case RrClass::kCh:
      return "CH";
    case RrClass::kHs:
      return "HS";
    case RrClass::kNone:
      return "NONE";
    case RrClass::kAny:
      return "ANY";
  }
  return "CLASS" + std::to_string(klass);
}

std::string OpcodeName(uint8_t opcode) {
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::kQuery:
      return "QUERY";
    case Opcode::kIquery:
      return "IQUERY";
    case Opcode::kStatus:
      return "STATUS";
    case Opcode::kNotify:
      return "NOTIFY";
    case Opcode::kUpdate:
      return "UPDATE";
  }
  return "OPCODE" + std::to_string(opcode);
}

}  // namespace drove::dns

// Type codes of the record data variants.
#include "dns-server/codec/record.h"

namespace drove::dns {

namespace {

struct TypeVisitor {
  RrType operator()(const ARecord&) const { return RrType::kA; }
  RrType operator()(const AaaaRecord&) const { return RrType::kAaaa; }
  RrType operator()(const SrvRecord&) const { return RrType::kSrv; }
  RrType operator()(const SoaRecord&) const { return RrType::kSoa; }
  RrType operator()(const NsRecord&) const { return RrType::kNs; }
};

}  // namespace

RrType TypeOf(const RecordData& data) { return std::visit(TypeVisitor{}, data); }

}  // namespace drove::dns

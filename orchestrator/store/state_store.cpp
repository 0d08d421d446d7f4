// Rules shared by every StateStore implementation.
#include "orchestrator/store/state_store.h"

namespace drove::store {

core::Status CheckRecordSizes(const std::vector<StoreWrite>& writes) {
  for (const auto& write : writes) {
    if (write.json.size() > kMaxRecordBytes) {
      return core::Status::Error(core::StatusCode::kTooLarge,
                                 write.kind + " " + RecordKey(write.parent, write.id) + ": " +
                                     std::to_string(write.json.size()) + " bytes, over the " +
                                     std::to_string(kMaxRecordBytes) + "-byte record limit");
    }
  }
  return core::Status::Ok();
}

}  // namespace drove::store

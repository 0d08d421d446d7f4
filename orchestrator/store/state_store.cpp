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

core::Status ApplyInBatches(StateStore& store, const std::vector<StoreWrite>& writes) {
  // What a ZooKeeper multi carries per op besides the value: header, path, version.
  constexpr size_t kOpBytes = 128;
  std::vector<StoreWrite> batch;
  size_t bytes = 0;
  for (const auto& write : writes) {
    const size_t size = kOpBytes + write.kind.size() + write.parent.size() + write.id.size() +
                        write.json.size();
    if (!batch.empty() && bytes + size > kMaxRecordBytes) {
      if (auto st = store.Apply(batch); !st.ok()) return st;
      batch.clear();
      bytes = 0;
    }
    batch.push_back(write);
    bytes += size;
  }
  return batch.empty() ? core::Status::Ok() : store.Apply(batch);
}

}  // namespace drove::store

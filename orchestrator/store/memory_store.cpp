// MemoryStore: a map under a mutex, with injected failures.
#include "orchestrator/store/memory_store.h"

#include <utility>

namespace drove::store {

MemoryStore::MemoryStore(std::shared_ptr<Data> data) : data_(std::move(data)) {}

core::Status MemoryStore::Apply(const std::vector<StoreWrite>& writes) {
  if (auto st = CheckRecordSizes(writes); !st.ok()) return st;
  std::unique_lock<std::mutex> lock(mu_);
  released_.wait(lock, [this] { return !held_; });
  if (fail_count_ != 0) {
    if (fail_count_ > 0) --fail_count_;
    return core::Status::Error(fail_code_, "injected store failure");
  }
  for (const auto& write : writes) {
    const std::string key = RecordKey(write.parent, write.id);
    if (write.json.empty()) {
      (*data_)[write.kind].erase(key);
    } else {
      (*data_)[write.kind][key] = write.json;
    }
  }
  ++applied_;
  return core::Status::Ok();
}

core::Result<std::map<std::string, std::string>> MemoryStore::LoadAll(const std::string& kind) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = data_->find(kind);
  if (it == data_->end()) return std::map<std::string, std::string>{};
  return it->second;
}

void MemoryStore::FailApplies(core::StatusCode code, int count) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_code_ = code;
  fail_count_ = count;
}

void MemoryStore::HoldApplies(bool hold) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = hold;
  }
  released_.notify_all();
}

int MemoryStore::applied() const {
  std::lock_guard<std::mutex> lock(mu_);
  return applied_;
}

}  // namespace drove::store

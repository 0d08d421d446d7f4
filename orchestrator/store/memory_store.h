// An in-memory StateStore for tests: records outlive the store (a second controller core can
// "restart" on them), and failures can be injected to prove that the model changes memory only
// after a write succeeded and that a fenced writer stops.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "orchestrator/store/state_store.h"

namespace drove::store {

class MemoryStore : public StateStore {
 public:
  // kind -> key (RecordKey) -> json; shared so it survives the store.
  using Data = std::map<std::string, std::map<std::string, std::string>>;

  explicit MemoryStore(std::shared_ptr<Data> data = std::make_shared<Data>());

  core::Status Apply(const std::vector<StoreWrite>& writes) override;
  core::Result<std::map<std::string, std::string>> LoadAll(const std::string& kind) override;
  size_t MaxValueBytes() const override { return kMaxRecordBytes; }

  // The next `count` Apply calls fail with `code` and change nothing (count < 0: every call).
  void FailApplies(core::StatusCode code, int count = 1);
  // While held, Apply waits (a slow ZooKeeper round trip, for as long as a test needs).
  void HoldApplies(bool hold);
  // Number of Apply calls that changed the data.
  int applied() const;
  const std::shared_ptr<Data>& data() const { return data_; }

 private:
  mutable std::mutex mu_;
  std::shared_ptr<Data> data_;
  core::StatusCode fail_code_ = core::StatusCode::kOk;
  int fail_count_ = 0;
  bool held_ = false;
  std::condition_variable released_;
  int applied_ = 0;
};

}  // namespace drove::store

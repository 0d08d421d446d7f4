// Timing each store call into a histogram (see timed_store.h).
#include "orchestrator/store/timed_store.h"

namespace drove::store {
namespace {

class TimedStore : public StateStore {
 public:
  TimedStore(std::unique_ptr<StateStore> inner, core::HistogramFamily* durations)
      : inner_(std::move(inner)), durations_(durations) {}

  core::Status Apply(const std::vector<StoreWrite>& writes) override {
    return core::TimeCall(durations_, {{"op", "apply"}}, [&] { return inner_->Apply(writes); });
  }

  core::Result<std::map<std::string, std::string>> LoadAll(const std::string& kind) override {
    return core::TimeCall(durations_, {{"op", "load"}}, [&] { return inner_->LoadAll(kind); });
  }

  size_t MaxValueBytes() const override { return inner_->MaxValueBytes(); }

 private:
  std::unique_ptr<StateStore> inner_;
  core::HistogramFamily* durations_;
};

}  // namespace

std::unique_ptr<StateStore> TimeStoreCalls(std::unique_ptr<StateStore> inner,
                                           core::HistogramFamily* durations) {
  if (durations == nullptr) return inner;
  return std::make_unique<TimedStore>(std::move(inner), durations);
}

}  // namespace drove::store

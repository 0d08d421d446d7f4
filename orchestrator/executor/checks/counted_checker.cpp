// Counting check results (see counted_checker.h).
#include "orchestrator/executor/checks/counted_checker.h"

namespace drove::executor {
namespace {

class CountedChecker : public Checker {
 public:
  CountedChecker(std::unique_ptr<Checker> inner, core::CounterFamily* counts, core::Labels labels)
      : inner_(std::move(inner)), counts_(counts), labels_(std::move(labels)) {
    labels_.emplace_back("result", "");
  }

  CheckResult Check() override {
    CheckResult result = inner_->Check();
    labels_.back().second = result.healthy ? "healthy" : "unhealthy";
    counts_->Add(labels_);
    return result;
  }

 private:
  std::unique_ptr<Checker> inner_;
  core::CounterFamily* counts_;
  core::Labels labels_;  // the last one is the result, set per check
};

}  // namespace

core::CounterFamily MakeCheckResultsFamily() {
  return core::CounterFamily("drove_instance_checks_total",
                             "Readiness and health checks this executor ran, by application, "
                             "check (readiness, health) and result (healthy, unhealthy).");
}

std::unique_ptr<Checker> CountChecks(std::unique_ptr<Checker> inner, core::CounterFamily* counts,
                                     core::Labels labels) {
  if (counts == nullptr) return inner;
  return std::make_unique<CountedChecker>(std::move(inner), counts, std::move(labels));
}

}  // namespace drove::executor

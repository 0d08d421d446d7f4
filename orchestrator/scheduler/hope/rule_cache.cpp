// RuleCache: LRU of compiled HOPE rules; compiles outside the lock so slow rules block no one.
#include "orchestrator/scheduler/hope/rule_cache.h"

namespace drove::scheduler::hope {

core::Result<std::shared_ptr<const CompiledRule>> RuleCache::Get(std::string_view rule) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(rule);
    if (it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return *it->second;
    }
    ++misses_;
  }
  auto compiled = Compile(rule);
  if (!compiled.ok()) return compiled;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = index_.find(rule);
  if (it != index_.end()) return *it->second;  // another thread compiled it meanwhile
  lru_.push_front(*compiled);
  index_.emplace(lru_.front()->text(), lru_.begin());
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back()->text());
    lru_.pop_back();
  }
  return compiled;
}

size_t RuleCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lru_.size();
}

size_t RuleCache::hits() const {
  std::lock_guard<std::mutex> lock(mu_);
  return hits_;
}

size_t RuleCache::misses() const {
  std::lock_guard<std::mutex> lock(mu_);
  return misses_;
}

}  // namespace drove::scheduler::hope

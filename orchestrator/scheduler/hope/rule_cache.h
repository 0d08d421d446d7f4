// Thread-safe, size-bounded cache of compiled HOPE rules (rule text -> CompiledRule), LRU.
//
// Owner: whoever holds the cache (one per HopeRuleEvaluator); its mutex guards all state, and
// the compiled rules it hands out are immutable and shared.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "orchestrator/core/util/status.h"
#include "orchestrator/scheduler/hope/compiled_rule.h"

namespace drove::scheduler::hope {

class RuleCache {
 public:
  explicit RuleCache(size_t capacity = 1024) : capacity_(capacity == 0 ? 1 : capacity) {}

  // The compiled rule, compiling and remembering it on first use. Rules that fail to compile
  // are not remembered (they are cheap to refuse: see the limits in compiled_rule.h).
  core::Result<std::shared_ptr<const CompiledRule>> Get(std::string_view rule);

  size_t size() const;
  size_t hits() const;    // Get calls answered from the cache
  size_t misses() const;  // Get calls that compiled

 private:
  using Lru = std::list<std::shared_ptr<const CompiledRule>>;  // most recent first

  const size_t capacity_;
  mutable std::mutex mu_;
  Lru lru_;
  std::unordered_map<std::string_view, Lru::iterator> index_;  // keys view CompiledRule::text()
  size_t hits_ = 0;
  size_t misses_ = 0;
};

}  // namespace drove::scheduler::hope

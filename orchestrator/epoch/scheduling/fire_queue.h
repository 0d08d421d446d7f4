// The one time-ordered queue of work for all topologies of this node: topology fires and the next
// steps of running runs, earliest first (ties in insertion order). Not thread-safe: the scheduler
// guards it.
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <string>
#include <vector>

#include "orchestrator/epoch/model/enums.h"

namespace drove::epoch {

struct Work {
  enum class Kind {
    kFire,     // a topology fires: start a run (run_type says SCHEDULED or INSTANT)
    kStep,     // the next step of a running run
    kCleanup,  // retention: prune old runs of every topology
  };
  Kind kind = Kind::kFire;
  int64_t due_millis = 0;
  std::string topology_id;
  std::string run_id;  // kStep, and INSTANT fires (the id was promised to the caller)
  RunType run_type = RunType::kScheduled;
  uint64_t token = 0;  // SCHEDULED fires: valid only while the topology's plan token matches
  uint64_t term = 0;   // the leadership term that queued it: work of an ended term is dropped
};

class FireQueue {
 public:
  void Push(Work work);
  // The earliest due time; nullopt when empty.
  std::optional<int64_t> NextDue() const;
  // Removes and returns every entry due at or before now, earliest first.
  std::vector<Work> PopDue(int64_t now_millis);
  size_t size() const { return heap_.size(); }

 private:
  struct Entry {
    Work work;
    uint64_t sequence;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.work.due_millis != b.work.due_millis) return a.work.due_millis > b.work.due_millis;
      return a.sequence > b.sequence;
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  uint64_t next_sequence_ = 0;
};

}  // namespace drove::epoch

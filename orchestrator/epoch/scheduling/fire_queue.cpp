// A min-heap of work by due time (see fire_queue.h).
#include "orchestrator/epoch/scheduling/fire_queue.h"

namespace drove::epoch {

void FireQueue::Push(Work work) { heap_.push(Entry{std::move(work), next_sequence_++}); }

std::optional<int64_t> FireQueue::NextDue() const {
  if (heap_.empty()) return std::nullopt;
  return heap_.top().work.due_millis;
}

std::vector<Work> FireQueue::PopDue(int64_t now_millis) {
  std::vector<Work> out;
  while (!heap_.empty() && heap_.top().work.due_millis <= now_millis) {
    out.push_back(heap_.top().work);
    heap_.pop();
  }
  return out;
}

}  // namespace drove::epoch

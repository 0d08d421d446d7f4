// Round robin / least connections with passive failure accounting (see balancer_core.h).
#include "gateway-module/lib/balancer_core.h"

namespace drove::gateway {
namespace {

// Best candidate starting at *cursor; `allow_failed` is the second pass when all are failed.
int Scan(const std::vector<MemberState*>& states, const uint8_t* tried,
         const PickPolicy& policy, int64_t now_s, uint32_t cursor, bool allow_failed) {
  size_t n = states.size();
  int best = -1;
  for (size_t k = 0; k < n; ++k) {
    size_t i = (cursor + k) % n;
    if (tried[i] || (!allow_failed && states[i]->Failed(policy, now_s))) continue;
    if (policy.method == Method::kRoundRobin) return static_cast<int>(i);
    if (best < 0 || states[i]->conns < states[best]->conns) best = static_cast<int>(i);
  }
  return best;
}

}  // namespace

int PickMember(const std::vector<MemberState*>& states, const uint8_t* tried,
               const PickPolicy& policy, int64_t now_s, uint32_t* cursor) {
  if (states.empty()) return -1;
  uint32_t start = *cursor % states.size();
  int chosen = Scan(states, tried, policy, now_s, start, false);
  if (chosen < 0) chosen = Scan(states, tried, policy, now_s, start, true);
  if (chosen >= 0) *cursor = static_cast<uint32_t>(chosen) + 1;
  return chosen;
}

void RecordTry(MemberState* state, bool failed, int64_t now_s) {
  if (failed) {
    state->fails++;
    state->checked_s = now_s;
  } else {
    state->fails = 0;
  }
}

}  // namespace drove::gateway

// Member choice for one try of one request: round robin or least connections over a group, skipping
// members already tried by this request and members in passive failure (max_fails within
// fail_timeout, nginx's rule). When every untried member is failed, it picks among them anyway: a
// retry on a maybe-recovered member beats a certain 502.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace drove::gateway {

enum class Method { kRoundRobin, kLeastConn };

struct PickPolicy {
  Method method = Method::kRoundRobin;
  int max_fails = 1;              // 0 = no failure accounting
  int64_t fail_timeout_s = 10;
};

// One worker's view of one member; survives snapshot generations while the member exists.
struct MemberState {
  int fails = 0;
  int64_t checked_s = 0;    // time of the last failure
  int conns = 0;            // tries in flight through this worker
  uint64_t requests = 0;    // tries sent through this worker
  bool Failed(const PickPolicy& policy, int64_t now_s) const {
    return policy.max_fails > 0 && fails >= policy.max_fails && now_s - checked_s < policy.fail_timeout_s;
  }
};

// states[i] is the state of candidate i, tried[i] (non-zero) whether this request already used it.
// Returns the chosen candidate's position, or -1 when every candidate was tried. Advances *cursor.
int PickMember(const std::vector<MemberState*>& states, const uint8_t* tried,
               const PickPolicy& policy, int64_t now_s, uint32_t* cursor);

// Outcome of one try: a failure counts towards max_fails, a success clears the count.
void RecordTry(MemberState* state, bool failed, int64_t now_s);

}  // namespace drove::gateway

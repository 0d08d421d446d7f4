// Boost.Test prints values it compares: Epoch's enums by their wire names.
#pragma once

#include <ostream>

#include "orchestrator/epoch/model/enums.h"

namespace drove::epoch {

inline std::ostream& operator<<(std::ostream& out, TaskRunState v) { return out << Name(v); }
inline std::ostream& operator<<(std::ostream& out, RunState v) { return out << Name(v); }
inline std::ostream& operator<<(std::ostream& out, RunType v) { return out << Name(v); }

}  // namespace drove::epoch

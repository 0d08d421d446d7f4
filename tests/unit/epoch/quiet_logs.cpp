// The epoch unit tests log only errors: the scheduler writes a line per decision, which would
// bury Boost.Test's report.
#include <boost/test/unit_test.hpp>

#include "orchestrator/core/util/log.h"

namespace {

struct QuietLogs {
  QuietLogs() { drove::core::SetLogLevel(drove::core::LogLevel::kError); }
};

BOOST_TEST_GLOBAL_FIXTURE(QuietLogs);

}  // namespace

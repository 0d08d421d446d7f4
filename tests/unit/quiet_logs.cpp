// Unit tests of code that logs a line per decision (Epoch's scheduler, drove-dns's index swaps) log
// only errors, which would otherwise bury Boost.Test's report. Linked into the areas QUIET_AREAS
// names (tests/CMakeLists.txt).
#include <boost/test/unit_test.hpp>

#include "orchestrator/core/util/log.h"

namespace {

struct QuietLogs {
  QuietLogs() { drove::core::SetLogLevel(drove::core::LogLevel::kError); }
};

BOOST_TEST_GLOBAL_FIXTURE(QuietLogs);

}  // namespace

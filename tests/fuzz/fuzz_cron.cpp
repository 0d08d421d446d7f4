// libFuzzer target: arbitrary bytes -> ParseCron -> NextFire in UTC and Europe/Berlin, checked
// against its contract; the same bytes as a TZif file and as a POSIX TZ string -> a zone ->
// NextFire.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "orchestrator/epoch/cron/cron_parser.h"
#include "orchestrator/epoch/cron/next_fire.h"
#include "orchestrator/epoch/cron/time_zone.h"

namespace {

using namespace drove::epoch::cron;  // NOLINT: a fuzz driver over one namespace
using Clock = std::chrono::system_clock;
using std::chrono::seconds;

void Fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: '%.*s'\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

Clock::time_point Utc(int y, unsigned m, unsigned d, int hour) {
  using namespace std::chrono;
  return Clock::time_point{sys_days{year{y} / month{m} / day{d}}} + hours{hour};
}

// Around DST shifts, a leap day, the ends of the year range and before it.
const Clock::time_point kAfters[] = {Utc(1960, 1, 1, 0),    Utc(2024, 2, 28, 23),
                                     Utc(2024, 3, 31, 0),   Utc(2024, 10, 27, 0),
                                     Utc(2037, 12, 31, 12), Utc(2099, 12, 31, 23)};

const TimeZone& Berlin() {
  static const TimeZone zone = [] {
    auto loaded = TimeZone::Load("Europe/Berlin");
    return loaded.ok() ? *loaded : TimeZone::Utc();
  }();
  return zone;
}

// A fire is a whole second strictly after the reference, and nothing fires in between: asking
// again from the second before it gives it again.
void CheckFires(const CronExpression& expression, const TimeZone& zone, std::string_view input) {
  for (const Clock::time_point after : kAfters) {
    const auto fire = NextFire(expression, after, zone);
    if (!fire) continue;
    if (*fire <= after) Fail("fire not after the reference", input);
    if (std::chrono::floor<seconds>(*fire) != *fire) Fail("fire not on a whole second", input);
    if (NextFire(expression, *fire - seconds{1}, zone) != fire) Fail("fire skipped", input);
  }
}

// A zone made from fuzz bytes need not be sane; it must still answer, and forward.
void CheckZone(const TimeZone& zone, std::string_view input) {
  static const CronExpression kExpressions[] = {*ParseCron("0 30 2 * * ?"),
                                                *ParseCron("*/7 * * ? * *")};
  for (const CronExpression& expression : kExpressions) {
    for (const Clock::time_point after : {kAfters[2], kAfters[4]}) {
      const auto fire = NextFire(expression, after, zone);
      if (fire && *fire <= after) Fail("zone: fire not after the reference", input);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto expression = ParseCron(text);
  if (expression.ok()) {
    if (expression->schedules.empty()) Fail("accepted without a schedule", text);
    // Thousands of '|' alternatives are valid but slow to check; a few cover the logic.
    if (expression->schedules.size() <= 8) {
      CheckFires(*expression, TimeZone::Utc(), text);
      CheckFires(*expression, Berlin(), text);
    }
  } else if (expression.error().empty() || expression.error().find('\n') != std::string::npos) {
    Fail("error not one line", text);
  }
  if (auto zone = TimeZone::FromTzif("fuzz", text); zone.ok()) CheckZone(*zone, text);
  if (auto zone = TimeZone::FromPosix(text); zone.ok()) CheckZone(*zone, text);
  return 0;
}

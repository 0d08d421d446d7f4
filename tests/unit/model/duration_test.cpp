// Unit tests of Dropwizard duration parsing/printing and docker size strings.
#include "orchestrator/core/model/duration.h"

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/json_fields.h"

namespace drove::core {
namespace {

std::string Normalise(std::string_view text) {
  auto d = Duration::Parse(text);
  return d ? d->ToString() : "<invalid>";
}

BOOST_AUTO_TEST_SUITE(duration)

BOOST_AUTO_TEST_CASE(short_units_are_normalised_to_lowercase_plural_names) {
  BOOST_TEST(Normalise("5m") == "5 minutes");
  BOOST_TEST(Normalise("10s") == "10 seconds");
  BOOST_TEST(Normalise("250ms") == "250 milliseconds");
  BOOST_TEST(Normalise("3h") == "3 hours");
  BOOST_TEST(Normalise("2d") == "2 days");
  BOOST_TEST(Normalise("7ns") == "7 nanoseconds");
  BOOST_TEST(Normalise("8us") == "8 microseconds");
}

BOOST_AUTO_TEST_CASE(count_of_one_prints_the_singular_unit) {
  BOOST_TEST(Normalise("1s") == "1 second");
  BOOST_TEST(Normalise("1 minute") == "1 minute");
  BOOST_TEST(Normalise("1 days") == "1 day");
  BOOST_TEST(Normalise("0 seconds") == "0 seconds");
}

BOOST_AUTO_TEST_CASE(every_dropwizard_suffix_is_accepted) {
  for (const char* s : {"1ns", "1nanosecond", "1nanoseconds", "1us", "1microsecond",
                        "1microseconds", "1ms", "1millisecond", "1milliseconds", "1s", "1second",
                        "1seconds", "1m", "1min", "1mins", "1minute", "1minutes", "1h", "1hour",
                        "1hours", "1d", "1day", "1days"}) {
    BOOST_TEST(Duration::Parse(s).has_value(), s);
  }
}

BOOST_AUTO_TEST_CASE(spaces_between_count_and_unit_are_optional) {
  BOOST_TEST(Normalise("300 seconds") == "300 seconds");
  BOOST_TEST(Normalise("300seconds") == "300 seconds");
  BOOST_TEST(Normalise("300   s") == "300 seconds");
  BOOST_TEST(Normalise(" 5m ") == "5 minutes");
}

BOOST_AUTO_TEST_CASE(units_are_case_sensitive_and_unknown_units_rejected) {
  BOOST_TEST(!Duration::Parse("5M"));
  BOOST_TEST(!Duration::Parse("5 Seconds"));
  BOOST_TEST(!Duration::Parse("5 parsecs"));
  BOOST_TEST(!Duration::Parse("5"));
  BOOST_TEST(!Duration::Parse("seconds"));
  BOOST_TEST(!Duration::Parse("-5s"));
  BOOST_TEST(!Duration::Parse("1.5s"));
  BOOST_TEST(!Duration::Parse(""));
  BOOST_TEST(!Duration::Parse("99999999999999999999 seconds"));
}

BOOST_AUTO_TEST_CASE(keeps_count_and_unit_as_given) {
  Duration d = *Duration::Parse("5m");
  BOOST_TEST(d.count == 5);
  BOOST_TEST((d.unit == DurationUnit::kMinutes));
  BOOST_TEST(!(d == Duration::Seconds(300)));
}

BOOST_AUTO_TEST_CASE(to_millis_converts_every_unit) {
  BOOST_TEST(Duration::Parse("5m")->ToMillis().count() == 300000);
  BOOST_TEST(Duration::Parse("2s")->ToMillis().count() == 2000);
  BOOST_TEST(Duration::Parse("1d")->ToMillis().count() == 86400000);
  BOOST_TEST(Duration::Parse("1500us")->ToMillis().count() == 1);
  BOOST_TEST(Duration::Parse("9223372036854775807 days")->ToMillis().count() ==
             std::numeric_limits<int64_t>::max());
}

BOOST_AUTO_TEST_CASE(json_round_trip_uses_the_normalised_string) {
  nlohmann::json j = *Duration::Parse("5m");
  BOOST_TEST(j == "5 minutes");
  BOOST_TEST((j.get<Duration>() == Duration::Minutes(5)));
}

BOOST_AUTO_TEST_CASE(json_read_error_names_the_path_and_the_text) {
  Duration d;
  try {
    ReadJson(nlohmann::json("5 parsecs"), "healthcheck.interval", &d);
    BOOST_FAIL("expected ParseError");
  } catch (const ParseError& e) {
    BOOST_TEST(std::string(e.what()) == "healthcheck.interval: cannot parse duration \"5 parsecs\"");
  }
}

BOOST_AUTO_TEST_CASE(docker_size_strings_convert_to_bytes) {
  BOOST_TEST(*ParseSizeBytes("10m") == 10 * 1024 * 1024);
  BOOST_TEST(*ParseSizeBytes("100m") == 100 * 1024 * 1024);
  BOOST_TEST(*ParseSizeBytes("1g") == 1024LL * 1024 * 1024);
  BOOST_TEST(*ParseSizeBytes("512k") == 512 * 1024);
  BOOST_TEST(*ParseSizeBytes("1024") == 1024);
  BOOST_TEST(*ParseSizeBytes("2GiB") == 2LL * 1024 * 1024 * 1024);
  BOOST_TEST(*ParseSizeBytes("1.5k") == 1536);
  BOOST_TEST(*ParseSizeBytes("10M") == 10 * 1024 * 1024);
}

BOOST_AUTO_TEST_CASE(bad_size_strings_are_rejected) {
  BOOST_TEST(!ParseSizeBytes(""));
  BOOST_TEST(!ParseSizeBytes("m"));
  BOOST_TEST(!ParseSizeBytes("10x"));
  BOOST_TEST(!ParseSizeBytes("-1m"));
  BOOST_TEST(!ParseSizeBytes("10mm"));
  BOOST_TEST(!ParseSizeBytes("99999999999p"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

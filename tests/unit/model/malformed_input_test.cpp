// Robustness: malformed and mutated inputs give parse errors (or valid values), never a crash or throw.
#include <random>

#include <boost/test/unit_test.hpp>

#include "orchestrator/core/model/executor_info.h"
#include "orchestrator/core/model/operations.h"
#include "orchestrator/core/model/summaries.h"
#include "orchestrator/core/model/validation.h"
#include "tests/unit/model/test_support.h"

namespace drove::core {
namespace {

using nlohmann::json;

const std::vector<json> kOddValues = {
    nullptr, true, -1, 0, 2147483648LL, -9223372036854775807LL - 1, 18446744073709551615ULL,
    1.5, 1e300, "", "x", "5 parsecs", json::array(), json::array({1, "a", nullptr}),
    json::object(), json({{"type", "CPU"}}), json({{"type", 7}})};

// Replaces, one at a time, every value in `doc` with each odd value and runs `check`.
template <typename F>
void MutateEverywhere(const json& doc, F&& check) {
  json flat = doc.flatten();
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    for (const json& odd : kOddValues) {
      json mutated = flat;
      mutated[it.key()] = odd;
      json candidate;
      try {
        candidate = mutated.unflatten();
      } catch (const std::exception&) {
        continue;
      }
      check(candidate);
    }
  }
}

BOOST_AUTO_TEST_SUITE(malformed_input)

BOOST_AUTO_TEST_CASE(every_mutation_of_the_app_sample_parses_or_errors_without_throwing) {
  size_t errors = 0;
  MutateEverywhere(testing::LoadSample("test_app.json"), [&](const json& candidate) {
    BOOST_CHECK_NO_THROW({
      auto spec = ParseApplicationSpec(candidate);
      if (spec.ok()) {
        (void)ValidateApplicationSpec(*spec);
        json out = *spec;
        BOOST_TEST(ParseApplicationSpec(out).ok(), out.dump());
      } else {
        ++errors;
        BOOST_TEST(!spec.error().empty());
      }
    });
  });
  BOOST_TEST(errors > 0u);
}

BOOST_AUTO_TEST_CASE(every_mutation_of_an_operation_parses_or_errors_without_throwing) {
  json op = {{"type", "CREATE"},
             {"spec", testing::LoadSample("test_task.json")},
             {"opSpec", {{"timeout", "5m"}, {"parallelism", 1}, {"failureStrategy", "STOP"}}}};
  MutateEverywhere(op, [&](const json& candidate) {
    BOOST_CHECK_NO_THROW({
      auto parsed = ParseTaskOperation(candidate);
      if (parsed.ok()) (void)ValidateOperation(*parsed);
      auto app_op = ParseApplicationOperation(candidate);
      if (app_op.ok()) (void)ValidateOperation(*app_op);
    });
  });
}

BOOST_AUTO_TEST_CASE(random_bytes_never_throw) {
  std::mt19937 rng(42);
  std::string alphabet = "{}[]\":,0123456789.-eE truefalsnl\\u\"type\"CPU";
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    size_t n = rng() % 64;
    for (size_t k = 0; k < n; ++k) text += alphabet[rng() % alphabet.size()];
    BOOST_CHECK_NO_THROW({
      (void)ParseJsonText<ApplicationSpec>(text);
      (void)ParseJsonText<ApplicationOperation>(text);
      (void)ParseJsonText<ExecutorNodeData>(text);
    });
  }
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_an_error_not_a_crash) {
  std::string deep(5000, '[');
  deep += std::string(5000, ']');
  BOOST_TEST(!ParseJsonText<ApplicationSpec>(deep).ok());
}

BOOST_AUTO_TEST_CASE(devices_are_kept_verbatim_but_absurd_nesting_is_refused) {
  json sample = testing::LoadSample("test_app.json");
  sample["devices"] = json::array({{{"type", "DIRECT"}, {"pathOnHost", "/dev/fuse"}}});
  auto spec = ParseApplicationSpec(sample);
  BOOST_TEST_REQUIRE(spec.ok(), spec.error());
  BOOST_TEST(json(*spec)["devices"] == sample["devices"]);
  json deep = json::array();
  for (int i = 0; i < 100; ++i) deep = json::array({deep});
  sample["devices"][0]["options"] = {{"x", deep}};
  BOOST_TEST(ParseApplicationSpec(sample).error() == "devices[0]: nested too deeply");
  sample["devices"][0] = {{"type", "GPU"}};
  BOOST_TEST(!ParseApplicationSpec(sample).ok());
}

BOOST_AUTO_TEST_CASE(wrong_types_at_the_top_level_are_errors) {
  for (const json& odd : kOddValues) {
    BOOST_CHECK_NO_THROW({
      if (!odd.is_object()) BOOST_TEST(!ParseApplicationSpec(odd).ok());
      (void)ParseJson<AppSummary>(odd);
      (void)ParseJson<ApplicationInfo>(odd);
    });
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace drove::core

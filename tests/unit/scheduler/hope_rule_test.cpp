// Unit tests for HOPE rule compilation and evaluation: operators, literals, pointers, errors,
// limits.
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <string>

#include "orchestrator/scheduler/hope/compiled_rule.h"
#include "orchestrator/scheduler/hope/json_pointer.h"

using drove::scheduler::hope::CheckHopeRule;
using drove::scheduler::hope::Compile;
using drove::scheduler::hope::kMaxNestingDepth;
using drove::scheduler::hope::kMaxRuleLength;
using drove::scheduler::hope::ParseJsonPointer;
using drove::scheduler::hope::ResolveJsonPointer;
using nlohmann::json;

namespace {

const json& Info() {
  static const json info = json::parse(R"({
    "executorNodeId": "e1",
    "allocatedExecutorNodeMetadata": {"rack": "r1", "cores": "16", "gen": "3", "ssd": "yes"},
    "allExecutorMetadata": {"e1": {"rack": "r1"}, "e2": {"rack": "r2"}},
    "applicationEnvironment": {"TIER": "gold"},
    "odd": {"a/b": "slash", "m~n": "tilde", "list": [10, 20], "flag": true, "n": 2.5, "nil": null}
  })");
  return info;
}

// Compiles `rule` (failing the test if it does not) and evaluates it over Info().
bool Eval(const std::string& rule) {
  auto compiled = Compile(rule);
  BOOST_REQUIRE_MESSAGE(compiled.ok(), rule << ": " << compiled.error());
  return (*compiled)->Evaluate(Info());
}

long long ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start)
      .count();
}

std::string ErrorOf(const std::string& rule) {
  auto error = CheckHopeRule(rule);
  BOOST_REQUIRE_MESSAGE(error.has_value(), rule << " compiled but should not");
  return *error;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(hope_rule)

BOOST_AUTO_TEST_CASE(string_equality_and_inequality_read_json_pointers) {
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/rack' == "r1")"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' == "r2")"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/rack' != "r2")"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' != "r1")"));
  BOOST_TEST(Eval(R"('/executorNodeId' == "e1")"));
  BOOST_TEST(Eval(R"("r2" == '/allExecutorMetadata/e2/rack')"));
  BOOST_TEST(Eval(R"('/allExecutorMetadata/e1/rack' == '/allocatedExecutorNodeMetadata/rack')"));
}

BOOST_AUTO_TEST_CASE(hope_double_quoted_pointers_are_accepted_too) {
  BOOST_TEST(Eval(R"("/applicationEnvironment/TIER" == "gold")"));
}

BOOST_AUTO_TEST_CASE(ordering_operators_compare_numbers_and_numeric_strings) {
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/cores' > 8)"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/cores' >= 16)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/cores' > 16)"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/cores' < 16.5)"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/cores' <= 16)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/cores' < -1)"));
  BOOST_TEST(Eval(R"('/odd/n' > 2)"));
  BOOST_TEST(Eval(R"('/odd/list/1' == 20)"));
  BOOST_TEST(Eval(R"(1 < 2)"));
}

BOOST_AUTO_TEST_CASE(number_equality_accepts_a_numeric_string) {
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/gen' == 3)"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/gen' == 3.0)"));
  BOOST_TEST(Eval(R"('/allocatedExecutorNodeMetadata/gen' != 4)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/gen' == "3.0")"));  // strings stay strings
}

BOOST_AUTO_TEST_CASE(incomparable_types_are_false_for_every_operator) {
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' == 1)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' != 1)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' > 1)"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/rack' < "s")"));  // ordering is numeric
  BOOST_TEST(!Eval(R"('/odd/flag' == "true")"));
  BOOST_TEST(!Eval(R"('/odd/flag' > 0)"));
  BOOST_TEST(!Eval(R"('/odd/list' == 1)"));
  BOOST_TEST(!Eval(R"('/odd' != "x")"));
}

BOOST_AUTO_TEST_CASE(missing_and_null_paths_compare_false_even_with_not_equals) {
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/zone' == "z1")"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/zone' != "z1")"));
  BOOST_TEST(!Eval(R"('/allocatedExecutorNodeMetadata/zone' < 3)"));
  BOOST_TEST(!Eval(R"('/odd/nil' == "x")"));
  BOOST_TEST(!Eval(R"('/odd/list/7' == 1)"));
  BOOST_TEST(!Eval(R"('/executorNodeId/deeper' == "e1")"));
  BOOST_TEST(Eval(R"(!('/allocatedExecutorNodeMetadata/zone' == "z1"))"));
}

BOOST_AUTO_TEST_CASE(boolean_literals_and_boolean_values) {
  BOOST_TEST(Eval("true"));
  BOOST_TEST(!Eval("false"));
  BOOST_TEST(Eval("TRUE && !FALSE"));
  BOOST_TEST(Eval("'/odd/flag'"));
  BOOST_TEST(Eval("'/odd/flag' == true"));
  BOOST_TEST(Eval("'/odd/flag' != false"));
  BOOST_TEST(!Eval("'/allocatedExecutorNodeMetadata/ssd'"));  // "yes" is not a boolean
  BOOST_TEST(!Eval("'/missing'"));
}

BOOST_AUTO_TEST_CASE(string_escapes_are_unescaped) {
  BOOST_TEST(Eval(R"("a\"b" == "a\"b")"));
  BOOST_TEST(Eval(R"("a\\b" != "ab")"));
  BOOST_TEST(Eval(R"('/odd/a~1b' == "slash")"));
}

BOOST_AUTO_TEST_CASE(logical_operators_short_circuit_and_follow_precedence) {
  BOOST_TEST(Eval("true || false && false"));  // && binds tighter: true || (false && false)
  BOOST_TEST(!Eval("(true || false) && false"));
  BOOST_TEST(Eval("false && '/x' == 1 || true"));
  BOOST_TEST(!Eval("!true || false"));
  BOOST_TEST(Eval("!(true && false)"));
  BOOST_TEST(Eval("!!true"));
  BOOST_TEST(Eval("((('/executorNodeId' == \"e1\")))"));
  BOOST_TEST(Eval("false || false || false || true"));
  BOOST_TEST(!Eval("true && true && true && false"));
  // ! covers the comparison that follows it.
  BOOST_TEST(Eval(R"(! '/allocatedExecutorNodeMetadata/rack' == "r2")"));
}

BOOST_AUTO_TEST_CASE(json_pointer_escapes_and_indexes_follow_rfc_6901) {
  auto path = ParseJsonPointer("/a~1b/m~0n/~01");
  BOOST_TEST_REQUIRE(path.ok());
  BOOST_TEST((*path == std::vector<std::string>{"a/b", "m~n", "~1"}));
  BOOST_TEST(ParseJsonPointer("")->empty());
  BOOST_TEST(!ParseJsonPointer("/a~2").ok());
  BOOST_TEST(!ParseJsonPointer("/a~").ok());
  BOOST_TEST(!ParseJsonPointer("a").ok());
  const json doc = json::parse(R"({"m~n": 1, "l": [5, 6], "": {"x": 2}})");
  BOOST_TEST(ResolveJsonPointer(doc, *ParseJsonPointer("/m~0n"))->get<int>() == 1);
  BOOST_TEST(ResolveJsonPointer(doc, *ParseJsonPointer("/l/1"))->get<int>() == 6);
  BOOST_TEST(ResolveJsonPointer(doc, *ParseJsonPointer("/l/01")) == nullptr);
  BOOST_TEST(ResolveJsonPointer(doc, *ParseJsonPointer("/l/-")) == nullptr);
  BOOST_TEST(ResolveJsonPointer(doc, *ParseJsonPointer("//x"))->get<int>() == 2);
  BOOST_TEST(Eval(R"('/odd/m~0n' == "tilde")"));
}

BOOST_AUTO_TEST_CASE(errors_say_what_and_at_which_column) {
  BOOST_TEST(ErrorOf(R"('/a' == "x" && && true)") ==
             "unexpected token '&&' at column 16 (expected a value: a 'pointer', \"string\", "
             "number, true or false)");
  BOOST_TEST(ErrorOf(R"('/a' == )") ==
             "unexpected end of rule at column 9 (expected a value: a 'pointer', \"string\", "
             "number, true or false)");
  BOOST_TEST(ErrorOf(R"(('/a' == "x")") == "unexpected end of rule at column 13 (expected ')')");
  BOOST_TEST(ErrorOf(R"('/a' == "x"))") ==
             "unexpected token ')' at column 12 (expected &&, || "
             "or the end of the rule)");
  BOOST_TEST(ErrorOf(R"('/a' = "x")") == "unexpected character '=' at column 6");
  BOOST_TEST(ErrorOf(R"('/a' == "x)") == "unterminated string starting at column 9");
  BOOST_TEST(ErrorOf(R"('/a == "x")") == "unterminated pointer starting at column 1");
  BOOST_TEST(ErrorOf(R"('a' == "x")").find("must be empty or start with '/'") != std::string::npos);
  BOOST_TEST(ErrorOf(R"('/a~2' == "x")").find("at column 1") != std::string::npos);
  BOOST_TEST(ErrorOf(R"('/a' == yes)").find("unknown word 'yes' at column 9") == 0);
  BOOST_TEST(ErrorOf(R"('/a' == 1.)") == "malformed number '1.' at column 9");
  BOOST_TEST(ErrorOf(R"('/a' == 1 == 1)").find("unexpected token '==' at column 11") == 0);
  BOOST_TEST(ErrorOf(R"("x")").find("a string alone is not a condition at column 1") == 0);
  BOOST_TEST(ErrorOf("   ") == "rule is empty");
  BOOST_TEST(ErrorOf("true \x01") == "unexpected character '\\x01' at column 6");
  BOOST_TEST(ErrorOf("1 - 2").find("unexpected character '-' at column 3") == 0);
  BOOST_TEST(ErrorOf(R"("\q" == "x")") == "unknown escape '\\q' at column 2");
  BOOST_TEST(!CheckHopeRule(R"('/a' == "x")").has_value());
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused_without_blowing_the_stack) {
  std::string ok = std::string(kMaxNestingDepth, '(') + "true" + std::string(kMaxNestingDepth, ')');
  BOOST_TEST(Eval(ok));
  const auto start = std::chrono::steady_clock::now();
  std::string deep = std::string(kMaxRuleLength / 2 - 4, '(') + "true";
  deep += std::string(kMaxRuleLength - deep.size(), ')');
  BOOST_TEST(ErrorOf(deep).find("rule nests deeper than 32 levels at column 33") == 0);
  BOOST_TEST(ErrorOf(std::string(kMaxRuleLength, '!')).find("nests deeper") != std::string::npos);
  BOOST_TEST(ElapsedMs(start) < 1000);
}

BOOST_AUTO_TEST_CASE(huge_rules_are_refused_quickly) {
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST(ErrorOf(std::string(10'000'000, ' ')) ==
             "rule is 10000000 characters long, the limit is 4096");
  // The longest rule allowed still compiles and evaluates fast: a long && chain stays flat.
  std::string chain = "true";
  while (chain.size() + 8 <= kMaxRuleLength) chain += " && true";
  BOOST_TEST(Eval(chain));
  BOOST_TEST(ElapsedMs(start) < 1000);
}

BOOST_AUTO_TEST_CASE(compiled_rule_reports_the_top_level_keys_it_reads) {
  auto rule =
      Compile(R"('/allocatedExecutorNodeMetadata/rack' == "r1" || '/executorNodeId' == "x")");
  BOOST_TEST_REQUIRE(rule.ok());
  BOOST_TEST((*rule)->References("allocatedExecutorNodeMetadata"));
  BOOST_TEST((*rule)->References("executorNodeId"));
  BOOST_TEST(!(*rule)->References("allExecutorMetadata"));
  BOOST_TEST((*Compile("'' == 1"))->References("allExecutorMetadata"));
}

BOOST_AUTO_TEST_SUITE_END()

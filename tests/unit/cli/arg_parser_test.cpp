// Unit tests for the CLI's argparse-like parser: positionals, flags, options, errors, help.
#include <boost/test/unit_test.hpp>

#include "orchestrator/cli/arg_parser.h"
#include "orchestrator/cli/cli.h"

namespace drove::cli {
namespace {

core::Result<ParsedArgs> ParseLine(const std::vector<std::string>& args) {
  static std::unique_ptr<Command> root = BuildCommandTree();
  return Parse(*root, args);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_arg_parser)

BOOST_AUTO_TEST_CASE(deploy_takes_app_id_count_and_op_options) {
  auto parsed = ParseLine({"-e", "http://h:1", "apps", "deploy", "APP-1", "3", "-p", "2", "-w",
                           "--timeout=10m"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->ProgName() == "drove apps deploy");
  BOOST_TEST(parsed->Get("endpoint") == "http://h:1");
  BOOST_TEST(parsed->Get("app_id") == "APP-1");
  BOOST_TEST(parsed->GetInt("instances") == 3);
  BOOST_TEST(parsed->GetInt("parallelism") == 2);
  BOOST_TEST(parsed->Get("timeout") == "10m");
  BOOST_TEST(parsed->Flag("wait"));
  BOOST_TEST(parsed->Get("wait_interval") == "1");
}

BOOST_AUTO_TEST_CASE(defaults_apply_when_options_are_absent) {
  auto parsed = ParseLine({"apps", "scale", "APP-1", "0"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->Get("timeout") == "5m");
  BOOST_TEST(parsed->GetInt("parallelism") == 1);
  BOOST_TEST(!parsed->Flag("wait"));
}

BOOST_AUTO_TEST_CASE(missing_positional_is_named_in_the_error) {
  auto parsed = ParseLine({"apps", "deploy", "APP-1"});
  BOOST_REQUIRE(!parsed.ok());
  // One line, as the error is all that reaches stderr.
  BOOST_TEST(parsed.error() ==
             "drove apps deploy: error: the following arguments are required: instances");
}

BOOST_AUTO_TEST_CASE(bad_int_names_the_argument) {
  auto parsed = ParseLine({"apps", "scale", "APP-1", "many"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("argument instances: invalid int value: 'many'") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(sort_choice_out_of_range_is_rejected) {
  auto parsed = ParseLine({"apps", "list", "--sort", "9"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("argument --sort/-s: invalid choice: 9") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_subcommand_lists_the_choices) {
  auto parsed = ParseLine({"apps", "explode"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("invalid choice: 'explode'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_option_is_an_unrecognized_argument) {
  auto parsed = ParseLine({"cluster", "ping", "--bogus"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("unrecognized arguments: --bogus") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(option_without_value_is_an_error) {
  auto parsed = ParseLine({"cluster", "endpoints", "-v"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("argument --vhost/-v: expected one argument") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(replace_collects_one_or_more_instance_ids) {
  auto parsed = ParseLine({"appinstances", "replace", "APP-1", "AI-1", "AI-2", "-w"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->GetList("instance_id").size() == 2u);
  BOOST_TEST(parsed->Flag("wait"));
  BOOST_TEST(!ParseLine({"appinstances", "kill", "APP-1"}).ok());
}

BOOST_AUTO_TEST_CASE(list_old_and_tail_options) {
  auto list = ParseLine({"appinstances", "list", "APP-1", "--old"});
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(list->Flag("old"));
  auto tail = ParseLine({"appinstances", "tail", "APP-1", "AI-1", "-l", "output.log-1"});
  BOOST_REQUIRE(tail.ok());
  BOOST_TEST(tail->Get("log") == "output.log-1");
  // drove-cli's second spelling.
  auto camel = ParseLine({"lsinstances", "tail", "LS-1", "SI-1", "--skipChars", "67"});
  BOOST_REQUIRE(camel.ok());
  BOOST_TEST(camel->GetInt("skip_chars") == 67);
  BOOST_TEST(camel->help_text.empty());
  auto task_tail = ParseLine({"tasks", "tail", "APP", "T1"});
  BOOST_REQUIRE(task_tail.ok());
  BOOST_TEST(task_tail->Get("file") == "output.log");
}

BOOST_AUTO_TEST_CASE(events_options) {
  auto parsed = ParseLine({"cluster", "events", "-f", "-t", "APP_STATE_CHANGE", "-c", "10"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->Flag("follow"));
  BOOST_TEST(parsed->Get("type") == "APP_STATE_CHANGE");
  BOOST_TEST(parsed->GetInt("count") == 10);
}

BOOST_AUTO_TEST_CASE(global_options_are_only_accepted_before_the_command) {
  BOOST_TEST(ParseLine({"-d", "--json", "-c", "stage", "cluster", "summary"}).ok());
  BOOST_TEST(!ParseLine({"cluster", "summary", "-d"}).ok());
}

BOOST_AUTO_TEST_CASE(help_is_generated_for_groups_and_leaves) {
  auto group = ParseLine({"tasks"});
  BOOST_REQUIRE(group.ok());
  BOOST_TEST(group->help_requested);
  BOOST_TEST(group->help_text.find("{create,kill,list,show,logs,tail,download}") !=
             std::string::npos);
  auto leaf = ParseLine({"tasks", "show", "-h"});
  BOOST_REQUIRE(leaf.ok());
  BOOST_TEST(leaf->help_text.find("source-app            Name of the Drove application") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(positional_choices_are_checked) {
  BOOST_TEST(ParseLine({"localservices", "update", "LS-1", "1"}).ok());
  auto parsed = ParseLine({"localservices", "update", "LS-1", "256"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("argument count: invalid choice: 256 (choose from 1, 2, 3,") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(choice_options_show_their_choices_as_argparse_does) {
  auto parsed = ParseLine({"-h"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->help_text.find("[--print-completion {bash,zsh,tcsh}]") != std::string::npos);
  auto list = ParseLine({"lsinstances", "list", "-h"});
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(list->help_text.find("[--sort {0,1,2,3,4,5}]") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(group_without_command_asks_for_help_with_a_usage_error) {
  auto parsed = ParseLine({"localservices"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->help_requested);
  BOOST_TEST(parsed->usage_error.find("drove localservices: error: the following arguments are "
                                      "required: {list,summary,spec,") == 0u);
  auto asked = ParseLine({"localservices", "-h"});
  BOOST_REQUIRE(asked.ok());
  BOOST_TEST(asked->usage_error.empty());
}

BOOST_AUTO_TEST_CASE(local_service_create_instances_option_is_not_the_global_insecure_flag) {
  auto parsed = ParseLine({"-i", "localservices", "create", "spec.json", "-i", "4"});
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->Flag("insecure"));
  BOOST_TEST(parsed->GetInt("instances") == 4);
}

BOOST_AUTO_TEST_CASE(config_init_requires_endpoint) {
  auto parsed = ParseLine({"config", "init"});
  BOOST_REQUIRE(!parsed.ok());
  BOOST_TEST(parsed.error().find("required: --endpoint/-e") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli

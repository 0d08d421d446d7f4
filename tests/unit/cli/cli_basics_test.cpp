// drove-cli's drop-in behaviour without a cluster: help everywhere, --full-help,
// --print-completion, and one-line errors for bad command lines and silent controllers.
#include <algorithm>
#include <boost/test/unit_test.hpp>

#include "tests/unit/cli/fake_controller.h"

namespace drove::cli {

using testing::FakeController;
using testing::LineCount;
using testing::Run;
using testing::RunBare;
using testing::RunWith;

namespace {

// Every command path below the root ({"apps"}, {"apps", "list"}, ...), depth first.
void CommandPaths(const Command& command, std::vector<std::string> prefix,
                  std::vector<std::vector<std::string>>* out) {
  for (const auto& sub : command.subcommands()) {
    std::vector<std::string> path = prefix;
    path.push_back(sub->name());
    out->push_back(path);
    CommandPaths(*sub, path, out);
  }
}

std::vector<std::vector<std::string>> AllCommandPaths() {
  std::vector<std::vector<std::string>> paths;
  CommandPaths(*BuildCommandTree(), {}, &paths);
  return paths;
}

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_basics)

BOOST_AUTO_TEST_CASE(every_group_and_command_answers_help_without_calling_the_cluster) {
  for (auto path : AllCommandPaths()) {
    for (const std::string flag : {"-h", "--help"}) {
      BOOST_TEST_CONTEXT("drove " << Joined(path) << " " << flag) {
        FakeController controller;
        std::vector<std::string> args = path;
        args.push_back(flag);
        Run run = RunBare(controller, args);
        BOOST_TEST(run.rc == 0);
        BOOST_TEST(run.out.find("usage: drove " + Joined(path) + " [-h]") == 0u);
        BOOST_TEST(run.err.empty());
        BOOST_TEST(controller.requests.empty());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(the_new_groups_have_drove_cli_commands) {
  auto paths = AllCommandPaths();
  auto has = [&paths](std::vector<std::string> path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
  };
  for (const std::string command : {"list", "summary", "spec", "create", "destroy", "activate",
                                    "conftest", "deactivate", "update", "restart", "cancelop"}) {
    BOOST_TEST_INFO("localservices " << command);
    BOOST_TEST(has({"localservices", command}));
  }
  for (const std::string command :
       {"list", "info", "logs", "tail", "download", "replace", "kill"}) {
    BOOST_TEST_INFO("lsinstances " << command);
    BOOST_TEST(has({"lsinstances", command}));
  }
  BOOST_TEST(has({"executor", "lsinstances"}));
  BOOST_TEST(has({"describe", "localservice"}));
  BOOST_TEST(has({"describe", "lsinstance"}));
}

BOOST_AUTO_TEST_CASE(full_help_prints_every_command_once_in_name_order) {
  FakeController controller;
  Run run = RunBare(controller, {"--full-help"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.err.empty());
  BOOST_TEST(controller.requests.empty());
  std::vector<std::string> lines = Lines(run.out);
  std::vector<std::string> usages;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind("usage: drove", 0) != 0) continue;
    BOOST_TEST(lines.at(i - 1) == std::string(72, '='));
    usages.push_back(lines[i]);
  }
  auto paths = AllCommandPaths();
  BOOST_TEST(usages.size() == paths.size() + 1);
  BOOST_TEST(std::count(lines.begin(), lines.end(), std::string(72, '=')) ==
             static_cast<long>(paths.size() + 1));
  for (const auto& path : paths) {
    const std::string usage = "usage: drove " + Joined(path) + " [-h]";
    BOOST_TEST_INFO(usage);
    BOOST_TEST(std::count_if(usages.begin(), usages.end(),
                             [&](const std::string& u) { return u.rfind(usage, 0) == 0; }) == 1);
  }
  std::vector<std::string> groups;
  for (const auto& usage : usages) {
    std::string rest = usage.substr(std::string("usage: drove ").size());
    std::string first = rest.substr(0, rest.find(' '));
    if (first[0] != '[' && (groups.empty() || groups.back() != first)) groups.push_back(first);
  }
  BOOST_TEST(std::is_sorted(groups.begin(), groups.end()));
  BOOST_TEST(run.out.find("--full-help") != std::string::npos);
  BOOST_TEST(run.out.find("--print-completion {bash,zsh,tcsh}") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(full_help_wins_over_a_command) {
  FakeController controller;
  Run run = RunBare(controller, {"--full-help", "apps", "list"});
  BOOST_TEST(run.rc == 0);
  BOOST_TEST(run.out.find("usage: drove [-h]") != std::string::npos);
  BOOST_TEST(controller.requests.empty());
}

BOOST_AUTO_TEST_CASE(print_completion_writes_a_script_for_each_shell) {
  for (const std::string shell : {"bash", "zsh", "tcsh"}) {
    BOOST_TEST_CONTEXT("shell " << shell) {
      FakeController controller;
      Run run = RunBare(controller, {"--print-completion", shell});
      BOOST_TEST(run.rc == 0);
      BOOST_TEST(run.err.empty());
      BOOST_TEST(controller.requests.empty());
      for (const std::string word : {"localservices", "lsinstances", "conftest", "cancelop"}) {
        BOOST_TEST_INFO(word);
        BOOST_TEST(run.out.find(word) != std::string::npos);
      }
    }
  }
  FakeController controller;
  Run fish = RunBare(controller, {"--print-completion", "fish"});
  BOOST_TEST(fish.rc == 2);
  BOOST_TEST(fish.err ==
             "drove: error: argument --print-completion: invalid choice: 'fish' "
             "(choose from 'bash', 'zsh', 'tcsh')\n");
}

BOOST_AUTO_TEST_CASE(unknown_command_is_one_line_on_stderr) {
  FakeController controller;
  Run run = RunWith(controller, {"nonexistent-command"});
  BOOST_TEST(run.rc == 2);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(LineCount(run.err) == 1u);
  BOOST_TEST(run.err.find("drove: error: argument {") == 0u);
  BOOST_TEST(run.err.find("invalid choice: 'nonexistent-command'") != std::string::npos);
  BOOST_TEST(controller.requests.empty());

  Run sub = RunWith(controller, {"localservices", "explode"});
  BOOST_TEST(sub.rc == 2);
  BOOST_TEST(LineCount(sub.err) == 1u);
  BOOST_TEST(sub.err.find("drove localservices: error: argument {list,summary,") == 0u);
}

BOOST_AUTO_TEST_CASE(missing_argument_is_one_line_on_stderr) {
  FakeController controller;
  Run run = RunWith(controller, {"apps", "summary"});
  BOOST_TEST(run.rc == 2);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(run.err ==
             "drove apps summary: error: the following arguments are required: app-id\n");
  Run ids = RunWith(controller, {"lsinstances", "kill", "LS-1"});
  BOOST_TEST(ids.err ==
             "drove lsinstances kill: error: the following arguments are required: instance-id\n");
  Run value = RunWith(controller, {"localservices", "restart", "LS-1", "-t"});
  BOOST_TEST(value.err ==
             "drove localservices restart: error: argument --timeout/-t: expected one argument\n");
  BOOST_TEST(controller.requests.empty());
}

BOOST_AUTO_TEST_CASE(group_without_command_shows_its_help_and_one_error_line) {
  FakeController controller;
  Run run = RunWith(controller, {"lsinstances"});
  BOOST_TEST(run.rc == 2);
  BOOST_TEST(run.out.find("usage: drove lsinstances [-h] {list,info,logs,tail,download,replace,"
                          "kill} ...") == 0u);
  BOOST_TEST(run.err ==
             "drove lsinstances: error: the following arguments are required: "
             "{list,info,logs,tail,download,replace,kill}\n");
  Run bare = RunBare(controller, {});
  BOOST_TEST(bare.rc == 2);
  BOOST_TEST(bare.out.find("usage: drove [-h]") == 0u);
  BOOST_TEST(LineCount(bare.err) == 1u);
  BOOST_TEST(controller.requests.empty());
}

BOOST_AUTO_TEST_CASE(controller_that_does_not_answer_is_one_line) {
  FakeController controller;
  controller.answers.clear();  // every request fails as a refused connection does
  Run run = RunWith(controller, {"localservices", "list"});
  BOOST_TEST(run.rc == 1);
  BOOST_TEST(run.out.empty());
  BOOST_TEST(run.err ==
             "Error making Drove call: Error connecting to endpoint: connection refused\n");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli

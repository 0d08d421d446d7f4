// Completion scripts: the bash one run in bash against typed command lines; zsh and tcsh by shape.
#include "orchestrator/cli/completion.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "orchestrator/cli/cli.h"

namespace drove::cli {
namespace {

std::string Script(const std::string& shell) {
  auto script = CompletionScript(*BuildCommandTree(), shell);
  BOOST_REQUIRE(script.ok());
  return script.value();
}

std::string ShellQuote(const std::string& word) {
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The bash script and a driver that completes the last of its arguments, as bash would after
// the user typed the words before it.
class BashCompleter {
 public:
  BashCompleter() : dir_("/tmp/drove_cli_completion_" + std::to_string(::getpid())) {
    ::mkdir(dir_.c_str(), 0700);
    std::ofstream(dir_ + "/drove.bash") << Script("bash");
    std::ofstream(dir_ + "/driver.bash") << "source \"$1\"\nshift\nCOMP_WORDS=(\"$@\")\n"
                                            "COMP_CWORD=$(( $# - 1 ))\n_drove\n"
                                            "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
  }
  ~BashCompleter() {
    std::remove((dir_ + "/drove.bash").c_str());
    std::remove((dir_ + "/driver.bash").c_str());
    ::rmdir(dir_.c_str());
  }

  // words: the command line, the last one being the word under the cursor ("" after a space).
  std::vector<std::string> Complete(const std::vector<std::string>& words) const {
    std::string command = "bash " + dir_ + "/driver.bash " + dir_ + "/drove.bash";
    for (const auto& word : words) command += " " + ShellQuote(word);
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    std::vector<std::string> candidates;
    char line[4096];
    while (pipe && std::fgets(line, sizeof(line), pipe.get()) != nullptr) {
      std::string candidate(line);
      if (!candidate.empty() && candidate.back() == '\n') candidate.pop_back();
      if (!candidate.empty()) candidates.push_back(candidate);
    }
    return candidates;
  }

 private:
  std::string dir_;
};

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_completion)

BOOST_AUTO_TEST_CASE(bash_completes_groups_then_their_commands) {
  BOOST_REQUIRE(::access("/bin/bash", X_OK) == 0);
  BashCompleter bash;
  auto groups = bash.Complete({"drove", ""});
  for (const std::string group : {"apps", "appinstances", "localservices", "lsinstances",
                                  "describe", "config", "cluster", "executor", "tasks"}) {
    BOOST_TEST_INFO(group);
    BOOST_TEST(Contains(groups, group));
  }
  BOOST_TEST(bash.Complete({"drove", "localserv"}) == std::vector<std::string>{"localservices"});
  BOOST_TEST(bash.Complete({"drove", "localservices", ""}) ==
             (std::vector<std::string>{"list", "summary", "spec", "create", "destroy", "activate",
                                       "conftest", "deactivate", "update", "restart", "cancelop"}));
  BOOST_TEST(bash.Complete({"drove", "describe", "ls"}) == std::vector<std::string>{"lsinstance"});
}

BOOST_AUTO_TEST_CASE(bash_completes_options_of_the_command_typed_so_far) {
  BashCompleter bash;
  auto options = bash.Complete({"drove", "localservices", "restart", "LS-1", "--"});
  for (const std::string option : {"--help", "--stop", "--parallelism", "--timeout", "--wait",
                                   "--wait-interval", "--wait-timeout"}) {
    BOOST_TEST_INFO(option);
    BOOST_TEST(Contains(options, option));
  }
  BOOST_TEST(!Contains(options, "--endpoint"));
  // A global option's value is skipped when finding the command.
  BOOST_TEST(bash.Complete({"drove", "-e", "http://h:1", "lsinstances", "ki"}) ==
             std::vector<std::string>{"kill"});
}

BOOST_AUTO_TEST_CASE(bash_completes_option_choices) {
  BashCompleter bash;
  BOOST_TEST(bash.Complete({"drove", "--print-completion", ""}) ==
             (std::vector<std::string>{"bash", "zsh", "tcsh"}));
  BOOST_TEST(bash.Complete({"drove", "lsinstances", "list", "LS-1", "-s", ""}) ==
             (std::vector<std::string>{"0", "1", "2", "3", "4", "5"}));
  // A value without choices and a leaf's positionals are left to file completion.
  BOOST_TEST(bash.Complete({"drove", "localservices", "restart", "LS-1", "-t", ""}).empty());
  BOOST_TEST(bash.Complete({"drove", "localservices", "create", ""}).empty());
}

BOOST_AUTO_TEST_CASE(zsh_script_is_a_compdef_function_over_the_same_tables) {
  std::string zsh = Script("zsh");
  BOOST_TEST(zsh.rfind("#compdef drove\n", 0) == 0u);
  BOOST_TEST(zsh.find("    'localservices') echo 'list summary spec create destroy activate "
                      "conftest deactivate update restart cancelop' ;;\n") != std::string::npos);
  BOOST_TEST(zsh.find("compadd -- ${=candidates}") != std::string::npos);
  BOOST_TEST(zsh.find("compdef _drove drove") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(tcsh_script_completes_groups_commands_and_choices) {
  std::string tcsh = Script("tcsh");
  BOOST_TEST(tcsh.find("complete drove \\\n") != std::string::npos);
  BOOST_TEST(tcsh.find("  'n/lsinstances/(list info logs tail download replace kill)/' \\\n") !=
             std::string::npos);
  BOOST_TEST(tcsh.find("  'n/--print-completion/(bash zsh tcsh)/' \\\n") != std::string::npos);
  BOOST_TEST(tcsh.find("'p/1/(executor cluster apps appinstances tasks localservices "
                       "lsinstances describe config)/'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_shell_is_an_error) {
  BOOST_TEST(!CompletionScript(*BuildCommandTree(), "fish").ok());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace drove::cli

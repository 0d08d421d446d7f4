// A small argparse-like command tree: subcommands, flags, options, positionals and generated help.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::cli {

struct CliContext;
class ParsedArgs;

// Runs a leaf command; returns the process exit code.
using CommandHandler = std::function<int(const ParsedArgs&, CliContext&)>;

struct OptionSpec {
  std::string long_name;   // "--timeout"
  std::string short_name;  // "-t" or empty
  std::vector<std::string> aliases;  // further long names ("--skipChars")
  std::string dest;        // key in ParsedArgs ("timeout")
  std::string help;
  std::string metavar;     // "TIMEOUT"; empty for flags
  std::string default_value;
  bool is_flag = false;
  bool is_int = false;
  bool required = false;
  std::vector<std::string> choices;  // allowed values, empty means any

  // Every name it answers to: the long name, the aliases, then the short name.
  std::vector<std::string> Names() const;
};

struct PositionalSpec {
  std::string metavar;  // "app-id"
  std::string dest;     // "app_id"
  std::string help;
  bool multiple = false;  // nargs="+"
  bool is_int = false;
  std::vector<std::string> choices;  // allowed values, empty means any
};

class Command {
 public:
  Command(std::string name, std::string help, std::string subcommands_help = "");

  Command& AddSubcommand(const std::string& name, const std::string& help,
                         const std::string& subcommands_help = "");
  Command& Flag(const std::string& long_name, const std::string& short_name,
                const std::string& help);
  Command& Option(const std::string& long_name, const std::string& short_name,
                  const std::string& help, const std::string& default_value = "",
                  bool required = false);
  Command& IntOption(const std::string& long_name, const std::string& short_name,
                     const std::string& help, int default_value,
                     std::vector<std::string> choices = {});
  // An option whose value must be one of choices (no default).
  Command& ChoiceOption(const std::string& long_name, const std::string& short_name,
                        const std::string& help, std::vector<std::string> choices);
  // Another long name for the option added last.
  Command& Alias(const std::string& long_name);
  Command& Positional(const std::string& metavar, const std::string& help);
  Command& IntPositional(const std::string& metavar, const std::string& help,
                         std::vector<std::string> choices = {});
  Command& Positionals(const std::string& metavar, const std::string& help);  // one or more
  Command& Handler(CommandHandler handler);
  // Commands under a group that does not talk to the cluster (config) set this to false.
  Command& NeedsClient(bool needs);

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<OptionSpec>& options() const { return options_; }
  const std::vector<PositionalSpec>& positionals() const { return positionals_; }
  const std::vector<std::unique_ptr<Command>>& subcommands() const { return subcommands_; }
  const CommandHandler& handler() const { return handler_; }
  bool needs_client() const { return needs_client_; }

  const Command* FindSubcommand(const std::string& name) const;
  const OptionSpec* FindOption(const std::string& token) const;
  // prog is the command path, e.g. "drove apps deploy".
  std::string Usage(const std::string& prog) const;
  std::string Help(const std::string& prog) const;

 private:
  std::string name_;
  std::string help_;
  std::string subcommands_help_;
  std::vector<OptionSpec> options_;
  std::vector<PositionalSpec> positionals_;
  std::vector<std::unique_ptr<Command>> subcommands_;
  CommandHandler handler_;
  bool needs_client_ = true;
};

class ParsedArgs {
 public:
  std::vector<const Command*> path;  // root first
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> lists;
  std::set<std::string> flags;
  bool help_requested = false;  // -h seen, or a group was given without a subcommand
  std::string help_text;
  // Set when the help is shown because a group was given without its command: the one line that
  // says so, for stderr.
  std::string usage_error;

  const Command& command() const { return *path.back(); }
  std::string ProgName() const;  // "drove apps deploy"
  bool Has(const std::string& dest) const;  // value given or defaulted and non-empty
  bool Flag(const std::string& dest) const { return flags.count(dest) > 0; }
  std::string Get(const std::string& dest) const;
  int GetInt(const std::string& dest) const;
  const std::vector<std::string>& GetList(const std::string& dest) const;
};

// Parses argv (without the program name). An error is one argparse-like line,
// "<prog>: error: <what>", naming the argument at fault.
core::Result<ParsedArgs> Parse(const Command& root, const std::vector<std::string>& args);

// drove-cli's --full-help: the help of command and of every command below it (subcommands in
// name order), each after a line of 72 '='.
std::string FullHelp(const Command& command, const std::string& prog);

// Integers from first to last as strings, for choices.
std::vector<std::string> IntRange(int first, int last);

// "app-id" -> "app_id", "--auth-header" -> "auth_header".
std::string DestFromName(const std::string& name);

}  // namespace drove::cli

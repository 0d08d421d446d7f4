// Completion scripts for bash, zsh and tcsh, written from the command tree so that they always
// offer exactly the commands, options and choices the parser accepts.
#include "orchestrator/cli/completion.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace drove::cli {
namespace {

struct Node {
  std::string path;  // "" for the root, "apps deploy" below it
  const Command* command;
};

void Collect(const Command& command, const std::string& path, std::vector<Node>* nodes) {
  nodes->push_back({path, &command});
  for (const auto& sub : command.subcommands()) {
    Collect(*sub, path.empty() ? sub->name() : path + " " + sub->name(), nodes);
  }
}

// POSIX single quoting; tcsh reads it the same way for these words.
std::string Quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string Words(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::vector<std::string> SubcommandNames(const Command& command) {
  std::vector<std::string> names;
  for (const auto& sub : command.subcommands()) names.push_back(sub->name());
  return names;
}

std::vector<std::string> AllOptionNames(const Command& command) {
  std::vector<std::string> names{"-h", "--help"};
  for (const auto& option : command.options()) {
    for (const auto& name : option.Names()) names.push_back(name);
  }
  return names;
}

// Finds the command path and an option still waiting for its value in the words typed so far.
constexpr char kShWalk[] =
    "_drove_walk() {\n"
    "  local word\n"
    "  _drove_path=''\n"
    "  _drove_pending=''\n"
    "  for word in \"$@\"; do\n"
    "    if [[ -n $_drove_pending ]]; then\n"
    "      _drove_pending=''\n"
    "    elif [[ $word == -* ]]; then\n"
    "      _drove_valued \"$_drove_path|$word\" >/dev/null && _drove_pending=$word\n"
    "    elif [[ \" $(_drove_subcommands \"$_drove_path\") \" == *\" $word \"* ]]; then\n"
    "      _drove_path=${_drove_path:+$_drove_path }$word\n"
    "    fi\n"
    "  done\n"
    "}\n\n";

// A shell function answering `case "$1"` with one line of words per pattern.
std::string CaseFunction(const std::string& name,
                         const std::vector<std::pair<std::string, std::string>>& cases,
                         const std::string& otherwise) {
  std::string text = name + "() {\n  case \"$1\" in\n";
  for (const auto& [pattern, words] : cases) {
    text += "    " + pattern + ") echo " + Quote(words) + " ;;\n";
  }
  if (!otherwise.empty()) text += "    *) " + otherwise + " ;;\n";
  return text + "  esac\n}\n\n";
}

// Lookups by command path that bash and zsh share (their `case` syntax is the same): the
// subcommands, the options, and for an option taking a value the values it allows.
std::string ShLookups(const std::vector<Node>& nodes) {
  std::vector<std::pair<std::string, std::string>> subcommands, options, valued;
  for (const auto& node : nodes) {
    const Command& command = *node.command;
    if (!command.subcommands().empty()) {
      subcommands.emplace_back(Quote(node.path), Words(SubcommandNames(command)));
    }
    options.emplace_back(Quote(node.path), Words(AllOptionNames(command)));
    for (const auto& option : command.options()) {
      if (option.is_flag) continue;
      std::string patterns;
      for (const auto& name : option.Names()) {
        patterns += (patterns.empty() ? "" : "|") + Quote(node.path + "|" + name);
      }
      valued.emplace_back(patterns, Words(option.choices));
    }
  }
  return CaseFunction("_drove_subcommands", subcommands, "") +
         CaseFunction("_drove_options", options, "") +
         "# Succeeds for an option that takes a value and prints the values it allows.\n" +
         CaseFunction("_drove_valued", valued, "return 1") + kShWalk;
}

// Which list the current word completes from: an option's values, options, or subcommands.
constexpr char kShCandidates[] =
    "  if [[ -n $_drove_pending ]]; then\n"
    "    candidates=$(_drove_valued \"$_drove_path|$_drove_pending\")\n"
    "  elif [[ $current == -* ]]; then\n"
    "    candidates=$(_drove_options \"$_drove_path\")\n"
    "  else\n"
    "    candidates=$(_drove_subcommands \"$_drove_path\")\n"
    "  fi\n";

std::string BashScript(const std::vector<Node>& nodes) {
  return "# bash completion for drove: source <(drove --print-completion bash)\n" +
         ShLookups(nodes) +
         "_drove() {\n"
         "  local current=${COMP_WORDS[COMP_CWORD]} candidates\n"
         "  _drove_walk \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"\n" +
         kShCandidates +
         "  COMPREPLY=($(compgen -W \"$candidates\" -- \"$current\"))\n"
         "}\n\n"
         "complete -o default -F _drove drove\n";
}

// Works both as an autoloaded _drove file on fpath and when sourced after compinit.
std::string ZshScript(const std::vector<Node>& nodes) {
  return "#compdef drove\n"
         "# zsh completion for drove: drove --print-completion zsh > \"${fpath[1]}/_drove\"\n" +
         ShLookups(nodes) +
         "_drove() {\n"
         "  local current=${words[CURRENT]} candidates\n"
         "  _drove_walk \"${(@)words[2,CURRENT-1]}\"\n" +
         kShCandidates +
         "  if [[ -n $candidates ]]; then\n"
         "    compadd -- ${=candidates}\n"
         "  else\n"
         "    _files\n"
         "  fi\n"
         "}\n\n"
         "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
         "  _drove \"$@\"\n"
         "else\n"
         "  compdef _drove drove\n"
         "fi\n";
}

// tcsh's `complete` has no functions, so it keys on the previous word: a group's name offers
// its commands, an option with choices offers them (merged where commands share the name).
std::string TcshScript(const std::vector<Node>& nodes) {
  std::vector<std::string> option_names;
  std::map<std::string, std::vector<std::string>> choices;
  std::vector<std::string> rules;
  for (const auto& node : nodes) {
    for (const auto& option : node.command->options()) {
      for (const auto& name : option.Names()) {
        if (std::find(option_names.begin(), option_names.end(), name) == option_names.end()) {
          option_names.push_back(name);
        }
        for (const auto& choice : option.choices) {
          auto& merged = choices[name];
          if (std::find(merged.begin(), merged.end(), choice) == merged.end()) {
            merged.push_back(choice);
          }
        }
      }
    }
    if (!node.path.empty() && !node.command->subcommands().empty()) {
      rules.push_back("n/" + node.command->name() + "/(" + Words(SubcommandNames(*node.command)) +
                      ")/");
    }
  }
  std::ostringstream out;
  out << "# tcsh completion for drove: drove --print-completion tcsh > ~/.drove.csh; "
         "source ~/.drove.csh\n"
      << "complete drove \\\n";
  for (const auto& [name, values] : choices) {
    out << "  " << Quote("n/" + name + "/(" + Words(values) + ")/") << " \\\n";
  }
  out << "  " << Quote("C/-/(-h --help " + Words(option_names) + ")/") << " \\\n";
  for (const auto& rule : rules) out << "  " << Quote(rule) << " \\\n";
  out << "  " << Quote("p/1/(" + Words(SubcommandNames(*nodes.front().command)) + ")/") << " \\\n"
      << "  'n/*/f/'\n";
  return out.str();
}

}  // namespace

std::vector<std::string> CompletionShells() { return {"bash", "zsh", "tcsh"}; }

core::Result<std::string> CompletionScript(const Command& root, const std::string& shell) {
  std::vector<Node> nodes;
  Collect(root, "", &nodes);
  if (shell == "bash") return BashScript(nodes);
  if (shell == "zsh") return ZshScript(nodes);
  if (shell == "tcsh") return TcshScript(nodes);
  return core::Result<std::string>::Error("no completion for shell " + shell +
                                          " (choose from bash, zsh, tcsh)");
}

}  // namespace drove::cli

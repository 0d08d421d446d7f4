// argparse-like parsing and help generation for the drove command tree.
#include "orchestrator/cli/arg_parser.h"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace drove::cli {
namespace {

constexpr size_t kHelpColumn = 24;

bool ParseInt(const std::string& text, int* out) {
  if (text.empty()) return false;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, *out);
  return ec == std::errc() && ptr == end;
}

bool LooksLikeOption(const std::string& token) {
  if (token.size() < 2 || token[0] != '-') return false;
  int ignored = 0;
  return !ParseInt(token, &ignored);  // "-1" is a value, not an option
}

std::string OptionInvocation(const OptionSpec& option) {
  std::string text;
  for (const auto& name : option.Names()) {
    text += (text.empty() ? "" : ", ") + name + (option.is_flag ? "" : " " + option.metavar);
  }
  return text;
}

std::string OptionDisplayName(const OptionSpec& option) {
  std::string text;
  for (const auto& name : option.Names()) text += (text.empty() ? "" : "/") + name;
  return text;
}

void AppendHelpLine(std::ostringstream& out, const std::string& invocation,
                    const std::string& help, size_t indent) {
  std::string left(indent, ' ');
  left += invocation;
  if (help.empty()) {
    out << left << "\n";
  } else if (left.size() + 2 <= kHelpColumn) {
    out << left << std::string(kHelpColumn - left.size(), ' ') << help << "\n";
  } else {
    out << left << "\n" << std::string(kHelpColumn, ' ') << help << "\n";
  }
}

std::string SubcommandChoices(const Command& command) {
  std::string text = "{";
  for (size_t i = 0; i < command.subcommands().size(); ++i) {
    if (i > 0) text += ",";
    text += command.subcommands()[i]->name();
  }
  return text + "}";
}

std::string ProgOf(const std::vector<const Command*>& path) {
  std::string prog;
  for (const Command* command : path) {
    if (!prog.empty()) prog += " ";
    prog += command->name();
  }
  return prog;
}

core::Status UsageError(const std::vector<const Command*>& path, const std::string& what) {
  return core::Status::Error(ProgOf(path) + ": error: " + what);
}

// argparse's wording: ints bare, strings quoted.
core::Status CheckTyped(const std::string& display, bool is_int,
                        const std::vector<std::string>& choices, const std::string& value,
                        const std::vector<const Command*>& path) {
  int number = 0;
  if (is_int && !ParseInt(value, &number)) {
    return UsageError(path, "argument " + display + ": invalid int value: '" + value + "'");
  }
  if (choices.empty() || std::find(choices.begin(), choices.end(), value) != choices.end()) {
    return core::Status::Ok();
  }
  auto shown = [is_int](const std::string& text) { return is_int ? text : "'" + text + "'"; };
  std::string allowed;
  for (const auto& choice : choices) allowed += (allowed.empty() ? "" : ", ") + shown(choice);
  return UsageError(path, "argument " + display + ": invalid choice: " + shown(value) +
                              " (choose from " + allowed + ")");
}

std::string ChoicesMetavar(const std::vector<std::string>& choices) {
  std::string text;
  for (const auto& choice : choices) text += (text.empty() ? "{" : ",") + choice;
  return text + "}";
}

}  // namespace

std::string DestFromName(const std::string& name) {
  std::string dest = name;
  dest.erase(0, dest.find_first_not_of('-'));
  std::replace(dest.begin(), dest.end(), '-', '_');
  return dest;
}

Command::Command(std::string name, std::string help, std::string subcommands_help)
    : name_(std::move(name)), help_(std::move(help)),
      subcommands_help_(std::move(subcommands_help)) {}

Command& Command::AddSubcommand(const std::string& name, const std::string& help,
                                const std::string& subcommands_help) {
  subcommands_.push_back(std::make_unique<Command>(name, help, subcommands_help));
  subcommands_.back()->needs_client_ = needs_client_;
  return *subcommands_.back();
}

Command& Command::Flag(const std::string& long_name, const std::string& short_name,
                       const std::string& help) {
  OptionSpec option;
  option.long_name = long_name;
  option.short_name = short_name;
  option.dest = DestFromName(long_name);
  option.help = help;
  option.is_flag = true;
  options_.push_back(option);
  return *this;
}

Command& Command::Option(const std::string& long_name, const std::string& short_name,
                         const std::string& help, const std::string& default_value,
                         bool required) {
  std::string dest = DestFromName(long_name);
  std::string metavar = dest;
  std::transform(metavar.begin(), metavar.end(), metavar.begin(), ::toupper);
  OptionSpec option;
  option.long_name = long_name;
  option.short_name = short_name;
  option.dest = dest;
  option.help = help;
  option.metavar = metavar;
  option.default_value = default_value;
  option.required = required;
  options_.push_back(option);
  return *this;
}

Command& Command::IntOption(const std::string& long_name, const std::string& short_name,
                            const std::string& help, int default_value,
                            std::vector<std::string> choices) {
  Option(long_name, short_name, help, std::to_string(default_value));
  options_.back().is_int = true;
  if (!choices.empty()) options_.back().metavar = ChoicesMetavar(choices);
  options_.back().choices = std::move(choices);
  return *this;
}

Command& Command::ChoiceOption(const std::string& long_name, const std::string& short_name,
                               const std::string& help, std::vector<std::string> choices) {
  Option(long_name, short_name, help);
  options_.back().metavar = ChoicesMetavar(choices);
  options_.back().choices = std::move(choices);
  return *this;
}

std::vector<std::string> OptionSpec::Names() const {
  std::vector<std::string> names{long_name};
  names.insert(names.end(), aliases.begin(), aliases.end());
  if (!short_name.empty()) names.push_back(short_name);
  return names;
}

Command& Command::Alias(const std::string& long_name) {
  options_.back().aliases.push_back(long_name);
  return *this;
}

Command& Command::Positional(const std::string& metavar, const std::string& help) {
  positionals_.push_back({metavar, DestFromName(metavar), help, false, false, {}});
  return *this;
}

Command& Command::IntPositional(const std::string& metavar, const std::string& help,
                                std::vector<std::string> choices) {
  positionals_.push_back({metavar, DestFromName(metavar), help, false, true, std::move(choices)});
  return *this;
}

Command& Command::Positionals(const std::string& metavar, const std::string& help) {
  positionals_.push_back({metavar, DestFromName(metavar), help, true, false, {}});
  return *this;
}

Command& Command::Handler(CommandHandler handler) {
  handler_ = std::move(handler);
  return *this;
}

Command& Command::NeedsClient(bool needs) {
  needs_client_ = needs;
  return *this;
}

const Command* Command::FindSubcommand(const std::string& name) const {
  for (const auto& sub : subcommands_) {
    if (sub->name() == name) return sub.get();
  }
  return nullptr;
}

const OptionSpec* Command::FindOption(const std::string& token) const {
  for (const auto& option : options_) {
    auto names = option.Names();
    if (std::find(names.begin(), names.end(), token) != names.end()) return &option;
  }
  return nullptr;
}

std::string Command::Usage(const std::string& prog) const {
  std::string usage = "usage: " + prog + " [-h]";
  for (const auto& option : options_) {
    std::string text = option.long_name + (option.is_flag ? "" : " " + option.metavar);
    usage += option.required ? " " + text : " [" + text + "]";
  }
  for (const auto& positional : positionals_) {
    usage += " " + positional.metavar;
    if (positional.multiple) usage += " [" + positional.metavar + " ...]";
  }
  if (!subcommands_.empty()) usage += " " + SubcommandChoices(*this) + " ...";
  return usage + "\n";
}

std::string Command::Help(const std::string& prog) const {
  std::ostringstream out;
  out << Usage(prog) << "\n";
  if (!positionals_.empty() || !subcommands_.empty()) {
    out << "positional arguments:\n";
    if (!subcommands_.empty()) {
      AppendHelpLine(out, SubcommandChoices(*this), subcommands_help_, 2);
      for (const auto& sub : subcommands_) AppendHelpLine(out, sub->name(), sub->help(), 4);
    }
    for (const auto& positional : positionals_) {
      AppendHelpLine(out, positional.metavar, positional.help, 2);
    }
    out << "\n";
  }
  out << "options:\n";
  AppendHelpLine(out, "-h, --help", "show this help message and exit", 2);
  for (const auto& option : options_) {
    std::string help = option.help;
    if (!option.is_flag && !option.default_value.empty()) {
      help += " (default: " + option.default_value + ")";
    }
    AppendHelpLine(out, OptionInvocation(option), help, 2);
  }
  return out.str();
}

std::string ParsedArgs::ProgName() const { return ProgOf(path); }

bool ParsedArgs::Has(const std::string& dest) const {
  auto it = values.find(dest);
  return it != values.end() && !it->second.empty();
}

std::string ParsedArgs::Get(const std::string& dest) const {
  auto it = values.find(dest);
  return it == values.end() ? "" : it->second;
}

int ParsedArgs::GetInt(const std::string& dest) const {
  int value = 0;
  ParseInt(Get(dest), &value);
  return value;
}

const std::vector<std::string>& ParsedArgs::GetList(const std::string& dest) const {
  static const std::vector<std::string> kEmpty;
  auto it = lists.find(dest);
  return it == lists.end() ? kEmpty : it->second;
}

namespace {

std::string Joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : separator) + item;
  return text;
}

// One Parse call: walks the tokens down the command tree, then checks what is missing.
class Parser {
 public:
  Parser(const Command& root, const std::vector<std::string>& args) : args_(args) {
    parsed_.path.push_back(&root);
  }

  core::Result<ParsedArgs> Run() {
    for (size_t i = 0; i < args_.size(); ++i) {
      const std::string& token = args_[i];
      if (token == "-h" || token == "--help") {
        parsed_.help_requested = true;
        parsed_.help_text = Current().Help(parsed_.ProgName());
        return parsed_;
      }
      core::Status status = LooksLikeOption(token) ? TakeOption(&i) : TakeWord(token);
      if (!status.ok()) return status;
    }
    core::Status status = Finish();
    if (!status.ok()) return status;
    return parsed_;
  }

 private:
  const Command& Current() const { return *parsed_.path.back(); }

  // args_[*i] is an option of the current command ("--name", "--name=value" or "-n"); a value
  // that follows it is consumed too.
  core::Status TakeOption(size_t* i) {
    const std::string& token = args_[*i];
    size_t eq = token.find('=');
    bool has_inline = token.rfind("--", 0) == 0 && eq != std::string::npos;
    const OptionSpec* option = Current().FindOption(has_inline ? token.substr(0, eq) : token);
    if (option == nullptr) {
      extra_.push_back(token);
      return core::Status::Ok();
    }
    if (option->is_flag) {
      parsed_.flags.insert(option->dest);
      return core::Status::Ok();
    }
    std::string value;
    if (has_inline) {
      value = token.substr(eq + 1);
    } else if (*i + 1 >= args_.size() || LooksLikeOption(args_[*i + 1])) {
      return UsageError(parsed_.path,
                        "argument " + OptionDisplayName(*option) + ": expected one argument");
    } else {
      value = args_[++*i];
    }
    core::Status status = CheckTyped(OptionDisplayName(*option), option->is_int, option->choices,
                                     value, parsed_.path);
    if (status.ok()) parsed_.values[option->dest] = value;
    return status;
  }

  // A subcommand name or the next positional of the current command.
  core::Status TakeWord(const std::string& token) {
    const Command& current = Current();
    if (!current.subcommands().empty()) {
      const Command* sub = current.FindSubcommand(token);
      if (sub == nullptr) {
        std::vector<std::string> names;
        for (const auto& s : current.subcommands()) names.push_back("'" + s->name() + "'");
        return UsageError(parsed_.path, "argument " + SubcommandChoices(current) +
                                            ": invalid choice: '" + token + "' (choose from " +
                                            Joined(names, ", ") + ")");
      }
      parsed_.path.push_back(sub);
      positional_index_ = 0;
      return core::Status::Ok();
    }
    if (positional_index_ >= current.positionals().size()) {
      extra_.push_back(token);
      return core::Status::Ok();
    }
    const PositionalSpec& positional = current.positionals()[positional_index_];
    core::Status status =
        CheckTyped(positional.metavar, positional.is_int, positional.choices, token, parsed_.path);
    if (!status.ok()) return status;
    if (positional.multiple) {
      parsed_.lists[positional.dest].push_back(token);
    } else {
      parsed_.values[positional.dest] = token;
      ++positional_index_;
    }
    return core::Status::Ok();
  }

  // Required arguments, defaults, leftovers, and a group given without its command.
  core::Status Finish() {
    const Command& leaf = Current();
    std::vector<std::string> missing;
    for (const auto& positional : leaf.positionals()) {
      bool present = positional.multiple ? parsed_.lists.count(positional.dest) > 0
                                         : parsed_.values.count(positional.dest) > 0;
      if (!present) missing.push_back(positional.metavar);
    }
    for (const Command* command : parsed_.path) {
      for (const auto& option : command->options()) {
        if (option.is_flag || parsed_.values.count(option.dest) > 0) continue;
        if (option.required && command == &leaf) {
          missing.push_back(OptionDisplayName(option));
        } else if (!option.default_value.empty()) {
          parsed_.values[option.dest] = option.default_value;
        }
      }
    }
    if (!missing.empty()) {
      return UsageError(parsed_.path,
                        "the following arguments are required: " + Joined(missing, ", "));
    }
    if (!extra_.empty()) {
      return UsageError(parsed_.path, "unrecognized arguments: " + Joined(extra_, " "));
    }
    if (!leaf.subcommands().empty() || !leaf.handler()) {
      parsed_.help_requested = true;
      parsed_.help_text = leaf.Help(parsed_.ProgName());
      parsed_.usage_error = parsed_.ProgName() + ": error: the following arguments are required: " +
                            SubcommandChoices(leaf);
    }
    return core::Status::Ok();
  }

  const std::vector<std::string>& args_;
  ParsedArgs parsed_;
  size_t positional_index_ = 0;
  std::vector<std::string> extra_;
};

}  // namespace

core::Result<ParsedArgs> Parse(const Command& root, const std::vector<std::string>& args) {
  return Parser(root, args).Run();
}

std::string FullHelp(const Command& command, const std::string& prog) {
  std::string text = std::string(72, '=') + "\n" + command.Help(prog) + "\n";
  std::vector<const Command*> subcommands;
  for (const auto& sub : command.subcommands()) subcommands.push_back(sub.get());
  std::sort(subcommands.begin(), subcommands.end(),
            [](const Command* a, const Command* b) { return a->name() < b->name(); });
  for (const Command* sub : subcommands) text += FullHelp(*sub, prog + " " + sub->name());
  return text;
}

std::vector<std::string> IntRange(int first, int last) {
  std::vector<std::string> values;
  for (int i = first; i <= last; ++i) values.push_back(std::to_string(i));
  return values;
}

}  // namespace drove::cli

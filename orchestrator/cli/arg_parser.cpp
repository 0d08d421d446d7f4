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
  std::string text = option.long_name;
  if (!option.is_flag) text += " " + option.metavar;
  if (!option.short_name.empty()) {
    text += ", " + option.short_name;
    if (!option.is_flag) text += " " + option.metavar;
  }
  return text;
}

std::string OptionDisplayName(const OptionSpec& option) {
  return option.short_name.empty() ? option.long_name
                                   : option.long_name + "/" + option.short_name;
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
  std::string prog = ProgOf(path);
  return core::Status::Error(path.back()->Usage(prog) + prog + ": error: " + what);
}

core::Status CheckValue(const OptionSpec& option, const std::string& value,
                        const std::vector<const Command*>& path) {
  int number = 0;
  if (option.is_int && !ParseInt(value, &number)) {
    return UsageError(path, "argument " + OptionDisplayName(option) + ": invalid int value: '" +
                                value + "'");
  }
  if (!option.choices.empty() &&
      std::find(option.choices.begin(), option.choices.end(), value) == option.choices.end()) {
    std::string allowed;
    for (const auto& choice : option.choices) allowed += (allowed.empty() ? "" : ", ") + choice;
    return UsageError(path, "argument " + OptionDisplayName(option) + ": invalid choice: " +
                                value + " (choose from " + allowed + ")");
  }
  return core::Status::Ok();
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
  options_.back().choices = std::move(choices);
  return *this;
}

Command& Command::Positional(const std::string& metavar, const std::string& help) {
  positionals_.push_back({metavar, DestFromName(metavar), help, false, false});
  return *this;
}

Command& Command::IntPositional(const std::string& metavar, const std::string& help) {
  positionals_.push_back({metavar, DestFromName(metavar), help, false, true});
  return *this;
}

Command& Command::Positionals(const std::string& metavar, const std::string& help) {
  positionals_.push_back({metavar, DestFromName(metavar), help, true, false});
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
    if (option.long_name == token || (!option.short_name.empty() && option.short_name == token)) {
      return &option;
    }
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

core::Result<ParsedArgs> Parse(const Command& root, const std::vector<std::string>& args) {
  ParsedArgs parsed;
  parsed.path.push_back(&root);
  size_t positional_index = 0;
  std::vector<std::string> extra;
  for (size_t i = 0; i < args.size(); ++i) {
    const Command& current = *parsed.path.back();
    const std::string& token = args[i];
    if (token == "-h" || token == "--help") {
      parsed.help_requested = true;
      parsed.help_text = current.Help(parsed.ProgName());
      return parsed;
    }
    if (LooksLikeOption(token)) {
      std::string name = token;
      std::string inline_value;
      bool has_inline = false;
      size_t eq = token.find('=');
      if (token.rfind("--", 0) == 0 && eq != std::string::npos) {
        name = token.substr(0, eq);
        inline_value = token.substr(eq + 1);
        has_inline = true;
      }
      const OptionSpec* option = current.FindOption(name);
      if (option == nullptr) {
        extra.push_back(token);
        continue;
      }
      if (option->is_flag) {
        parsed.flags.insert(option->dest);
        continue;
      }
      if (!has_inline) {
        if (i + 1 >= args.size() || LooksLikeOption(args[i + 1])) {
          return UsageError(parsed.path,
                            "argument " + OptionDisplayName(*option) + ": expected one argument");
        }
        inline_value = args[++i];
      }
      core::Status status = CheckValue(*option, inline_value, parsed.path);
      if (!status.ok()) return status;
      parsed.values[option->dest] = inline_value;
      continue;
    }
    if (!current.subcommands().empty()) {
      const Command* sub = current.FindSubcommand(token);
      if (sub == nullptr) {
        std::string allowed;
        for (const auto& s : current.subcommands()) {
          allowed += (allowed.empty() ? "'" : ", '") + s->name() + "'";
        }
        return UsageError(parsed.path, "argument " + SubcommandChoices(current) +
                                            ": invalid choice: '" + token + "' (choose from " +
                                            allowed + ")");
      }
      parsed.path.push_back(sub);
      positional_index = 0;
      continue;
    }
    if (positional_index >= current.positionals().size()) {
      extra.push_back(token);
      continue;
    }
    const PositionalSpec& positional = current.positionals()[positional_index];
    int number = 0;
    if (positional.is_int && !ParseInt(token, &number)) {
      return UsageError(parsed.path,
                        "argument " + positional.metavar + ": invalid int value: '" + token + "'");
    }
    if (positional.multiple) {
      parsed.lists[positional.dest].push_back(token);
    } else {
      parsed.values[positional.dest] = token;
      ++positional_index;
    }
  }
  const Command& leaf = *parsed.path.back();
  std::vector<std::string> missing;
  for (const auto& positional : leaf.positionals()) {
    bool present = positional.multiple ? parsed.lists.count(positional.dest) > 0
                                       : parsed.values.count(positional.dest) > 0;
    if (!present) missing.push_back(positional.metavar);
  }
  for (const Command* command : parsed.path) {
    for (const auto& option : command->options()) {
      if (option.is_flag || parsed.values.count(option.dest) > 0) continue;
      if (option.required && command == &leaf) {
        missing.push_back(OptionDisplayName(option));
      } else if (!option.default_value.empty()) {
        parsed.values[option.dest] = option.default_value;
      }
    }
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& name : missing) names += (names.empty() ? "" : ", ") + name;
    return UsageError(parsed.path, "the following arguments are required: " + names);
  }
  if (!extra.empty()) {
    std::string names;
    for (const auto& name : extra) names += (names.empty() ? "" : " ") + name;
    return UsageError(parsed.path, "unrecognized arguments: " + names);
  }
  if (!leaf.subcommands().empty() || !leaf.handler()) {
    parsed.help_requested = true;
    parsed.help_text = leaf.Help(parsed.ProgName());
  }
  return parsed;
}

}  // namespace drove::cli

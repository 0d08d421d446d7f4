// HOPE rule lexer: one pass over the text, no backtracking (linear in the rule length).
#include "orchestrator/scheduler/hope/lexer.h"

#include <cctype>
#include <utility>

namespace drove::scheduler::hope {
namespace {

using core::Result;

constexpr size_t kMaxSpelling = 24;  // longer spellings are shortened in error messages

std::string Column(size_t offset) { return "column " + std::to_string(offset + 1); }

std::string Shorten(std::string_view text) {
  if (text.size() <= kMaxSpelling) return std::string(text);
  std::string out(text.substr(0, kMaxSpelling));
  return out.append("...");
}

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

class Lexer {
 public:
  explicit Lexer(std::string_view rule) : rule_(rule) {}

  Result<std::vector<Token>> Run() {
    while (true) {
      while (pos_ < rule_.size() && std::isspace(static_cast<unsigned char>(rule_[pos_]))) ++pos_;
      if (pos_ >= rule_.size()) break;
      if (auto error = Next(); !error.empty()) return Result<std::vector<Token>>::Error(error);
    }
    tokens_.push_back({TokenKind::kEnd, "", static_cast<int>(rule_.size()) + 1, "end of rule"});
    return std::move(tokens_);
  }

 private:
  // Reads one token at pos_; returns an error message or "".
  std::string Next() {
    const size_t start = pos_;
    const char c = rule_[pos_];
    if (c == '\'') return Quoted('\'', start);
    if (c == '"') return Quoted('"', start);
    if (IsDigit(c) || (c == '-' && pos_ + 1 < rule_.size() && IsDigit(rule_[pos_ + 1]))) {
      return Number(start);
    }
    if (std::isalpha(static_cast<unsigned char>(c))) return Word(start);
    return Operator(start);
  }

  void Add(TokenKind kind, std::string text, size_t start) {
    tokens_.push_back({kind, std::move(text), static_cast<int>(start) + 1,
                       Shorten(rule_.substr(start, pos_ - start))});
  }

  // '...' is a JSON pointer (no escapes); "..." a string, or a pointer when it starts with '/'
  // (HOPE's own spelling).
  std::string Quoted(char quote, size_t start) {
    std::string value;
    ++pos_;
    while (pos_ < rule_.size() && rule_[pos_] != quote) {
      char c = rule_[pos_++];
      if (quote == '"' && c == '\\') {
        if (pos_ >= rule_.size()) break;
        const char e = rule_[pos_++];
        switch (e) {
          case '"':
          case '\\':
          case '/':
          case '\'':
            c = e;
            break;
          case 'n':
            c = '\n';
            break;
          case 't':
            c = '\t';
            break;
          case 'r':
            c = '\r';
            break;
          default:
            return "unknown escape '\\" + std::string(1, e) + "' at " + Column(pos_ - 2);
        }
      }
      value.push_back(c);
    }
    if (pos_ >= rule_.size()) {
      return std::string(quote == '\'' ? "unterminated pointer" : "unterminated string") +
             " starting at " + Column(start);
    }
    ++pos_;  // closing quote
    if (quote == '\'') {
      if (!value.empty() && value[0] != '/') {
        return "pointer '" + Shorten(value) + "' at " + Column(start) +
               " must be empty or start with '/'";
      }
      Add(TokenKind::kPointer, std::move(value), start);
    } else {
      const bool pointer = !value.empty() && value[0] == '/';
      Add(pointer ? TokenKind::kPointer : TokenKind::kString, std::move(value), start);
    }
    return "";
  }

  // -?digits(.digits)?
  std::string Number(size_t start) {
    if (rule_[pos_] == '-') ++pos_;
    while (pos_ < rule_.size() && IsDigit(rule_[pos_])) ++pos_;
    if (pos_ < rule_.size() && rule_[pos_] == '.') {
      ++pos_;
      if (pos_ >= rule_.size() || !IsDigit(rule_[pos_])) {
        return "malformed number '" + Shorten(rule_.substr(start, pos_ - start)) + "' at " +
               Column(start);
      }
      while (pos_ < rule_.size() && IsDigit(rule_[pos_])) ++pos_;
    }
    if (pos_ < rule_.size() && (IsWordChar(rule_[pos_]) || rule_[pos_] == '.')) {
      return "malformed number at " + Column(start);
    }
    Add(TokenKind::kNumber, std::string(rule_.substr(start, pos_ - start)), start);
    return "";
  }

  // Only the boolean literals are words (HOPE spells them true/TRUE/false/FALSE).
  std::string Word(size_t start) {
    while (pos_ < rule_.size() && IsWordChar(rule_[pos_])) ++pos_;
    const std::string_view word = rule_.substr(start, pos_ - start);
    if (word == "true" || word == "TRUE") {
      Add(TokenKind::kTrue, "", start);
    } else if (word == "false" || word == "FALSE") {
      Add(TokenKind::kFalse, "", start);
    } else {
      return "unknown word '" + Shorten(word) + "' at " + Column(start) +
             " (strings need double quotes, pointers single quotes)";
    }
    return "";
  }

  std::string Operator(size_t start) {
    struct Spelling {
      std::string_view text;
      TokenKind kind;
    };
    static constexpr Spelling kOperators[] = {
        {"==", TokenKind::kEq},    {"!=", TokenKind::kNe},    {"<=", TokenKind::kLe},
        {">=", TokenKind::kGe},    {"&&", TokenKind::kAnd},   {"||", TokenKind::kOr},
        {"<", TokenKind::kLt},     {">", TokenKind::kGt},     {"!", TokenKind::kNot},
        {"(", TokenKind::kLParen}, {")", TokenKind::kRParen},
    };
    for (const auto& op : kOperators) {
      if (rule_.substr(pos_, op.text.size()) == op.text) {
        pos_ += op.text.size();
        Add(op.kind, "", start);
        return "";
      }
    }
    const unsigned char c = static_cast<unsigned char>(rule_[pos_]);
    static constexpr char kHex[] = "0123456789abcdef";
    const std::string shown = std::isprint(c) ? std::string(1, rule_[pos_])
                                              : std::string{'\\', 'x', kHex[c >> 4], kHex[c & 15]};
    return "unexpected character '" + shown + "' at " + Column(start);
  }

  std::string_view rule_;
  size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view rule) { return Lexer(rule).Run(); }

}  // namespace drove::scheduler::hope

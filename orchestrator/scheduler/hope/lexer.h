// HOPE rule lexer: rule text -> tokens (pointers, literals, operators, parentheses) with columns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::scheduler::hope {

enum class TokenKind {
  kPointer,  // '/a/b' (or HOPE's "/a/b"): text is the raw JSON pointer
  kString,   // "text": text is the unescaped value
  kNumber,   // 12, -3.5: text is the literal as written
  kTrue,
  kFalse,
  kEq,      // ==
  kNe,      // !=
  kLt,      // <
  kLe,      // <=
  kGt,      // >
  kGe,      // >=
  kAnd,     // &&
  kOr,      // ||
  kNot,     // !
  kLParen,  // (
  kRParen,  // )
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;      // see TokenKind
  int column = 0;        // 1-based byte offset of the token's first character
  std::string spelling;  // as written (for error messages)
};

// Splits `rule` into tokens ending with kEnd. Errors say what and where:
// "unterminated string starting at column 5", "unexpected character '=' at column 7".
core::Result<std::vector<Token>> Tokenize(std::string_view rule);

}  // namespace drove::scheduler::hope

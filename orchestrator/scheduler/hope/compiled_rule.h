// HOPE rules: compile the text once into a small AST, then evaluate it over a SchedulingInfo.
//
// The subset Drove users write (see README.md "HOPE rules" for the typing rules):
//   condition  := or
//   or         := and ('||' and)*
//   and        := unary ('&&' unary)*
//   unary      := '!' unary | '(' or ')' | operand [('=='|'!='|'<'|'<='|'>'|'>=') operand]
//   operand    := '/json/pointer' | "string" | number | true | false
// A CompiledRule is immutable and safe to share between threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "orchestrator/core/util/status.h"

namespace drove::scheduler::hope {

// Hostile-input limits: longer rules and deeper nesting ('(' and '!') are refused at compile
// time, which also bounds the parser's and the evaluator's recursion.
inline constexpr size_t kMaxRuleLength = 4096;
inline constexpr int kMaxNestingDepth = 32;

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct Node {
  enum class Kind { kTrue, kFalse, kNumber, kString, kPointer, kNot, kAnd, kOr, kCompare };
  Kind kind = Kind::kFalse;
  CompareOp op = CompareOp::kEq;  // kCompare
  double number = 0;              // kNumber
  std::string text;               // kString value; kPointer as written
  std::vector<std::string> path;  // kPointer, unescaped segments
  std::vector<Node> children;     // kNot: 1; kAnd/kOr: 2+; kCompare: 2 operands
};

// What a pointer reaches, for evaluating over a document that is never built as JSON.
struct Value {
  enum class Kind { kMissing, kBool, kNumber, kString, kOther };  // kOther: object or array
  Kind kind = Kind::kMissing;                                     // JSON null is kMissing too
  bool boolean = false;
  double number = 0;
  std::string_view text;  // kString; must outlive the Evaluate call
};
// The value at a pointer's unescaped segments ({} = the whole document).
using PointerLookup = std::function<Value(const std::vector<std::string>& path)>;

class CompiledRule {
 public:
  CompiledRule(std::string text, Node root);

  // True if the rule admits the SchedulingInfo `info` (never throws; see README for typing).
  bool Evaluate(const nlohmann::json& info) const;
  // The same over a document given by `lookup` (the scheduler's hot path: no JSON is built).
  bool Evaluate(const PointerLookup& lookup) const;

  // Whether any pointer reads under the top-level key `key` (lets callers skip building
  // parts of the SchedulingInfo that the rule never reads). The pointer "" reads everything.
  bool References(std::string_view key) const;

  const std::string& text() const { return text_; }
  const Node& root() const { return root_; }

 private:
  std::string text_;
  Node root_;
  std::set<std::string, std::less<>> roots_;
  bool reads_whole_document_ = false;
};

// Compiles `rule`. Errors say what and where: "unexpected token '&&' at column 12 (expected a
// value)", "rule nests deeper than 32 levels at column 70", "unterminated string ...".
core::Result<std::shared_ptr<const CompiledRule>> Compile(std::string_view rule);

// Validation hook for placement policies: the compile error, or nullopt if `rule` is valid.
std::optional<std::string> CheckHopeRule(std::string_view rule);

}  // namespace drove::scheduler::hope

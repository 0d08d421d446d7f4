// HOPE rule evaluation over a SchedulingInfo: pointer lookup, typed comparisons, short-circuit.
#include "orchestrator/scheduler/hope/compiled_rule.h"

#include <charconv>
#include <cmath>
#include <utility>

#include "orchestrator/scheduler/hope/json_pointer.h"

namespace drove::scheduler::hope {
namespace {

// One side of a comparison, read from a literal or from the document.
using Operand = Value;

Operand FromJson(const nlohmann::json* value) {
  Operand out;
  if (value == nullptr || value->is_null()) return out;  // missing and null behave alike
  if (value->is_boolean()) {
    out.kind = Operand::Kind::kBool;
    out.boolean = value->get<bool>();
  } else if (value->is_number()) {
    out.kind = Operand::Kind::kNumber;
    out.number = value->get<double>();
  } else if (value->is_string()) {
    out.kind = Operand::Kind::kString;
    out.text = value->get_ref<const std::string&>();
  } else {
    out.kind = Operand::Kind::kOther;  // objects and arrays compare false
  }
  return out;
}

template <typename Lookup>
Operand Resolve(const Node& node, const Lookup& lookup) {
  Operand out;
  switch (node.kind) {
    case Node::Kind::kTrue:
    case Node::Kind::kFalse:
      out.kind = Operand::Kind::kBool;
      out.boolean = node.kind == Node::Kind::kTrue;
      return out;
    case Node::Kind::kNumber:
      out.kind = Operand::Kind::kNumber;
      out.number = node.number;
      return out;
    case Node::Kind::kString:
      out.kind = Operand::Kind::kString;
      out.text = node.text;
      return out;
    case Node::Kind::kPointer:
      return lookup(node.path);
    default:
      return out;  // not an operand (the parser never puts one here)
  }
}

// A number, or a string that is wholly a finite decimal number ("16", "-2.5"); else nullopt.
std::optional<double> AsNumber(const Operand& operand) {
  if (operand.kind == Operand::Kind::kNumber) return operand.number;
  if (operand.kind != Operand::Kind::kString || operand.text.empty()) return std::nullopt;
  double value = 0;
  const char* end = operand.text.data() + operand.text.size();
  auto [ptr, ec] = std::from_chars(operand.text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

bool Ordered(CompareOp op, double a, double b) {
  switch (op) {
    case CompareOp::kEq:
      return a == b;
    case CompareOp::kNe:
      return a != b;
    case CompareOp::kLt:
      return a < b;
    case CompareOp::kLe:
      return a <= b;
    case CompareOp::kGt:
      return a > b;
    case CompareOp::kGe:
      return a >= b;
  }
  return false;
}

// Typing rules (README.md "HOPE rules"): missing/null/object/array never compare true; ordering
// is numeric (numeric strings count as numbers); == and != need comparable types, and a
// number against a numeric string compares as numbers. Incomparable pairs are false for every
// operator, != included.
bool Compare(CompareOp op, const Operand& a, const Operand& b) {
  using Kind = Operand::Kind;
  if (a.kind == Kind::kMissing || b.kind == Kind::kMissing) return false;
  if (a.kind == Kind::kOther || b.kind == Kind::kOther) return false;
  const bool equality = op == CompareOp::kEq || op == CompareOp::kNe;
  if (equality && a.kind == b.kind) {
    bool same = false;
    if (a.kind == Kind::kBool) same = a.boolean == b.boolean;
    if (a.kind == Kind::kNumber) same = a.number == b.number;
    if (a.kind == Kind::kString) same = a.text == b.text;
    return (op == CompareOp::kEq) == same;
  }
  if (equality && a.kind != Kind::kNumber && b.kind != Kind::kNumber) return false;
  const auto x = AsNumber(a);
  const auto y = AsNumber(b);
  if (!x || !y) return false;
  return Ordered(op, *x, *y);
}

template <typename Lookup>
bool Holds(const Node& node, const Lookup& lookup) {
  switch (node.kind) {
    case Node::Kind::kAnd:
      for (const auto& child : node.children) {
        if (!Holds(child, lookup)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (const auto& child : node.children) {
        if (Holds(child, lookup)) return true;
      }
      return false;
    case Node::Kind::kNot:
      return !Holds(node.children[0], lookup);
    case Node::Kind::kCompare:
      return Compare(node.op, Resolve(node.children[0], lookup), Resolve(node.children[1], lookup));
    default: {  // a lone operand: true only for a boolean true
      const Operand operand = Resolve(node, lookup);
      return operand.kind == Operand::Kind::kBool && operand.boolean;
    }
  }
}

void CollectRoots(const Node& node, std::set<std::string, std::less<>>* roots, bool* whole) {
  if (node.kind == Node::Kind::kPointer) {
    if (node.path.empty()) {
      *whole = true;
    } else {
      roots->insert(node.path[0]);
    }
  }
  for (const auto& child : node.children) CollectRoots(child, roots, whole);
}

}  // namespace

CompiledRule::CompiledRule(std::string text, Node root)
    : text_(std::move(text)), root_(std::move(root)) {
  CollectRoots(root_, &roots_, &reads_whole_document_);
}

bool CompiledRule::Evaluate(const nlohmann::json& info) const {
  return Holds(root_, [&info](const std::vector<std::string>& path) {
    return FromJson(ResolveJsonPointer(info, path));
  });
}

bool CompiledRule::Evaluate(const PointerLookup& lookup) const { return Holds(root_, lookup); }

bool CompiledRule::References(std::string_view key) const {
  return reads_whole_document_ || roots_.find(key) != roots_.end();
}

}  // namespace drove::scheduler::hope

// HOPE rule parser: recursive descent over the lexer's tokens into a Node tree, with limits.
#include <charconv>
#include <utility>

#include "orchestrator/scheduler/hope/compiled_rule.h"
#include "orchestrator/scheduler/hope/json_pointer.h"
#include "orchestrator/scheduler/hope/lexer.h"

namespace drove::scheduler::hope {
namespace {

using core::Result;

bool IsCompare(TokenKind kind, CompareOp* op) {
  switch (kind) {
    case TokenKind::kEq:
      *op = CompareOp::kEq;
      return true;
    case TokenKind::kNe:
      *op = CompareOp::kNe;
      return true;
    case TokenKind::kLt:
      *op = CompareOp::kLt;
      return true;
    case TokenKind::kLe:
      *op = CompareOp::kLe;
      return true;
    case TokenKind::kGt:
      *op = CompareOp::kGt;
      return true;
    case TokenKind::kGe:
      *op = CompareOp::kGe;
      return true;
    default:
      return false;
  }
}

// Errors are kept in error_ and unwind by returning a dummy Node; the first one wins.
class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<Node> Run() {
    Node root = ParseOr();
    if (error_.empty() && Peek().kind != TokenKind::kEnd) Fail("&&, || or the end of the rule");
    if (!error_.empty()) return Result<Node>::Error(error_);
    return root;
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  bool failed() const { return !error_.empty(); }

  Node Fail(const std::string& expected) {
    if (failed()) return {};
    const Token& token = Peek();
    if (token.kind == TokenKind::kEnd) {
      error_ = "unexpected end of rule at column " + std::to_string(token.column) + " (expected " +
               expected + ")";
    } else {
      error_ = "unexpected token '" + token.spelling + "' at column " +
               std::to_string(token.column) + " (expected " + expected + ")";
    }
    return {};
  }

  // or/and: n-ary nodes, so long chains do not deepen the tree.
  Node ParseChain(Node::Kind kind, TokenKind separator, Node (Parser::*next)()) {
    Node first = (this->*next)();
    if (failed() || Peek().kind != separator) return first;
    Node chain;
    chain.kind = kind;
    chain.children.push_back(std::move(first));
    while (!failed() && Peek().kind == separator) {
      ++pos_;
      chain.children.push_back((this->*next)());
    }
    return chain;
  }
  Node ParseOr() { return ParseChain(Node::Kind::kOr, TokenKind::kOr, &Parser::ParseAnd); }
  Node ParseAnd() { return ParseChain(Node::Kind::kAnd, TokenKind::kAnd, &Parser::ParseUnary); }

  bool Enter() {
    if (++depth_ <= kMaxNestingDepth) return true;
    error_ = "rule nests deeper than " + std::to_string(kMaxNestingDepth) + " levels at column " +
             std::to_string(Peek().column);
    return false;
  }

  Node ParseUnary() {
    const TokenKind kind = Peek().kind;
    if (kind == TokenKind::kNot || kind == TokenKind::kLParen) {
      if (!Enter()) return {};
      ++pos_;
      Node node;
      if (kind == TokenKind::kNot) {
        node.kind = Node::Kind::kNot;
        node.children.push_back(ParseUnary());
      } else {
        node = ParseOr();
        if (failed()) return {};
        if (Peek().kind != TokenKind::kRParen) return Fail("')'");
        ++pos_;
      }
      --depth_;
      return node;
    }
    return ParseComparison();
  }

  Node ParseComparison() {
    const Token& first = Peek();
    Node left = ParseOperand();
    if (failed()) return left;
    CompareOp op;
    if (!IsCompare(Peek().kind, &op)) {
      if (left.kind == Node::Kind::kString || left.kind == Node::Kind::kNumber) {
        error_ = "a " + std::string(left.kind == Node::Kind::kString ? "string" : "number") +
                 " alone is not a condition at column " + std::to_string(first.column) +
                 " (compare it with ==, !=, <, <=, > or >=)";
      }
      return left;
    }
    ++pos_;
    Node compare;
    compare.kind = Node::Kind::kCompare;
    compare.op = op;
    compare.children.push_back(std::move(left));
    compare.children.push_back(ParseOperand());
    return compare;
  }

  Node ParseOperand() {
    const Token& token = Peek();
    Node node;
    switch (token.kind) {
      case TokenKind::kTrue:
        node.kind = Node::Kind::kTrue;
        break;
      case TokenKind::kFalse:
        node.kind = Node::Kind::kFalse;
        break;
      case TokenKind::kString:
        node.kind = Node::Kind::kString;
        node.text = token.text;
        break;
      case TokenKind::kNumber:
        node.kind = Node::Kind::kNumber;
        // The lexer only lets -?digits(.digits)? through; from_chars ignores the locale.
        std::from_chars(token.text.data(), token.text.data() + token.text.size(), node.number);
        break;
      case TokenKind::kPointer: {
        auto path = ParseJsonPointer(token.text);
        if (!path.ok()) {
          error_ = path.error() + " in pointer at column " + std::to_string(token.column);
          return {};
        }
        node.kind = Node::Kind::kPointer;
        node.text = token.text;
        node.path = std::move(path).value();
        break;
      }
      default:
        return Fail("a value: a 'pointer', \"string\", number, true or false");
    }
    ++pos_;
    return node;
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace

Result<std::shared_ptr<const CompiledRule>> Compile(std::string_view rule) {
  using Out = Result<std::shared_ptr<const CompiledRule>>;
  if (rule.size() > kMaxRuleLength) {
    return Out::Error("rule is " + std::to_string(rule.size()) + " characters long, the limit is " +
                      std::to_string(kMaxRuleLength));
  }
  auto tokens = Tokenize(rule);
  if (!tokens.ok()) return Out::Error(tokens.error());
  if (tokens->size() == 1) return Out::Error("rule is empty");
  auto root = Parser(std::move(tokens).value()).Run();
  if (!root.ok()) return Out::Error(root.error());
  return std::shared_ptr<const CompiledRule>(
      std::make_shared<CompiledRule>(std::string(rule), std::move(root).value()));
}

std::optional<std::string> CheckHopeRule(std::string_view rule) {
  auto compiled = Compile(rule);
  if (compiled.ok()) return std::nullopt;
  return compiled.error();
}

}  // namespace drove::scheduler::hope

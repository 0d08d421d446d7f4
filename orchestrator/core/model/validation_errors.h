// Internal helper of the validators: collects `path: rule` messages with bean-validation wording.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace drove::core {

class Errors {
 public:
  explicit Errors(std::vector<std::string>* out) : out_(out) {}

  std::vector<std::string>* out() { return out_; }

  void Add(const std::string& path, std::string_view rule) {
    out_->push_back(path.empty() ? std::string(rule) : path + ": " + std::string(rule));
  }
  void NotEmpty(const std::string& path, const std::string& value) {
    if (value.empty()) Add(path, "must not be empty");
  }
  // Returns whether the value is present, so callers can go on checking inside it.
  template <typename T>
  bool NotNull(const std::string& path, const std::optional<T>& value) {
    if (!value) Add(path, "must not be null");
    return value.has_value();
  }
  void Range(const std::string& path, int64_t value, int64_t lo, int64_t hi) {
    if (value < lo || value > hi) {
      Add(path, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
  }
  void Min(const std::string& path, int64_t value, int64_t lo) {
    if (value < lo) Add(path, "must be >= " + std::to_string(lo));
  }

 private:
  std::vector<std::string>* out_;
};

}  // namespace drove::core

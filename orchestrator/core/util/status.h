// Errors as values across module seams: Status (ok or a code and a message) and Result<T> (a value or
// a Status). The code lets a caller tell "retry later" from "stop": a store that lost its connection
// says kUnavailable, one whose writer was deposed says kFenced. Kept C++17: the nginx module uses it.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace drove::core {

enum class StatusCode {
  kOk,
  kError,        // anything else (bad data, I/O error): not worth retrying as is
  kNotFound,     // the addressed record or node does not exist
  kUnavailable,  // the service behind the seam cannot be reached now: retry later
  kFenced,       // the caller no longer holds the right to write (deposed leader): stop acting
  kTooLarge,     // a value exceeds what the service can hold
};

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(StatusCode::kError, std::move(message)); }
  static Status Error(StatusCode code, std::string message) {
    return Status(code, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const {
    static const std::string kEmpty;
    return message_ ? *message_ : kEmpty;
  }

 private:
  Status(StatusCode code, std::string message)
      : code_(code == StatusCode::kOk ? StatusCode::kError : code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::optional<std::string> message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}            // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {}      // NOLINT: must be an error status
  static Result Error(std::string message) { return Result(Status::Error(std::move(message))); }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T& value() & { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  const T& operator*() const { return value(); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  const std::string& error() const {
    static const std::string kEmpty;
    return ok() ? kEmpty : std::get<Status>(value_).message();
  }

 private:
  std::variant<T, Status> value_;
};

}  // namespace drove::core

// Result<T>: a value or an Error, in the spirit of std::expected (C++23), for C++20.
// Functions at module boundaries return Result<T> instead of throwing.
#pragma once

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

#include "core/error.h"

namespace vitrine {

// Wraps an Error so it converts to any Result<T>: `return Unexpected{make_error(...)}`
// or, shorter, `return fail(errc::kNotFound, "...")`.
struct Unexpected {
  Error error;
};

inline Unexpected fail(std::string code, std::string message, nlohmann::json details = nullptr) {
  return Unexpected{make_error(std::move(code), std::move(message), std::move(details))};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Unexpected e) : v_(std::in_place_index<1>, std::move(e.error)) {}
  Result(Error e) : v_(std::in_place_index<1>, std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Accessing the value of a failed Result is a programmer error.
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error& error() {
    assert(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected e) : err_(std::move(e.error)) {}
  Result(Error e) : err_(std::move(e)) {}

  bool ok() const { return !err_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(!ok());
    return *err_;
  }
  Error& error() {
    assert(!ok());
    return *err_;
  }

 private:
  std::optional<Error> err_;
};

using Status = Result<void>;

}  // namespace vitrine

// Propagates a failed Result from the enclosing function: VITRINE_TRY(db.exec(...));
#define VITRINE_TRY(expr)                                                                      \
  do {                                                                                         \
    auto&& vitrine_try_r_ = (expr);                                                            \
    if (!vitrine_try_r_.ok()) return ::vitrine::Unexpected{std::move(vitrine_try_r_.error())}; \
  } while (0)

// Declares `var` from a Result's value or propagates its error: VITRINE_ASSIGN(rows, db.exec(...));
#define VITRINE_CONCAT_INNER_(a, b) a##b
#define VITRINE_CONCAT_(a, b) VITRINE_CONCAT_INNER_(a, b)
#define VITRINE_ASSIGN(var, expr) \
  VITRINE_ASSIGN_IMPL_(VITRINE_CONCAT_(vitrine_r_, __LINE__), var, expr)
#define VITRINE_ASSIGN_IMPL_(tmp, var, expr)                           \
  auto tmp = (expr);                                                   \
  if (!tmp.ok()) return ::vitrine::Unexpected{std::move(tmp.error())}; \
  var = std::move(tmp).value()

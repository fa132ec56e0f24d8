// GoogleMock matchers for Result<T>, so a failed check prints the error (code, message, details)
// once instead of every test streaming `<< r.error().message` by hand:
//
//   ASSERT_THAT(registry.get("shop"), IsOk());
//   EXPECT_THAT(catalog.create_product(ws, bad), StatusIs(errc::kValidationFailed));
//   EXPECT_THAT(r, Not(IsOk()));
//
// They accept any Result<T> (Status included) and any other type with ok(); StatusIs needs
// error().code.
#pragma once

#include <gmock/gmock.h>

#include <ostream>
#include <string>

#include "core/result.h"

namespace vitrine {

// gtest prints a Result this way in failure messages: "ok" or the whole error.
template <typename T>
void PrintTo(const Result<T>& r, std::ostream* os) {
  if (r.ok()) {
    *os << "ok";
    return;
  }
  const Error& e = r.error();
  *os << "error " << e.code << ": " << e.message;
  if (!e.details.is_null()) *os << " " << e.details.dump();
}

namespace testing_internal {

template <typename R>
inline constexpr bool kIsResult = false;
template <typename T>
inline constexpr bool kIsResult<Result<T>> = true;

// What a failed `r` says about itself beyond what gtest prints as its value: nothing for a
// Result (PrintTo above shows the error), the error code and message of the other ok()-types
// (a sandbox BlockResult, say).
template <typename R>
std::string explain_failure(const R& r) {
  if constexpr (kIsResult<R>) {
    return "";
  } else if constexpr (requires {
                         r.error_code;
                         r.error_message;
                       }) {
    return "error " + r.error_code + ": " + r.error_message;
  } else {
    return "";
  }
}

}  // namespace testing_internal

// Matches a successful Result. On failure the error is printed.
MATCHER(IsOk, negation ? "is an error" : "is ok") {
  if (arg.ok()) return true;
  *result_listener << ::vitrine::testing_internal::explain_failure(arg);
  return false;
}

// Matches a failed Result whose error code is `code` (one of errc::*).
MATCHER_P(StatusIs, code,
          std::string(negation ? "is not an error with code " : "is an error with code ") +
              std::string(code)) {
  return !arg.ok() && arg.error().code == std::string(code);
}

}  // namespace vitrine

// Expected failures as values. Domain code returns Result<T>; the HTTP edge maps Error::code to a status.
#pragma once

#include <optional>
#include <type_traits>
#include <string>
#include <utility>
#include <variant>

namespace kring {

enum class ErrorCode {
  kInvalidArgument,   // 400: the request names a field that is wrong
  kUnauthorized,      // 401: not authenticated, or bad credentials
  kForbidden,         // 403: authenticated, but not allowed
  kNotFound,          // 404
  kConflict,          // 409: duplicate or state conflict
  kPayloadTooLarge,   // 413
  kTooManyRequests,   // 429: rate limited; Error::retry_after_seconds is set
  kUnavailable,       // 503: not ready, shutting down, or storage temporarily unreachable
  kInternal,          // 500: a bug or an unexpected storage failure
};

// A stable machine-readable name for the code ("invalid_argument", ...), used as the JSON error code default.
const char* error_code_name(ErrorCode code);
int http_status(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;           // the request field at fault, if any
  std::string api_code;        // overrides error_code_name(code) in the JSON body when set
  int retry_after_seconds = 0;  // for kTooManyRequests

  static Error invalid(std::string field, std::string message) {
    return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field), {}, 0};
  }
  static Error not_found(std::string message) { return Error{ErrorCode::kNotFound, std::move(message)}; }
  static Error conflict(std::string message) { return Error{ErrorCode::kConflict, std::move(message)}; }
  static Error unauthorized(std::string message) { return Error{ErrorCode::kUnauthorized, std::move(message)}; }
  static Error forbidden(std::string message) { return Error{ErrorCode::kForbidden, std::move(message)}; }
  static Error internal(std::string message) { return Error{ErrorCode::kInternal, std::move(message)}; }
  static Error unavailable(std::string message) { return Error{ErrorCode::kUnavailable, std::move(message)}; }
  static Error too_many(std::string message, int retry_after) {
    return Error{ErrorCode::kTooManyRequests, std::move(message), {}, {}, retry_after};
  }
};

// Result<T> holds either a T or an Error. Result<void> is Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)
  // Anything a T can be made from (std::nullopt for Result<std::optional<U>>, a U, ...).
  template <typename U, typename = std::enable_if_t<!std::is_same_v<std::decay_t<U>, T> &&
                                                    !std::is_same_v<std::decay_t<U>, Error> &&
                                                    std::is_constructible_v<T, U&&>>>
  Result(U&& v) : v_(std::in_place_index<0>, T(std::forward<U>(v))) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace kring

// Propagates an error from an expression yielding Result<...>.
#define KRING_TRY(expr)                                \
  do {                                                 \
    auto&& kring_try_r_ = (expr);                      \
    if (!kring_try_r_.ok()) return kring_try_r_.error(); \
  } while (0)

#define KRING_CONCAT_INNER_(a, b) a##b
#define KRING_CONCAT_(a, b) KRING_CONCAT_INNER_(a, b)
// Declares `lhs` from the value of a Result, or returns its error.
#define KRING_ASSIGN_OR_RETURN(lhs, expr)                                   \
  auto KRING_CONCAT_(kring_r_, __LINE__) = (expr);                          \
  if (!KRING_CONCAT_(kring_r_, __LINE__).ok())                              \
    return std::move(KRING_CONCAT_(kring_r_, __LINE__)).error();            \
  lhs = std::move(KRING_CONCAT_(kring_r_, __LINE__)).value()

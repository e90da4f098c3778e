// Values bound to and read from SQL statements, shared by both backends.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kring::store {

// NULL, a 64-bit integer, a double or text. Booleans are stored as 0/1 integers, timestamps as microseconds
// since the epoch, blobs as text (base64) so that both backends share one schema shape.
class Value {
 public:
  Value() = default;
  Value(std::nullopt_t) {}                                   // NOLINT
  Value(bool v) : v_(static_cast<int64_t>(v ? 1 : 0)) {}     // NOLINT
  Value(int v) : v_(static_cast<int64_t>(v)) {}              // NOLINT
  Value(long v) : v_(static_cast<int64_t>(v)) {}             // NOLINT
  Value(long long v) : v_(static_cast<int64_t>(v)) {}        // NOLINT
  Value(unsigned v) : v_(static_cast<int64_t>(v)) {}         // NOLINT
  Value(double v) : v_(v) {}                                 // NOLINT
  Value(std::string v) : v_(std::move(v)) {}                 // NOLINT
  Value(std::string_view v) : v_(std::string(v)) {}          // NOLINT
  Value(const char* v) : v_(std::string(v)) {}               // NOLINT
  template <typename T>
  Value(const std::optional<T>& v) {  // NOLINT
    if (v) *this = Value(*v);
  }

  bool is_null() const { return v_.index() == 0; }
  bool is_int() const { return v_.index() == 1; }
  bool is_double() const { return v_.index() == 2; }
  bool is_text() const { return v_.index() == 3; }
  int64_t as_int() const;          // NULL -> 0; double truncates; text parses or 0
  double as_double() const;        // NULL -> 0
  std::string as_text() const;     // NULL -> ""; numbers formatted
  const std::string* text_ptr() const { return std::get_if<std::string>(&v_); }

 private:
  std::variant<std::monostate, int64_t, double, std::string> v_;
};

using Params = std::vector<Value>;

// One result row. Column access is by position, in the order of the SELECT list.
class Row {
 public:
  Row() = default;
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const { return values_.at(i).is_null(); }
  int64_t i64(std::size_t i) const { return values_.at(i).as_int(); }
  double f64(std::size_t i) const { return values_.at(i).as_double(); }
  bool boolean(std::size_t i) const { return values_.at(i).as_int() != 0; }
  std::string text(std::size_t i) const { return values_.at(i).as_text(); }
  std::optional<int64_t> opt_i64(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<int64_t>(i64(i));
  }
  std::optional<std::string> opt_text(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<std::string>(text(i));
  }
  const Value& operator[](std::size_t i) const { return values_.at(i); }

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

// Thrown by Session methods when the storage layer fails. It never crosses Database::read/write: those
// catch it and return an Error (unique violations become kConflict, everything else kInternal/kUnavailable).
class StoreError : public std::runtime_error {
 public:
  enum class Kind { kUniqueViolation, kForeignKeyViolation, kBusy, kConnection, kOther };
  StoreError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

}  // namespace kring::store

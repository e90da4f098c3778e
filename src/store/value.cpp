#include "store/value.h"

#include <charconv>
#include <cstdio>

namespace kring::store {

int64_t Value::as_int() const {
  switch (v_.index()) {
    case 1: return std::get<1>(v_);
    case 2: return static_cast<int64_t>(std::get<2>(v_));
    case 3: {
      const std::string& s = std::get<3>(v_);
      int64_t out = 0;
      std::from_chars(s.data(), s.data() + s.size(), out);
      return out;
    }
    default: return 0;
  }
}

double Value::as_double() const {
  switch (v_.index()) {
    case 1: return static_cast<double>(std::get<1>(v_));
    case 2: return std::get<2>(v_);
    case 3: {
      const std::string& s = std::get<3>(v_);
      double out = 0;
      std::from_chars(s.data(), s.data() + s.size(), out);
      return out;
    }
    default: return 0;
  }
}

std::string Value::as_text() const {
  switch (v_.index()) {
    case 1: return std::to_string(std::get<1>(v_));
    case 2: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", std::get<2>(v_));
      return buf;
    }
    case 3: return std::get<3>(v_);
    default: return {};
  }
}

}  // namespace kring::store

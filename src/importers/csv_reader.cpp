#include "importers/csv_reader.h"

#include <cstring>

#include "common/text.h"

namespace kring::importers {
namespace {

constexpr std::size_t kChunkBytes = 1u << 16;

}  // namespace

void latin1_to_utf8(std::string_view in, std::string& out) {
  out.reserve(out.size() + in.size());
  for (char ch : in) {
    auto b = static_cast<unsigned char>(ch);
    if (b < 0x80) {
      out.push_back(ch);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
}

CsvReader::CsvReader(std::istream& in, CsvOptions options) : in_(in), options_(options), buf_(kChunkBytes) {}

bool CsvReader::refill() {
  if (eof_) return false;
  in_.read(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  std::streamsize n = in_.gcount();
  pos_ = 0;
  end_ = n > 0 ? static_cast<std::size_t>(n) : 0;
  if (!in_) {
    eof_ = true;
    if (in_.bad() || (!in_.eof() && in_.fail())) stream_failed_ = true;
  }
  return end_ > 0;
}

int CsvReader::peek() {
  if (pos_ == end_ && !refill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int CsvReader::get() {
  if (pos_ == end_ && !refill()) return -1;
  int c = static_cast<unsigned char>(buf_[pos_++]);
  if (c == '\n') ++line_;
  return c;
}

void CsvReader::skip_rest_of_line() {
  for (;;) {
    int c = get();
    if (c < 0 || c == '\n') return;
    if (c == '\r') {
      if (peek() == '\n') {
        get();
      } else {
        ++line_;
      }
      return;
    }
  }
}

CsvReader::Next CsvReader::malformed(std::string why) {
  error_ = std::move(why);
  return Next::kMalformed;
}

CsvReader::Next CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  error_.clear();
  if (!started_) {
    started_ = true;
    if (peek() >= 0 && end_ - pos_ >= 3 && std::memcmp(buf_.data() + pos_, "\xEF\xBB\xBF", 3) == 0) pos_ += 3;
  }
  const int sep = static_cast<unsigned char>(options_.separator);
  const int quote = options_.quote == '\0' ? -2 : static_cast<unsigned char>(options_.quote);
  const std::size_t max_bytes = options_.max_record_bytes;
  for (;;) {
    if (peek() < 0) return Next::kEnd;
    record_line_ = line_;
    record_bytes_ = 0;
    std::string field;
    bool at_field_start = true;
    bool saw_anything = false;  // a separator or a quoted field: the line is not empty
    for (;;) {
      int c = get();
      if (c < 0 || c == '\n') break;
      if (c == '\r') {
        if (peek() == '\n') {
          get();
        } else {
          ++line_;  // a bare carriage return ends the line too
        }
        break;
      }
      if (++record_bytes_ > max_bytes) {
        skip_rest_of_line();
        fields.clear();
        return malformed("record longer than " + std::to_string(max_bytes) + " bytes");
      }
      if (c == sep) {
        fields.push_back(std::move(field));
        field.clear();
        at_field_start = true;
        saw_anything = true;
        continue;
      }
      if (c == quote && at_field_start) {
        saw_anything = true;
        for (;;) {
          int q = get();
          if (q < 0) {
            fields.clear();
            return malformed("unterminated quoted field");
          }
          if (q == quote) {
            if (peek() == quote) {
              get();
            } else {
              break;
            }
          }
          if (++record_bytes_ > max_bytes) {
            skip_rest_of_line();
            fields.clear();
            return malformed("record longer than " + std::to_string(max_bytes) + " bytes");
          }
          field.push_back(static_cast<char>(q));
        }
        int after = peek();
        if (after >= 0 && after != sep && after != '\n' && after != '\r') {
          skip_rest_of_line();
          fields.clear();
          return malformed("unexpected character after a closing quote in field " +
                           std::to_string(fields.size() + 1));
        }
        at_field_start = false;
        continue;
      }
      at_field_start = false;
      field.push_back(static_cast<char>(c));
    }
    if (!saw_anything && field.empty() && options_.skip_empty_lines) continue;
    fields.push_back(std::move(field));
    break;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string& f = fields[i];
    switch (options_.encoding) {
      case CsvEncoding::kUtf8:
        if (!text::is_valid_utf8(f)) {
          fields.clear();
          return malformed("field " + std::to_string(i + 1) + " is not valid UTF-8");
        }
        break;
      case CsvEncoding::kLatin1: {
        std::string out;
        latin1_to_utf8(f, out);
        f = std::move(out);
        break;
      }
      case CsvEncoding::kUtf8OrLatin1:
        if (!text::is_valid_utf8(f)) {
          std::string out;
          latin1_to_utf8(f, out);
          f = std::move(out);
        }
        break;
    }
  }
  return Next::kRecord;
}

}  // namespace kring::importers

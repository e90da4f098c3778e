// A streaming reader for delimited text: LDBC's `|`-separated files, and the `,`-separated, quoted exports
// (LinkedIn) that come with a byte-order mark or in Latin-1.
//
// It reads the stream in fixed-size chunks and never holds more than one record, so files of any size stream
// in constant memory (bounded by CsvOptions::max_record_bytes). Not thread-safe; one reader per stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace kring::importers {

enum class CsvEncoding {
  kUtf8,          // fields must be valid UTF-8; a record with an invalid field is malformed
  kLatin1,        // every byte is an ISO-8859-1 code point; fields are converted to UTF-8
  kUtf8OrLatin1,  // a field that is not valid UTF-8 is read as Latin-1 (exports whose encoding is unknown)
};

struct CsvOptions {
  char separator = ',';
  // The quote character (RFC 4180: a quoted field may hold separators, line breaks and doubled quotes).
  // '\0' turns quoting off: every quote is literal (LDBC data does not quote, and its text contains '"').
  char quote = '"';
  CsvEncoding encoding = CsvEncoding::kUtf8;
  // Lines holding nothing at all are not records.
  bool skip_empty_lines = true;
  // A longer record is malformed; the reader resumes at the next line. Guards against an unterminated quote
  // swallowing the rest of a file into memory.
  std::size_t max_record_bytes = 16u << 20;
};

class CsvReader {
 public:
  enum class Next {
    kRecord,     // `fields` holds the record
    kMalformed,  // the record at line() is broken (error() says why); reading continues on the next line
    kEnd,        // end of the stream (or a read error: see stream_failed())
  };

  // REQUIRES: `in` outlives the reader. A UTF-8 byte-order mark at the start is skipped.
  explicit CsvReader(std::istream& in, CsvOptions options = {});

  // Reads the next record. Quoted fields lose their quotes; line ends (\n, \r\n, \r) end records outside
  // quotes. A quote in the middle of an unquoted field is kept as a literal character.
  Next next(std::vector<std::string>& fields);

  // The 1-based line on which the last record returned by next() starts.
  int64_t line() const { return record_line_; }
  // Why the last kMalformed record was rejected.
  const std::string& error() const { return error_; }
  // True when the stream failed for another reason than reaching its end.
  bool stream_failed() const { return stream_failed_; }

 private:
  int get();
  int peek();
  bool refill();
  void skip_rest_of_line();
  Next malformed(std::string why);
  bool finish_field(std::string& field, std::vector<std::string>& fields);

  std::istream& in_;
  CsvOptions options_;
  std::vector<char> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  bool stream_failed_ = false;
  bool started_ = false;
  int64_t line_ = 1;         // the line the next character is on
  int64_t record_line_ = 0;  // where the last record started
  std::size_t record_bytes_ = 0;
  std::string error_;
};

// Appends the UTF-8 encoding of the Latin-1 bytes in `in` to `out`.
void latin1_to_utf8(std::string_view in, std::string& out);

}  // namespace kring::importers

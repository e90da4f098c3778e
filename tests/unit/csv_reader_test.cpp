// The delimited-text reader the importers share: separators, quotes, line ends, BOM, encodings, bad records.
#include "importers/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "importers/id_map.h"
#include "importers/ldbc_import.h"

namespace kring::importers {
namespace {

using Records = std::vector<std::vector<std::string>>;

struct ReadAll {
  Records records;
  std::vector<int64_t> lines;                              // line of each record
  std::vector<std::pair<int64_t, std::string>> malformed;  // line and reason
};

ReadAll read_all(const std::string& text, CsvOptions options = {}) {
  std::istringstream in(text);
  CsvReader reader(in, options);
  ReadAll out;
  std::vector<std::string> fields;
  for (;;) {
    auto next = reader.next(fields);
    if (next == CsvReader::Next::kEnd) break;
    if (next == CsvReader::Next::kMalformed) {
      out.malformed.emplace_back(reader.line(), reader.error());
      continue;
    }
    out.records.push_back(fields);
    out.lines.push_back(reader.line());
  }
  return out;
}

CsvOptions pipe_options() {
  CsvOptions o;
  o.separator = '|';
  o.quote = '\0';
  return o;
}

TEST(CsvReader, SplitsOnTheSeparatorAndKeepsEmptyFields) {
  auto r = read_all("id|name|x\n1|Jan||\n2||b|\n", pipe_options());
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0], (std::vector<std::string>{"id", "name", "x"}));
  EXPECT_EQ(r.records[1], (std::vector<std::string>{"1", "Jan", "", ""}));
  EXPECT_EQ(r.records[2], (std::vector<std::string>{"2", "", "b", ""}));
  EXPECT_TRUE(r.malformed.empty());
}

TEST(CsvReader, SeparatorIsAParameter) {
  auto comma = read_all("a,b|c\n");
  ASSERT_EQ(comma.records.size(), 1u);
  EXPECT_EQ(comma.records[0], (std::vector<std::string>{"a", "b|c"}));
  auto pipe = read_all("a,b|c\n", pipe_options());
  EXPECT_EQ(pipe.records[0], (std::vector<std::string>{"a,b", "c"}));
  CsvOptions tab;
  tab.separator = '\t';
  EXPECT_EQ(read_all("a\tb\n", tab).records[0], (std::vector<std::string>{"a", "b"}));
}

TEST(CsvReader, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  auto r =
      read_all("First Name,Notes,Company\n\"de Vries, Jan\",\"said \"\"hi\"\"\nand left\",\"\"\nnext,x,y\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1], (std::vector<std::string>{"de Vries, Jan", "said \"hi\"\nand left", ""}));
  EXPECT_EQ(r.records[2], (std::vector<std::string>{"next", "x", "y"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 4}));  // the quoted line break counts
}

TEST(CsvReader, QuoteInsideAnUnquotedFieldIsLiteral) {
  auto r = read_all("a 5\" screen,b\n");
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0][0], "a 5\" screen");
}

TEST(CsvReader, WithoutQuotingQuotesAreData) {
  auto r = read_all("1|\"Hello\"|x\n", pipe_options());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0][1], "\"Hello\"");
}

TEST(CsvReader, HandlesLineEndings) {
  auto r = read_all("a,b\r\nc,d\re,f\ng,h");
  ASSERT_EQ(r.records.size(), 4u);
  EXPECT_EQ(r.records[1], (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(r.records[3], (std::vector<std::string>{"g", "h"}));  // no newline at the end
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(CsvReader, SkipsEmptyLinesButNotEmptyQuotedFields) {
  auto r = read_all("a\n\n\"\"\n\nb\n");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[1], (std::vector<std::string>{""}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3, 5}));
  CsvOptions keep;
  keep.skip_empty_lines = false;
  EXPECT_EQ(read_all("a\n\nb\n", keep).records.size(), 3u);
}

TEST(CsvReader, SkipsAUtf8ByteOrderMark) {
  auto r = read_all(
      "\xEF\xBB\xBF"
      "First Name,Last Name\nJan,Jansen\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0][0], "First Name");
  // Only at the start of the stream.
  auto mid = read_all(
      "a\n\xEF\xBB\xBF"
      "b\n");
  EXPECT_EQ(mid.records[1][0],
            "\xEF\xBB\xBF"
            "b");
}

TEST(CsvReader, ConvertsLatin1) {
  CsvOptions latin1;
  latin1.encoding = CsvEncoding::kLatin1;
  auto r = read_all("M\xFCller,Jos\xE9\n", latin1);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0], (std::vector<std::string>{"Müller", "José"}));

  CsvOptions either;
  either.encoding = CsvEncoding::kUtf8OrLatin1;
  auto mixed = read_all("Müller,Jos\xE9\n", either);
  EXPECT_EQ(mixed.records[0], (std::vector<std::string>{"Müller", "José"}));
}

TEST(CsvReader, ReportsMalformedRecordsAndContinues) {
  // Invalid UTF-8 (strict), text after a closing quote, then a good record, then an unterminated quote.
  auto r = read_all("ok,1\nbad\xC3,2\n\"x\"y,3\ngood,4\n\"open,5\nmore\n");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0], (std::vector<std::string>{"ok", "1"}));
  EXPECT_EQ(r.records[1], (std::vector<std::string>{"good", "4"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 4}));
  ASSERT_EQ(r.malformed.size(), 3u);
  EXPECT_EQ(r.malformed[0].first, 2);
  EXPECT_NE(r.malformed[0].second.find("UTF-8"), std::string::npos);
  EXPECT_EQ(r.malformed[1].first, 3);
  EXPECT_NE(r.malformed[1].second.find("closing quote"), std::string::npos);
  EXPECT_EQ(r.malformed[2].first, 5);
  EXPECT_NE(r.malformed[2].second.find("unterminated"), std::string::npos);
}

TEST(CsvReader, RejectsOverlongRecordsAndResumesOnTheNextLine) {
  CsvOptions small;
  small.max_record_bytes = 8;
  auto r = read_all("short\nthis line is far too long\nok\n", small);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1][0], "ok");
  ASSERT_EQ(r.malformed.size(), 1u);
  EXPECT_EQ(r.malformed[0].first, 2);
}

TEST(CsvReader, StreamsRecordsLongerThanItsBuffer) {
  std::string big(200000, 'x');
  auto r = read_all("a|" + big + "|c\n" + "d|e|f\n", pipe_options());
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0][1].size(), big.size());
  EXPECT_EQ(r.records[1][2], "f");
}

TEST(IdMap, PutsFindsAndGrows) {
  IdMap<int64_t> m;
  EXPECT_EQ(m.find(1), nullptr);
  for (int64_t i = 0; i < 100000; ++i) m.put(i * 7919, i);
  EXPECT_EQ(m.size(), 100000u);
  for (int64_t i = 0; i < 100000; ++i) {
    const int64_t* v = m.find(i * 7919);
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(*v, i);
  }
  EXPECT_EQ(m.find(-5), nullptr);
  m.put(0, 42);
  EXPECT_EQ(*m.find(0), 42);
  EXPECT_EQ(m.size(), 100000u);
}

TEST(LdbcFormat, ParsesTimestamps) {
  // 2010-06-27T23:36:57.962+0000 = 1277681817962 ms since the epoch.
  EXPECT_EQ(parse_ldbc_timestamp("2010-06-27T23:36:57.962+0000"), 1277681817962000);
  EXPECT_EQ(parse_ldbc_timestamp("2010-06-27T23:36:57.962Z"), 1277681817962000);
  EXPECT_EQ(parse_ldbc_timestamp("2010-06-28T01:36:57.962+02:00"), 1277681817962000);
  EXPECT_EQ(parse_ldbc_timestamp("2010-06-27T23:36:57"), 1277681817000000);
  EXPECT_EQ(parse_ldbc_timestamp("1277681817962"), 1277681817962000);
  EXPECT_EQ(parse_ldbc_timestamp("1970-01-01T00:00:00.000+0000"), 0);
  EXPECT_EQ(parse_ldbc_timestamp("1960-02-29T00:00:00.000+0000"), -310521600000000);
  EXPECT_FALSE(parse_ldbc_timestamp(""));
  EXPECT_FALSE(parse_ldbc_timestamp("2010-02-30T00:00:00.000+0000"));
  EXPECT_FALSE(parse_ldbc_timestamp("2010-06-27 nonsense"));
  EXPECT_FALSE(parse_ldbc_timestamp("2010-06-27T24:00:00.000+0000"));
  EXPECT_FALSE(
      parse_ldbc_timestamp("2010-06-27T23:36:57.962+00"
                           "x"));
  EXPECT_TRUE(is_ldbc_date("1987-09-18"));
  EXPECT_FALSE(is_ldbc_date("1987-9-18"));
  EXPECT_FALSE(is_ldbc_date("1987-02-29"));
  EXPECT_FALSE(is_ldbc_date("1987-09-18T00:00"));
}

}  // namespace
}  // namespace kring::importers

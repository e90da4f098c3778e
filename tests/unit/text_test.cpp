#include "common/text.h"

#include <gtest/gtest.h>

namespace kring::text {
namespace {

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(is_valid_utf8("Zoë Müller 🎉"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

TEST(Text, CountsCodepoints) {
  EXPECT_EQ(codepoint_count("abc"), 3u);
  EXPECT_EQ(codepoint_count("Zoë"), 3u);
  EXPECT_EQ(codepoint_count("🎉🎉"), 2u);
}

TEST(Text, DetectsControlCharacters) {
  EXPECT_FALSE(has_control_chars("plain text", false));
  EXPECT_TRUE(has_control_chars("line\nbreak", false));
  EXPECT_FALSE(has_control_chars("line\nbreak\ttab", true));
  EXPECT_TRUE(has_control_chars(std::string("nul\0byte", 8), true));
  EXPECT_TRUE(has_control_chars("\xC2\x85", true));  // NEL (C1)
}

TEST(Text, FoldsDiacriticsAndCase) {
  EXPECT_EQ(fold("Müller"), "muller");
  EXPECT_EQ(fold("Åsa Björn"), "asa bjorn");
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("Yılmaz"), "yilmaz");
  EXPECT_EQ(fold("e\xCC\x81"), "e");  // decomposed é
  EXPECT_EQ(fold("日本"), "日本");
}

TEST(Text, Slugifies) {
  EXPECT_EQ(slugify("Jan de Vries"), "jan-de-vries");
  EXPECT_EQ(slugify("  Zoë  O'Brien "), "zoe-o-brien");
  EXPECT_EQ(slugify("---"), "");
  EXPECT_EQ(slugify("日本"), "");
  EXPECT_EQ(slugify("abcdef ghijkl", 8), "abcdef");
  EXPECT_EQ(slugify("<script>alert(1)</script>"), "script-alert-1-script");
}

}  // namespace
}  // namespace kring::text

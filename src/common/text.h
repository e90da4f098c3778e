// UTF-8 text helpers shared by validation, handles and search normalisation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kring::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Number of Unicode code points; REQUIRES: is_valid_utf8(s).
std::size_t codepoint_count(std::string_view s);

// True when `s` holds C0/C1 control characters other than the allowed ones (tab, newline, carriage return
// when allow_newlines is set).
bool has_control_chars(std::string_view s, bool allow_newlines);

std::string_view trim(std::string_view s);

// Lower-cases ASCII and folds Latin diacritics to their base letters ("Müller" -> "muller",
// "Ærø" -> "aero", "ß" -> "ss"). Code points it does not know pass through unchanged.
std::string fold(std::string_view s);

// A URL-safe slug from free text: folded, [a-z0-9] runs joined by '-', at most max_len bytes,
// never starting or ending with '-'. Empty when nothing usable remains.
std::string slugify(std::string_view s, std::size_t max_len = 60);

}  // namespace kring::text

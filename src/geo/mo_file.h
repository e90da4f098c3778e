// Reading GNU gettext message catalogues (.mo files), as iso-codes ships its translations.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"

namespace kring::geo {

// msgid -> msgstr. Plural entries keep their first form (the msgid up to its NUL, the first msgstr).
using MoCatalog = std::unordered_map<std::string, std::string>;

// Parses the bytes of a .mo file: the magic number 0x950412de in either byte order, revision 0 (major),
// the string count and the offsets of the original and translation tables (each entry: length, offset).
// A message context (msgctxt, "context\x04msgid") is dropped from the key. The header entry (empty msgid)
// is skipped, as are entries whose translation is empty.
// Errors: kInvalidArgument when the magic, revision or any table entry is out of bounds.
Result<MoCatalog> parse_mo(std::string_view bytes);

// Reads and parses a .mo file. Errors: kNotFound when it cannot be read; parse_mo's errors otherwise.
Result<MoCatalog> read_mo_file(const std::string& path);

}  // namespace kring::geo

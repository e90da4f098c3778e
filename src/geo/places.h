// Place names: GeoNames cities (population >= 15,000) and ISO 3166-1 countries with English and Dutch names.
// Normalises what members type as their location ("den haag" -> "The Hague, Netherlands") and answers a place
// typeahead. The data comes from Debian packages (libtimezonemap-data, iso-codes); see default_place_files().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace kring::geo {

// Where the data is read from. Only `geonames` and `iso_codes_dir` are required; without `admin1` regions are
// not understood ("Springfield, Illinois"), without the .mo file Dutch names fall back to English.
struct PlaceFiles {
  std::string geonames;       // GeoNames cities15000.txt
  std::string admin1;         // GeoNames admin1Codes.txt (optional)
  std::string iso_codes_dir;  // iso-codes data folder, holding json/iso_3166-1.json
  std::string locale_dir;     // holding nl/LC_MESSAGES/iso_3166-1.mo (optional)
};

// Debian's paths, each overridable by environment: KRING_GEONAMES_FILE (default
// /usr/share/libtimezonemap/ui/cities15000.txt; admin1Codes.txt is looked for next to it),
// KRING_ISO_CODES_DIR (default /usr/share/iso-codes), KRING_ISO_CODES_LOCALE_DIR (default /usr/share/locale).
PlaceFiles default_place_files();

// A normalised location: a city (with its country), or a whole country when `city` is empty.
struct Place {
  std::string city;          // the GeoNames name ("The Hague", "Munich"); empty for a country
  std::string admin1_code;   // GeoNames first-level division code ("11", "TX"); empty for a country
  std::string country_code;  // ISO 3166-1 alpha-2 ("NL"; GeoNames' "XK" for Kosovo)
  std::string country;       // English common name ("Netherlands", "South Korea")
  std::string country_nl;    // Dutch name ("Nederland"); the English name when no translation is known
  std::string label;         // "The Hague, Netherlands", or "Netherlands" for a country
  int64_t geoname_id = 0;    // GeoNames id of the city; 0 for a country

  bool is_country() const { return city.empty(); }
  friend bool operator==(const Place&, const Place&) = default;
};

struct Country {
  std::string code;           // alpha-2 ("NL")
  std::string alpha3;         // "NLD"
  std::string name;           // English common name ("Netherlands")
  std::string name_nl;        // "Nederland"
  std::string official_name;  // "Kingdom of the Netherlands"; may be empty
  friend bool operator==(const Country&, const Country&) = default;
};

// The lookup key for names: text::fold (lower case, Latin diacritics folded), apostrophes and full stops
// dropped, every other ASCII punctuation and white-space run collapsed to one space, trimmed.
// "'s-Gravenhage" -> "s gravenhage", "München" -> "munchen", "St. Gallen" -> "st gallen".
std::string place_key(std::string_view s);

// The loaded place data. Immutable after load: every const member function is safe to call from any number
// of threads at once. Moving a Places while others read it is not.
//
// Memory: names live in two string arenas and a sorted array of 12-byte name keys (one per distinct folded
// name of each city and country): 5.5 MB for Debian's cities15000.txt (23k cities, 182k name keys). Loading
// takes about 0.1 s in an optimised build (about 0.5-1 s unoptimised).
class Places {
 public:
  // An empty set: normalize() and country() find nothing, suggest() returns nothing.
  Places();
  ~Places();
  Places(Places&&) noexcept;
  Places& operator=(Places&&) noexcept;

  // Reads the files (see PlaceFiles). Alternate names longer than 40 characters are dropped.
  // Errors: kNotFound when a required file is missing, kInvalidArgument when it is malformed.
  // Missing optional files are not errors: they are listed in warnings().
  static Result<Places> load(const PlaceFiles& files);

  // The place a member most likely means by `typed`, or nullopt when it names no known place (the caller then
  // keeps the text as typed). Accepts a city ("Utrecht", "Den Haag", "München", "Bruxelles"), a city and a
  // country separated by a comma or a space ("utrecht, nl", "Munich, Germany", "Utrecht Netherlands"), a
  // city, region and country ("Paris, Texas, United States", "Austin, TX"), or a country by English, common,
  // official or Dutch name or ISO code ("Nederland", "Belgium", "NL", "NLD", "Holland", "UK").
  //   Resolution order for a single name: country name or alpha-2 code; a city whose own name matches; an
  //   alpha-3 code; a city with a matching alternate name (exonym, local spelling). Among several cities
  //   those in the named country (and region) win, then a city whose own name matches over one matching by
  //   alternate name, then the most populous. A named country with no such city gives nullopt.
  // When nothing matches, words around the name are dropped and it is tried once more ("Greater Amsterdam
  // Area", "Regio Utrecht", "Rotterdam en omstreken"). Input longer than 200 bytes gives nullopt.
  std::optional<Place> normalize(std::string_view typed) const;

  // Typeahead: up to `limit` places having a name or alternate name whose key (place_key) starts with
  // place_key(prefix), each place once, best first: own name typed in full, own name started, alternate name
  // typed in full, alternate name started; then population (a country counts the population of its cities).
  // Countries are offered too; their codes match only in full ("nl", not "n"). "utrecht, ne" offers cities
  // named "utrecht..." in countries whose name starts with "ne" (or whose code is "ne").
  // Cost: O(log n + m log m), m the number of names starting with the prefix. The best 20 for each prefix
  // matching over 1,024 names ("s", "san") are ranked at load, so m stays below that for limit <= 20 without
  // a country part.
  std::vector<Place> suggest(std::string_view prefix, std::size_t limit) const;

  // A country by English, common, official or Dutch name (any case, diacritics folded), alpha-2 or alpha-3
  // code, or a common alias (Holland, UK, England, USA); nullopt when none matches.
  std::optional<Country> country(std::string_view name_or_code) const;

  std::size_t city_count() const;
  std::size_t country_count() const;
  std::size_t name_key_count() const;
  // Heap bytes held by the loaded data (approximate: containers' capacity, not allocator overhead).
  std::size_t memory_bytes() const;
  // Optional files that were missing or unreadable, for the caller to log.
  const std::vector<std::string>& warnings() const;

  struct Data;  // the loaded tables; defined in places.cpp

 private:
  explicit Places(std::unique_ptr<Data> data);
  std::unique_ptr<Data> d_;
};

}  // namespace kring::geo

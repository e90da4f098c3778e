// geo::Places against Debian's GeoNames and iso-codes files (skipped when they are absent), against a small
// synthetic data set written here, and the .mo reader on bytes built here.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "geo/mo_file.h"
#include "geo/places.h"

namespace kring::geo {
namespace {

namespace fs = std::filesystem;

}  // namespace

// Readable failure messages.
void PrintTo(const Place& p, std::ostream* os) {
  *os << "{" << p.label << ", " << p.country_code << ", admin1 " << p.admin1_code << ", id " << p.geoname_id
      << "}";
}

namespace {

bool debian_data_present() {
  PlaceFiles f = default_place_files();
  return fs::exists(f.geonames) && fs::exists(f.iso_codes_dir + "/json/iso_3166-1.json");
}

class PlacesDebian : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!debian_data_present()) return;
    auto started = std::chrono::steady_clock::now();
    auto p = Places::load(default_place_files());
    load_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(p.ok()) << p.error().message;
    places_ = new Places(std::move(*p));
  }
  static void TearDownTestSuite() {
    delete places_;
    places_ = nullptr;
  }
  void SetUp() override {
    if (!places_) GTEST_SKIP() << "GeoNames/iso-codes files not installed (libtimezonemap-data, iso-codes)";
  }
  static Places* places_;
  static double load_ms_;
};
Places* PlacesDebian::places_ = nullptr;
double PlacesDebian::load_ms_ = 0;

struct Case {
  const char* typed;
  const char* label;  // nullptr: not recognised
  const char* country_code;
};

// What members type, and what it should become.
constexpr Case kCases[] = {
    {"Utrecht", "Utrecht, Netherlands", "NL"},
    {"utrecht, nl", "Utrecht, Netherlands", "NL"},
    {"Utrecht, Netherlands", "Utrecht, Netherlands", "NL"},
    {"  UTRECHT ,  The Netherlands ", "Utrecht, Netherlands", "NL"},
    {"Utrecht Nederland", "Utrecht, Netherlands", "NL"},
    {"Den Haag", "The Hague, Netherlands", "NL"},
    {"The Hague", "The Hague, Netherlands", "NL"},
    {"'s-Gravenhage", "The Hague, Netherlands", "NL"},
    {"\xE2\x80\x99s-Gravenhage", "The Hague, Netherlands", "NL"},  // typographic apostrophe
    {"s Gravenhage", "The Hague, Netherlands", "NL"},
    {"Den Bosch", "'s-Hertogenbosch, Netherlands", "NL"},
    {"M\xC3\xBCnchen", "Munich, Germany", "DE"},
    {"Munchen", "Munich, Germany", "DE"},
    {"Munich, Germany", "Munich, Germany", "DE"},
    {"M\xC3\xBCnchen, Duitsland", "Munich, Germany", "DE"},
    {"Brussel", "Brussels, Belgium", "BE"},
    {"Bruxelles", "Brussels, Belgium", "BE"},
    {"Brussels, BE", "Brussels, Belgium", "BE"},
    {"Louvain", "Leuven, Belgium", "BE"},
    {"London", "London, United Kingdom", "GB"},
    {"Islamabad", "Islamabad, Pakistan", "PK"},  // own name beats a bigger city's stray alternate name
    {"Paris, Texas", "Paris, United States", "US"},
    {"Austin, TX", "Austin, United States", "US"},
    {"Springfield, IL", "Springfield, United States", "US"},  // IL read as Illinois, not Israel
    {"Greater Amsterdam Area", "Amsterdam, Netherlands", "NL"},
    {"Rotterdam en omstreken, Nederland", "Rotterdam, Netherlands", "NL"},
    {"Pristina", "Pristina, Kosovo", "XK"},
    // countries
    {"Nederland", "Netherlands", "NL"},
    {"Netherlands", "Netherlands", "NL"},
    {"the netherlands", "Netherlands", "NL"},
    {"NL", "Netherlands", "NL"},
    {"NLD", "Netherlands", "NL"},
    {"Holland", "Netherlands", "NL"},
    {"Belgium", "Belgium", "BE"},
    {"Belgi\xC3\xAB", "Belgium", "BE"},
    {"Korea, Republic of", "South Korea", "KR"},
    {"UK", "United Kingdom", "GB"},
    // not places, or not there
    {"Kleindorp aan de Rijn", nullptr, nullptr},
    {"Amsterdam, Germany", nullptr, nullptr},
    {"", nullptr, nullptr},
    {" , ,", nullptr, nullptr},
    {"remote", nullptr, nullptr},
};

TEST_F(PlacesDebian, NormalizesWhatMembersType) {
  for (const Case& c : kCases) {
    auto p = places_->normalize(c.typed);
    if (!c.label) {
      EXPECT_FALSE(p.has_value()) << c.typed << " -> " << (p ? p->label : "");
      continue;
    }
    ASSERT_TRUE(p.has_value()) << c.typed;
    EXPECT_EQ(p->label, c.label) << c.typed;
    EXPECT_EQ(p->country_code, c.country_code) << c.typed;
    // Normalising a label gives it back (not always the same city: "Springfield, United States").
    auto again = places_->normalize(p->label);
    ASSERT_TRUE(again.has_value()) << p->label;
    EXPECT_EQ(again->label, p->label) << c.typed;
    EXPECT_EQ(again->country_code, p->country_code) << c.typed;
  }
}

TEST_F(PlacesDebian, PlaceCarriesEnglishAndDutchNamesAndTheGeoNamesId) {
  auto p = places_->normalize("den haag");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->city, "The Hague");
  EXPECT_EQ(p->country, "Netherlands");
  EXPECT_EQ(p->country_nl, "Nederland");
  EXPECT_EQ(p->geoname_id, 2747373);
  EXPECT_FALSE(p->is_country());
  auto be = places_->normalize("Belgium");
  ASSERT_TRUE(be.has_value());
  EXPECT_TRUE(be->is_country());
  EXPECT_EQ(be->country_nl, "Belgi\xC3\xAB");
  EXPECT_EQ(be->geoname_id, 0);
  EXPECT_FALSE(places_->normalize(std::string(201, 'a')).has_value());
}

TEST_F(PlacesDebian, FindsCountriesByNameOrCode) {
  for (const char* s : {"Netherlands", "netherlands", "NEDERLAND", "NL", "nl", "NLD", "Holland",
                        "The Netherlands", "Kingdom of the Netherlands"}) {
    auto c = places_->country(s);
    ASSERT_TRUE(c.has_value()) << s;
    EXPECT_EQ(c->code, "NL") << s;
    EXPECT_EQ(c->alpha3, "NLD");
    EXPECT_EQ(c->name, "Netherlands");
    EXPECT_EQ(c->name_nl, "Nederland");
  }
  EXPECT_EQ(places_->country("belgie")->code, "BE");
  EXPECT_EQ(places_->country("Duitsland")->code, "DE");
  EXPECT_EQ(places_->country("usa")->code, "US");
  EXPECT_EQ(places_->country("South Korea")->code, "KR");
  EXPECT_FALSE(places_->country("Utrecht").has_value());
  EXPECT_FALSE(places_->country("").has_value());
  EXPECT_GE(places_->country_count(), 249u);
}

std::vector<std::string> labels(const std::vector<Place>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.label);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_F(PlacesDebian, SuggestsByPrefixOfNamesAndAlternateNames) {
  auto utr = labels(places_->suggest("utr", 8));
  ASSERT_FALSE(utr.empty());
  EXPECT_EQ(utr.front(), "Utrecht, Netherlands");  // own names before a smaller city's "UTR" abbreviation
  EXPECT_TRUE(contains(labels(places_->suggest("den h", 8)), "The Hague, Netherlands"));
  EXPECT_EQ(labels(places_->suggest("M\xC3\xBCnch", 8)).front(), "Munich, Germany");
  EXPECT_EQ(labels(places_->suggest("bruxel", 8)).front(), "Brussels, Belgium");
  EXPECT_EQ(labels(places_->suggest("nederl", 8)).front(), "Netherlands");
  EXPECT_EQ(labels(places_->suggest("amsterdam", 8)).front(), "Amsterdam, Netherlands");
  // "city, country": only cities in countries starting with the second part.
  auto in_nl = places_->suggest("a, nederl", 20);
  ASSERT_FALSE(in_nl.empty());
  for (const auto& p : in_nl) EXPECT_EQ(p.country_code, "NL") << p.label;
  EXPECT_TRUE(places_->suggest("utrecht, zz", 8).empty());
  // Codes only match in full: "n" is not the start of "nl".
  for (const auto& p : places_->suggest("l", 20)) EXPECT_NE(p.country_code + p.city, "LK") << p.label;
}

TEST_F(PlacesDebian, SuggestionsAreDistinctRankedAndLimited) {
  for (const char* q : {"a", "s", "sa", "san", "ber", "new", "\xD0\x9C\xD0\xBE"}) {
    auto ps = places_->suggest(q, 20);
    EXPECT_LE(ps.size(), 20u) << q;
    auto ls = labels(ps);
    std::vector<std::pair<int64_t, std::string>> ids;  // a country has geoname_id 0
    for (const auto& p : ps) ids.emplace_back(p.geoname_id, p.country_code);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end()) << q << ": a place appears twice";
    // A smaller limit gives a prefix of the same ranking (cached and uncached paths agree).
    auto few = labels(places_->suggest(q, 3));
    ASSERT_LE(few.size(), ls.size());
    EXPECT_TRUE(std::equal(few.begin(), few.end(), ls.begin())) << q;
    auto many = labels(places_->suggest(q, 50));
    EXPECT_TRUE(std::equal(ls.begin(), ls.end(), many.begin())) << q;
  }
  EXPECT_EQ(labels(places_->suggest("s", 20)).size(), 20u);
  EXPECT_TRUE(places_->suggest("", 8).empty());
  EXPECT_TRUE(places_->suggest("  -- ", 8).empty());
  EXPECT_TRUE(places_->suggest("utr", 0).empty());
  EXPECT_TRUE(places_->suggest("zzzzqx", 8).empty());
}

TEST_F(PlacesDebian, LoadsQuicklyIntoLittleMemory) {
  EXPECT_GT(places_->city_count(), 20000u);
  EXPECT_LT(places_->memory_bytes(), 16u << 20);
  EXPECT_TRUE(places_->warnings().empty()) << places_->warnings().front();
  RecordProperty("load_ms", static_cast<int>(load_ms_));
  RecordProperty("memory_bytes", static_cast<int>(places_->memory_bytes()));
  std::printf("places: %zu cities, %zu countries, %zu name keys, %.0f ms, %zu KB\n", places_->city_count(),
              places_->country_count(), places_->name_key_count(), load_ms_, places_->memory_bytes() / 1024);
}

// ---- a synthetic data set: rules that the real data does not exercise (two cities with one name).

class PlacesSynthetic : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kring-places-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ / "iso" / "json");
    write(dir_ / "iso" / "json" / "iso_3166-1.json", R"({"3166-1": [
      {"alpha_2": "NL", "alpha_3": "NLD", "name": "Netherlands", "official_name": "Kingdom of the Netherlands"},
      {"alpha_2": "ZA", "alpha_3": "ZAF", "name": "South Africa"},
      {"alpha_2": "BE", "alpha_3": "BEL", "name": "Belgium"}]})");
    // geonameid name asciiname alternatenames lat lon class code cc cc2 admin1 admin2 admin3 admin4
    // population
    auto row = [](const char* id, const char* name, const char* alts, const char* cc, const char* admin1,
                  const char* pop) {
      return std::string(id) + "\t" + name + "\t" + name + "\t" + alts + "\t0\t0\tP\tPPL\t" + cc + "\t\t" +
             admin1 + "\t\t\t\t" + pop + "\t\t0\tEurope/Amsterdam\t2020-01-01\n";
    };
    write(dir_ / "cities.txt", row("1", "Utrecht", "Oetrecht,UTR", "NL", "09", "290529") +
                                   row("2", "Utrecht", "", "ZA", "02", "20000") +
                                   row("3", "Leuven", "Louvain,Utrecht", "BE", "VLG", "900000") +
                                   row("4", "Lonely", "", "QQ", "", "15000") + "garbage line\n");
    write(dir_ / "admin1.txt", "NL.09\tUtrecht\tUtrecht\t1\nZA.02\tKwaZulu-Natal\tKwaZulu-Natal\t2\n");
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  static void write(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

  PlaceFiles files() const {
    return PlaceFiles{(dir_ / "cities.txt").string(), (dir_ / "admin1.txt").string(), (dir_ / "iso").string(),
                      (dir_ / "no-locale").string()};
  }

  fs::path dir_;
};

TEST_F(PlacesSynthetic, AmbiguousNamesPreferTheNamedCountryThenOwnNamesThenPopulation) {
  auto p = Places::load(files());
  ASSERT_TRUE(p.ok()) << p.error().message;
  // Leuven is bigger and has "Utrecht" as an alternate name; an own name wins, then population.
  EXPECT_EQ(p->normalize("Utrecht")->geoname_id, 1);
  EXPECT_EQ(p->normalize("Utrecht, South Africa")->geoname_id, 2);
  EXPECT_EQ(p->normalize("utrecht za")->geoname_id, 2);
  EXPECT_EQ(p->normalize("Utrecht, KwaZulu-Natal")->geoname_id, 2);
  EXPECT_EQ(p->normalize("Utrecht, Belgium")->geoname_id, 3);
  EXPECT_EQ(p->normalize("Louvain")->label, "Leuven, Belgium");
  // A GeoNames country that iso-codes does not list is named by its code.
  EXPECT_EQ(p->normalize("Lonely")->label, "Lonely, QQ");
  // Without the .mo file Dutch names fall back to English, with a warning.
  EXPECT_EQ(p->normalize("NL")->country_nl, "Netherlands");
  ASSERT_EQ(p->warnings().size(), 2u);  // the .mo file and the malformed row
  EXPECT_NE(p->warnings()[0].find("iso_3166-1.mo"), std::string::npos);
  EXPECT_EQ(p->city_count(), 4u);
  auto s = p->suggest("utr", 8);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].geoname_id, 1);  // own name, most populous
  EXPECT_EQ(s[1].geoname_id, 2);  // own name
  EXPECT_EQ(s[2].geoname_id, 3);  // alternate name, though the most populous
}

TEST_F(PlacesSynthetic, MissingRequiredFilesAreErrorsAndAnEmptySetFindsNothing) {
  PlaceFiles f = files();
  f.geonames = (dir_ / "absent.txt").string();
  auto missing = Places::load(f);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  f = files();
  f.iso_codes_dir = (dir_ / "absent").string();
  EXPECT_FALSE(Places::load(f).ok());
  write(dir_ / "iso" / "json" / "iso_3166-1.json", "{not json");
  EXPECT_EQ(Places::load(files()).error().code, ErrorCode::kInvalidArgument);

  Places empty;
  EXPECT_FALSE(empty.normalize("Utrecht").has_value());
  EXPECT_TRUE(empty.suggest("utr", 8).empty());
  EXPECT_FALSE(empty.country("NL").has_value());
  EXPECT_EQ(empty.city_count(), 0u);
  EXPECT_EQ(empty.memory_bytes(), 0u);
}

TEST(PlacesKey, FoldsCaseDiacriticsAndPunctuation) {
  EXPECT_EQ(place_key("'s-Gravenhage"), "s gravenhage");
  EXPECT_EQ(place_key("M\xC3\xBCnchen"), "munchen");
  EXPECT_EQ(place_key("St. Gallen"), "st gallen");
  EXPECT_EQ(place_key("  Den   Haag\t"), "den haag");
  EXPECT_EQ(place_key("Bruxelles\xE2\x80\x93"
                      "Capitale"),
            "bruxelles capitale");  // en dash
  EXPECT_EQ(place_key("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"),
            "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
  EXPECT_EQ(place_key("--"), "");
}

// ---- .mo files, built byte by byte.

void put32(std::string& s, std::size_t at, uint32_t v, bool big_endian) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>(v >> (big_endian ? 24 - 8 * i : 8 * i));
}

// A .mo file holding `entries` (msgid, msgstr), sorted as gettext requires.
std::string build_mo(std::vector<std::pair<std::string, std::string>> entries, bool big_endian) {
  std::sort(entries.begin(), entries.end());
  const uint32_t n = static_cast<uint32_t>(entries.size());
  const uint32_t originals = 28, translations = originals + 8 * n, strings = translations + 8 * n;
  std::string out(strings, '\0');
  put32(out, 0, 0x950412de, big_endian);
  put32(out, 4, 0, big_endian);
  put32(out, 8, n, big_endian);
  put32(out, 12, originals, big_endian);
  put32(out, 16, translations, big_endian);
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < n; ++i) {
      const std::string& s = pass == 0 ? entries[i].first : entries[i].second;
      uint32_t table = pass == 0 ? originals : translations;
      put32(out, table + 8 * i, static_cast<uint32_t>(s.size()), big_endian);
      put32(out, table + 8 * i + 4, static_cast<uint32_t>(out.size()), big_endian);
      out += s;
      out += '\0';
    }
  }
  return out;
}

TEST(PlacesMoFile, ParsesBothByteOrders) {
  std::vector<std::pair<std::string, std::string>> entries{
      {"", "Project-Id-Version: test\n"},
      {"Netherlands", "Nederland"},
      {"Belgium", "Belgi\xC3\xAB"},
      {"menu\x04"
       "File",
       "Bestand"},                                                  // with a message context
      {std::string("day\0days", 8), std::string("dag\0dagen", 9)},  // plural forms
      {"Untranslated", ""},
  };
  for (bool big_endian : {false, true}) {
    auto c = parse_mo(build_mo(entries, big_endian));
    ASSERT_TRUE(c.ok()) << c.error().message;
    EXPECT_EQ(c->size(), 4u);
    EXPECT_EQ(c->at("Netherlands"), "Nederland");
    EXPECT_EQ(c->at("Belgium"), "Belgi\xC3\xAB");
    EXPECT_EQ(c->at("File"), "Bestand");
    EXPECT_EQ(c->at("day"), "dag");
    EXPECT_FALSE(c->contains(""));
    EXPECT_FALSE(c->contains("Untranslated"));
  }
}

TEST(PlacesMoFile, RejectsMalformedFiles) {
  std::string good = build_mo({{"Netherlands", "Nederland"}}, false);
  EXPECT_FALSE(parse_mo("").ok());
  EXPECT_FALSE(parse_mo(good.substr(0, 19)).ok());
  std::string bad_magic = good;
  bad_magic[0] = 'x';
  EXPECT_EQ(parse_mo(bad_magic).error().code, ErrorCode::kInvalidArgument);
  std::string bad_revision = good;
  put32(bad_revision, 4, 1u << 16, false);
  EXPECT_FALSE(parse_mo(bad_revision).ok());
  EXPECT_FALSE(parse_mo(good.substr(0, good.size() - 5)).ok());  // the translation runs past the end
  std::string bad_count = good;
  put32(bad_count, 8, 0x10000000, false);
  EXPECT_FALSE(parse_mo(bad_count).ok());
  EXPECT_EQ(read_mo_file("/nonexistent/iso_3166-1.mo").error().code, ErrorCode::kNotFound);
}

TEST(PlacesMoFile, ReadsDebianIsoCodesTranslations) {
  const std::string path = "/usr/share/locale/nl/LC_MESSAGES/iso_3166-1.mo";
  if (!fs::exists(path)) GTEST_SKIP() << path << " not installed (iso-codes)";
  auto c = read_mo_file(path);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->at("Netherlands"), "Nederland");
  EXPECT_EQ(c->at("Germany"), "Duitsland");
  EXPECT_GT(c->size(), 300u);
}

}  // namespace
}  // namespace kring::geo

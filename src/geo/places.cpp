#include "geo/places.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "geo/mo_file.h"

namespace kring::geo {
namespace {

constexpr std::size_t kMaxAlternateChars = 40;  // longer alternate names are descriptions, not names
constexpr std::size_t kMaxTypedBytes = 200;
constexpr std::size_t kCachedTop = 20;  // suggestions kept per cached prefix (the API's maximum limit)
constexpr std::size_t kCacheRangeAbove = 1024;  // prefixes matching more name keys than this are cached
constexpr std::size_t kMaxSuffixWords = 4;      // "Utrecht The Netherlands": country names of up to 4 words

// Common names for countries that iso-codes does not carry (English and Dutch), mapped to alpha-2 codes.
constexpr std::pair<std::string_view, std::string_view> kCountryAliases[] = {
    {"holland", "NL"},
    {"uk", "GB"},
    {"great britain", "GB"},
    {"britain", "GB"},
    {"england", "GB"},
    {"scotland", "GB"},
    {"wales", "GB"},
    {"northern ireland", "GB"},
    {"engeland", "GB"},
    {"schotland", "GB"},
    {"groot brittannie", "GB"},
    {"usa", "US"},
    {"america", "US"},
    {"amerika", "US"},
    {"vs", "US"},
    {"russia", "RU"},
    {"rusland", "RU"},
    {"turkey", "TR"},
    {"turkije", "TR"},
    {"ivory coast", "CI"},
    {"ivoorkust", "CI"},
    {"vatican", "VA"},
    {"vatican city", "VA"},
    {"vaticaanstad", "VA"},
    {"cape verde", "CV"},
    {"kaapverdie", "CV"},
    {"swaziland", "SZ"},
    {"macedonia", "MK"},
    {"czech republic", "CZ"},
    {"south korea", "KR"},
    {"north korea", "KP"},
    {"burma", "MM"},
};

// Countries GeoNames uses that ISO 3166-1 does not list.
struct ExtraCountry {
  const char* code;
  const char* alpha3;
  const char* name;
  const char* name_nl;
};
constexpr ExtraCountry kExtraCountries[] = {{"XK", "XKX", "Kosovo", "Kosovo"}};

// Own names rank above alternate names (exonyms, other scripts, abbreviations) in the typeahead.
enum class KeyKind : uint8_t {
  kCityName,       // GeoNames name and ASCII name
  kCityAlternate,  // GeoNames alternate names
  kCountryName,    // English and Dutch name, common name
  kCountryAlias,   // official name, kCountryAliases
  kCountryCode2,
  kCountryCode3,
};

bool is_city(KeyKind k) { return k == KeyKind::kCityName || k == KeyKind::kCityAlternate; }
bool is_code(KeyKind k) { return k == KeyKind::kCountryCode2 || k == KeyKind::kCountryCode3; }
bool is_own_name(KeyKind k) { return k != KeyKind::kCityAlternate && k != KeyKind::kCountryAlias; }

// One folded name of a city or country, pointing into Data::key_text. Sorted by text, then kind.
struct NameKey {
  uint32_t off;
  uint16_t len;
  KeyKind kind;
  uint32_t target;  // city index for city kinds, country index otherwise
};
static_assert(sizeof(NameKey) == 12);

struct CityRec {
  uint32_t name_off;  // into Data::names
  uint32_t population;
  uint32_t geoname_id;
  uint16_t country;  // index into Data::countries
  uint8_t name_len;
  uint8_t admin1_len;
  std::array<char, 8> admin1;
};
static_assert(sizeof(CityRec) == 24);

struct CountryRec {
  Country c;
  uint64_t population = 0;  // sum over its cities, for ranking
};

// A first-level division (province, state) by one of its names or its alphabetic code.
struct RegionKey {
  std::string key;
  uint16_t country;
  std::array<char, 8> admin1;
  uint8_t admin1_len;
};

struct Region {
  uint16_t country;
  std::string_view admin1;
};

std::string read_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  ok = static_cast<bool>(in);
  if (!ok) return {};
  std::streamoff size = in.tellg();  // -1 for a folder
  ok = size >= 0;
  if (!ok) return {};
  std::string out(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  ok = static_cast<bool>(in);
  return out;
}

// Splits `line` on `sep` into at most `max` fields.
std::size_t split(std::string_view line, char sep, std::string_view* out, std::size_t max) {
  std::size_t n = 0;
  while (n < max) {
    std::size_t p = line.find(sep);
    out[n++] = line.substr(0, p);
    if (p == std::string_view::npos) break;
    line.remove_prefix(p + 1);
  }
  return n;
}

template <typename T>
bool parse_uint(std::string_view s, T& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// Typeahead rank, highest first: own name typed in full, own name started, alternate name typed in full,
// alternate name started; then population.
uint64_t packed_score(bool exact, bool own_name, uint64_t population) {
  uint64_t tier = own_name ? (exact ? 3 : 2) : (exact ? 1 : 0);
  return (tier << 62) | std::min<uint64_t>(population, (uint64_t{1} << 62) - 1);
}

// Words around a place name in what people write as their location, English and Dutch ("Greater London
// Area", "Utrecht en omstreken", "Regio Amsterdam"). Only tried when the text as typed resolves to nothing.
constexpr std::string_view kNoiseWords[] = {"greater",  "metropolitan", "metro", "area", "region", "regio",
                                            "omgeving", "omstreken",    "eo",    "city", "stad"};

// `key` without kNoiseWords (and the "en" of "en omstreken").
std::string strip_noise_words(std::string_view key) {
  std::vector<std::string_view> words;
  for (std::string_view rest = key; !rest.empty();) {
    std::size_t sp = rest.find(' ');
    words.push_back(rest.substr(0, sp));
    rest.remove_prefix(sp == std::string_view::npos ? rest.size() : sp + 1);
  }
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto noise = [](std::string_view w) {
      return std::find(std::begin(kNoiseWords), std::end(kNoiseWords), w) != std::end(kNoiseWords);
    };
    if (noise(words[i])) continue;
    if (words[i] == "en" && i + 1 < words.size() && words[i + 1] == "omstreken") continue;
    if (!out.empty()) out += ' ';
    out.append(words[i]);
  }
  return out;
}

constexpr uint32_t kCountryBit = 0x8000'0000u;  // in suggestion targets

}  // namespace

std::string place_key(std::string_view s) {
  // Most names are ASCII: skip text::fold's decoding for them (loading folds some 200k names). Written with
  // raw pointers because it dominates load time in unoptimised builds.
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string folded;
  if (!ascii) folded = text::fold(s);
  std::string_view src = ascii ? s : std::string_view(folded);
  const auto* in = reinterpret_cast<const unsigned char*>(src.data());
  const std::size_t n = src.size();
  std::string out(n, '\0');
  char* const begin = out.data();
  char* w = begin;
  bool pending_space = false;
  for (std::size_t i = 0; i < n; ++i) {
    unsigned char c = in[i];
    if (c == '\'' || c == '.' || c == '`') continue;
    if (c == 0xE2 && i + 2 < n && in[i + 1] == 0x80) {
      if (in[i + 2] == 0x98 || in[i + 2] == 0x99) {  // U+2018, U+2019 quotation marks used as apostrophes
        i += 2;
        continue;
      }
      if (in[i + 2] >= 0x90 && in[i + 2] <= 0x95) {  // U+2010..U+2015 hyphens and dashes
        i += 2;
        pending_space = w != begin;
        continue;
      }
    }
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    bool keep = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      pending_space = w != begin;
      continue;
    }
    if (pending_space) {
      *w++ = ' ';
      pending_space = false;
    }
    *w++ = static_cast<char>(c);
  }
  out.resize(static_cast<std::size_t>(w - begin));
  return out;
}

PlaceFiles default_place_files() {
  auto env = [](const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return std::string(v && *v ? v : fallback);
  };
  PlaceFiles f;
  f.geonames = env("KRING_GEONAMES_FILE", "/usr/share/libtimezonemap/ui/cities15000.txt");
  std::size_t slash = f.geonames.rfind('/');
  f.admin1 =
      (slash == std::string::npos ? std::string() : f.geonames.substr(0, slash + 1)) + "admin1Codes.txt";
  f.iso_codes_dir = env("KRING_ISO_CODES_DIR", "/usr/share/iso-codes");
  f.locale_dir = env("KRING_ISO_CODES_LOCALE_DIR", "/usr/share/locale");
  return f;
}

struct Places::Data {
  std::string names;     // city display names, back to back
  std::string key_text;  // folded name keys, back to back, each distinct key once
  std::vector<CityRec> cities;
  std::vector<CountryRec> countries;
  std::vector<NameKey> keys;                                   // sorted by (text, kind, target)
  std::vector<RegionKey> regions;                              // sorted by key
  std::unordered_map<std::string, std::vector<uint32_t>> top;  // busy prefix -> best targets (kCountryBit)
  std::vector<std::string> warnings;

  std::string_view text(const NameKey& k) const { return std::string_view(key_text).substr(k.off, k.len); }
  std::string_view name(const CityRec& c) const {
    return std::string_view(names).substr(c.name_off, c.name_len);
  }

  // Keys equal to `key`, or starting with it when `prefix`.
  std::pair<std::size_t, std::size_t> range(std::string_view key, bool prefix) const {
    auto lo = std::lower_bound(keys.begin(), keys.end(), key,
                               [&](const NameKey& k, std::string_view v) { return text(k) < v; });
    auto hi = lo;
    if (prefix) {
      // UTF-8 never contains 0xFF, so every key starting with `key` sorts before key + "\xff".
      std::string upper = std::string(key) + '\xff';
      hi = std::lower_bound(lo, keys.end(), std::string_view(upper),
                            [&](const NameKey& k, std::string_view v) { return text(k) < v; });
    } else {
      while (hi != keys.end() && text(*hi) == key) ++hi;
    }
    return {static_cast<std::size_t>(lo - keys.begin()), static_cast<std::size_t>(hi - keys.begin())};
  }

  std::optional<uint16_t> find_country(std::string_view key, bool names, bool code2, bool code3) const {
    auto [lo, hi] = range(key, false);
    for (std::size_t i = lo; i < hi; ++i) {
      KeyKind k = keys[i].kind;
      if ((names && (k == KeyKind::kCountryName || k == KeyKind::kCountryAlias)) ||
          (code2 && k == KeyKind::kCountryCode2) || (code3 && k == KeyKind::kCountryCode3)) {
        return static_cast<uint16_t>(keys[i].target);
      }
    }
    if (names && key.starts_with("the ")) return find_country(key.substr(4), true, false, false);
    return std::nullopt;
  }

  std::vector<Region> find_regions(std::string_view key, std::optional<uint16_t> country) const {
    std::vector<Region> out;
    auto lo = std::lower_bound(regions.begin(), regions.end(), key,
                               [](const RegionKey& r, std::string_view v) { return r.key < v; });
    for (auto it = lo; it != regions.end() && it->key == key; ++it) {
      if (!country || it->country == *country) {
        out.push_back({it->country, std::string_view(it->admin1.data(), it->admin1_len)});
      }
    }
    return out;
  }

  // The best city named `key`: in `country` and one of `regions` when given; own names before alternate
  // names (unless own_name_only), then population, then the lowest GeoNames id.
  std::optional<uint32_t> best_city(std::string_view key, std::optional<uint16_t> country,
                                    const std::vector<Region>& in_regions, bool own_name_only) const {
    auto [lo, hi] = range(key, false);
    std::optional<uint32_t> best;
    std::pair<uint64_t, uint32_t> best_rank{0, 0};
    for (std::size_t i = lo; i < hi; ++i) {
      const NameKey& k = keys[i];
      if (!is_city(k.kind) || (own_name_only && k.kind != KeyKind::kCityName)) continue;
      const CityRec& c = cities[k.target];
      if (country && c.country != *country) continue;
      if (!in_regions.empty()) {
        std::string_view a(c.admin1.data(), c.admin1_len);
        bool in = std::any_of(in_regions.begin(), in_regions.end(),
                              [&](const Region& r) { return r.country == c.country && r.admin1 == a; });
        if (!in) continue;
      }
      std::pair<uint64_t, uint32_t> rank{packed_score(false, is_own_name(k.kind), c.population),
                                         ~c.geoname_id};
      if (!best || rank > best_rank) {
        best = k.target;
        best_rank = rank;
      }
    }
    return best;
  }

  Place city_place(uint32_t i) const {
    const CityRec& c = cities[i];
    const Country& ctry = countries[c.country].c;
    Place p;
    p.city = std::string(name(c));
    p.admin1_code = std::string(c.admin1.data(), c.admin1_len);
    p.country_code = ctry.code;
    p.country = ctry.name;
    p.country_nl = ctry.name_nl;
    p.label = p.city + ", " + ctry.name;
    p.geoname_id = c.geoname_id;
    return p;
  }

  Place country_place(uint16_t i) const {
    const Country& ctry = countries[i].c;
    Place p;
    p.country_code = ctry.code;
    p.country = ctry.name;
    p.country_nl = ctry.name_nl;
    p.label = ctry.name;
    return p;
  }

  Place target_place(uint32_t t) const {
    return (t & kCountryBit) ? country_place(static_cast<uint16_t>(t & ~kCountryBit)) : city_place(t);
  }

  // normalize() on the comma-separated parts of the text, each a place_key.
  std::optional<Place> resolve(const std::vector<std::string>& parts) const {
    std::string whole = parts.front();
    for (std::size_t i = 1; i < parts.size(); ++i) whole += ' ' + parts[i];
    // The whole text as a country first: also catches names with commas ("Korea, Republic of").
    if (auto c = find_country(whole, true, true, false)) return country_place(*c);

    if (parts.size() == 1) {
      if (auto c = best_city(whole, std::nullopt, {}, true)) return city_place(*c);
      if (auto c = find_country(whole, false, false, true)) return country_place(*c);
      if (auto c = best_city(whole, std::nullopt, {}, false)) return city_place(*c);
      // "Munich Germany", "Utrecht NL", "Utrecht The Netherlands": a country in the last few words.
      std::string_view w(whole);
      std::size_t cut = w.size();
      for (std::size_t words = 1; words <= kMaxSuffixWords; ++words) {
        cut = w.rfind(' ', cut - 1);
        if (cut == std::string_view::npos || cut == 0) break;
        if (auto ctry = find_country(w.substr(cut + 1), true, true, true)) {
          if (auto c = best_city(w.substr(0, cut), ctry, {}, false)) return city_place(*c);
        }
      }
      return std::nullopt;
    }

    const std::string& city = parts.front();
    const std::string& last = parts.back();
    std::optional<uint16_t> ctry = find_country(last, true, true, true);
    if (ctry) {
      // "Paris, Texas, United States": the part before the country may name a region.
      if (parts.size() >= 3) {
        if (auto regions = find_regions(parts[parts.size() - 2], ctry); !regions.empty()) {
          if (auto c = best_city(city, ctry, regions, false)) return city_place(*c);
        }
      }
      if (auto c = best_city(city, ctry, {}, false)) return city_place(*c);
    }
    // "Paris, Texas", "Austin, TX", "Springfield, IL" (not Israel): the last part as a region.
    if (auto regions = find_regions(last, std::nullopt); !regions.empty()) {
      if (auto c = best_city(city, std::nullopt, regions, false)) return city_place(*c);
    }
    if (ctry) return std::nullopt;  // a named country without that city
    // The last part is neither a country nor a known region ("Den Haag, Zuid-Holland"): the city alone.
    if (auto c = best_city(city, std::nullopt, {}, true)) return city_place(*c);
    if (auto c = best_city(city, std::nullopt, {}, false)) return city_place(*c);
    return std::nullopt;
  }

  // Best distinct targets among keys [lo, hi) starting with a key of `prefix_len` bytes; cities only in
  // `allowed` countries when given (countries themselves are then left out).
  std::vector<uint32_t> rank(std::size_t lo, std::size_t hi, std::size_t prefix_len,
                             const std::vector<bool>* allowed, std::size_t limit) const {
    std::vector<std::pair<uint64_t, uint32_t>> cand;
    cand.reserve(hi - lo);
    for (std::size_t i = lo; i < hi; ++i) {
      const NameKey& k = keys[i];
      bool exact = k.len == prefix_len;
      if (is_code(k.kind) && !exact) continue;  // "n" is not a start of "nl"
      if (is_city(k.kind)) {
        const CityRec& c = cities[k.target];
        if (allowed && !(*allowed)[c.country]) continue;
        cand.emplace_back(packed_score(exact, is_own_name(k.kind), c.population), k.target);
      } else if (!allowed) {
        cand.emplace_back(packed_score(exact, is_own_name(k.kind), countries[k.target].population),
                          k.target | kCountryBit);
      }
    }
    std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    std::vector<uint32_t> out;
    for (const auto& [score, target] : cand) {
      if (out.size() >= limit) break;
      if (std::find(out.begin(), out.end(), target) == out.end()) out.push_back(target);
    }
    return out;
  }

  std::size_t bytes() const {
    std::size_t n = names.capacity() + key_text.capacity() + cities.capacity() * sizeof(CityRec) +
                    keys.capacity() * sizeof(NameKey) + countries.capacity() * sizeof(CountryRec) +
                    regions.capacity() * sizeof(RegionKey);
    for (const auto& c : countries) {
      n += c.c.name.capacity() + c.c.name_nl.capacity() + c.c.official_name.capacity();
    }
    for (const auto& r : regions) n += r.key.capacity() > 15 ? r.key.capacity() : 0;
    for (const auto& [k, v] : top) n += sizeof(k) + k.capacity() + v.capacity() * sizeof(uint32_t) + 32;
    return n;
  }
};

namespace {

// Builds Places::Data. Keys are appended as they come; finish() sorts them and stores each distinct text once.
class Builder {
 public:
  explicit Builder(Places::Data& d) : d_(d) {}

  // Appends to key_text; finish() stores each distinct key once.
  void add_key(std::string_view key, KeyKind kind, uint32_t target) {
    if (key.empty() || key.size() > UINT16_MAX) return;
    d_.keys.push_back(
        NameKey{static_cast<uint32_t>(d_.key_text.size()), static_cast<uint16_t>(key.size()), kind, target});
    d_.key_text.append(key);
  }

  Status load_countries(const PlaceFiles& files) {
    std::string path = files.iso_codes_dir + "/json/iso_3166-1.json";
    bool ok;
    std::string raw = read_file(path, ok);
    if (!ok) return Error::not_found("cannot read " + path);
    auto json = nlohmann::json::parse(raw, nullptr, false);
    if (json.is_discarded() || !json.contains("3166-1") || !json["3166-1"].is_array()) {
      return Error{ErrorCode::kInvalidArgument, path + " is not an iso-codes 3166-1 file"};
    }
    MoCatalog nl;
    std::string mo_path = files.locale_dir + "/nl/LC_MESSAGES/iso_3166-1.mo";
    if (auto mo = read_mo_file(mo_path); mo.ok()) {
      nl = std::move(*mo);
    } else {
      d_.warnings.push_back(mo.error().message + "; Dutch country names fall back to English");
    }
    auto str = [](const nlohmann::json& e, const char* field) {
      auto it = e.find(field);
      return it != e.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    for (const auto& e : json["3166-1"]) {
      if (!e.is_object()) continue;
      std::string code = str(e, "alpha_2"), name = str(e, "name"), common = str(e, "common_name");
      if (code.size() != 2 || name.empty()) continue;
      Country c;
      c.code = code;
      c.alpha3 = str(e, "alpha_3");
      c.official_name = str(e, "official_name");
      c.name = common.empty() ? name : common;
      auto tr = [&](const std::string& s) -> std::string {
        auto it = s.empty() ? nl.end() : nl.find(s);
        return it == nl.end() ? std::string() : it->second;
      };
      c.name_nl = tr(common);
      if (c.name_nl.empty()) c.name_nl = tr(name);
      if (c.name_nl.empty()) c.name_nl = c.name;
      std::vector<std::string> names{name, common, c.name_nl, tr(name)};
      std::vector<std::string> aliases{c.official_name, tr(c.official_name)};
      add_country(std::move(c), names, aliases);
    }
    for (const auto& x : kExtraCountries) {
      if (!country_index_.contains(x.code)) {
        add_country(Country{x.code, x.alpha3, x.name, x.name_nl, ""}, {x.name, x.name_nl}, {});
      }
    }
    for (const auto& [alias, code] : kCountryAliases) {
      auto it = country_index_.find(std::string(code));
      if (it != country_index_.end()) add_key(alias, KeyKind::kCountryAlias, it->second);
    }
    if (d_.countries.empty()) return Error{ErrorCode::kInvalidArgument, path + " lists no countries"};
    return {};
  }

  Status load_cities(const std::string& path) {
    bool ok;
    std::string raw = read_file(path, ok);
    if (!ok) return Error::not_found("cannot read " + path);
    std::string_view rest(raw);
    std::size_t line_no = 0, bad = 0;
    std::vector<std::string> city_keys;
    while (!rest.empty()) {
      std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      ++line_no;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) continue;
      std::string_view f[16];
      uint32_t id = 0;
      uint64_t population = 0;
      // geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, cc2, admin1..4, population
      if (split(line, '\t', f, 16) < 15 || !parse_uint(f[0], id) || f[1].empty() || f[1].size() > UINT8_MAX ||
          f[8].size() != 2 || !parse_uint(f[14], population)) {
        ++bad;
        continue;
      }
      uint16_t country = country_for(f[8]);
      uint32_t index = static_cast<uint32_t>(d_.cities.size());
      CityRec c{};
      c.name_off = static_cast<uint32_t>(d_.names.size());
      c.name_len = static_cast<uint8_t>(f[1].size());
      d_.names.append(f[1]);
      c.population = static_cast<uint32_t>(std::min<uint64_t>(population, UINT32_MAX));
      c.geoname_id = id;
      c.country = country;
      if (f[10].size() <= c.admin1.size()) {
        std::copy(f[10].begin(), f[10].end(), c.admin1.begin());
        c.admin1_len = static_cast<uint8_t>(f[10].size());
      }
      d_.cities.push_back(c);
      d_.countries[country].population += population;

      city_keys.clear();
      auto add = [&](std::string_view name, KeyKind kind) {
        std::string key = place_key(name);
        if (key.empty() || std::find(city_keys.begin(), city_keys.end(), key) != city_keys.end()) return;
        add_key(key, kind, index);
        city_keys.push_back(std::move(key));
      };
      add(f[1], KeyKind::kCityName);
      add(f[2], KeyKind::kCityName);
      std::string_view alts = f[3];
      while (!alts.empty()) {
        std::size_t comma = alts.find(',');
        std::string_view alt = alts.substr(0, comma);
        alts.remove_prefix(comma == std::string_view::npos ? alts.size() : comma + 1);
        if (!alt.empty() && text::codepoint_count(alt) <= kMaxAlternateChars)
          add(alt, KeyKind::kCityAlternate);
      }
    }
    if (d_.cities.empty()) {
      return Error{ErrorCode::kInvalidArgument, path + " holds no GeoNames rows (" + std::to_string(bad) +
                                                    " malformed of " + std::to_string(line_no) + ")"};
    }
    if (bad > 0) d_.warnings.push_back(path + ": skipped " + std::to_string(bad) + " malformed rows");
    return {};
  }

  // admin1Codes.txt: "NL.09<TAB>Utrecht<TAB>Utrecht<TAB>2745909". Optional.
  void load_regions(const std::string& path) {
    bool ok;
    std::string raw = read_file(path, ok);
    if (!ok) {
      d_.warnings.push_back("cannot read " + path + "; regions (\"Paris, Texas\") are not understood");
      return;
    }
    std::string_view rest(raw);
    while (!rest.empty()) {
      std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
      std::string_view f[4];
      if (split(line, '\t', f, 4) < 3 || f[0].size() < 4 || f[0][2] != '.') continue;
      std::string_view code = f[0].substr(3);
      auto it = country_index_.find(std::string(f[0].substr(0, 2)));
      if (it == country_index_.end() || code.size() > 8) continue;
      RegionKey r{};
      r.country = it->second;
      std::copy(code.begin(), code.end(), r.admin1.begin());
      r.admin1_len = static_cast<uint8_t>(code.size());
      std::vector<std::string> keys{place_key(f[1]), place_key(f[2])};
      // Alphabetic codes are what people write: US states ("TX"), GB nations ("ENG").
      if (std::all_of(code.begin(), code.end(), [](char c) { return (c >= 'A' && c <= 'Z'); })) {
        keys.push_back(place_key(code));
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (auto& k : keys) {
        if (k.empty()) continue;
        r.key = std::move(k);
        d_.regions.push_back(r);
      }
    }
    std::sort(d_.regions.begin(), d_.regions.end(), [](const RegionKey& a, const RegionKey& b) {
      return a.key != b.key ? a.key < b.key : a.country < b.country;
    });
  }

  void finish() {
    const char* text_base = d_.key_text.data();
    std::sort(d_.keys.begin(), d_.keys.end(), [text_base](const NameKey& a, const NameKey& b) {
      int c = std::memcmp(text_base + a.off, text_base + b.off, std::min(a.len, b.len));  // unsigned bytes
      if (c != 0) return c < 0;
      if (a.len != b.len) return a.len < b.len;
      if (a.kind != b.kind) return a.kind < b.kind;
      return a.target < b.target;
    });
    // Rewrite the key arena in key order, each distinct text once.
    std::string text;
    text.reserve(d_.key_text.size() / 2);
    std::string_view prev;
    uint32_t prev_off = 0;
    for (NameKey& k : d_.keys) {
      std::string_view t = d_.text(k);
      if (t != prev || text.empty()) {
        prev_off = static_cast<uint32_t>(text.size());
        text.append(t);
        prev = t;
      }
      k.off = prev_off;
    }
    d_.key_text = std::move(text);
    d_.key_text.shrink_to_fit();
    d_.keys.shrink_to_fit();
    d_.cities.shrink_to_fit();
    d_.names.shrink_to_fit();
    build_top();
  }

 private:
  uint16_t country_for(std::string_view code) {
    auto it = country_index_.find(std::string(code));
    if (it != country_index_.end()) return it->second;
    // A code GeoNames uses that iso-codes does not know: named by its code.
    std::string c(code);
    add_country(Country{c, "", c, c, ""}, {}, {});
    return country_index_.at(c);
  }

  void add_country(Country c, const std::vector<std::string>& names,
                   const std::vector<std::string>& aliases) {
    uint16_t index = static_cast<uint16_t>(d_.countries.size());
    country_index_.emplace(c.code, index);
    add_key(place_key(c.code), KeyKind::kCountryCode2, index);
    add_key(place_key(c.alpha3), KeyKind::kCountryCode3, index);
    std::vector<std::string> keys;
    for (const auto& n : names) keys.push_back(place_key(n));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (const auto& k : keys) add_key(k, KeyKind::kCountryName, index);
    for (const auto& n : aliases) {
      std::string k = place_key(n);
      if (!std::binary_search(keys.begin(), keys.end(), k)) add_key(k, KeyKind::kCountryAlias, index);
    }
    d_.countries.push_back(CountryRec{std::move(c), 0});
  }

  // Caches the best kCachedTop targets of every prefix matching more than kCacheRangeAbove keys, so that no
  // query ranks a large range. Keys are sorted, so the keys sharing a prefix are contiguous; only the
  // children of a large prefix can be large.
  void build_top() { build_top(0, d_.keys.size(), 0); }

  void build_top(std::size_t lo, std::size_t hi, std::size_t len) {
    if (len > 0)
      d_.top.emplace(std::string(d_.text(d_.keys[lo]).substr(0, len)),
                     d_.rank(lo, hi, len, nullptr, kCachedTop));
    for (std::size_t i = lo; i < hi;) {
      std::string_view t = d_.text(d_.keys[i]);
      if (t.size() <= len) {
        ++i;
        continue;
      }
      std::string upper = std::string(t.substr(0, len + 1)) + '\xff';
      auto end = std::lower_bound(d_.keys.begin() + i, d_.keys.begin() + hi, std::string_view(upper),
                                  [this](const NameKey& k, std::string_view v) { return d_.text(k) < v; });
      std::size_t j = static_cast<std::size_t>(end - d_.keys.begin());
      if (j - i > kCacheRangeAbove) build_top(i, j, len + 1);
      i = j;
    }
  }

  Places::Data& d_;
  std::unordered_map<std::string, uint16_t> country_index_;
};

}  // namespace

Places::Places() = default;
Places::~Places() = default;
Places::Places(Places&&) noexcept = default;
Places& Places::operator=(Places&&) noexcept = default;
Places::Places(std::unique_ptr<Data> data) : d_(std::move(data)) {}

Result<Places> Places::load(const PlaceFiles& files) {
  auto d = std::make_unique<Data>();
  Builder b(*d);
  KRING_TRY(b.load_countries(files));
  KRING_TRY(b.load_cities(files.geonames));
  if (!files.admin1.empty()) b.load_regions(files.admin1);
  b.finish();
  return Places(std::move(d));
}

std::optional<Place> Places::normalize(std::string_view typed) const {
  typed = text::trim(typed);
  if (!d_ || typed.empty() || typed.size() > kMaxTypedBytes) return std::nullopt;
  std::vector<std::string> parts;
  for (std::string_view rest = typed; !rest.empty();) {
    std::size_t comma = rest.find(',');
    std::string key = place_key(rest.substr(0, comma));
    if (!key.empty()) parts.push_back(std::move(key));
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
  }
  if (parts.empty()) return std::nullopt;
  if (auto p = d_->resolve(parts)) return p;
  // "Greater Amsterdam Area", "Rotterdam en omstreken, Nederland": without the words around the name.
  bool changed = false;
  std::vector<std::string> stripped;
  for (const auto& part : parts) {
    std::string s = strip_noise_words(part);
    changed |= s != part;
    if (!s.empty()) stripped.push_back(std::move(s));
  }
  if (!changed || stripped.empty()) return std::nullopt;
  return d_->resolve(stripped);
}

std::vector<Place> Places::suggest(std::string_view prefix, std::size_t limit) const {
  std::vector<Place> out;
  if (!d_ || limit == 0 || prefix.size() > kMaxTypedBytes) return out;
  const Data& d = *d_;
  std::string key;
  std::vector<bool> allowed;
  if (std::size_t comma = prefix.rfind(','); comma != std::string_view::npos) {
    // "utrecht, ne": cities named "utrecht..." in countries with a name or code starting with "ne".
    key = place_key(prefix.substr(0, comma));
    std::string country_key = place_key(prefix.substr(comma + 1));
    if (!country_key.empty()) {
      allowed.assign(d.countries.size(), false);
      auto [lo, hi] = d.range(country_key, true);
      bool any = false;
      for (std::size_t i = lo; i < hi; ++i) {
        const NameKey& k = d.keys[i];
        if (is_city(k.kind) || (is_code(k.kind) && k.len != country_key.size())) continue;
        allowed[k.target] = any = true;
      }
      if (!any) return out;
    }
  } else {
    key = place_key(prefix);
  }
  if (key.empty()) return out;
  std::vector<uint32_t> targets;
  auto cached = allowed.empty() && limit <= kCachedTop ? d.top.find(key) : d.top.end();
  if (cached != d.top.end()) {
    targets.assign(cached->second.begin(), cached->second.begin() + std::min(limit, cached->second.size()));
  } else {
    auto [lo, hi] = d.range(key, true);
    targets = d.rank(lo, hi, key.size(), allowed.empty() ? nullptr : &allowed, limit);
  }
  out.reserve(targets.size());
  for (uint32_t t : targets) out.push_back(d.target_place(t));
  return out;
}

std::optional<Country> Places::country(std::string_view name_or_code) const {
  if (!d_) return std::nullopt;
  std::string key = place_key(text::trim(name_or_code));
  if (key.empty()) return std::nullopt;
  auto c = d_->find_country(key, true, true, true);
  if (!c) return std::nullopt;
  return d_->countries[*c].c;
}

std::size_t Places::city_count() const { return d_ ? d_->cities.size() : 0; }
std::size_t Places::country_count() const { return d_ ? d_->countries.size() : 0; }
std::size_t Places::name_key_count() const { return d_ ? d_->keys.size() : 0; }
std::size_t Places::memory_bytes() const { return d_ ? sizeof(Data) + d_->bytes() : 0; }

const std::vector<std::string>& Places::warnings() const {
  static const std::vector<std::string> kNone;
  return d_ ? d_->warnings : kNone;
}

}  // namespace kring::geo

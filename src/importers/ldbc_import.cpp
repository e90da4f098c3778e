#include "importers/ldbc_import.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <unordered_map>
#include <utility>

#include "accounts/account_service.h"
#include "common/text.h"
#include "importers/csv_reader.h"
#include "importers/id_map.h"
#include "members/member.h"
#include "members/member_service.h"

namespace kring::importers {
namespace {

namespace fs = std::filesystem;
using Fields = std::vector<std::string>;

// ---- SQL ------------------------------------------------------------------------------------------------
// Every insert skips a row that would break a unique constraint (external_ref, handle, natural keys): that is
// what makes a re-run add nothing. Rows that already exist are then found by their external_ref.

constexpr std::string_view kInsertMember =
    "INSERT INTO members (handle, first_name, last_name, location, city, country, birthday, external_ref, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kMemberByRef = "SELECT id FROM members WHERE external_ref = ?";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (member_id, email, password_hash, created_at) VALUES (?, ?, NULL, ?) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kAccountByEmail = "SELECT member_id FROM accounts WHERE email = ?";
constexpr std::string_view kInsertConnection =
    "INSERT INTO connections (member_a, member_b, connected_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertCompany =
    "INSERT INTO companies (handle, name, country, city, external_ref, created_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kCompanyByRef = "SELECT id FROM companies WHERE external_ref = ?";
constexpr std::string_view kInsertSchool =
    "INSERT INTO schools (handle, name, country, city, external_ref, created_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kSchoolByRef = "SELECT id FROM schools WHERE external_ref = ?";
constexpr std::string_view kInsertPosition =
    "INSERT INTO positions (member_id, company_id, company_name, start_year, external_ref, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertEducation =
    "INSERT INTO education (member_id, school_id, school_name, end_year, external_ref, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertInterest =
    "INSERT INTO member_interests (member_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertPost =
    "INSERT INTO posts (author_id, text, visibility, external_ref, created_at) VALUES (?, ?, 'anyone', ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kPostByRef = "SELECT id FROM posts WHERE external_ref = ?";
constexpr std::string_view kInsertHashtag =
    "INSERT INTO post_hashtags (post_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertComment =
    "INSERT INTO comments (post_id, author_id, parent_id, text, external_ref, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id";
constexpr std::string_view kCommentByRef = "SELECT id, post_id FROM comments WHERE external_ref = ?";
constexpr std::string_view kInsertReaction =
    "INSERT INTO reactions (post_id, member_id, type, created_at) VALUES (?, ?, 'like', ?) "
    "ON CONFLICT DO NOTHING";

// ---- The layout -----------------------------------------------------------------------------------------

struct TableSpec {
  const char* folder;  // "static" or "dynamic"
  const char* name;    // file name stem: <name>_<n>_<m>.csv
  std::vector<std::string_view> header;
  const char* produces;
};

const TableSpec kPlace{"static", "place", {"id", "name", "url", "type", "isPartOf"}, "places (in memory)"};
const TableSpec kTag{"static", "tag", {"id", "name", "url", "hasType"}, "tags (in memory)"};
const TableSpec kOrganisation{
    "static", "organisation", {"id", "type", "name", "url", "place"}, "companies and schools"};
const TableSpec kPerson{"dynamic",
                        "person",
                        {"id", "firstName", "lastName", "gender", "birthday", "creationDate", "locationIP",
                         "browserUsed", "place"},
                        "members"};
const TableSpec kEmail{"dynamic", "person_email_emailaddress", {"Person.id", "email"}, "accounts"};
const TableSpec kKnows{
    "dynamic", "person_knows_person", {"Person.id", "Person.id", "creationDate"}, "connections"};
const TableSpec kWorkAt{
    "dynamic", "person_workAt_organisation", {"Person.id", "Organisation.id", "workFrom"}, "positions"};
const TableSpec kStudyAt{
    "dynamic", "person_studyAt_organisation", {"Person.id", "Organisation.id", "classYear"}, "education"};
const TableSpec kInterest{"dynamic", "person_hasInterest_tag", {"Person.id", "Tag.id"}, "member interests"};
const TableSpec kPost{"dynamic",
                      "post",
                      {"id", "imageFile", "creationDate", "locationIP", "browserUsed", "language", "content",
                       "length", "creator", "Forum.id", "place"},
                      "posts"};
const TableSpec kPostTag{"dynamic", "post_hasTag_tag", {"Post.id", "Tag.id"}, "post hashtags"};
const TableSpec kComment{"dynamic",
                         "comment",
                         {"id", "creationDate", "locationIP", "browserUsed", "content", "length", "creator",
                          "place", "replyOfPost", "replyOfComment"},
                         "comments"};
const TableSpec kLikesPost{
    "dynamic", "person_likes_post", {"Person.id", "Post.id", "creationDate"}, "reactions"};
const TableSpec kLikesComment{"dynamic",
                              "person_likes_comment",
                              {"Person.id", "Comment.id", "creationDate"},
                              "reactions on root posts"};

const std::vector<const TableSpec*> kTables = {&kPlace,   &kTag,     &kOrganisation, &kPerson,      &kEmail,
                                               &kKnows,   &kWorkAt,  &kStudyAt,      &kInterest,    &kPost,
                                               &kPostTag, &kComment, &kLikesPost,    &kLikesComment};

CsvOptions ldbc_csv_options() {
  CsvOptions o;
  o.separator = '|';
  o.quote = '\0';  // LDBC does not quote; its texts contain '"'
  o.encoding = CsvEncoding::kUtf8;
  return o;
}

// "<name>_<digits>_<digits>.csv" -> the two numbers, for ordering the parts.
std::optional<std::pair<int64_t, int64_t>> part_numbers(std::string_view file, std::string_view name) {
  if (file.size() <= name.size() + 1 || file.substr(0, name.size()) != name || file[name.size()] != '_') {
    return std::nullopt;
  }
  std::string_view rest = file.substr(name.size() + 1);
  if (rest.size() < 4 || rest.substr(rest.size() - 4) != ".csv") return std::nullopt;
  rest.remove_suffix(4);
  auto us = rest.find('_');
  if (us == std::string_view::npos || us == 0 || us + 1 == rest.size()) return std::nullopt;
  int64_t a = 0, b = 0;
  auto ra = std::from_chars(rest.data(), rest.data() + us, a);
  auto rb = std::from_chars(rest.data() + us + 1, rest.data() + rest.size(), b);
  if (ra.ec != std::errc() || ra.ptr != rest.data() + us || rb.ec != std::errc() ||
      rb.ptr != rest.data() + rest.size()) {
    return std::nullopt;
  }
  return std::make_pair(a, b);
}

struct PartFile {
  fs::path path;
  std::string label;  // shown in messages: "dynamic/person_0_0.csv"
};

// The part files of a table, in part order: in DIR/<folder>/, else in DIR/.
std::vector<PartFile> find_parts(const fs::path& dir, const TableSpec& t) {
  for (const fs::path& base : {dir / t.folder, dir}) {
    std::error_code ec;
    if (!fs::is_directory(base, ec)) continue;
    std::vector<std::pair<std::pair<int64_t, int64_t>, PartFile>> found;
    for (const auto& entry : fs::directory_iterator(base, ec)) {
      std::string file = entry.path().filename().string();
      auto nums = part_numbers(file, t.name);
      if (!nums || !entry.is_regular_file(ec)) continue;
      std::string label = base == dir ? file : std::string(t.folder) + "/" + file;
      found.push_back({*nums, PartFile{entry.path(), label}});
    }
    if (found.empty()) continue;
    std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<PartFile> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
  }
  return {};
}

std::string join(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (!out.empty()) out += '|';
    out += p;
  }
  return out;
}

// ---- Field parsing --------------------------------------------------------------------------------------

bool parse_i64(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// An LDBC id: a non-negative integer.
bool parse_id(std::string_view s, int64_t& out) { return parse_i64(s, out) && out >= 0; }

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// "YYYY-MM-DD" at the start of s.
bool parse_date_prefix(std::string_view s, int& y, int& m, int& d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return false;
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

// "Jagüey_Grande" -> "Jagüey Grande": DBpedia resource names as people write them.
std::string readable(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

struct Location {
  std::string city;
  std::string country;
};

struct Place {
  std::string name;
  std::string type;  // city, country, continent
  int64_t part_of = -1;
};

struct Organisation {
  bool company = false;
  int64_t kring_id = 0;
  std::string name;
};

struct PersonEntry {
  int64_t member = 0;
  bool email_done = false;  // the first usable email has been seen
};

struct CommentEntry {
  int64_t id = 0;
  int64_t post = 0;  // the root post
};

// Where a record came from, for messages. `file` points into Importer::parts_, which outlives every record.
struct Where {
  const std::string* file = nullptr;
  int64_t line = 0;
};

// ---- The importer ---------------------------------------------------------------------------------------

class Importer {
 public:
  Importer(store::Database& db, fs::path dir, const LdbcOptions& options)
      : db_(db), dir_(std::move(dir)), options_(options), now_(SystemClock::instance().now()) {
    if (options_.batch_rows < 1) options_.batch_rows = 1;
    report_.tables.reserve(kTables.size());  // begin_table() hands out references into it
  }

  Result<LdbcReport> run() {
    auto started = std::chrono::steady_clock::now();
    KRING_TRY(check_files());
    KRING_TRY(load_places());
    KRING_TRY(load_tags());
    KRING_TRY(import_organisations());
    KRING_TRY(import_persons());
    KRING_TRY(import_emails());
    KRING_TRY(import_knows());
    KRING_TRY(import_work_and_study(kWorkAt));
    KRING_TRY(import_work_and_study(kStudyAt));
    KRING_TRY(import_interests());
    KRING_TRY(import_posts());
    KRING_TRY(import_post_tags());
    KRING_TRY(import_comments());
    KRING_TRY(import_likes(kLikesPost));
    KRING_TRY(import_likes(kLikesComment));
    report_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(report_);
  }

 private:
  // A well-formed record waiting for its batch.
  struct Pending {
    Fields fields;
    Where where;
  };
  // A writer sees each record inside the batch's transaction. It returns "" when the row is done (added or
  // present: it counts those itself) or why the row is skipped.
  using Writer = std::function<std::string(store::WriteTx&, const Pending&, LdbcTableStats&)>;

  // Fails unless every table has at least one part file and every part starts with the expected header.
  Status check_files() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      return Error::invalid("dir", dir_.string() + " is not a folder");
    }
    for (const TableSpec* t : kTables) {
      auto parts = find_parts(dir_, *t);
      if (parts.empty()) {
        return Error::invalid("dir", "missing LDBC file " + (dir_ / t->folder).string() + "/" + t->name +
                                         "_0_0.csv (expected the Interactive v1 CsvMergeForeign layout: "
                                         "static/ and dynamic/ folders of |-separated files)");
      }
      for (const PartFile& p : parts) {
        std::ifstream in(p.path, std::ios::binary);
        if (!in) return Error::invalid("dir", "cannot open " + p.path.string());
        CsvReader reader(in, ldbc_csv_options());
        Fields header;
        auto next = reader.next(header);
        if (next == CsvReader::Next::kEnd) continue;  // an empty part holds no rows
        std::vector<std::string_view> got(header.begin(), header.end());
        if (next != CsvReader::Next::kRecord || got != t->header) {
          return Error::invalid("dir", p.label + " does not start with the header " + join(t->header) +
                                           " (got " + join(got) + "); is this the CsvMergeForeign layout?");
        }
      }
      parts_.emplace(t->name, std::move(parts));
    }
    return {};
  }

  LdbcTableStats& begin_table(const TableSpec& t) {
    LdbcTableStats st;
    st.table = t.name;
    st.produces = t.produces;
    st.files = static_cast<int64_t>(parts_.at(t.name).size());
    report_.tables.push_back(std::move(st));
    return report_.tables.back();
  }

  void end_table(const LdbcTableStats& st) {
    if (options_.on_table_done) options_.on_table_done(st);
  }

  void warn(const Where& w, const std::string& why) {
    int& shown = warnings_[*w.file];
    ++shown;
    if (!options_.on_warning) return;
    if (shown <= options_.max_warnings_per_file) {
      options_.on_warning(*w.file + ":" + std::to_string(w.line) + ": " + why);
    } else if (shown == options_.max_warnings_per_file + 1) {
      options_.on_warning(*w.file + ": more problems; they are counted but not shown");
    }
  }

  void skip(LdbcTableStats& st, const Where& w, const std::string& why) {
    ++st.skipped;
    warn(w, why + "; row skipped");
  }

  // Reads every data row of table `t`. Rows that are malformed or have the wrong number of fields are
  // skipped. Well-formed rows go to `writer` in transactions of batch_rows rows; without a writer, `reader`
  // takes them outside any transaction (static tables kept in memory).
  Status stream(const TableSpec& t, LdbcTableStats& st, const Writer& writer,
                const std::function<std::string(const Fields&)>& reader = nullptr) {
    std::vector<Pending> batch;
    batch.reserve(std::min<size_t>(static_cast<size_t>(options_.batch_rows), 1u << 16));
    for (const PartFile& part : parts_.at(t.name)) {
      std::ifstream in(part.path, std::ios::binary);
      if (!in) return Error::unavailable("cannot open " + part.path.string());
      CsvReader csv(in, ldbc_csv_options());
      Fields fields;
      if (csv.next(fields) == CsvReader::Next::kEnd) continue;  // the header (checked already)
      for (;;) {
        auto next = csv.next(fields);
        if (next == CsvReader::Next::kEnd) break;
        ++st.rows;
        Where where{&part.label, csv.line()};
        if (next == CsvReader::Next::kMalformed) {
          skip(st, where, csv.error());
          continue;
        }
        if (fields.size() != t.header.size()) {
          skip(st, where,
               "expected " + std::to_string(t.header.size()) + " fields, found " +
                   std::to_string(fields.size()));
          continue;
        }
        if (!writer) {
          std::string why = reader(fields);
          if (!why.empty()) skip(st, where, why);
          continue;
        }
        batch.push_back(Pending{std::move(fields), where});
        fields = Fields();
        if (batch.size() >= static_cast<size_t>(options_.batch_rows)) KRING_TRY(flush(batch, st, writer));
      }
      if (csv.stream_failed()) return Error::unavailable("reading " + part.path.string() + " failed");
    }
    return flush(batch, st, writer);
  }

  // Writes `batch` in one transaction. The maps and counters are updated as rows are written: when the
  // transaction fails the import stops, and a re-run finds what earlier batches wrote by external_ref.
  Status flush(std::vector<Pending>& batch, LdbcTableStats& st, const Writer& writer) {
    if (batch.empty()) return {};
    auto r = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      for (const Pending& p : batch) {
        std::string why = writer(tx, p, st);
        if (!why.empty()) skip(st, p.where, why);
      }
      return true;
    });
    batch.clear();
    if (!r.ok()) return r.error();
    return {};
  }

  Location location_of(int64_t place_id) const {
    Location loc;
    auto it = places_.find(place_id);
    if (it == places_.end()) return loc;
    if (it->second.type == "city") {
      loc.city = it->second.name;
      auto parent = places_.find(it->second.part_of);
      if (parent != places_.end() && parent->second.type == "country") loc.country = parent->second.name;
    } else if (it->second.type == "country") {
      loc.country = it->second.name;
    }
    return loc;
  }

  // ---- static tables --------------------------------------------------------------------------------------

  Status load_places() {
    LdbcTableStats& st = begin_table(kPlace);
    KRING_TRY(stream(kPlace, st, nullptr, [&](const Fields& f) -> std::string {
      int64_t id = 0, part_of = -1;
      if (!parse_id(f[0], id)) return "place id '" + f[0] + "' is not an id";
      if (!f[4].empty() && !parse_id(f[4], part_of)) return "isPartOf '" + f[4] + "' is not an id";
      places_[id] = Place{f[1], f[3], part_of};
      ++st.added;
      return {};
    }));
    end_table(st);
    return {};
  }

  Status load_tags() {
    LdbcTableStats& st = begin_table(kTag);
    KRING_TRY(stream(kTag, st, nullptr, [&](const Fields& f) -> std::string {
      int64_t id = 0;
      if (!parse_id(f[0], id)) return "tag id '" + f[0] + "' is not an id";
      if (f[1].empty()) return "tag " + f[0] + " has no name";
      tags_[id] = f[1];
      ++st.added;
      return {};
    }));
    end_table(st);
    return {};
  }

  Status import_organisations() {
    LdbcTableStats& st = begin_table(kOrganisation);
    KRING_TRY(stream(
        kOrganisation, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
          const Fields& f = p.fields;
          int64_t id = 0, place = 0;
          if (!parse_id(f[0], id)) return "organisation id '" + f[0] + "' is not an id";
          const bool company = f[1] == "company";
          if (!company && f[1] != "university")
            return "organisation type '" + f[1] + "' is neither company nor university";
          if (f[2].empty() || text::has_control_chars(f[2], false))
            return "organisation " + f[0] + " has no usable name";
          if (!parse_id(f[4], place)) return "place '" + f[4] + "' is not an id";
          if (!places_.count(place))
            warn(p.where, "place " + f[4] + " is unknown; imported without a location");
          Location loc = location_of(place);
          if (company) loc.city.clear();  // a company is located in a country
          const std::string ref = "ldbc:organisation:" + f[0];
          const std::string handle = (company ? "o" : "s") + f[0];
          auto row = tx.query_one(company ? kInsertCompany : kInsertSchool,
                                  {handle, f[2], loc.country, loc.city, ref, now_});
          if (row) {
            // Running nodes list the new page in company or school search and typeahead.
            tx.log(company ? "company.created" : "school.created", row->i64(0),
                   nlohmann::json{{"id", row->i64(0)}, {"handle", handle}, {"name", f[2]}, {"country", loc.country},
                                  {"city", loc.city}}
                       .dump());
            ++s.added;
            ++(company ? report_.companies : report_.schools);
          } else {
            row = tx.query_one(company ? kCompanyByRef : kSchoolByRef, {ref});
            if (!row)
              return "the handle " + handle + " is taken by another " + (company ? "company" : "school");
            ++s.present;
          }
          orgs_[id] = Organisation{company, row->i64(0), f[2]};
          return {};
        }));
    end_table(st);
    return {};
  }

  // ---- persons and their edges ----------------------------------------------------------------------------

  Status import_persons() {
    LdbcTableStats& st = begin_table(kPerson);
    KRING_TRY(
        stream(kPerson, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
          const Fields& f = p.fields;
          int64_t id = 0, place = 0;
          if (!parse_id(f[0], id)) return "person id '" + f[0] + "' is not an id";
          if (Status v = members::validate_name("firstName", f[1]); !v.ok()) return v.error().message;
          if (Status v = members::validate_name("lastName", f[2]); !v.ok()) return v.error().message;
          if (!is_ldbc_date(f[4])) return "birthday '" + f[4] + "' is not a date like 1987-09-18";
          auto created = parse_ldbc_timestamp(f[5]);
          if (!created) return "creationDate '" + f[5] + "' is not a timestamp";
          if (!parse_id(f[8], place)) return "place '" + f[8] + "' is not an id";
          if (!places_.count(place)) warn(p.where, "place " + f[8] + " is unknown; the member has no city");
          Location loc = location_of(place);
          std::string location = readable(loc.city);
          if (!loc.country.empty()) location += (location.empty() ? "" : ", ") + readable(loc.country);
          if (text::codepoint_count(location) > members::kMaxLocationLength) location = readable(loc.country);
          const std::string ref = "ldbc:person:" + f[0];
          members::Member m{0, "p" + f[0], f[1], f[2], "", "", location, *created, *created};
          auto row = tx.query_one(kInsertMember, {m.handle, m.first_name, m.last_name, m.location, loc.city,
                                                  loc.country, f[4], ref, m.created_at, m.updated_at});
          if (row) {
            m.id = row->i64(0);
            tx.log("member.created", m.id, members::to_change_payload(m));
            ++s.added;
            ++report_.members;
          } else {
            row = tx.query_one(kMemberByRef, {ref});
            if (!row) return "the handle " + m.handle + " is taken by another member";
            m.id = row->i64(0);
            ++s.present;
          }
          persons_.put(id, PersonEntry{m.id, false});
          return {};
        }));
    end_table(st);
    return {};
  }

  std::string person(std::string_view s, int64_t& member) {
    int64_t id = 0;
    if (!parse_id(s, id)) return "person id '" + std::string(s) + "' is not an id";
    const PersonEntry* p = persons_.find(id);
    if (!p) return "person " + std::string(s) + " is not imported";
    member = p->member;
    return {};
  }

  Status import_emails() {
    LdbcTableStats& st = begin_table(kEmail);
    KRING_TRY(stream(kEmail, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      const Fields& f = p.fields;
      int64_t id = 0;
      if (!parse_id(f[0], id)) return "person id '" + f[0] + "' is not an id";
      PersonEntry* person = persons_.find(id);
      if (!person) return "person " + f[0] + " is not imported";
      if (person->email_done) {
        ++s.unused;  // only the first email becomes the log-in email
        return {};
      }
      auto email = accounts::normalize_email(f[1]);
      if (!email.ok()) return "'" + f[1] + "' is not an email address";
      person->email_done = true;
      if (tx.exec(kInsertAccount, {person->member, *email, now_}) == 1) {
        ++s.added;
        ++report_.accounts;
        return {};
      }
      auto owner = tx.query_one(kAccountByEmail, {*email});
      if (owner && owner->i64(0) != person->member)
        return "the email " + *email + " belongs to another member";
      ++s.present;
      return {};
    }));
    end_table(st);
    return {};
  }

  Status import_knows() {
    LdbcTableStats& st = begin_table(kKnows);
    KRING_TRY(stream(kKnows, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      const Fields& f = p.fields;
      int64_t a = 0, b = 0;
      if (std::string why = person(f[0], a); !why.empty()) return why;
      if (std::string why = person(f[1], b); !why.empty()) return why;
      if (a == b) return "a person cannot know themselves";
      auto at = parse_ldbc_timestamp(f[2]);
      if (!at) return "creationDate '" + f[2] + "' is not a timestamp";
      if (a > b) std::swap(a, b);
      if (tx.exec(kInsertConnection, {a, b, *at}) == 1) {
        tx.log("connection.created", a,
               "{\"a\":" + std::to_string(a) + ",\"b\":" + std::to_string(b) +
                   ",\"at\":" + std::to_string(*at) + "}");
        ++s.added;
        ++report_.connections;
      } else {
        ++s.present;
      }
      return {};
    }));
    end_table(st);
    return {};
  }

  Status import_work_and_study(const TableSpec& t) {
    const bool work = &t == &kWorkAt;
    LdbcTableStats& st = begin_table(t);
    KRING_TRY(stream(t, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      const Fields& f = p.fields;
      int64_t member = 0, org_id = 0, year = 0;
      if (std::string why = person(f[0], member); !why.empty()) return why;
      if (!parse_id(f[1], org_id)) return "organisation id '" + f[1] + "' is not an id";
      auto org = orgs_.find(org_id);
      if (org == orgs_.end()) return "organisation " + f[1] + " is not imported";
      if (org->second.company != work) {
        return "organisation " + f[1] + (work ? " is not a company" : " is not a university");
      }
      if (!parse_i64(f[2], year) || year < 1000 || year > 9999) {
        return std::string(work ? "workFrom" : "classYear") + " '" + f[2] + "' is not a year";
      }
      const std::string ref = std::string(work ? "ldbc:work:" : "ldbc:study:") + f[0] + ":" + f[1];
      if (tx.exec(work ? kInsertPosition : kInsertEducation,
                  {member, org->second.kring_id, org->second.name, year, ref, now_}) == 1) {
        // Indexes that show or search profile sections follow this (the profile cache, people search).
        tx.log("profile.updated", member,
               nlohmann::json{{"member", member}, {"section", work ? "positions" : "education"}}.dump());
        ++s.added;
        ++(work ? report_.positions : report_.education);
      } else {
        ++s.present;
      }
      return {};
    }));
    end_table(st);
    return {};
  }

  std::string tag(std::string_view s, const std::string*& name) {
    int64_t id = 0;
    if (!parse_id(s, id)) return "tag id '" + std::string(s) + "' is not an id";
    auto it = tags_.find(id);
    if (it == tags_.end()) return "tag " + std::string(s) + " is not in the tag table";
    name = &it->second;
    return {};
  }

  Status import_interests() {
    LdbcTableStats& st = begin_table(kInterest);
    KRING_TRY(
        stream(kInterest, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
          const Fields& f = p.fields;
          int64_t member = 0;
          const std::string* name = nullptr;
          if (std::string why = person(f[0], member); !why.empty()) return why;
          if (std::string why = tag(f[1], name); !why.empty()) return why;
          if (tx.exec(kInsertInterest, {member, *name}) == 1) {
            ++s.added;
            ++report_.interests;
          } else {
            ++s.present;
          }
          return {};
        }));
    end_table(st);
    return {};
  }

  // ---- content --------------------------------------------------------------------------------------------

  Status import_posts() {
    LdbcTableStats& st = begin_table(kPost);
    KRING_TRY(stream(kPost, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      const Fields& f = p.fields;
      int64_t id = 0, author = 0;
      if (!parse_id(f[0], id)) return "post id '" + f[0] + "' is not an id";
      auto created = parse_ldbc_timestamp(f[2]);
      if (!created) return "creationDate '" + f[2] + "' is not a timestamp";
      if (std::string why = person(f[8], author); !why.empty()) return why;
      const std::string& body = f[6].empty() ? f[1] : f[6];
      if (body.empty()) return "the post has neither content nor imageFile";
      const std::string ref = "ldbc:post:" + f[0];
      auto row = tx.query_one(kInsertPost, {author, body, ref, *created});
      if (row) {
        ++s.added;
        ++report_.posts;
      } else {
        row = tx.query_one(kPostByRef, {ref});
        if (!row) return "post " + f[0] + " could not be written";
        ++s.present;
      }
      posts_.put(id, row->i64(0));
      return {};
    }));
    end_table(st);
    return {};
  }

  std::string post(std::string_view s, int64_t& out) {
    int64_t id = 0;
    if (!parse_id(s, id)) return "post id '" + std::string(s) + "' is not an id";
    const int64_t* p = posts_.find(id);
    if (!p) return "post " + std::string(s) + " is not imported";
    out = *p;
    return {};
  }

  Status import_post_tags() {
    LdbcTableStats& st = begin_table(kPostTag);
    KRING_TRY(
        stream(kPostTag, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
          const Fields& f = p.fields;
          int64_t post_id = 0;
          const std::string* name = nullptr;
          if (std::string why = post(f[0], post_id); !why.empty()) return why;
          if (std::string why = tag(f[1], name); !why.empty()) return why;
          if (tx.exec(kInsertHashtag, {post_id, *name}) == 1) {
            ++s.added;
            ++report_.hashtags;
          } else {
            ++s.present;  // already there, or a second tag of the same name
          }
          return {};
        }));
    end_table(st);
    return {};
  }

  // A comment answers a post (replyOfPost) or a comment (replyOfComment). Replies attach to the root post and
  // keep their parent. A reply whose parent has not been written yet (it comes later in the files) is parked
  // and written in a later pass; what a pass cannot resolve at all is skipped.
  Status import_comments() {
    LdbcTableStats& st = begin_table(kComment);
    std::vector<Pending> parked;
    Writer writer = [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      bool park = false;
      std::string why = write_comment(tx, p.fields, s, park);
      if (park) parked.push_back(p);
      return why;
    };
    KRING_TRY(stream(kComment, st, writer));
    while (!parked.empty()) {
      std::vector<Pending> rows;
      rows.swap(parked);
      const size_t before = rows.size();
      std::vector<Pending> batch;
      for (Pending& p : rows) {
        batch.push_back(std::move(p));
        if (batch.size() >= static_cast<size_t>(options_.batch_rows)) KRING_TRY(flush(batch, st, writer));
      }
      KRING_TRY(flush(batch, st, writer));
      if (parked.size() == before) {  // no progress: the parents are not in the data
        for (const Pending& p : parked) {
          skip(st, p.where, "it replies to comment " + p.fields[9] + ", which is not imported");
        }
        parked.clear();
      }
    }
    end_table(st);
    return {};
  }

  // Writes one comment; sets `park` (and writes nothing) when it replies to a comment not written yet.
  std::string write_comment(store::WriteTx& tx, const Fields& f, LdbcTableStats& s, bool& park) {
    int64_t id = 0, author = 0, post_id = 0;
    std::optional<int64_t> parent;
    if (!parse_id(f[0], id)) return "comment id '" + f[0] + "' is not an id";
    auto created = parse_ldbc_timestamp(f[1]);
    if (!created) return "creationDate '" + f[1] + "' is not a timestamp";
    if (std::string why = person(f[6], author); !why.empty()) return why;
    if (f[8].empty() == f[9].empty()) return "a comment needs exactly one of replyOfPost and replyOfComment";
    if (!f[8].empty()) {
      if (std::string why = post(f[8], post_id); !why.empty()) return why;
    } else {
      int64_t parent_id = 0;
      if (!parse_id(f[9], parent_id)) return "replyOfComment '" + f[9] + "' is not an id";
      const CommentEntry* c = comments_.find(parent_id);
      if (!c) {
        park = true;
        return {};
      }
      parent = c->id;
      post_id = c->post;
    }
    const std::string ref = "ldbc:comment:" + f[0];
    auto row = tx.query_one(kInsertComment, {post_id, author, parent, f[4], ref, *created});
    if (row) {
      ++s.added;
      ++report_.comments;
      comments_.put(id, CommentEntry{row->i64(0), post_id});
    } else {
      row = tx.query_one(kCommentByRef, {ref});
      if (!row) return "comment " + f[0] + " could not be written";
      ++s.present;
      comments_.put(id, CommentEntry{row->i64(0), row->i64(1)});
    }
    return {};
  }

  Status import_likes(const TableSpec& t) {
    const bool on_comment = &t == &kLikesComment;
    LdbcTableStats& st = begin_table(t);
    KRING_TRY(stream(t, st, [&](store::WriteTx& tx, const Pending& p, LdbcTableStats& s) -> std::string {
      const Fields& f = p.fields;
      int64_t member = 0, post_id = 0;
      if (std::string why = person(f[0], member); !why.empty()) return why;
      if (on_comment) {
        int64_t comment = 0;
        if (!parse_id(f[1], comment)) return "comment id '" + f[1] + "' is not an id";
        const CommentEntry* c = comments_.find(comment);
        if (!c) return "comment " + f[1] + " is not imported";
        post_id = c->post;
      } else if (std::string why = post(f[1], post_id); !why.empty()) {
        return why;
      }
      auto at = parse_ldbc_timestamp(f[2]);
      if (!at) return "creationDate '" + f[2] + "' is not a timestamp";
      if (tx.exec(kInsertReaction, {post_id, member, *at}) == 1) {
        ++s.added;
        ++report_.reactions;
      } else {
        ++s.present;  // the member already reacts to that post
      }
      return {};
    }));
    end_table(st);
    return {};
  }

  store::Database& db_;
  const fs::path dir_;
  LdbcOptions options_;
  const Micros now_;
  LdbcReport report_;
  std::map<std::string, std::vector<PartFile>, std::less<>> parts_;
  std::unordered_map<std::string, int> warnings_;
  std::unordered_map<int64_t, Place> places_;
  std::unordered_map<int64_t, std::string> tags_;
  std::unordered_map<int64_t, Organisation> orgs_;
  IdMap<PersonEntry> persons_;
  IdMap<int64_t> posts_;
  IdMap<CommentEntry> comments_;
};

}  // namespace

int64_t LdbcReport::skipped() const {
  int64_t n = 0;
  for (const LdbcTableStats& t : tables) n += t.skipped;
  return n;
}

const LdbcTableStats* LdbcReport::table(std::string_view name) const {
  for (const LdbcTableStats& t : tables) {
    if (t.table == name) return &t;
  }
  return nullptr;
}

std::string format_ldbc_report(const LdbcReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line, "%-28s %5s %9s %9s %9s %8s %8s  %s\n", "table", "files", "rows", "added",
                "present", "unused", "skipped", "produces");
  out += line;
  for (const LdbcTableStats& t : r.tables) {
    std::snprintf(line, sizeof line, "%-28s %5lld %9lld %9lld %9lld %8lld %8lld  %s\n", t.table.c_str(),
                  static_cast<long long>(t.files), static_cast<long long>(t.rows),
                  static_cast<long long>(t.added), static_cast<long long>(t.present),
                  static_cast<long long>(t.unused), static_cast<long long>(t.skipped), t.produces.c_str());
    out += line;
  }
  auto n = [](int64_t v) { return std::to_string(v); };
  out += "added: " + n(r.members) + " members, " + n(r.accounts) + " accounts, " + n(r.connections) +
         " connections, " + n(r.companies) + " companies, " + n(r.schools) + " schools, " + n(r.positions) +
         " positions, " + n(r.education) + " education, " + n(r.interests) + " interests, " + n(r.posts) +
         " posts, " + n(r.hashtags) + " hashtags, " + n(r.comments) + " comments, " + n(r.reactions) +
         " reactions\n";
  std::snprintf(line, sizeof line, "skipped rows: %lld; took %.1f s\n", static_cast<long long>(r.skipped()),
                r.seconds);
  out += line;
  return out;
}

std::optional<Micros> parse_ldbc_timestamp(std::string_view s) {
  if (!s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t millis = 0;
    if (!parse_i64(s, millis) || millis > INT64_MAX / 1000) return std::nullopt;
    return millis * 1000;
  }
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!parse_date_prefix(s, y, mo, d)) return std::nullopt;
  if (s.size() < 19 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' || s[16] != ':') return std::nullopt;
  if (!digits(s, 11, 2, h) || !digits(s, 14, 2, mi) || !digits(s, 17, 2, sec)) return std::nullopt;
  if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
  size_t i = 19;
  int64_t micros = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    int64_t scale = 100000;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      micros += (s[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  int64_t offset_minutes = 0;
  if (i < s.size()) {
    if (s[i] == 'Z' && i + 1 == s.size()) {
      ++i;
    } else if (s[i] == '+' || s[i] == '-') {
      int oh = 0, om = 0;
      const int sign = s[i] == '-' ? -1 : 1;
      std::string_view zone = s.substr(i + 1);
      if (zone.size() == 4 && digits(zone, 0, 2, oh) && digits(zone, 2, 2, om)) {
      } else if (zone.size() == 5 && zone[2] == ':' && digits(zone, 0, 2, oh) && digits(zone, 3, 2, om)) {
      } else if (zone.size() == 2 && digits(zone, 0, 2, oh)) {
      } else {
        return std::nullopt;
      }
      if (oh > 23 || om > 59) return std::nullopt;
      offset_minutes = sign * (oh * 60 + om);
      i = s.size();
    } else {
      return std::nullopt;
    }
  }
  if (i != s.size()) return std::nullopt;
  int64_t seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - offset_minutes * 60;
  return seconds * kMicrosPerSecond + micros;
}

bool is_ldbc_date(std::string_view s) {
  int y = 0, m = 0, d = 0;
  return s.size() == 10 && parse_date_prefix(s, y, m, d);
}

Result<LdbcReport> import_ldbc(store::Database& db, const std::filesystem::path& dir,
                               const LdbcOptions& options) {
  Importer importer(db, dir, options);
  return importer.run();
}

}  // namespace kring::importers

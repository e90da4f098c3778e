#include "importers/linkedin_import.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <unordered_map>

#include "accounts/account_service.h"
#include "common/text.h"
#include "importers/csv_reader.h"
#include "importers/profile_import.h"
#include "members/member_service.h"

namespace kring::importers {
namespace {

using profiles::MemberId;
using profiles::YearMonth;
using Fields = std::vector<std::string>;

constexpr std::string_view kMemberExists = "SELECT 1 FROM members WHERE id = ?";
constexpr std::string_view kMembersByLinkedInUrl = "SELECT id FROM members WHERE linkedin_url = ?";
constexpr std::string_view kInsertKnownContact =
    "INSERT INTO known_contacts (member_id, contact_id, source, created_at) VALUES (?, ?, 'linkedin', ?) "
    "ON CONFLICT DO NOTHING";
// Emails are matched in batches: "SELECT member_id, email FROM accounts WHERE email IN (?, ?, ...)".
constexpr std::string_view kAccountsByEmailPrefix = "SELECT member_id, email FROM accounts WHERE email IN (";
constexpr size_t kEmailBatch = 200;

// Records before the header that may be skipped (Connections.csv has a "Notes:" block of a few lines).
constexpr int kMaxPreambleRecords = 30;
constexpr size_t kMaxRecordBytes = 1u << 20;
constexpr size_t kMaxLanguageName = 60;
// Unusable rows read from one file before the rest of it is left out.
constexpr size_t kMaxSkipsPerFile = 1000;

// ---- dates ----------------------------------------------------------------------------------------------

struct MonthName {
  const char* name;
  int month;
};
// Folded (lower-case, no diacritics) month names and abbreviations: English, Dutch, German, French.
constexpr MonthName kMonths[] = {
    {"jan", 1},       {"january", 1},   {"januari", 1},   {"januar", 1},    {"janv", 1},     {"janvier", 1},
    {"feb", 2},       {"february", 2},  {"februari", 2},  {"februar", 2},   {"fev", 2},      {"fevr", 2},
    {"fevrier", 2},   {"mar", 3},       {"march", 3},     {"mrt", 3},       {"maart", 3},    {"marz", 3},
    {"maerz", 3},     {"mars", 3},      {"apr", 4},       {"april", 4},     {"avr", 4},      {"avril", 4},
    {"may", 5},       {"mei", 5},       {"mai", 5},       {"jun", 6},       {"june", 6},     {"juni", 6},
    {"juin", 6},      {"jul", 7},       {"july", 7},      {"juli", 7},      {"juil", 7},     {"juillet", 7},
    {"aug", 8},       {"august", 8},    {"augustus", 8},  {"aout", 8},      {"sep", 9},      {"sept", 9},
    {"september", 9}, {"septembre", 9}, {"oct", 10},      {"okt", 10},      {"october", 10}, {"oktober", 10},
    {"octobre", 10},  {"nov", 11},      {"november", 11}, {"novembre", 11}, {"dec", 12},     {"december", 12},
    {"dez", 12},      {"dezember", 12}, {"decembre", 12}};

std::optional<int> month_from_name(std::string_view word) {
  for (const MonthName& m : kMonths) {
    if (word == m.name) return m.month;
  }
  return std::nullopt;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::optional<YearMonth> year_month(int year, std::optional<int> month) {
  if (year < 1900 || year > 2100) return std::nullopt;
  if (month && (*month < 1 || *month > 12)) return std::nullopt;
  return YearMonth{year, month};
}

// ---- columns --------------------------------------------------------------------------------------------

std::string key(std::string_view header_field) { return text::fold(text::trim(header_field)); }

// Header names (folded) that make a file of each kind; checked in this order.
struct Signature {
  LinkedInFile kind;
  std::vector<const char*> required;
};
const std::vector<Signature>& signatures() {
  static const std::vector<Signature> s = {
      {LinkedInFile::kConnections, {"first name", "last name", "connected on"}},
      {LinkedInFile::kProfile, {"first name", "last name", "headline"}},
      {LinkedInFile::kPositions, {"company name", "title", "started on"}},
      {LinkedInFile::kEducation, {"school name"}},
      {LinkedInFile::kCertifications, {"name", "authority"}},
      {LinkedInFile::kLanguages, {"name", "proficiency"}},
  };
  return s;
}

// A data row with its header: values by column name, trimmed; "" for a column the file does not have.
class RowView {
 public:
  RowView(const std::unordered_map<std::string, size_t>& columns, const Fields& fields)
      : columns_(columns), fields_(fields) {}
  std::string operator[](std::string_view name) const {
    auto it = columns_.find(std::string(name));
    if (it == columns_.end() || it->second >= fields_.size()) return "";
    return std::string(text::trim(fields_[it->second]));
  }
  bool has(std::string_view name) const { return columns_.count(std::string(name)) > 0; }

 private:
  const std::unordered_map<std::string, size_t>& columns_;
  const Fields& fields_;
};

// Builds an export from the files of an archive.
class ExportReader {
 public:
  explicit ExportReader(LinkedInExport& out) : out_(out) {}

  // Counts a skipped row and lists it while the list is short; `always` lists it anyway (the one note per
  // file that its rest was left out).
  void skip(const std::string& file, int64_t line, std::string reason, bool always = false) {
    ++out_.skipped_total;
    ++file_skips_;
    if (always || out_.skipped.size() < kMaxReportedSkips)
      out_.skipped.push_back({file, line, std::move(reason)});
  }

  Status read_file(const std::string& name, std::istream& in) {
    CsvOptions options;
    options.encoding = CsvEncoding::kUtf8OrLatin1;
    options.max_record_bytes = kMaxRecordBytes;
    CsvReader reader(in, options);
    Fields fields;
    LinkedInFile kind = LinkedInFile::kUnknown;
    for (int seen = 0; kind == LinkedInFile::kUnknown; ++seen) {
      if (seen >= kMaxPreambleRecords) return {};  // no header we know: not a file we read
      CsvReader::Next n = reader.next(fields);
      if (n == CsvReader::Next::kEnd) return {};
      if (n == CsvReader::Next::kRecord) kind = classify_linkedin_header(fields);
    }
    out_.files.emplace_back(name, kind);
    const size_t width = fields.size();
    std::unordered_map<std::string, size_t> columns;
    for (size_t i = 0; i < fields.size(); ++i) columns.emplace(key(fields[i]), i);
    bool first_profile_row = true;
    file_skips_ = 0;
    for (;;) {
      CsvReader::Next n = reader.next(fields);
      if (n == CsvReader::Next::kEnd) return {};
      const int64_t line = reader.line();
      // Work per file is bounded: a section that is full, or too many unusable rows, ends the reading (what
      // is left is still decompressed, and counted against the limits, by drain()).
      if (std::string why = full(kind); !why.empty()) {
        skip(name, line, why + "; the rest of the file is left out", true);
        break;
      }
      if (file_skips_ >= kMaxSkipsPerFile) {
        skip(name, line,
             "more than " + std::to_string(kMaxSkipsPerFile) +
                 " unusable rows; the rest of the file is left out",
             true);
        break;
      }
      if (n == CsvReader::Next::kMalformed) {
        skip(name, line, reader.error());
        continue;
      }
      if (fields.size() != width) {
        skip(name, line,
             "the row has " + std::to_string(fields.size()) + " fields; the header has " +
                 std::to_string(width));
        continue;
      }
      RowView row(columns, fields);
      const RowRef ref{name, line};
      switch (kind) {
        case LinkedInFile::kProfile:
          if (!first_profile_row) {
            skip(name, line, "a profile file holds one row; this one is ignored");
            break;
          }
          first_profile_row = false;
          profile(row, ref);
          break;
        case LinkedInFile::kPositions:
          position(row, ref);
          break;
        case LinkedInFile::kEducation:
          education(row, ref);
          break;
        case LinkedInFile::kSkills:
          skill(row, ref);
          break;
        case LinkedInFile::kLanguages:
          language(row, ref);
          break;
        case LinkedInFile::kCertifications:
          certification(row, ref);
          break;
        case LinkedInFile::kConnections:
          connection(row, ref);
          break;
        case LinkedInFile::kUnknown:
          break;
      }
    }
    drain(in);
    return {};
  }

 private:
  // Why a section takes no more rows (it holds what a profile can), or "".
  std::string full(LinkedInFile kind) const {
    auto at_most = [](size_t have, size_t max, const char* what) {
      return have < max ? std::string() : "the profile holds at most " + std::to_string(max) + " " + what;
    };
    const auto& d = out_.draft;
    switch (kind) {
      case LinkedInFile::kPositions:
        return at_most(d.positions.size(), profiles::kMaxPositions, "positions");
      case LinkedInFile::kEducation:
        return at_most(d.education.size(), profiles::kMaxEducation, "education entries");
      case LinkedInFile::kSkills:
        return at_most(d.skills.size(), profiles::kMaxSkills, "skills");
      case LinkedInFile::kLanguages:
        return at_most(d.languages.size(), profiles::kMaxLanguages, "languages");
      case LinkedInFile::kCertifications:
        return at_most(d.certifications.size(), profiles::kMaxCertifications, "certifications");
      case LinkedInFile::kConnections:
        return out_.connections.size() < kMaxLinkedInConnections
                   ? std::string()
                   : "more than " + std::to_string(kMaxLinkedInConnections) + " connections";
      case LinkedInFile::kProfile:
      case LinkedInFile::kUnknown:
        break;
    }
    return "";
  }

  // Reads what is left of an entry, so that its size is checked (a bomb hides past the rows that are used).
  static void drain(std::istream& in) {
    std::array<char, 1 << 16> buf;
    while (in.read(buf.data(), buf.size()) || in.gcount() > 0) {
    }
  }

  // Parses an optional date column: nullopt in `out` for an empty one; false (with a skip) for a bad one.
  bool date(const RowView& row, const RowRef& ref, const char* column, const char* label,
            std::optional<YearMonth>& out) {
    std::string v = row[column];
    out.reset();
    if (v.empty()) return true;
    out = parse_linkedin_date(v);
    if (!out) {
      skip(ref.file, ref.line, std::string(label) + " is not a date: \"" + truncate_codepoints(v, 40) + "\"");
      return false;
    }
    return true;
  }

  bool required(const RowView& row, const RowRef& ref, const char* column, const char* label,
                std::string& out) {
    out = row[column];
    if (out.empty()) {
      skip(ref.file, ref.line, std::string(label) + " is empty");
      return false;
    }
    return true;
  }

  void profile(const RowView& row, const RowRef& ref) {
    auto& d = out_.draft;
    auto take = [&](const char* column, std::optional<std::string>& field, const Status& check) {
      std::string v = row[column];
      if (v.empty()) return;
      if (!check.ok()) {
        skip(ref.file, ref.line, check.error().message);
        return;
      }
      field = v;
      out_.profile = true;
    };
    std::string first = row["first name"], last = row["last name"];
    take("first name", d.first_name, members::validate_name("first_name", first));
    take("last name", d.last_name, members::validate_name("last_name", last));
    take("headline", d.headline,
         members::validate_text("headline", row["headline"], members::kMaxHeadlineLength, false));
    take("summary", d.about,
         members::validate_text("summary", row["summary"], members::kMaxAboutLength, true));
    take("industry", d.industry, members::validate_text("industry", row["industry"], 100, false));
    take("geo location", d.location,
         members::validate_text("geo location", row["geo location"], members::kMaxLocationLength, false));
    for (const char* column : {"public profile url", "profile url", "linkedin url", "url"}) {
      std::string url = normalize_linkedin_url(row[column]);
      if (!url.empty()) {
        out_.own_url = url;
        out_.profile = true;
        break;
      }
    }
  }

  void position(const RowView& row, const RowRef& ref) {
    profiles::Position p;
    if (!required(row, ref, "company name", "Company Name", p.company.name)) return;
    if (!required(row, ref, "title", "Title", p.title)) return;
    if (row["started on"].empty()) return skip(ref.file, ref.line, "Started On is empty");
    if (!date(row, ref, "started on", "Started On", p.start)) return;
    if (!date(row, ref, "finished on", "Finished On", p.end)) return;
    p.location = row["location"];
    p.description = row["description"];
    if (Status st = profiles::ProfileService::validate(p, "position"); !st.ok()) {
      return skip(ref.file, ref.line, st.error().message);
    }
    out_.draft.positions.push_back(std::move(p));
    out_.position_rows.push_back(ref);
  }

  void education(const RowView& row, const RowRef& ref) {
    profiles::Education e;
    if (!required(row, ref, "school name", "School Name", e.school.name)) return;
    std::optional<YearMonth> start, end;
    if (!date(row, ref, "start date", "Start Date", start)) return;
    if (!date(row, ref, "end date", "End Date", end)) return;
    if (start) e.start_year = start->year;
    if (end) e.end_year = end->year;
    e.degree = row["degree name"];
    // Kring keeps one text for an education entry: LinkedIn's activities, then its notes.
    std::string activities = row["activities"], notes = row["notes"];
    std::string text = activities.empty() ? notes : notes.empty() ? activities : activities + "\n\n" + notes;
    e.activities =
        text::is_valid_utf8(text) ? truncate_codepoints(text, profiles::kMaxDescriptionLength) : text;
    if (Status st = profiles::ProfileService::validate(e, "education"); !st.ok()) {
      return skip(ref.file, ref.line, st.error().message);
    }
    out_.draft.education.push_back(std::move(e));
    out_.education_rows.push_back(ref);
  }

  void skill(const RowView& row, const RowRef& ref) {
    std::string name;
    if (!required(row, ref, "name", "Name", name)) return;
    if (Status st = members::validate_text("skill", name, profiles::kMaxSkillLength, false); !st.ok()) {
      return skip(ref.file, ref.line, st.error().message);
    }
    out_.draft.skills.push_back(std::move(name));
    out_.skill_rows.push_back(ref);
  }

  void language(const RowView& row, const RowRef& ref) {
    profiles::Language l;
    if (!required(row, ref, "name", "Name", l.name)) return;
    if (Status st = members::validate_text("language", l.name, kMaxLanguageName, false); !st.ok()) {
      return skip(ref.file, ref.line, st.error().message);
    }
    l.proficiency = map_proficiency(row["proficiency"]);
    out_.draft.languages.push_back(std::move(l));
    out_.language_rows.push_back(ref);
  }

  void certification(const RowView& row, const RowRef& ref) {
    profiles::Certification c;
    if (!required(row, ref, "name", "Name", c.name)) return;
    c.issuer = row["authority"];
    c.credential_url = row["url"];
    if (c.credential_url.rfind("www.", 0) == 0) c.credential_url = "https://" + c.credential_url;
    if (!date(row, ref, "started on", "Started On", c.issued)) return;
    if (!date(row, ref, "finished on", "Finished On", c.expires)) return;
    if (Status st = profiles::ProfileService::validate(c, "certification"); !st.ok()) {
      return skip(ref.file, ref.line, st.error().message);
    }
    out_.draft.certifications.push_back(std::move(c));
    out_.certification_rows.push_back(ref);
  }

  void connection(const RowView& row, const RowRef& ref) {
    LinkedInContact c;
    std::string email = row["email address"];
    if (!email.empty()) {
      auto e = accounts::normalize_email(email);
      if (e.ok()) c.email = *e;
    }
    c.url = normalize_linkedin_url(row["url"]);
    if (c.email.empty() && c.url.empty()) {
      return skip(ref.file, ref.line, "neither an email address nor a LinkedIn profile URL to match");
    }
    out_.connections.push_back(std::move(c));
  }

  LinkedInExport& out_;
  size_t file_skips_ = 0;  // rows skipped in the file being read
};

bool is_csv(std::string_view name) {
  if (name.size() < 4) return false;
  return text::fold(name.substr(name.size() - 4)) == ".csv";
}

}  // namespace

const char* linkedin_file_name(LinkedInFile kind) {
  switch (kind) {
    case LinkedInFile::kProfile:
      return "profile";
    case LinkedInFile::kPositions:
      return "positions";
    case LinkedInFile::kEducation:
      return "education";
    case LinkedInFile::kSkills:
      return "skills";
    case LinkedInFile::kLanguages:
      return "languages";
    case LinkedInFile::kCertifications:
      return "certifications";
    case LinkedInFile::kConnections:
      return "connections";
    case LinkedInFile::kUnknown:
      break;
  }
  return "unknown";
}

LinkedInFile classify_linkedin_header(const std::vector<std::string>& header) {
  std::set<std::string> names;
  for (const auto& h : header) names.insert(key(h));
  for (const Signature& s : signatures()) {
    if (std::all_of(s.required.begin(), s.required.end(),
                    [&](const char* n) { return names.count(n) > 0; })) {
      return s.kind;
    }
  }
  // Skills.csv is a single "Name" column.
  if (header.size() == 1 && names.count("name")) return LinkedInFile::kSkills;
  return LinkedInFile::kUnknown;
}

std::optional<YearMonth> parse_linkedin_date(std::string_view s) {
  std::string f = text::fold(text::trim(s));
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : f) {
    if (c == ' ' || c == '/' || c == '-' || c == '.' || c == ',') {
      if (!cur.empty()) tokens.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  auto is_year = [](const std::string& t) { return t.size() == 4 && all_digits(t); };
  auto is_small = [](const std::string& t) { return t.size() <= 2 && all_digits(t); };
  switch (tokens.size()) {
    case 1:  // 2019
      if (is_year(tokens[0])) return year_month(to_int(tokens[0]), std::nullopt);
      break;
    case 2:
      if (is_year(tokens[1])) {
        if (is_small(tokens[0])) return year_month(to_int(tokens[1]), to_int(tokens[0]));   // 03/2019
        if (auto m = month_from_name(tokens[0])) return year_month(to_int(tokens[1]), *m);  // Mar 2019
      } else if (is_year(tokens[0]) && is_small(tokens[1])) {
        return year_month(to_int(tokens[0]), to_int(tokens[1]));  // 2019-03
      }
      break;
    case 3:
      if (is_year(tokens[0]) && is_small(tokens[1]) && is_small(tokens[2])) {
        return year_month(to_int(tokens[0]), to_int(tokens[1]));  // 2019-03-15
      }
      if (is_year(tokens[2]) && is_small(tokens[0])) {
        if (auto m = month_from_name(tokens[1])) return year_month(to_int(tokens[2]), *m);  // 15 Mar 2019
        if (is_small(tokens[1])) return year_month(to_int(tokens[2]), to_int(tokens[0]));   // 03/15/2019
      }
      break;
    default:
      break;
  }
  return std::nullopt;
}

std::string map_proficiency(std::string_view s) {
  std::string f = text::fold(text::trim(s));
  for (const char* level :
       {"native", "full_professional", "professional_working", "limited_working", "elementary"}) {
    if (f == level) return level;
  }
  auto has = [&](std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(),
                       [&](const char* w) { return f.find(w) != std::string::npos; });
  };
  if (f.empty()) return "";
  if (has({"native", "bilingual", "moedertaal", "tweetalig", "mother tongue"})) return "native";
  if (has({"full professional", "volledige professionele", "fluent", "vloeiend"})) return "full_professional";
  if (has({"professional working", "professionele werk", "advanced", "gevorderd"}))
    return "professional_working";
  if (has({"limited working", "beperkte werk", "intermediate"})) return "limited_working";
  if (has({"elementary", "basisvaardigheid", "basic", "beginner"})) return "elementary";
  return "";
}

std::string normalize_linkedin_url(std::string_view url) {
  std::string u(text::trim(url));
  for (char& c : u) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  for (std::string_view scheme : {"https://", "http://"}) {
    if (u.rfind(scheme, 0) == 0) {
      u.erase(0, scheme.size());
      break;
    }
  }
  size_t slash = u.find('/');
  if (slash == std::string::npos) return "";
  std::string host = u.substr(0, slash);
  constexpr std::string_view kHost = "linkedin.com";
  if (host != kHost) {
    // www.linkedin.com, nl.linkedin.com, ...
    if (host.size() <= kHost.size() + 1 ||
        host.compare(host.size() - kHost.size() - 1, std::string::npos, ".linkedin.com") != 0) {
      return "";
    }
  }
  std::string_view path = std::string_view(u).substr(slash);
  if (path.rfind("/in/", 0) != 0) return "";
  path.remove_prefix(4);
  size_t end = path.find_first_of("/?#");
  std::string slug(path.substr(0, end));
  if (slug.empty() || slug.size() > 200) return "";
  for (char c : slug) {
    if (static_cast<unsigned char>(c) <= ' ') return "";
  }
  return "linkedin.com/in/" + slug;
}

Result<LinkedInExport> read_linkedin_export(std::string_view zip, const ZipLimits& limits) {
  LinkedInExport out;
  ExportReader reader(out);
  KRING_TRY(read_zip(zip, limits, is_csv,
                     [&](const std::string& name, std::istream& in) { return reader.read_file(name, in); }));
  return out;
}

Result<LinkedInImportResult> import_linkedin(store::Database& db, profiles::ProfileService& profiles,
                                             MemberId member, std::string_view zip, const Clock& clock,
                                             const ZipLimits& limits) {
  if (zip.size() > kMaxLinkedInUploadBytes) {
    return Error{ErrorCode::kPayloadTooLarge, "a LinkedIn export is at most 50 MiB", "", "payload_too_large"};
  }
  KRING_ASSIGN_OR_RETURN(LinkedInExport ex, read_linkedin_export(zip, limits));
  const Micros now = clock.now();
  return db.write<LinkedInImportResult>([&](store::WriteTx& tx) -> Result<LinkedInImportResult> {
    if (!tx.query_one(kMemberExists, {member})) return Error::not_found("no such member");
    LinkedInImportResult r;
    r.profile = ex.profile;
    r.skipped = ex.skipped;
    r.skipped_total = ex.skipped_total;
    profiles::ProfileDraft draft = ex.draft;
    for (const DraftCut& cut : fit_draft(tx, member, profiles.skill_normalizer(), draft)) {
      const std::vector<RowRef>& rows = cut.section == "positions"   ? ex.position_rows
                                        : cut.section == "education" ? ex.education_rows
                                        : cut.section == "skills"    ? ex.skill_rows
                                        : cut.section == "languages" ? ex.language_rows
                                                                     : ex.certification_rows;
      RowRef ref = cut.index < rows.size() ? rows[cut.index] : RowRef{};
      ++r.skipped_total;
      if (r.skipped.size() < kMaxReportedSkips) r.skipped.push_back({ref.file, ref.line, cut.reason});
    }
    KRING_ASSIGN_OR_RETURN(auto counts, apply_skills_first(tx, profiles, member, draft));
    r.positions = counts.positions;
    r.education = counts.education;
    r.skills = counts.skills;
    r.languages = counts.languages;
    r.certifications = counts.certifications;
    if (!ex.own_url.empty()) set_linkedin_url(tx, member, ex.own_url);

    // Connections: by email in batches, then by URL for those the email did not match.
    std::set<MemberId> matched;
    std::map<std::string, MemberId> by_email;
    std::vector<std::string> emails;
    for (const auto& c : ex.connections) {
      if (!c.email.empty()) emails.push_back(c.email);
    }
    std::sort(emails.begin(), emails.end());
    emails.erase(std::unique(emails.begin(), emails.end()), emails.end());
    for (size_t i = 0; i < emails.size(); i += kEmailBatch) {
      size_t n = std::min(kEmailBatch, emails.size() - i);
      std::string sql(kAccountsByEmailPrefix);
      store::Params params;
      for (size_t j = 0; j < n; ++j) {
        sql += j ? ", ?" : "?";
        params.emplace_back(emails[i + j]);
      }
      sql += ")";
      for (const auto& row : tx.query(sql, params)) by_email[row.text(1)] = row.i64(0);
    }
    for (const auto& c : ex.connections) {
      std::optional<MemberId> id;
      if (auto it = by_email.find(c.email); !c.email.empty() && it != by_email.end()) id = it->second;
      if (!id && !c.url.empty()) {
        store::Rows rows = tx.query(kMembersByLinkedInUrl, {c.url});
        if (rows.size() == 1) id = rows[0].i64(0);  // a URL claimed twice matches nobody
      }
      if (id && *id != member) matched.insert(*id);
    }
    for (MemberId contact : matched) tx.exec(kInsertKnownContact, {member, contact, now});
    r.connections = static_cast<int>(matched.size());
    return r;
  });
}

}  // namespace kring::importers

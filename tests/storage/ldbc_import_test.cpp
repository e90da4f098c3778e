// `kring import ldbc` on every backend: the LDBC SNB Interactive v1 test data set (222 persons) lands in the
// store as the mapping in docs/import-ldbc.md says, and importing it again adds nothing.
//
// The data set is read from ../shared/data/ldbc-snb-interactive-v1-test next to the repository, or from
// $KRING_SHARED_DATA/ldbc-snb-interactive-v1-test. The test is skipped when neither exists. Expected counts
// are computed here from the CSV files with a plain line splitter, independent of the importer's reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "importers/ldbc_import.h"
#include "store/database.h"
#include "support/test_db.h"

namespace kring::importers {
namespace {

namespace fs = std::filesystem;
using Table = std::vector<std::vector<std::string>>;

fs::path ldbc_dir() {
  if (const char* env = std::getenv("KRING_SHARED_DATA"); env && *env) {
    return fs::path(env) / "ldbc-snb-interactive-v1-test";
  }
  // tests/storage/ldbc_import_test.cpp -> the repository root -> its sibling shared/data.
  fs::path repo = fs::path(__FILE__).parent_path().parent_path().parent_path();
  return repo.parent_path() / "shared" / "data" / "ldbc-snb-interactive-v1-test";
}

// The data rows of an LDBC file (header dropped), split on '|'.
Table read_table(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  Table out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t bar = line.find('|', start);
      fields.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    out.push_back(std::move(fields));
  }
  return out;
}

// "2010-06-27T23:36:57.962+0000" -> microseconds since the epoch (the data set is all in UTC).
int64_t micros(const std::string& ts) {
  std::tm tm{};
  int ms = 0;
  if (std::sscanf(ts.c_str(), "%d-%d-%dT%d:%d:%d.%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &ms) != 7) {
    throw std::runtime_error("bad timestamp " + ts);
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000000 + ms * 1000;
}

// What the CSV files say the store should hold after the import.
struct Expected {
  std::map<std::string, int64_t> counts;                   // table -> rows
  std::map<std::string, std::vector<std::string>> person;  // id -> row
  std::map<std::string, std::vector<std::string>> place;   // id -> row
  std::map<std::string, std::vector<std::string>> org;     // id -> row
  std::map<std::string, std::string> comment_root;         // comment id -> root post id
  Table knows, work, study, comments, posts, emails;
};

Expected expected_from_csv(const fs::path& dir) {
  Expected e;
  for (auto& r : read_table(dir / "static/place_0_0.csv")) e.place[r[0]] = r;
  std::map<std::string, std::string> tag_name;
  for (auto& r : read_table(dir / "static/tag_0_0.csv")) tag_name[r[0]] = r[1];
  int64_t companies = 0, schools = 0;
  for (auto& r : read_table(dir / "static/organisation_0_0.csv")) {
    e.org[r[0]] = r;
    (r[1] == "company" ? companies : schools) += 1;
  }
  for (auto& r : read_table(dir / "dynamic/person_0_0.csv")) e.person[r[0]] = r;
  e.emails = read_table(dir / "dynamic/person_email_emailaddress_0_0.csv");
  std::set<std::string> with_email;
  for (auto& r : e.emails) with_email.insert(r[0]);
  e.knows = read_table(dir / "dynamic/person_knows_person_0_0.csv");
  std::set<std::pair<std::string, std::string>> pairs;
  for (auto& r : e.knows) pairs.insert(std::minmax(r[0], r[1]));
  e.work = read_table(dir / "dynamic/person_workAt_organisation_0_0.csv");
  e.study = read_table(dir / "dynamic/person_studyAt_organisation_0_0.csv");
  std::set<std::pair<std::string, std::string>> interests;
  for (auto& r : read_table(dir / "dynamic/person_hasInterest_tag_0_0.csv"))
    interests.insert({r[0], tag_name.at(r[1])});
  e.posts = read_table(dir / "dynamic/post_0_0.csv");
  std::set<std::pair<std::string, std::string>> hashtags;
  for (auto& r : read_table(dir / "dynamic/post_hasTag_tag_0_0.csv"))
    hashtags.insert({r[0], tag_name.at(r[1])});
  e.comments = read_table(dir / "dynamic/comment_0_0.csv");
  std::map<std::string, std::string> parent_of;  // comment -> "post:<id>" or "comment:<id>"
  for (auto& r : e.comments) parent_of[r[0]] = r[8].empty() ? "comment:" + r[9] : "post:" + r[8];
  for (auto& r : e.comments) {
    std::string at = r[0];
    while (parent_of.at(at).rfind("comment:", 0) == 0) at = parent_of.at(at).substr(8);
    e.comment_root[r[0]] = parent_of.at(at).substr(5);
  }
  // One reaction per member and post: likes on posts, then likes on comments folded onto their root post.
  std::set<std::pair<std::string, std::string>> reactions;
  for (auto& r : read_table(dir / "dynamic/person_likes_post_0_0.csv")) reactions.insert({r[1], r[0]});
  for (auto& r : read_table(dir / "dynamic/person_likes_comment_0_0.csv")) {
    reactions.insert({e.comment_root.at(r[1]), r[0]});
  }
  e.counts = {{"members", static_cast<int64_t>(e.person.size())},
              {"accounts", static_cast<int64_t>(with_email.size())},
              {"connections", static_cast<int64_t>(pairs.size())},
              {"companies", companies},
              {"schools", schools},
              {"positions", static_cast<int64_t>(e.work.size())},
              {"education", static_cast<int64_t>(e.study.size())},
              {"member_interests", static_cast<int64_t>(interests.size())},
              {"posts", static_cast<int64_t>(e.posts.size())},
              {"post_hashtags", static_cast<int64_t>(hashtags.size())},
              {"comments", static_cast<int64_t>(e.comments.size())},
              {"reactions", static_cast<int64_t>(reactions.size())}};
  return e;
}

// Copies a folder tree, leaving the copies writable (the shared data is read-only).
void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (const auto& entry : fs::directory_iterator(from)) {
    const fs::path target = to / entry.path().filename();
    if (entry.is_directory()) {
      copy_tree(entry.path(), target);
    } else {
      fs::copy_file(entry.path(), target);
      fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::add);
    }
  }
}

// A temporary folder, removed on destruction.
struct TempDir {
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("kring_ldbc_" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  fs::path path;
};

class LdbcImportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    dir_ = ldbc_dir();
    if (!fs::is_directory(dir_ / "dynamic")) {
      GTEST_SKIP() << "no LDBC test data at " << dir_
                   << " (set KRING_SHARED_DATA to the folder holding ldbc-snb-interactive-v1-test)";
    }
    t_ = kring::testing::make_test_database(GetParam());
  }

  store::Database& db() { return *t_->db; }

  std::optional<store::Row> row(std::string_view sql, const store::Params& params = {}) {
    auto r = db().read<std::optional<store::Row>>(
        [&](store::Session& s) -> Result<std::optional<store::Row>> { return s.query_one(sql, params); });
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return *r;
  }
  store::Rows rows(std::string_view sql, const store::Params& params = {}) {
    auto r = db().read<store::Rows>(
        [&](store::Session& s) -> Result<store::Rows> { return s.query(sql, params); });
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return *r;
  }
  int64_t scalar(std::string_view sql, const store::Params& params = {}) {
    auto r = row(sql, params);
    return r ? r->i64(0) : -1;
  }
  int64_t count(const std::string& table) { return scalar("SELECT COUNT(*) FROM " + table); }
  std::map<std::string, int64_t> counts(const Expected& e) {
    std::map<std::string, int64_t> out;
    for (const auto& [table, n] : e.counts) out[table] = count(table);
    out["change_log"] = count("change_log");
    return out;
  }

  Result<LdbcReport> import(const fs::path& dir, std::vector<std::string>* warnings = nullptr) {
    LdbcOptions o;
    o.batch_rows = 1000;  // several batches per big table
    o.on_warning = [warnings](const std::string& w) {
      if (warnings) warnings->push_back(w);
    };
    return import_ldbc(db(), dir, o);
  }

  fs::path dir_;
  std::unique_ptr<kring::testing::TestDatabase> t_;
};

TEST_P(LdbcImportTest, ImportsTheTestDataSetAndIsIdempotent) {
  const Expected e = expected_from_csv(dir_);
  std::vector<std::string> warnings;
  auto first = import(dir_, &warnings);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->skipped(), 0);
  EXPECT_TRUE(warnings.empty()) << warnings.front();

  // Counts: every CSV row became one Kring row (with the reactions folded as the mapping says).
  for (const auto& [table, n] : e.counts) EXPECT_EQ(count(table), n) << table;
  EXPECT_EQ(first->members, e.counts.at("members"));
  EXPECT_EQ(first->connections, e.counts.at("connections"));
  EXPECT_EQ(first->reactions, e.counts.at("reactions"));
  EXPECT_EQ(first->table("person")->rows, static_cast<int64_t>(e.person.size()));

  // The change log carries what running servers follow.
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'member.created'"), e.counts.at("members"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'connection.created'"),
            e.counts.at("connections"));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'company.created'"), first->companies);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'school.created'"), first->schools);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM change_log WHERE kind = 'profile.updated'"),
            first->positions + first->education);
  auto logged = row("SELECT payload FROM change_log WHERE kind = 'connection.created' ORDER BY seq LIMIT 1");
  ASSERT_TRUE(logged);
  auto payload = nlohmann::json::parse(logged->text(0));
  auto edge = row("SELECT connected_at FROM connections WHERE member_a = ? AND member_b = ?",
                  {payload.at("a").get<int64_t>(), payload.at("b").get<int64_t>()});
  ASSERT_TRUE(edge);
  EXPECT_EQ(edge->i64(0), payload.at("at").get<int64_t>());
  EXPECT_LT(payload.at("a").get<int64_t>(), payload.at("b").get<int64_t>());

  // A person: handle, names, birthday, first email as log-in email (no password), city and country.
  const std::string pid = "8796093022220";
  const auto& person = e.person.at(pid);
  auto m =
      row("SELECT id, handle, first_name, last_name, birthday, city, country, location, created_at, "
          "external_ref FROM members WHERE handle = ?",
          {"p" + pid});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->text(2), person[1]);
  EXPECT_EQ(m->text(3), person[2]);
  EXPECT_EQ(m->text(4), person[4]);
  const auto& city = e.place.at(person[8]);
  const auto& country = e.place.at(city[4]);
  EXPECT_EQ(city[3], "city");
  EXPECT_EQ(m->text(5), city[1]);
  EXPECT_EQ(m->text(6), country[1]);
  EXPECT_NE(m->text(7).find(country[1]), std::string::npos);
  EXPECT_EQ(m->i64(8), micros(person[5]));
  EXPECT_EQ(m->text(9), "ldbc:person:" + pid);
  std::string first_email;
  for (const auto& r : e.emails) {
    if (r[0] == pid) {
      first_email = r[1];
      break;
    }
  }
  for (char& c : first_email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto account = row("SELECT email, password_hash FROM accounts WHERE member_id = ?", {m->i64(0)});
  ASSERT_TRUE(account);
  EXPECT_EQ(account->text(0), first_email);
  EXPECT_TRUE(account->is_null(1));

  // Their connections, with the time they were made.
  std::set<std::pair<std::string, int64_t>> want, got;
  for (const auto& r : e.knows) {
    if (r[0] == pid) want.insert({"p" + r[1], micros(r[2])});
    if (r[1] == pid) want.insert({"p" + r[0], micros(r[2])});
  }
  ASSERT_FALSE(want.empty());
  for (const auto& r : rows("SELECT o.handle, c.connected_at FROM connections c JOIN members o ON o.id = "
                            "CASE WHEN c.member_a = ? THEN c.member_b ELSE c.member_a END "
                            "WHERE c.member_a = ? OR c.member_b = ?",
                            {m->i64(0), m->i64(0), m->i64(0)})) {
    got.insert({r.text(0), r.i64(1)});
  }
  EXPECT_EQ(got, want);

  // A company (in a country) and a school (in a city and its country).
  const auto& kam = e.org.at("0");
  auto company = row("SELECT name, country, city, external_ref FROM companies WHERE handle = 'o0'");
  ASSERT_TRUE(company);
  EXPECT_EQ(company->text(0), kam[2]);
  EXPECT_EQ(company->text(1), e.place.at(kam[4])[1]);
  EXPECT_EQ(company->text(2), "");
  EXPECT_EQ(company->text(3), "ldbc:organisation:0");
  const auto& study = e.study.front();
  const auto& uni = e.org.at(study[1]);
  auto school = row("SELECT name, city, country FROM schools WHERE handle = ?", {"s" + study[1]});
  ASSERT_TRUE(school);
  EXPECT_EQ(school->text(0), uni[2]);
  EXPECT_EQ(school->text(1), e.place.at(uni[4])[1]);
  EXPECT_EQ(school->text(2), e.place.at(e.place.at(uni[4])[4])[1]);

  // A position: current (no end), starting in workFrom, at the company page.
  const auto& work = e.work.front();
  auto position = row(
      "SELECT p.start_year, p.end_year, p.company_name, c.handle FROM positions p JOIN members m ON m.id = "
      "p.member_id JOIN companies c ON c.id = p.company_id WHERE m.handle = ? AND c.handle = ?",
      {"p" + work[0], "o" + work[1]});
  ASSERT_TRUE(position);
  EXPECT_EQ(position->i64(0), std::stoll(work[2]));
  EXPECT_TRUE(position->is_null(1));
  EXPECT_EQ(position->text(2), e.org.at(work[1])[2]);
  // Education: ending in classYear.
  auto education =
      row("SELECT e.end_year FROM education e JOIN members m ON m.id = e.member_id JOIN schools s ON s.id = "
          "e.school_id WHERE m.handle = ? AND s.handle = ?",
          {"p" + study[0], "s" + study[1]});
  ASSERT_TRUE(education);
  EXPECT_EQ(education->i64(0), std::stoll(study[2]));

  // Post text: content, or the image file when there is none.
  for (const auto& p : e.posts) {
    if (!p[6].empty()) {
      EXPECT_EQ(scalar("SELECT COUNT(*) FROM posts WHERE external_ref = ? AND text = ? AND created_at = ?",
                       {"ldbc:post:" + p[0], p[6], micros(p[2])}),
                1);
      break;
    }
  }
  for (const auto& p : e.posts) {
    if (p[6].empty()) {
      EXPECT_EQ(scalar("SELECT COUNT(*) FROM posts WHERE external_ref = ? AND text = ?",
                       {"ldbc:post:" + p[0], p[1]}),
                1);
      break;
    }
  }

  // A reply to a reply: attached to its root post, keeping its parent.
  std::map<std::string, const std::vector<std::string>*> comment_by_id;
  for (const auto& c : e.comments) comment_by_id[c[0]] = &c;
  const std::vector<std::string>* reply = nullptr;  // preferably one whose parent is a reply too
  for (const auto& c : e.comments) {
    if (c[9].empty()) continue;
    if (!reply) reply = &c;
    if (!(*comment_by_id.at(c[9]))[9].empty()) {
      reply = &c;
      break;
    }
  }
  ASSERT_NE(reply, nullptr);
  auto comment = row("SELECT post_id, parent_id, text, created_at FROM comments WHERE external_ref = ?",
                     {"ldbc:comment:" + (*reply)[0]});
  ASSERT_TRUE(comment);
  EXPECT_EQ(comment->i64(0), scalar("SELECT id FROM posts WHERE external_ref = ?",
                                    {"ldbc:post:" + e.comment_root.at((*reply)[0])}));
  EXPECT_EQ(comment->i64(1),
            scalar("SELECT id FROM comments WHERE external_ref = ?", {"ldbc:comment:" + (*reply)[9]}));
  EXPECT_EQ(comment->text(2), (*reply)[4]);
  EXPECT_EQ(comment->i64(3), micros((*reply)[1]));

  // The second run adds nothing, not even change-log entries.
  auto before = counts(e);
  auto second = import(dir_);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(counts(e), before);
  EXPECT_EQ(second->members + second->accounts + second->connections + second->companies + second->schools +
                second->positions + second->education + second->interests + second->posts + second->hashtags +
                second->comments + second->reactions,
            0);
  EXPECT_EQ(second->table("person")->present, e.counts.at("members"));
  EXPECT_EQ(second->skipped(), 0);
}

TEST_P(LdbcImportTest, SkipsMalformedRowsAndCountsThem) {
  TempDir copy;
  copy_tree(dir_, copy.path);
  const fs::path persons = copy.path / "dynamic/person_0_0.csv";
  const int64_t person_rows = static_cast<int64_t>(read_table(persons).size());
  {
    std::ofstream out(persons, std::ios::app);
    out << "1|only|three\n";  // too few fields
    out << "2|Bad|Birthday|male|1987-13-45|2010-06-13T12:14:32.690+0000|1.4.40.92|Chrome|314\n";  // no such
                                                                                                  // date
    out << "3|Good|Person|male|1987-01-20|2010-06-13T12:14:32.690+0000|1.4.40.92|Chrome|314\n";
  }
  {
    std::ofstream out(copy.path / "dynamic/person_knows_person_0_0.csv", std::ios::app);
    out << "3|999999|2010-07-10T16:04:52.244+0000\n";  // an unknown person
  }
  std::vector<std::string> warnings;
  auto r = import(copy.path, &warnings);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->table("person")->rows, person_rows + 3);
  EXPECT_EQ(r->table("person")->skipped, 2);
  EXPECT_EQ(r->table("person_knows_person")->skipped, 1);
  EXPECT_EQ(r->skipped(), 3);
  EXPECT_EQ(r->members, person_rows + 1);
  ASSERT_EQ(warnings.size(), 3u);
  const std::string file = "dynamic/person_0_0.csv:";
  EXPECT_EQ(warnings[0].rfind(file + std::to_string(person_rows + 2) + ": expected 9 fields", 0), 0u)
      << warnings[0];
  EXPECT_EQ(warnings[1].rfind(file + std::to_string(person_rows + 3) + ": birthday", 0), 0u) << warnings[1];
  EXPECT_NE(warnings[2].find("person 999999 is not imported"), std::string::npos) << warnings[2];
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM members WHERE handle = 'p3'"), 1);
}

TEST_P(LdbcImportTest, MissingFileStopsBeforeWriting) {
  TempDir partial;
  copy_tree(dir_ / "static", partial.path / "static");
  auto r = import(partial.path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("person_0_0.csv"), std::string::npos) << r.error().message;
  EXPECT_EQ(count("companies"), 0);
  EXPECT_EQ(count("members"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, LdbcImportTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::importers

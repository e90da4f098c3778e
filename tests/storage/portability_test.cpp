// Portability on both backends: the LinkedIn export import (counts and contents, Latin-1, BOM, the Notes
// preamble, files recognised by header under other names, per-row skips, zip bombs refused with nothing
// written), the JSON Resume round trip, the member data export, and account deletion (every row naming the
// member is gone, and indexes, live or rebuilt, no longer know them).
//
// The ZIPs are built here: build_export() lays out the files of a LinkedIn export (a realistic default that a
// test edits) and write_zip() packs them; lie_about_sizes() rewrites the uncompressed sizes an archive
// declares, which is how a zip bomb hides.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "accounts/account_deletion.h"
#include "accounts/account_service.h"
#include "common/clock.h"
#include "graph/graph_index.h"
#include "importers/json_resume.h"
#include "importers/linkedin_import.h"
#include "importers/member_export.h"
#include "importers/zip_archive.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "network/block_index.h"
#include "network/network_service.h"
#include "profiles/profile_service.h"
#include "store/change_follower.h"
#include "support/test_db.h"

namespace kring::importers {
namespace {

using kring::testing::TestDatabase;
using nlohmann::json;
using profiles::MemberId;

// ---- fixture ZIPs
// -------------------------------------------------------------------------------------------

const std::string kBom = "\xEF\xBB\xBF";

// Latin-1 bytes for the UTF-8 text `s` (only code points up to U+00FF).
std::string latin1(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      out += s[i];
    } else {
      out += static_cast<char>(((b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F));
      ++i;
    }
  }
  return out;
}

// The files of a LinkedIn export, by section: a Dutch "Posities.csv" in Latin-1, a Profile with a BOM,
// Connections with its Notes preamble, and files the import ignores.
struct ExportFiles {
  std::map<std::string, ZipFile> by_section;
  std::vector<ZipFile> others;

  std::string zip() const {
    std::vector<ZipFile> files;
    for (const auto& [section, f] : by_section) files.push_back(f);
    files.insert(files.end(), others.begin(), others.end());
    auto z = write_zip(files);
    if (!z.ok()) throw std::runtime_error(z.error().message);
    return *z;
  }
  void append(const std::string& section, const std::string& lines) { by_section.at(section).data += lines; }
};

ExportFiles build_export() {
  ExportFiles e;
  e.by_section["profile"] = {
      "Basic_LinkedInDataExport_03-15-2024/Profile.csv",
      kBom +
          "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo "
          "Location,"
          "Twitter Handles,Websites,Instant Messengers\n"
          "Sanne,de Vries,,,,Verpleegkundige bij Stadsziekenhuis Utrecht,\"Twaalf jaar in de acute zorg.\n"
          "Nu ook praktijkopleider.\",Hospitals and Health Care,,\"Utrecht, Utrecht, Netherlands\",,,\n"};
  e.by_section["positions"] = {
      "Basic_LinkedInDataExport_03-15-2024/Posities.csv",
      latin1(
          "Company Name,Title,Description,Location,Started On,Finished On\n"
          "Stadsziekenhuis Utrecht,Verpleegkundige SEH,\"Spoedeisende hulp, triage.\",\"Utrecht, Nederland\","
          "mrt 2019,\n"
          "Café Noël,Bediening,Crème brûlée en koffie,\"Zürich, Schweiz\",Jan 2015,okt 2018\n"
          "Rivierland Zorg,Leerling-verpleegkundige,,Tiel,09/2012,2014\n")};
  e.by_section["education"] = {
      "Basic_LinkedInDataExport_03-15-2024/Education.csv",
      "School Name,Start Date,End Date,Notes,Degree Name,Activities\r\n"
      "Hogeschool Utrecht,2010,2014,Minor acute zorg,Bachelor Verpleegkunde,Studievereniging\r\n"
      "Christelijk Lyceum Zeist,2004,2010,,VWO,\r\n"};
  e.by_section["skills"] = {"Basic_LinkedInDataExport_03-15-2024/Skills.csv",
                            kBom + "Name\nTriage\nWondzorg\nReanimatie\nProject Management\n"};
  e.by_section["languages"] = {"Basic_LinkedInDataExport_03-15-2024/Languages.csv",
                               "Name,Proficiency\n"
                               "Nederlands,Native or bilingual proficiency\n"
                               "Engels,Full professional proficiency\n"
                               "Duits,Limited working proficiency\n"};
  e.by_section["certifications"] = {
      "Basic_LinkedInDataExport_03-15-2024/Certifications.csv",
      "Name,Url,Authority,Started On,Finished On,License Number\n"
      "BLS/AED,https://www.nrr.nl/cert/123,Nederlandse Reanimatie Raad,Feb 2023,Feb 2025,123\n"};
  e.by_section["connections"] = {
      "Basic_LinkedInDataExport_03-15-2024/Connections.csv",
      "Notes:\n"
      "\"When exporting your connection data, you may notice that some of the email addresses are missing. "
      "You "
      "will only see email addresses for connections who have allowed their connections to see or download "
      "their "
      "email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more "
      "here "
      "https://www.linkedin.com/help/linkedin/answer/261\"\n"
      "\n"
      "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
      "Jan,Jansen,https://www.linkedin.com/in/jan-jansen-0a1b2c,,Rivierland Zorg,Teamleider,15 Mar 2021\n"
      "Eva,Bakker,https://www.linkedin.com/in/eva-bakker,EVA@Example.org,UMC,Arts,02 Jan 2020\n"
      "Piet,Onbekend,https://nl.linkedin.com/in/piet-onbekend/,,Elders,Monteur,01 Feb 2019\n"};
  e.others.push_back({"Basic_LinkedInDataExport_03-15-2024/Registration.csv",
                      "Registered At,Registration Ip,Subscription Types\n3/15/12 9:41 AM,127.0.0.1,\n"});
  e.others.push_back({"Basic_LinkedInDataExport_03-15-2024/Rich_Media.csv", "Date/Time,Media Description\n"});
  e.others.push_back({"Basic_LinkedInDataExport_03-15-2024/photo.jpg", std::string("\xFF\xD8\xFF\xE0", 4)});
  return e;
}

uint32_t u32(const std::string& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;  // little-endian hosts only (x86, arm64)
}
uint16_t u16(const std::string& b, size_t at) {
  uint16_t v;
  std::memcpy(&v, b.data() + at, 2);
  return v;
}
void put_u32(std::string& b, size_t at, uint32_t v) { std::memcpy(b.data() + at, &v, 4); }

// Rewrites the uncompressed size every entry declares (local header and central directory) to `size`.
void lie_about_sizes(std::string& zip, uint32_t size) {
  size_t eocd = zip.rfind(std::string("PK\x05\x06", 4));
  ASSERT_NE(eocd, std::string::npos);
  uint16_t entries = u16(zip, eocd + 10);
  size_t at = u32(zip, eocd + 16);
  for (uint16_t i = 0; i < entries; ++i) {
    ASSERT_EQ(u32(zip, at), 0x02014b50u);
    put_u32(zip, at + 24, size);
    put_u32(zip, u32(zip, at + 42) + 22, size);
    at += 46 + u16(zip, at + 28) + u16(zip, at + 30) + u16(zip, at + 32);
  }
}

// ---- the test fixture
// -----------------------------------------------------------------------------------------

class PortabilityTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    t_ = kring::testing::make_test_database(GetParam());
    accounts::AccountsConfig config;
    config.password_cost = accounts::PasswordCost::kMinimum;
    accounts_ = std::make_unique<accounts::AccountService>(*t_->db, clock_, config);
    follower_ = std::make_unique<store::ChangeFollower>(*t_->db);
    follower_->add(&directory_);
    follower_->add(accounts_.get());
    follower_->add(&graph_);
    follower_->add(&blocks_);
    ASSERT_TRUE(follower_->start().ok());
    net_ = std::make_unique<network::NetworkService>(*t_->db, directory_, graph_.graph(), blocks_, clock_);
    profiles_ = std::make_unique<profiles::ProfileService>(*t_->db, directory_, *net_, clock_);
  }
  void TearDown() override {
    profiles_.reset();
    net_.reset();
    if (follower_) follower_->stop();
  }

  struct Signed {
    MemberId id;
    std::string handle;
    std::string token;
  };
  Signed signup(const std::string& email, const std::string& first, const std::string& last) {
    auto s = accounts_->signup({email, kPassword, first, last});
    if (!s.ok()) throw std::runtime_error(s.error().message);
    return {s->member.id, s->member.handle, s->token};
  }

  int64_t count(const std::string& sql, const store::Params& params = {}) {
    auto r = t_->db->read<int64_t>(
        [&](store::Session& s) -> Result<int64_t> { return s.query_one(sql, params)->i64(0); });
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return *r;
  }
  void exec(const std::string& sql, const store::Params& params = {}) {
    auto r = t_->db->write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      tx.exec(sql, params);
      return true;
    });
    if (!r.ok()) throw std::runtime_error(r.error().message + " in " + sql);
  }
  profiles::Profile load(MemberId m) {
    auto p = profiles_->load(m);
    if (!p.ok()) throw std::runtime_error(p.error().message);
    return *p;
  }

  static constexpr const char* kPassword = "correct horse battery";
  ManualClock clock_{1'710'000'000'000'000};
  std::unique_ptr<TestDatabase> t_;
  members::MemberDirectory directory_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<store::ChangeFollower> follower_;
  std::unique_ptr<network::NetworkService> net_;
  std::unique_ptr<profiles::ProfileService> profiles_;
};

const profiles::Position* find_position(const profiles::Profile& p, std::string_view company) {
  for (const auto& x : p.positions) {
    if (x.company.name == company) return &x;
  }
  return nullptr;
}

// ---- LinkedIn
// ---------------------------------------------------------------------------------------------------

TEST_P(PortabilityTest, LinkedInExportImportsEverySectionWithLatin1BomAndPreamble) {
  Signed sanne = signup("sanne@example.org", "S", "V");
  Signed eva = signup("eva@example.org", "Eva", "Bakker");
  Signed jan = signup("jan@example.org", "Jan", "Jansen");
  exec("UPDATE members SET linkedin_url = ? WHERE id = ?", {"linkedin.com/in/jan-jansen-0a1b2c", jan.id});

  auto r = import_linkedin(*t_->db, *profiles_, sanne.id, build_export().zip(), clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->profile);
  EXPECT_EQ(r->positions, 3);
  EXPECT_EQ(r->education, 2);
  EXPECT_EQ(r->skills, 4);
  EXPECT_EQ(r->languages, 3);
  EXPECT_EQ(r->certifications, 1);
  EXPECT_EQ(r->connections, 2);  // Eva by email (case-insensitive), Jan by URL; Piet is not here
  EXPECT_TRUE(r->skipped.empty()) << r->skipped[0].file << ":" << r->skipped[0].line << " "
                                  << r->skipped[0].reason;

  profiles::Profile p = load(sanne.id);
  EXPECT_EQ(p.member.first_name, "Sanne");
  EXPECT_EQ(p.member.last_name, "de Vries");
  EXPECT_EQ(p.member.headline, "Verpleegkundige bij Stadsziekenhuis Utrecht");
  EXPECT_EQ(p.member.about, "Twaalf jaar in de acute zorg.\nNu ook praktijkopleider.");
  EXPECT_EQ(p.industry, "Hospitals and Health Care");
  EXPECT_EQ(p.location.label, "Utrecht, Utrecht, Netherlands");

  const auto* cafe = find_position(p, "Café Noël");  // Latin-1 read as such
  ASSERT_NE(cafe, nullptr);
  EXPECT_EQ(cafe->title, "Bediening");
  EXPECT_EQ(cafe->description, "Crème brûlée en koffie");
  EXPECT_EQ(cafe->location, "Zürich, Schweiz");
  EXPECT_EQ(cafe->start->year, 2015);
  EXPECT_EQ(cafe->start->month, 1);
  EXPECT_EQ(cafe->end->year, 2018);
  EXPECT_EQ(cafe->end->month, 10);  // "okt"
  const auto* now = find_position(p, "Stadsziekenhuis Utrecht");
  ASSERT_NE(now, nullptr);
  EXPECT_EQ(now->start->month, 3);  // "mrt"
  EXPECT_FALSE(now->end.has_value());
  EXPECT_EQ(now->description, "Spoedeisende hulp, triage.");
  const auto* first = find_position(p, "Rivierland Zorg");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->start->month, 9);
  EXPECT_EQ(first->end->year, 2014);
  EXPECT_FALSE(first->end->month.has_value());

  ASSERT_EQ(p.education.size(), 2u);
  EXPECT_EQ(p.education[0].school.name, "Hogeschool Utrecht");
  EXPECT_EQ(p.education[0].degree, "Bachelor Verpleegkunde");
  EXPECT_EQ(p.education[0].start_year, 2010);
  EXPECT_EQ(p.education[0].end_year, 2014);
  EXPECT_EQ(p.education[0].activities, "Studievereniging\n\nMinor acute zorg");

  std::vector<std::string> skills;
  for (const auto& s : p.skills) skills.push_back(s.name);
  EXPECT_EQ(skills, (std::vector<std::string>{"Triage", "Wondzorg", "Reanimatie", "Project Management"}));
  ASSERT_EQ(p.languages.size(), 3u);
  EXPECT_EQ(p.languages[0].proficiency, "native");
  EXPECT_EQ(p.languages[1].proficiency, "full_professional");
  EXPECT_EQ(p.languages[2].proficiency, "limited_working");
  ASSERT_EQ(p.certifications.size(), 1u);
  EXPECT_EQ(p.certifications[0].issuer, "Nederlandse Reanimatie Raad");
  EXPECT_EQ(p.certifications[0].issued->month, 2);
  EXPECT_EQ(p.certifications[0].expires->year, 2025);

  EXPECT_EQ(
      count(
          "SELECT COUNT(*) FROM known_contacts WHERE member_id = ? AND source = 'linkedin' AND contact_id IN "
          "(?, ?)",
          {sanne.id, eva.id, jan.id}),
      2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM connections"), 0);  // suggestions only

  // Importing again adds nothing twice.
  auto again = import_linkedin(*t_->db, *profiles_, sanne.id, build_export().zip(), clock_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->positions + again->education + again->skills + again->languages + again->certifications,
            0);
  EXPECT_EQ(again->connections, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM positions WHERE member_id = ?", {sanne.id}), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM certifications WHERE member_id = ?", {sanne.id}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM known_contacts WHERE member_id = ?", {sanne.id}), 2);
}

TEST_P(PortabilityTest, FilesAreRecognisedByTheirHeaderNotTheirName) {
  ExportFiles e = build_export();
  e.by_section["skills"].name = "Vaardigheden.csv";
  e.by_section["profile"].name = "Profiel.csv";
  e.by_section["languages"].name = "Positions.csv";  // a misleading name: its header says languages
  e.by_section["positions"].name = "Werkervaring.CSV";
  auto ex = read_linkedin_export(e.zip());
  ASSERT_TRUE(ex.ok()) << ex.error().message;
  std::map<std::string, LinkedInFile> kinds(ex->files.begin(), ex->files.end());
  EXPECT_EQ(kinds["Vaardigheden.csv"], LinkedInFile::kSkills);
  EXPECT_EQ(kinds["Profiel.csv"], LinkedInFile::kProfile);
  EXPECT_EQ(kinds["Positions.csv"], LinkedInFile::kLanguages);
  EXPECT_EQ(kinds["Werkervaring.CSV"], LinkedInFile::kPositions);
  EXPECT_EQ(kinds["Basic_LinkedInDataExport_03-15-2024/Connections.csv"], LinkedInFile::kConnections);
  EXPECT_EQ(kinds.count("Basic_LinkedInDataExport_03-15-2024/Registration.csv"), 0u);  // ignored
  EXPECT_EQ(ex->draft.positions.size(), 3u);
  EXPECT_EQ(ex->draft.languages.size(), 3u);
  EXPECT_EQ(ex->draft.skills.size(), 4u);
  EXPECT_EQ(ex->connections.size(), 3u);
}

TEST_P(PortabilityTest, UnusableRowsAreSkippedOneByOneAndTheRestImports) {
  Signed m = signup("rows@example.org", "Row", "Tester");
  ExportFiles e = build_export();
  // Positions: lines 5.. (header on 1, three good rows on 2-4).
  e.append("positions", latin1("Kapotte Datum BV,Tester,,,Marchember 2019,\n"  // 5: bad date
                               "Zonder Titel BV,,,,Mar 2019,\n"                // 6: no title
                               "Te Veel,Velden,a,b,Mar 2019,,extra\n"          // 7: 7 fields
                               "Eind Voor Begin,Tester,,,Mar 2019,Jan 2018\n"  // 8: ends before it starts
                               "Goed BV,Tester,,,2020,\n"));                   // 9: fine
  e.append("education", "Geen Datum School,ooit,2014,,,\r\n");                 // 4: bad start date
  e.append("skills", "\n" + std::string(81, 'x') + "\n");                      // 7: too long (6 is empty)
  e.append("connections", "Geen,Adres,,,Nergens,Niets,01 Jan 2020\n");         // 8: nothing to match
  auto r = import_linkedin(*t_->db, *profiles_, m.id, e.zip(), clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->positions, 4);
  EXPECT_EQ(r->education, 2);
  EXPECT_EQ(r->skills, 4);
  std::map<std::pair<std::string, int64_t>, std::string> skipped;
  for (const auto& s : r->skipped) skipped[{s.file, s.line}] = s.reason;
  const std::string dir = "Basic_LinkedInDataExport_03-15-2024/";
  auto reason = [&](const std::string& file, int64_t line) { return skipped[{dir + file, line}]; };
  auto has = [&](const std::string& file, int64_t line) { return skipped.count({dir + file, line}) > 0; };
  ASSERT_EQ(skipped.size(), 7u);
  EXPECT_EQ(r->skipped_total, 7u);
  EXPECT_NE(reason("Posities.csv", 5).find("Started On is not a date"), std::string::npos);
  EXPECT_NE(reason("Posities.csv", 6).find("Title is empty"), std::string::npos);
  EXPECT_NE(reason("Posities.csv", 7).find("7 fields"), std::string::npos);
  EXPECT_NE(reason("Posities.csv", 8).find("before"), std::string::npos);
  EXPECT_NE(reason("Education.csv", 4).find("Start Date is not a date"), std::string::npos);
  EXPECT_TRUE(has("Skills.csv", 7));
  EXPECT_TRUE(has("Connections.csv", 8));
  EXPECT_TRUE(find_position(load(m.id), "Goed BV"));
  EXPECT_FALSE(find_position(load(m.id), "Kapotte Datum BV"));
}

TEST_P(PortabilityTest, FilesStopAtWhatAProfileHoldsAndAfterTooManyBadRows) {
  Signed m = signup("many@example.org", "Many", "Rows");
  ExportFiles e = build_export();
  std::string skills = "Name\n";
  for (int i = 0; i < 150; ++i) skills += "Skill number " + std::to_string(i) + "\n";
  e.by_section["skills"].data = skills;
  std::string bad;
  for (int i = 0; i < 5000; ++i) bad += latin1("Kapot BV,Tester,,,ooit,\n");
  e.append("positions", bad);
  auto r = import_linkedin(*t_->db, *profiles_, m.id, e.zip(), clock_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->skills, 100);
  EXPECT_EQ(r->positions, 3);
  const std::string dir = "Basic_LinkedInDataExport_03-15-2024/";
  size_t skills_cut = 0, positions_cut = 0, bad_dates = 0;
  for (const auto& s : r->skipped) {
    if (s.file == dir + "Skills.csv") {
      ++skills_cut;
      EXPECT_EQ(s.line, 102);  // the 101st skill
      EXPECT_NE(s.reason.find("at most 100 skills; the rest of the file is left out"), std::string::npos);
    } else if (s.reason.find("unusable rows") != std::string::npos) {
      ++positions_cut;
      EXPECT_EQ(s.line, 5 + 1000);
    } else if (s.reason.find("not a date") != std::string::npos) {
      ++bad_dates;
    }
  }
  EXPECT_EQ(skills_cut, 1u);
  EXPECT_EQ(positions_cut, 1u);
  EXPECT_EQ(r->skipped_total, 1u + 1000u + 1u);
  EXPECT_EQ(r->skipped.size(), kMaxReportedSkips + 2);  // the two notes are always listed
  EXPECT_EQ(bad_dates, kMaxReportedSkips);
}

TEST_P(PortabilityTest, ZipBombsAndGarbageAreRefusedWithNothingWritten) {
  Signed m = signup("bomb@example.org", "Bomb", "Target");
  Signed eva = signup("eva@example.org", "Eva", "Bakker");
  auto untouched = [&] {
    EXPECT_EQ(count("SELECT COUNT(*) FROM positions WHERE member_id = ?", {m.id}), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM member_skills WHERE member_id = ?", {m.id}), 0);
    EXPECT_EQ(count("SELECT COUNT(*) FROM known_contacts"), 0);
    EXPECT_EQ(load(m.id).member.first_name, "Bomb");
  };
  // A good export plus one entry that declares 1 KB and expands to 60 MiB.
  ExportFiles e = build_export();
  std::string bomb_csv = "Name\n" + std::string(60 * kMiB, 'a');
  std::string bomb = [&] {
    auto z = write_zip({{"Skills 2.csv", bomb_csv}});
    return *z;
  }();
  bomb_csv.clear();
  bomb_csv.shrink_to_fit();
  lie_about_sizes(bomb, 1000);
  ASSERT_LT(bomb.size(), 2 * kMiB);
  auto r = import_linkedin(*t_->db, *profiles_, m.id, bomb, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_EQ(r.error().api_code, "zip_too_large");
  untouched();

  // The same bomb after the good files: read first, still nothing written.
  std::vector<ZipFile> files;
  for (const auto& [section, f] : e.by_section) files.push_back(f);
  files.push_back({"zz.csv", "Name\n" + std::string(60 * kMiB, 'b')});
  std::string mixed = *write_zip(files);
  files.clear();
  {
    // Lie only for the last entry: find its central header (the last one) and its local header.
    size_t eocd = mixed.rfind(std::string("PK\x05\x06", 4));
    size_t at = u32(mixed, eocd + 16);
    for (uint16_t i = 0; i + 1 < u16(mixed, eocd + 10); ++i)
      at += 46 + u16(mixed, at + 28) + u16(mixed, at + 30) + u16(mixed, at + 32);
    put_u32(mixed, at + 24, 1000);
    put_u32(mixed, u32(mixed, at + 42) + 22, 1000);
  }
  r = import_linkedin(*t_->db, *profiles_, m.id, mixed, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().api_code, "zip_too_large");
  untouched();

  // Honest sizes past the limits are refused before anything is decompressed.
  std::string declared = build_export().zip();
  lie_about_sizes(declared, 51 * kMiB);  // each entry past 50 MiB
  r = import_linkedin(*t_->db, *profiles_, m.id, declared, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().api_code, "zip_too_large");
  lie_about_sizes(declared, 30 * kMiB);  // 10 entries of 30 MiB: 300 MiB in all
  r = import_linkedin(*t_->db, *profiles_, m.id, declared, clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().api_code, "zip_too_large");
  EXPECT_NE(r.error().message.find("200 MiB"), std::string::npos);

  // Not a ZIP, and an upload over 50 MiB.
  r = import_linkedin(*t_->db, *profiles_, m.id, "First Name,Last Name\nNot,A Zip\n", clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().api_code, "invalid_zip");
  r = import_linkedin(*t_->db, *profiles_, m.id, std::string(50 * kMiB + 1, 'P'), clock_);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().api_code, "payload_too_large");
  untouched();
  (void)eva;
}

// ---- JSON Resume
// ------------------------------------------------------------------------------------------------

TEST_P(PortabilityTest, JsonResumeRoundTripReproducesTheProfile) {
  Signed a = signup("a@example.org", "Anna", "van den Berg");
  Signed b = signup("b@example.org", "Bram", "Other");
  ASSERT_TRUE(
      profiles_->set_basics(a.id, std::string("Hospitals and Health Care"), std::string("Utrecht")).ok());
  profiles::Position p1;
  p1.company.name = "Stadsziekenhuis";
  p1.title = "Nurse";
  p1.location = "Utrecht";
  p1.start = profiles::YearMonth{2019, 3};
  p1.description = "Emergency care.\nTriage.";
  p1.skills = {"Triage", "Wound care"};
  ASSERT_TRUE(profiles_->add_position(a.id, p1).ok());
  profiles::Position p2;
  p2.company.name = "Café Noël";
  p2.title = "Waiter";
  p2.start = profiles::YearMonth{2015, std::nullopt};
  p2.end = profiles::YearMonth{2018, 10};
  ASSERT_TRUE(profiles_->add_position(a.id, p2).ok());
  profiles::Education e;
  e.school.name = "Hogeschool Utrecht";
  e.degree = "Bachelor";
  e.field = "Nursing";
  e.start_year = 2010;
  e.end_year = 2014;
  ASSERT_TRUE(profiles_->add_education(a.id, e).ok());
  ASSERT_TRUE(profiles_->set_skills(a.id, {"Python", "Triage", "Projectmanagement", "Wound care"}).ok());
  ASSERT_TRUE(profiles_
                  ->set_languages(a.id, {{"Dutch", "native"},
                                         {"English", "full_professional"},
                                         {"German", "professional_working"},
                                         {"French", "limited_working"},
                                         {"Spanish", "elementary"},
                                         {"Frisian", ""}})
                  .ok());
  profiles::Certification c;
  c.name = "BLS";
  c.issuer = "NRR";
  c.issued = profiles::YearMonth{2023, 2};
  c.credential_url = "https://example.org/c/1";
  ASSERT_TRUE(profiles_->add_certification(a.id, c).ok());
  ASSERT_TRUE(profiles_->set_contact(a.id, {"anna@work.example", "+31 6 1234", "https://anna.example"}).ok());
  exec("UPDATE members SET linkedin_url = 'linkedin.com/in/anna-vdb' WHERE id = ?", {a.id});

  auto doc = export_json_resume(*t_->db, *profiles_, a.id);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ((*doc)["basics"]["name"], "Anna van den Berg");
  EXPECT_EQ((*doc)["basics"]["email"], "anna@work.example");
  EXPECT_EQ((*doc)["basics"]["profiles"][0]["url"], "https://www.linkedin.com/in/anna-vdb");
  EXPECT_EQ((*doc)["work"][0]["startDate"], "2019-03");
  EXPECT_FALSE((*doc)["work"][0].contains("endDate"));
  EXPECT_EQ((*doc)["work"][0]["highlights"], json({"Triage", "Wound care"}));
  EXPECT_EQ((*doc)["education"][0]["studyType"], "Bachelor");
  EXPECT_EQ((*doc)["education"][0]["area"], "Nursing");
  EXPECT_EQ((*doc)["certificates"][0]["date"], "2023-02");

  // Through text, as it travels.
  auto r = import_json_resume(*t_->db, *profiles_, b.id, json::parse(doc->dump()));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->positions, 2);
  EXPECT_EQ(r->education, 1);
  EXPECT_EQ(r->skills, 4);
  EXPECT_EQ(r->languages, 6);
  EXPECT_EQ(r->certifications, 1);
  EXPECT_TRUE(r->skipped.empty()) << r->skipped[0].item << ": " << r->skipped[0].reason;

  profiles::Profile pa = load(a.id), pb = load(b.id);
  ASSERT_EQ(pa.positions.size(), pb.positions.size());
  for (size_t i = 0; i < pa.positions.size(); ++i) {
    const auto &x = pa.positions[i], &y = pb.positions[i];
    EXPECT_EQ(x.company.name, y.company.name);
    EXPECT_EQ(x.title, y.title);
    EXPECT_EQ(x.location, y.location);
    EXPECT_EQ(x.start->year, y.start->year);
    EXPECT_EQ(x.start->month, y.start->month);
    EXPECT_EQ(x.end.has_value(), y.end.has_value());
    if (x.end) {
      EXPECT_EQ(x.end->year, y.end->year);
      EXPECT_EQ(x.end->month, y.end->month);
    }
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.skills, y.skills);
  }
  ASSERT_EQ(pb.education.size(), 1u);
  EXPECT_EQ(pb.education[0].school.name, "Hogeschool Utrecht");
  EXPECT_EQ(pb.education[0].degree, "Bachelor");
  EXPECT_EQ(pb.education[0].field, "Nursing");
  EXPECT_EQ(pb.education[0].start_year, 2010);
  EXPECT_EQ(pb.education[0].end_year, 2014);
  ASSERT_EQ(pa.skills.size(), pb.skills.size());
  for (size_t i = 0; i < pa.skills.size(); ++i) {
    EXPECT_EQ(pa.skills[i].key, pb.skills[i].key);
    EXPECT_EQ(pa.skills[i].name, pb.skills[i].name);
  }
  ASSERT_EQ(pa.languages.size(), pb.languages.size());
  for (size_t i = 0; i < pa.languages.size(); ++i) {
    EXPECT_EQ(pa.languages[i].name, pb.languages[i].name);
    EXPECT_EQ(pa.languages[i].proficiency, pb.languages[i].proficiency);
  }
  EXPECT_EQ(pb.member.first_name, "Anna");
  EXPECT_EQ(pb.member.last_name, "van den Berg");
  EXPECT_EQ(pb.contact->website, "https://anna.example");
  EXPECT_EQ(pb.certifications[0].issued->month, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM members WHERE linkedin_url = 'linkedin.com/in/anna-vdb'"), 2);

  // Types are checked and named; unusable items are skipped.
  auto bad = import_json_resume(*t_->db, *profiles_, b.id, json::parse(R"({"work": "lots"})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "work");
  bad = import_json_resume(*t_->db, *profiles_, b.id,
                           json::parse(R"({"work": [{"name": "X", "startDate": 2019}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "work[0].startDate");
  bad = import_json_resume(*t_->db, *profiles_, b.id, json::array());
  ASSERT_FALSE(bad.ok());
  auto partial = import_json_resume(*t_->db, *profiles_, b.id, json::parse(R"({"work": [
      {"name": "No Start", "position": "X"}, {"name": "Ok", "position": "Y", "startDate": "2021-05-01"}]})"));
  ASSERT_TRUE(partial.ok()) << partial.error().message;
  EXPECT_EQ(partial->positions, 1);
  ASSERT_EQ(partial->skipped.size(), 1u);
  EXPECT_EQ(partial->skipped[0].item, "work[0]");
}

// ---- export
// ------------------------------------------------------------------------------------------------------

TEST_P(PortabilityTest, ExportHoldsTheMembersDataAndOthersOnlyByHandleAndName) {
  Signed a = signup("a@example.org", "Anna", "Export");
  Signed b = signup("b-private@example.org", "Bram", "Friend");
  Signed c = signup("c@example.org", "Cees", "Ignorer");
  auto inv = net_->invite(b.id, a.handle, "hello Anna");
  ASSERT_TRUE(inv.ok());
  ASSERT_TRUE(net_->accept(a.id, inv->id).ok());
  auto sent = net_->invite(a.id, c.handle, "hi Cees");
  ASSERT_TRUE(sent.ok());
  ASSERT_TRUE(net_->ignore(c.id, sent->id).ok());
  ASSERT_TRUE(net_->follow_member(c.id, a.handle, true).ok());
  profiles::Position p;
  p.company.name = "Acme";
  p.title = "Engineer";
  p.start = profiles::YearMonth{2020, 1};
  ASSERT_TRUE(profiles_->add_position(a.id, p).ok());
  ASSERT_TRUE(profiles_->set_skills(a.id, {"C++"}).ok());
  ASSERT_TRUE(profiles_->set_contact(b.id, {"bram-secret@example.org", "0612345678", ""}).ok());
  exec(
      "INSERT INTO endorsements (member_id, skill_key, endorser_id, relationship, context, hidden, "
      "created_at) "
      "VALUES (?, ?, ?, 'connection', '', 0, ?)",
      {a.id, load(a.id).skills[0].key, b.id, clock_.now()});
  exec("INSERT INTO posts (author_id, text, visibility, created_at) VALUES (?, 'Hello world', 'anyone', ?)",
       {a.id, clock_.now()});

  auto data = export_member_data(*t_->db, *profiles_, a.id, clock_);
  ASSERT_TRUE(data.ok()) << data.error().message;
  const json& d = *data;
  EXPECT_EQ(d["member"]["handle"], a.handle);
  EXPECT_EQ(d["account"]["email"], "a@example.org");
  EXPECT_EQ(d["profile"]["positions"][0]["company"]["name"], "Acme");
  ASSERT_EQ(d["connections"].size(), 1u);
  EXPECT_EQ(d["connections"][0]["member"], json({{"handle", b.handle}, {"name", "Bram Friend"}}));
  EXPECT_EQ(d["invitations"]["received"][0]["note"], "hello Anna");
  EXPECT_EQ(d["invitations"]["sent"][0]["status"], "pending");  // Cees ignored it: that is his to know
  EXPECT_EQ(d["follows"]["followers"][0]["member"]["handle"], c.handle);
  EXPECT_EQ(d["endorsements"]["received"][0]["endorser"]["handle"], b.handle);
  EXPECT_EQ(d["posts"][0]["text"], "Hello world");
  const std::string all = d.dump();
  EXPECT_EQ(all.find("b-private@example.org"), std::string::npos);
  EXPECT_EQ(all.find("bram-secret"), std::string::npos);
  EXPECT_EQ(all.find("ignored"), std::string::npos);

  auto zip = export_member_zip(*t_->db, *profiles_, a.id, clock_);
  ASSERT_TRUE(zip.ok()) << zip.error().message;
  std::map<std::string, std::string> files;
  ASSERT_TRUE(read_zip(
                  *zip, {}, [](std::string_view) { return true; },
                  [&](const std::string& name, std::istream& in) -> Status {
                    std::stringstream ss;
                    ss << in.rdbuf();
                    files[name] = ss.str();
                    return {};
                  })
                  .ok());
  for (const char* f : {"profile.json", "connections.csv", "positions.csv", "education.csv", "skills.csv",
                        "endorsements_received.csv", "endorsements_given.csv", "invitations.csv"}) {
    EXPECT_TRUE(files.count(f)) << f;
  }
  EXPECT_EQ(json::parse(files["profile.json"])["profile"]["positions"][0]["title"], "Engineer");
  EXPECT_NE(files["positions.csv"].find("Acme,Engineer,,,2020-01,,,"), std::string::npos)
      << files["positions.csv"];
  EXPECT_NE(files["connections.csv"].find("Bram Friend," + b.handle), std::string::npos);
}

// ---- deletion
// ------------------------------------------------------------------------------------------------------

// Every (table, column) with a foreign key to members(id), from the schema itself.
std::vector<std::pair<std::string, std::string>> member_references(store::Database& db) {
  auto rows = db.read<store::Rows>([&](store::Session& s) -> Result<store::Rows> {
    if (s.backend() == store::Backend::kSqlite) {
      return s.query(
          "SELECT m.name, p.\"from\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p "
          "WHERE m.type = 'table' AND p.\"table\" = 'members' ORDER BY 1, 2");
    }
    return s.query(
        "SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
        "AND kcu.table_schema = tc.table_schema "
        "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
        "AND ccu.table_schema = tc.table_schema "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'members' AND tc.table_schema = "
        "current_schema() "
        "ORDER BY 1, 2");
  });
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : *rows) out.emplace_back(r.text(0), r.text(1));
  return out;
}

TEST_P(PortabilityTest, DeletionErasesEveryRowAndEveryIndexForgetsTheMember) {
  Signed x = signup("x@example.org", "Xavier", "Leaving");
  Signed y = signup("y@example.org", "Yara", "Staying");
  Signed z = signup("z@example.org", "Zoe", "Blocked");
  Signed w = signup("w@example.org", "Wim", "Third");
  const MemberId X = x.id, Y = y.id, Z = z.id, W = w.id;
  const Micros now = clock_.now();
  // Network.
  auto inv = net_->invite(Y, x.handle, "hi");
  ASSERT_TRUE(inv.ok());
  ASSERT_TRUE(net_->accept(X, inv->id).ok());
  auto inv2 = net_->invite(W, y.handle, "hi");
  ASSERT_TRUE(inv2.ok());
  ASSERT_TRUE(net_->accept(Y, inv2->id).ok());
  ASSERT_TRUE(net_->invite(X, w.handle, "pending one").ok());
  ASSERT_TRUE(net_->follow_member(X, y.handle, true).ok());
  ASSERT_TRUE(net_->follow_member(W, x.handle, true).ok());
  ASSERT_TRUE(net_->block(X, z.handle, true).ok());
  ASSERT_TRUE(net_->dismiss_suggestion(Y, x.handle).ok());
  exec("INSERT INTO companies (handle, name, created_at) VALUES ('acme', 'Acme', ?)", {now});
  ASSERT_TRUE(net_->follow_company(X, "acme", true).ok());
  exec(
      "INSERT INTO introductions (requester, intermediary, target, message, status, created_at, updated_at) "
      "VALUES (?, ?, ?, 'please', 'pending', ?, ?)",
      {W, Y, X, now, now});
  // Profile.
  ASSERT_TRUE(import_linkedin(*t_->db, *profiles_, X, build_export().zip(), clock_).ok());
  ASSERT_TRUE(
      profiles_->set_open_to_work(X, profiles::OpenToWork{{"Nurse"}, {"Utrecht"}, {"hybrid"}, "everyone"})
          .ok());
  ASSERT_TRUE(profiles_->set_contact(X, {"x@home.example", "", ""}).ok());
  ASSERT_TRUE(profiles_->set_visibility(X, {{"contact", profiles::Visibility::kOnlyMe}}).ok());
  ASSERT_TRUE(profiles_->change_handle(X, "xavier-gone").ok());
  ASSERT_TRUE(profiles_->set_recruiter(X, true).ok());
  ASSERT_TRUE(profiles_->set_skills(Y, {"Triage"}).ok());
  const std::string skill = load(X).skills[0].key;
  exec(
      "INSERT INTO endorsements (member_id, skill_key, endorser_id, relationship, context, hidden, "
      "created_at) "
      "VALUES (?, ?, ?, 'connection', '', 0, ?)",
      {X, skill, Y, now});
  exec(
      "INSERT INTO endorsements (member_id, skill_key, endorser_id, relationship, context, hidden, "
      "created_at) "
      "VALUES (?, ?, ?, 'connection', '', 0, ?)",
      {Y, load(Y).skills[0].key, X, now});
  exec(
      "INSERT INTO endorsement_requests (requester, recipient, skill_key, message, status, created_at) "
      "VALUES (?, ?, ?, '', 'pending', ?)",
      {X, Y, skill, now});
  exec(
      "INSERT INTO endorsement_requests (requester, recipient, skill_key, message, status, created_at) "
      "VALUES (?, ?, 'triage', '', 'pending', ?)",
      {Y, X, now});
  exec(
      "INSERT INTO profile_views (viewed_id, viewer_id, mode, viewer_headline, day, created_at) "
      "VALUES (?, ?, 'name', '', 1, ?)",
      {X, Y, now});
  exec(
      "INSERT INTO profile_views (viewed_id, viewer_id, mode, viewer_headline, day, created_at) "
      "VALUES (?, ?, 'anonymous', 'Nurse', 1, ?)",
      {Y, X, now});
  exec("INSERT INTO known_contacts (member_id, contact_id, source, created_at) VALUES (?, ?, 'linkedin', ?)",
       {Y, X, now});
  exec("INSERT INTO known_contacts (member_id, contact_id, source, created_at) VALUES (?, ?, 'linkedin', ?)",
       {X, W, now});
  exec("INSERT INTO member_interests (member_id, tag) VALUES (?, 'zorg')", {X});
  // Content: X's post with Y's comment and reaction; X's comment and reaction on Y's post.
  exec("INSERT INTO posts (author_id, text, created_at) VALUES (?, 'mine', ?)", {X, now});
  exec("INSERT INTO posts (author_id, text, created_at) VALUES (?, 'theirs', ?)", {Y, now});
  const int64_t xp = count("SELECT id FROM posts WHERE author_id = ?", {X});
  const int64_t yp = count("SELECT id FROM posts WHERE author_id = ?", {Y});
  exec("INSERT INTO posts (author_id, text, reshare_of, created_at) VALUES (?, 'reshare', ?, ?)",
       {Y, xp, now});
  exec("INSERT INTO post_hashtags (post_id, tag) VALUES (?, 'zorg')", {xp});
  exec("INSERT INTO comments (post_id, author_id, text, created_at) VALUES (?, ?, 'nice', ?)", {xp, Y, now});
  exec("INSERT INTO comments (post_id, author_id, text, created_at) VALUES (?, ?, 'thanks', ?)",
       {yp, X, now});
  exec("INSERT INTO reactions (post_id, member_id, type, created_at) VALUES (?, ?, 'like', ?)", {xp, Y, now});
  exec("INSERT INTO reactions (post_id, member_id, type, created_at) VALUES (?, ?, 'like', ?)", {yp, X, now});
  ASSERT_TRUE(accounts_->session(x.token).ok());
  ASSERT_TRUE(graph_.graph().connected(X, Y));

  const auto refs = member_references(*t_->db);
  ASSERT_GE(refs.size(), 30u) << "the schema query found too few foreign keys";
  auto rows_naming = [&](MemberId m) {
    std::map<std::string, int64_t> out;
    for (const auto& [table, column] : refs) {
      int64_t n = count("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?", {m});
      if (n) out[table + "." + column] = n;
    }
    int64_t followed = count("SELECT COUNT(*) FROM follows WHERE target_kind = 'member' AND target = ?", {m});
    if (followed) out["follows.target"] = followed;
    return out;
  };
  auto before = rows_naming(X);
  for (const char* t : {"accounts.member_id",
                        "sessions.member_id",
                        "connections.member_a",
                        "invitations.from_member",
                        "invitations.to_member",
                        "follows.follower",
                        "follows.target",
                        "blocks.blocker",
                        "dismissed_suggestions.dismissed",
                        "introductions.target",
                        "positions.member_id",
                        "education.member_id",
                        "member_skills.member_id",
                        "known_contacts.member_id",
                        "known_contacts.contact_id",
                        "member_settings.member_id",
                        "posts.author_id",
                        "comments.author_id",
                        "reactions.member_id",
                        "member_interests.member_id",
                        "member_languages.member_id",
                        "certifications.member_id",
                        "open_to_work.member_id",
                        "contact_info.member_id",
                        "section_visibility.member_id",
                        "handle_redirects.member_id",
                        "endorsements.member_id",
                        "endorsements.endorser_id",
                        "endorsement_requests.requester",
                        "endorsement_requests.recipient",
                        "profile_views.viewed_id",
                        "profile_views.viewer_id"}) {
    EXPECT_TRUE(before.count(t)) << "the set-up leaves " << t << " empty";
  }

  // Wrong password: 403 and nothing happens.
  Status wrong = accounts_->delete_account(X, "not the password");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(wrong.error().api_code, "wrong_password");
  EXPECT_EQ(rows_naming(X), before);

  Status done = accounts_->delete_account(X, kPassword);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(rows_naming(X), (std::map<std::string, int64_t>{}));
  // Other members' own rows stay: Y's post (and the reshare, now of nothing), W's connection with Y.
  EXPECT_EQ(count("SELECT COUNT(*) FROM posts WHERE author_id = ?", {Y}), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM posts WHERE reshare_of IS NULL AND author_id = ?", {Y}), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM connections"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM companies"), 1);
  // The change log keeps ids, not names.
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE entity = ? AND kind = 'member.deleted'", {X}), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM change_log WHERE payload LIKE '%Xavier%'"), 0);
  // Log-in and sessions are gone.
  EXPECT_EQ(accounts_->login("x@example.org", kPassword, "127.0.0.1").error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(accounts_->session(x.token).error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(accounts_->delete_account(X, kPassword).error().code, ErrorCode::kForbidden);

  // Live indexes.
  EXPECT_EQ(directory_.find(X), nullptr);
  EXPECT_EQ(directory_.find_by_handle("xavier-gone"), nullptr);
  EXPECT_FALSE(graph_.graph().connected(X, Y));
  EXPECT_FALSE(blocks_.hidden(X, Z));
  EXPECT_FALSE(blocks_.hidden(Z, X));
  auto ylist = net_->connections(Y, Y, 50, "", "");
  ASSERT_TRUE(ylist.ok());
  ASSERT_EQ(ylist->items.size(), 1u);
  EXPECT_EQ(ylist->items[0].member, W);
  // Indexes rebuilt from the store.
  members::MemberDirectory dir2;
  graph::GraphIndex graph2;
  network::BlockIndex blocks2;
  ASSERT_TRUE(t_->db
                  ->read<bool>([&](store::Session& s) -> Result<bool> {
                    KRING_TRY(dir2.load(s));
                    KRING_TRY(graph2.load(s));
                    KRING_TRY(blocks2.load(s));
                    return true;
                  })
                  .ok());
  EXPECT_EQ(dir2.find(X), nullptr);
  EXPECT_EQ(dir2.size(), 3u);
  EXPECT_FALSE(graph2.graph().connected(X, Y));
  EXPECT_EQ(graph2.graph().connection_count(Y), 1u);
  EXPECT_EQ(graph_.graph().connection_count(Y), 1u);
  EXPECT_FALSE(blocks2.hidden(X, Z));
  // The freed address can sign up again, as a new member.
  Signed again = signup("x@example.org", "Xavier", "Back");
  EXPECT_NE(again.id, X);
}

INSTANTIATE_TEST_SUITE_P(Backends, PortabilityTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::importers

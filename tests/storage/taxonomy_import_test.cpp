// `kring taxonomy import-esco` on every backend: the ESCO v1.2 skills CSVs land in esco_skills, one row per
// concept URI, importing again adds nothing, and the taxonomy merges them with the shipped list.
//
// The data is read from ../shared/data/esco next to the repository, or from $KRING_SHARED_DATA/esco; the test
// is skipped when neither exists. The expected count is computed here from the files (a URI scan of their
// first column), independently of the importer's CSV reader.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "store/database.h"
#include "support/test_db.h"
#include "taxonomy/esco_import.h"
#include "taxonomy/taxonomy.h"

namespace kring::taxonomy {
namespace {

namespace fs = std::filesystem;

fs::path esco_dir() {
  if (const char* env = std::getenv("KRING_SHARED_DATA"); env && *env) return fs::path(env) / "esco";
  fs::path repo = fs::path(__FILE__).parent_path().parent_path().parent_path();
  return repo.parent_path() / "shared" / "data" / "esco";
}

bool is_skills_file(const std::string& name) {
  bool skills = name.rfind("skills_", 0) == 0 || name.find("SkillsCollection_") != std::string::npos;
  bool lang = name.find("_en") != std::string::npos || name.find("_nl") != std::string::npos;
  return skills && lang && name.size() > 4 && name.substr(name.size() - 4) == ".csv";
}

// Distinct skill URIs: a record starts a line with its conceptUri (cross-sector extract) or with its
// conceptType and then its conceptUri (collections); URIs elsewhere are broader concepts.
std::set<std::string> expected_uris(const fs::path& dir) {
  std::set<std::string> uris;
  const std::regex uri(R"(^(KnowledgeSkillCompetence,)?(http://data\.europa\.eu/esco/skill/[0-9a-f-]+),)");
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!is_skills_file(e.path().filename().string())) continue;
    std::ifstream in(e.path());
    std::string line;
    while (std::getline(in, line)) {
      std::smatch m;
      if (std::regex_search(line, m, uri)) uris.insert(m[2].str());
    }
  }
  return uris;
}

class TaxonomyImportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void SetUp() override {
    if (!fs::is_directory(esco_dir())) GTEST_SKIP() << "no ESCO data at " << esco_dir();
    t_ = kring::testing::make_test_database(GetParam());
  }
  store::Database& db() { return *t_->db; }
  int64_t count(const char* sql) {
    auto r = db().read<int64_t>([&](store::Session& s) { return Result<int64_t>(s.query_one(sql)->i64(0)); });
    if (!r.ok()) throw std::runtime_error(r.error().message);
    return *r;
  }
  std::unique_ptr<kring::testing::TestDatabase> t_;
};

TEST_P(TaxonomyImportTest, ImportsEveryEscoSkillOnceAndMergesThem) {
  const auto expected = expected_uris(esco_dir());
  ASSERT_GT(expected.size(), 1000u);

  auto first = import_esco(db(), esco_dir().string());
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->skills, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(first->added, static_cast<int64_t>(expected.size()));
  EXPECT_EQ(first->malformed, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM esco_skills"), static_cast<int64_t>(expected.size()));
  // Both languages arrived: the digital collection exists in English and Dutch.
  EXPECT_GT(count("SELECT COUNT(*) FROM esco_skills WHERE label_en <> '' AND label_nl <> ''"), 1000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM esco_skills WHERE label_en = '' AND label_nl = ''"), 0);

  auto again = import_esco(db(), esco_dir().string());
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM esco_skills"), static_cast<int64_t>(expected.size()));

  Taxonomy tax;
  std::size_t shipped = tax.size();
  auto loaded = tax.load_esco(db());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_GT(*loaded, 4000u);
  EXPECT_LT(*loaded, expected.size());  // some ESCO skills ("Haskell", "SQL") are shipped ones
  EXPECT_EQ(tax.size(), shipped + *loaded);
  // Shipped skills win on conflicts; ESCO adds what the shipped list lacks, in both languages.
  EXPECT_EQ((*tax.normalize("Haskell"))->id, "haskell");
  auto tox = tax.normalize("perform toxicological studies");
  ASSERT_TRUE(tox.has_value());
  EXPECT_EQ((*tox)->id, "esco-000bb1e4-89f0-4b86-be05-05ece3641724");
  EXPECT_TRUE(tax.normalize("carry out toxicological studies").has_value());
}

TEST_P(TaxonomyImportTest, RejectsAFolderWithoutSkillFiles) {
  auto r = import_esco(db(), fs::temp_directory_path().string() + "/kring-no-such-folder");
  EXPECT_FALSE(r.ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, TaxonomyImportTest, ::testing::ValuesIn(kring::testing::test_backends()),
                         kring::testing::BackendName());

}  // namespace
}  // namespace kring::taxonomy

// The skill taxonomy: the shipped list's size and consistency, normalisation of what members type, and the
// typeahead's ranking. Data-driven: add a row to a table to pin a new case.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "taxonomy/taxonomy.h"

namespace kring::taxonomy {
namespace {

const Taxonomy& tax() {
  static const Taxonomy t;
  return t;
}

TEST(TaxonomyTest, ShipsAtLeastAThousandDistinctSkills) {
  auto parsed = parse_skills_tsv(shipped_skills_tsv());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_GE(parsed->size(), 1000u);
  // Every shipped skill survives loading: nothing was dropped as a duplicate.
  EXPECT_EQ(tax().shipped_count(), parsed->size());
  std::set<std::string> ids, labels;
  std::set<std::string> categories;
  for (const auto& s : *parsed) {
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
    EXPECT_TRUE(labels.insert(match_key(s.label_en)).second) << "duplicate English label " << s.label_en;
    EXPECT_FALSE(s.label_nl.empty()) << s.id;
    categories.insert(s.category);
  }
  // Across professions, not only IT.
  for (const char* c : {"software", "healthcare", "care", "education", "logistics", "finance", "trades",
                        "hospitality", "law", "marketing", "construction", "public-sector"}) {
    EXPECT_TRUE(categories.count(c)) << c;
  }
}

TEST(TaxonomyTest, NoNameOrAliasPointsAtTwoSkills) {
  auto parsed = parse_skills_tsv(shipped_skills_tsv());
  ASSERT_TRUE(parsed.ok());
  std::unordered_map<std::string, std::string> owner;
  for (const auto& s : *parsed) {
    std::vector<std::string> names{s.label_en, s.label_nl};
    names.insert(names.end(), s.aliases.begin(), s.aliases.end());
    for (const auto& n : names) {
      std::string k = match_key(n);
      ASSERT_FALSE(k.empty()) << s.id << ": '" << n << "'";
      auto [it, inserted] = owner.emplace(k, s.id);
      EXPECT_TRUE(inserted || it->second == s.id) << "'" << n << "' names " << it->second << " and " << s.id;
    }
  }
}

TEST(TaxonomyTest, MatchKeyFoldsCaseDiacriticsSpacesAndHyphens) {
  EXPECT_EQ(match_key("Project-Management"), "projectmanagement");
  EXPECT_EQ(match_key("  project   management "), "projectmanagement");
  EXPECT_EQ(match_key("Diëtetiek"), "dietetiek");
  EXPECT_EQ(match_key("C++"), "c++");
  EXPECT_EQ(match_key("C#"), "c#");
  EXPECT_EQ(match_key("C"), "c");
  EXPECT_EQ(match_key("-- !"), "");
}

struct NormalizeCase {
  const char* typed;
  const char* id;  // nullptr: stays unknown
};

TEST(TaxonomyTest, NormalizesWhatMembersType) {
  const NormalizeCase cases[] = {
      {"JS", "javascript"},
      {"javascript", "javascript"},
      {"  JavaScript  ", "javascript"},
      {"projectmanagement", "project-management"},
      {"Project-management", "project-management"},
      {"Project Management", "project-management"},
      {"PROJECT MANAGEMENT", "project-management"},
      {"Projectmanagement", "project-management"},
      {"Verpleegkunde", "nursing"},
      {"nursing", "nursing"},
      {"verpleging", "nursing"},
      {"boekhouden", "accounting"},
      {"Bookkeeping", "accounting"},
      {"Accounting", "accounting"},
      {"Diëtetiek", "dietetics"},
      {"dietetiek", "dietetics"},
      {"Objectgeoriënteerd programmeren", "object-oriented-programming"},
      {"objectgeorienteerd programmeren", "object-oriented-programming"},
      {"OOP", "object-oriented-programming"},
      {"K8s", "kubernetes"},
      {"Golang", "go"},
      {"C++", "cpp"},
      {"c#", "csharp"},
      {"C", "c-language"},
      {"heftruck rijden", "forklift-operation"},
      {"Heftruck", "forklift-operation"},
      {"Lesgeven", "teaching"},
      {"AVG", "privacy-gdpr"},
      {"GDPR", "privacy-gdpr"},
      {"Metselen", "bricklaying"},
      {"Node.js", "nodejs"},
      {"nodejs", "nodejs"},
      {"HACCP", "food-safety"},
      {"Ouderenzorg", "elderly-care"},
      {"Aanbesteden", "public-procurement"},
      {"Underwater basket weaving", nullptr},
      {"Kringvlechten", nullptr},
      {"", nullptr},
      {"   ", nullptr},
      {"-", nullptr},
  };
  for (const auto& c : cases) {
    auto s = tax().normalize(c.typed);
    if (c.id == nullptr) {
      EXPECT_FALSE(s.has_value()) << "'" << c.typed << "' -> " << (s ? (*s)->id : "");
    } else {
      ASSERT_TRUE(s.has_value()) << "'" << c.typed << "' is unknown";
      EXPECT_EQ((*s)->id, c.id) << "'" << c.typed << "'";
    }
  }
}

TEST(TaxonomyTest, DutchAndEnglishLabelsNameTheSameSkill) {
  const std::pair<const char*, const char*> pairs[] = {
      {"Nursing", "Verpleegkunde"}, {"Accounting", "Boekhouden"}, {"Carpentry", "Timmeren"},
      {"Logistics", "Logistiek"},   {"Welding", "Lassen"},        {"Employment law", "Arbeidsrecht"},
  };
  for (auto [en, nl] : pairs) {
    auto a = tax().normalize(en);
    auto b = tax().normalize(nl);
    ASSERT_TRUE(a && b) << en << " / " << nl;
    EXPECT_EQ((*a)->id, (*b)->id) << en << " / " << nl;
    EXPECT_EQ((*a)->label_en, en);
    EXPECT_EQ((*a)->label_nl, nl);
  }
}

std::vector<std::string> suggest_ids(std::string_view q, Lang lang, std::size_t limit) {
  std::vector<std::string> ids;
  for (const auto& s : tax().suggest(q, lang, limit)) ids.push_back(s.skill->id);
  return ids;
}

struct SuggestCase {
  const char* prefix;
  Lang lang;
  std::vector<std::string> first;  // the first suggestions, in order
};

TEST(TaxonomyTest, TypeaheadRanksExactThenLabelPrefixThenWordPrefixThenAlias) {
  const SuggestCase cases[] = {
      // Exact alias first; then labels starting with "js"... none; then aliases.
      {"js", Lang::kEn, {"javascript"}},
      // Label prefixes, shortest label first.
      {"jav", Lang::kEn, {"java", "javascript"}},
      // Dutch labels: "Verpakken" is shorter than "Verpleegkunde".
      {"verp", Lang::kNl, {"packaging", "nursing"}},
      {"verple", Lang::kNl, {"nursing"}},
      {"Python", Lang::kEn, {"python"}},
      {"project man", Lang::kEn, {"project-management"}},
      {"projectman", Lang::kNl, {"project-management"}},
  };
  for (const auto& c : cases) {
    auto ids = suggest_ids(c.prefix, c.lang, 10);
    ASSERT_GE(ids.size(), c.first.size()) << c.prefix;
    for (std::size_t i = 0; i < c.first.size(); ++i) EXPECT_EQ(ids[i], c.first[i]) << c.prefix << " #" << i;
  }
}

TEST(TaxonomyTest, TypeaheadTiers) {
  // "pro": labels starting with "pro" come before labels with a later word starting with "pro".
  auto s = tax().suggest("pro", Lang::kEn, 25);
  ASSERT_GE(s.size(), 5u);
  std::size_t first_word_match = s.size();
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool label_prefix = match_key(s[i].label).rfind("pro", 0) == 0;
    if (!label_prefix && first_word_match == s.size()) first_word_match = i;
    if (i > first_word_match) EXPECT_FALSE(label_prefix) << s[i].label << " after a word match";
  }
  // Within the label-prefix tier, shorter labels first.
  for (std::size_t i = 1; i < first_word_match; ++i) EXPECT_LE(s[i - 1].label.size(), s[i].label.size());
  // "Project management" is among the label prefixes; a word prefix finds "Public procurement".
  auto ids = suggest_ids("pro", Lang::kEn, 25);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "project-management"), ids.end());
  auto acc = suggest_ids("accounting", Lang::kEn, 25);
  ASSERT_FALSE(acc.empty());
  EXPECT_EQ(acc[0], "accounting");  // exact label
  EXPECT_NE(std::find(acc.begin(), acc.end(), "financial-accounting"), acc.end());  // a later word

  // Word prefix ranks above alias: "ver" in Dutch matches "Verpleegkunde" (label) before "verpleging" (alias).
  auto v = tax().suggest("verpleeg", Lang::kNl, 10);
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].skill->id, "nursing");
  EXPECT_EQ(v[0].label, "Verpleegkunde");
  // The label is in the requested language; matched says which name matched.
  auto e = tax().suggest("verpleegkunde", Lang::kEn, 10);
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e[0].label, "Nursing");
  EXPECT_EQ(e[0].matched, "Verpleegkunde");
  auto js = tax().suggest("JS", Lang::kEn, 10);
  ASSERT_FALSE(js.empty());
  EXPECT_EQ(js[0].matched, "JS");
  EXPECT_EQ(js[0].label, "JavaScript");
}

TEST(TaxonomyTest, TypeaheadEdgeCases) {
  EXPECT_TRUE(tax().suggest("", Lang::kEn, 10).empty());
  EXPECT_TRUE(tax().suggest("  - ", Lang::kEn, 10).empty());
  EXPECT_TRUE(tax().suggest("zzzzqqq", Lang::kEn, 10).empty());
  EXPECT_TRUE(tax().suggest("java", Lang::kEn, 0).empty());
  EXPECT_EQ(tax().suggest("a", Lang::kEn, 25).size(), 25u);
  EXPECT_EQ(tax().suggest("a", Lang::kNl, 3).size(), 3u);
  // No skill twice.
  auto all = suggest_ids("s", Lang::kEn, 25);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
}

TEST(TaxonomyTest, ImportedSkillsMergeAndShippedOnesWin) {
  Taxonomy t;
  std::size_t before = t.size();
  Skill dup;  // same label as a shipped skill: skipped
  dup.id = "esco-1";
  dup.label_en = "Haskell";
  dup.shipped = false;
  Skill fresh;
  fresh.id = "esco-2";
  fresh.label_en = "perform toxicological studies";
  fresh.aliases = {"toxicology testing", "JS"};  // "JS" names JavaScript already: dropped
  fresh.shipped = false;
  EXPECT_EQ(t.add_skills({dup, fresh}), 1u);
  EXPECT_EQ(t.size(), before + 1);
  EXPECT_EQ((*t.normalize("haskell"))->id, "haskell");
  EXPECT_EQ((*t.normalize("Toxicology-testing"))->id, "esco-2");
  EXPECT_EQ((*t.normalize("js"))->id, "javascript");
  EXPECT_EQ((*t.normalize("perform toxicological studies"))->label(Lang::kNl), "perform toxicological studies");
  auto s = t.suggest("tox", Lang::kEn, 5);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].skill->id, "esco-2");
}

}  // namespace
}  // namespace kring::taxonomy

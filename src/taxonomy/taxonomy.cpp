#include "taxonomy/taxonomy.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_set>

#include "common/text.h"

namespace kring::taxonomy {

extern const std::string_view kShippedSkillsTsv;  // shipped_skills.cpp, generated from skills.tsv

namespace {

constexpr const char* kLoadEscoSql =
    "SELECT uri, label_en, label_nl, alt_labels_en, alt_labels_nl FROM esco_skills ORDER BY uri";

bool keep_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '#' || c >= 0x80;
}

// The folded words of a name: runs of kept bytes.
std::vector<std::string> words_of(std::string_view name) {
  std::string folded = text::fold(name);
  std::vector<std::string> words;
  std::string cur;
  for (unsigned char c : folded) {
    if (keep_byte(c)) {
      cur.push_back(static_cast<char>(c));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::optional<Lang> parse_lang(std::string_view s) {
  if (s == "en") return Lang::kEn;
  if (s == "nl") return Lang::kNl;
  return std::nullopt;
}

const std::string& Skill::label(Lang lang) const {
  if (lang == Lang::kNl) return label_nl.empty() ? label_en : label_nl;
  return label_en.empty() ? label_nl : label_en;
}

std::string match_key(std::string_view text) {
  std::string folded = text::fold(text);
  std::string key;
  key.reserve(folded.size());
  for (unsigned char c : folded) {
    if (keep_byte(c)) key.push_back(static_cast<char>(c));
  }
  return key;
}

std::string_view shipped_skills_tsv() { return kShippedSkillsTsv; }

Result<std::vector<Skill>> parse_skills_tsv(std::string_view tsv) {
  std::vector<Skill> out;
  int line_no = 0;
  for (std::string_view line : split(tsv, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (text::trim(line).empty() || line.front() == '#') continue;
    auto fields = split(line, '\t');
    if (fields.size() != 5) {
      return Error::invalid("skills", "line " + std::to_string(line_no) + ": expected 5 tab-separated fields");
    }
    Skill s;
    s.id = std::string(text::trim(fields[0]));
    s.label_en = std::string(text::trim(fields[1]));
    s.label_nl = std::string(text::trim(fields[2]));
    s.category = std::string(text::trim(fields[3]));
    if (s.id.empty() || s.label_en.empty() || s.label_nl.empty() || s.category.empty()) {
      return Error::invalid("skills", "line " + std::to_string(line_no) + ": empty field");
    }
    if (!fields[4].empty()) {
      for (std::string_view a : split(fields[4], '|')) {
        a = text::trim(a);
        if (!a.empty()) s.aliases.emplace_back(a);
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

Taxonomy::Taxonomy() {
  auto shipped = parse_skills_tsv(kShippedSkillsTsv);
  if (!shipped.ok()) throw std::logic_error("embedded skills.tsv: " + shipped.error().message);
  add_skills(std::move(*shipped));
  shipped_count_ = skills_.size();
}

std::size_t Taxonomy::add_skills(std::vector<Skill> skills) {
  // Labels first, for all new skills, so that one skill's alias cannot shut out another's label.
  const std::size_t first = skills_.size();
  for (Skill& s : skills) {
    if (s.id.empty() || by_id_.count(s.id)) continue;
    std::string ken = match_key(s.label_en), knl = match_key(s.label_nl);
    if (ken.empty() && knl.empty()) continue;
    if ((!ken.empty() && by_key_.count(ken)) || (!knl.empty() && by_key_.count(knl))) continue;
    auto idx = static_cast<uint32_t>(skills_.size());
    by_id_.emplace(s.id, idx);
    if (!ken.empty()) by_key_.emplace(ken, idx);
    if (!knl.empty()) by_key_.emplace(knl, idx);
    skills_.push_back(std::move(s));
  }
  // Then aliases, dropping those that name another skill (or repeat this one's names).
  for (std::size_t i = first; i < skills_.size(); ++i) {
    Skill& s = skills_[i];
    std::vector<std::string> aliases;
    std::unordered_set<std::string> seen{match_key(s.label_en), match_key(s.label_nl)};
    for (std::string& a : s.aliases) {
      std::string k = match_key(a);
      if (k.empty() || !seen.insert(k).second) continue;
      if (!by_key_.emplace(k, static_cast<uint32_t>(i)).second) continue;
      aliases.push_back(std::move(a));
    }
    s.aliases = std::move(aliases);
  }
  rebuild();
  return skills_.size() - first;
}

void Taxonomy::rebuild() {
  for (auto& a : arrays_) a.clear();
  for (uint32_t i = 0; i < skills_.size(); ++i) {
    const Skill& s = skills_[i];
    std::size_t names = 2 + s.aliases.size();
    for (uint32_t n = 0; n < names; ++n) {
      const std::string& name = n == 0 ? s.label_en : n == 1 ? s.label_nl : s.aliases[n - 2];
      if (name.empty()) continue;
      std::vector<std::string> words = words_of(name);
      if (words.empty()) continue;
      std::string full;
      for (const auto& w : words) full += w;
      Array full_array = n == 0 ? kLabelFullEn : n == 1 ? kLabelFullNl : kAlias;
      Array word_array = n == 0 ? kLabelWordEn : n == 1 ? kLabelWordNl : kAlias;
      arrays_[full_array].push_back(Entry{full, i, n});
      // Every tail that starts at a later word: "project management" is found by "man".
      std::string tail;
      for (std::size_t w = words.size(); w-- > 1;) {
        tail.insert(0, words[w]);
        arrays_[word_array].push_back(Entry{tail, i, n});
      }
    }
  }
  for (auto& a : arrays_) {
    std::sort(a.begin(), a.end(), [](const Entry& x, const Entry& y) {
      if (x.key != y.key) return x.key < y.key;
      if (x.skill != y.skill) return x.skill < y.skill;
      return x.name < y.name;
    });
  }
}

const std::string& Taxonomy::name_of(const Entry& e) const {
  const Skill& s = skills_[e.skill];
  return e.name == 0 ? s.label_en : e.name == 1 ? s.label_nl : s.aliases[e.name - 2];
}

std::optional<const Skill*> Taxonomy::normalize(std::string_view typed) const {
  std::string key = match_key(typed);
  if (key.empty()) return std::nullopt;
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return std::nullopt;
  return &skills_[it->second];
}

const Skill* Taxonomy::find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &skills_[it->second];
}

std::vector<Suggestion> Taxonomy::suggest(std::string_view prefix, Lang lang, std::size_t limit) const {
  std::vector<Suggestion> out;
  std::string q = match_key(prefix);
  if (q.empty() || limit == 0) return out;
  std::unordered_set<uint32_t> taken;

  auto emit = [&](uint32_t skill, const std::string& matched) {
    if (!taken.insert(skill).second) return;
    out.push_back(Suggestion{&skills_[skill], skills_[skill].label(lang), matched});
  };

  // Rank 0: an exact label or alias.
  if (auto it = by_key_.find(q); it != by_key_.end()) {
    const Skill& s = skills_[it->second];
    // Report the name that matched: the first label or alias with this key.
    std::string matched = s.label(lang);
    if (match_key(matched) != q) {
      for (const std::string* n : {&s.label_en, &s.label_nl}) {
        if (match_key(*n) == q) matched = *n;
      }
      for (const auto& a : s.aliases) {
        if (match_key(a) == q) matched = a;
      }
    }
    emit(it->second, matched);
  }

  const bool en = lang == Lang::kEn;
  const std::vector<std::vector<Array>> tiers = {
      {en ? kLabelFullEn : kLabelFullNl},
      {en ? kLabelWordEn : kLabelWordNl},
      {kAlias, en ? kLabelFullNl : kLabelFullEn, en ? kLabelWordNl : kLabelWordEn},
  };
  struct Candidate {
    uint32_t skill;
    const std::string* matched;
  };
  for (const auto& tier : tiers) {
    if (out.size() >= limit) break;
    std::vector<Candidate> found;
    std::unordered_set<uint32_t> in_tier;
    for (Array a : tier) {
      const auto& arr = arrays_[a];
      auto it = std::lower_bound(arr.begin(), arr.end(), q,
                                 [](const Entry& e, const std::string& k) { return e.key < k; });
      for (; it != arr.end() && starts_with(it->key, q); ++it) {
        if (taken.count(it->skill) || !in_tier.insert(it->skill).second) continue;
        found.push_back(Candidate{it->skill, &name_of(*it)});
      }
    }
    std::sort(found.begin(), found.end(), [&](const Candidate& x, const Candidate& y) {
      const Skill& a = skills_[x.skill];
      const Skill& b = skills_[y.skill];
      if (a.shipped != b.shipped) return a.shipped;
      const std::string& la = a.label(lang);
      const std::string& lb = b.label(lang);
      if (la.size() != lb.size()) return la.size() < lb.size();
      return la < lb;
    });
    for (const Candidate& c : found) {
      if (out.size() >= limit) break;
      emit(c.skill, *c.matched);
    }
  }
  return out;
}

Result<std::size_t> Taxonomy::load_esco(store::Database& db) {
  KRING_ASSIGN_OR_RETURN(std::vector<Skill> esco, db.read<std::vector<Skill>>([](store::Session& s) {
    std::vector<Skill> out;
    for (const auto& row : s.query(kLoadEscoSql)) {
      Skill k;
      std::string uri = row.text(0);
      k.id = "esco-" + uri.substr(uri.rfind('/') + 1);
      k.label_en = row.text(1);
      k.label_nl = row.text(2);
      k.category = "esco";
      k.shipped = false;
      for (int col : {3, 4}) {
        std::string alts = row.text(col);
        for (std::string_view a : split(alts, '\n')) {
          if (!text::trim(a).empty()) k.aliases.emplace_back(text::trim(a));
        }
      }
      out.push_back(std::move(k));
    }
    return Result<std::vector<Skill>>(std::move(out));
  }));
  return add_skills(std::move(esco));
}

}  // namespace kring::taxonomy

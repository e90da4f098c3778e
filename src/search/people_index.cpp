#include "search/people_index.h"
#include "search/scratch_dir.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <sys/vfs.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include "common/text.h"
#include "graph/graph.h"
#include "network/block_index.h"

namespace kring::search {
namespace {

// ---- store reads: each statement without a filter for load(), with "member_id = ?" for one member.
constexpr std::string_view kMembers =
    "SELECT id, handle, first_name, last_name, headline, about, city, country, country_code FROM members";
constexpr std::string_view kVisibility = "SELECT member_id, section, visibility FROM section_visibility";
constexpr std::string_view kPositions =
    "SELECT p.member_id, c.handle, COALESCE(c.name, p.company_name), c.country, p.title, p.start_year, p.end_year, "
    "p.start_month FROM positions p LEFT JOIN companies c ON c.id = p.company_id";
constexpr std::string_view kSkills =
    "SELECT s.member_id, s.skill_key, s.name, (SELECT COUNT(*) FROM endorsements e WHERE e.member_id = s.member_id "
    "AND e.skill_key = s.skill_key AND e.hidden = 0) FROM member_skills s";
constexpr std::string_view kEducation =
    "SELECT e.member_id, s.handle, COALESCE(s.name, e.school_name) FROM education e "
    "LEFT JOIN schools s ON s.id = e.school_id";
constexpr std::string_view kOpenToWork = "SELECT member_id, visibility FROM open_to_work";
constexpr std::string_view kCompanies = "SELECT handle, name, country, city FROM companies";
constexpr std::string_view kSchools = "SELECT handle, name, country, city FROM schools";

// Term prefixes. Free text (TermGenerator, stemmed): names, headline, about, positions, skills, education.
constexpr const char* kTextPrefixes[][2] = {{"XN", "name"},      {"XH", "headline"}, {"XA", "about"},
                                            {"XP", "positions"}, {"XK", "skills"},   {"XE", "education"}};
// Boolean filter terms.
constexpr std::string_view kId = "Q", kFirst = "XFN", kLast = "XLN", kSkill = "XSK", kCurrent = "XCUR",
                           kPast = "XPST", kCompanyCountry = "XCCY", kCity = "XCITY", kCountry = "XCTRY",
                           kSchool = "XSCH", kOpen = "XOTW";

// Xapian terms are limited to 245 bytes; longer values are cut the same way when indexing and querying.
std::string term(std::string_view prefix, std::string_view value) {
  std::string t(prefix);
  t.append(value.substr(0, 240 - prefix.size()));  // substr clamps to the value's size
  return t;
}
std::string id_term(MemberId id) { return term(kId, std::to_string(id)); }
std::string folded(std::string_view s) { return text::fold(text::trim(s)); }
// Org values: "h:<handle>" for a page, "n:<folded name>" always.
std::vector<std::string> org_values(const std::optional<std::string>& handle, std::string_view name) {
  std::vector<std::string> v{"n:" + folded(name)};
  if (handle) v.push_back("h:" + *handle);
  return v;
}

// The folded words of free text: runs of ASCII letters and digits or non-ASCII bytes.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text::fold(s) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  return out;
}

bool visible_to_members(const std::string& v) { return v == "public" || v == "members"; }

std::string with_member(std::string_view sql, bool one, std::string_view column) {
  std::string s(sql);
  if (one) s += " WHERE " + std::string(column) + " = ?";
  return s;
}

struct Docs {
  std::unordered_map<MemberId, MemberDoc> docs;
  std::unordered_map<MemberId, std::string> about;  // indexed when visible, not kept
};

// Reads the docs of every member (only == nullopt) or of one.
Docs read_docs(store::Session& s, std::optional<MemberId> only,
                                                  const std::function<std::string(std::string_view)>& ckey) {
  const bool one = only.has_value();
  store::Params p;
  if (one) p.push_back(*only);
  std::unordered_map<MemberId, MemberDoc> docs;
  std::unordered_map<MemberId, std::string> about;
  for (const store::Row& r : s.query(with_member(kMembers, one, "id"), p)) {
    MemberDoc d;
    d.id = r.i64(0);
    d.handle = r.text(1);
    d.first_name = r.text(2);
    d.last_name = r.text(3);
    d.headline = r.text(4);
    about[d.id] = r.text(5);
    d.city = r.text(6);
    d.city_key = folded(d.city);
    d.country = r.text(7);
    std::string code = r.text(8);
    d.country_key = !code.empty() ? code : (d.country.empty() ? "" : ckey(d.country));
    docs.emplace(d.id, std::move(d));
  }
  std::unordered_map<MemberId, std::map<std::string, std::string>> vis;
  for (const store::Row& r : s.query(with_member(kVisibility, one, "member_id"), p)) vis[r.i64(0)][r.text(1)] = r.text(2);
  auto visible = [&](MemberId id, const std::string& section) {
    auto it = vis.find(id);
    if (it == vis.end()) return true;  // defaults: every indexed section is public
    auto s2 = it->second.find(section);
    return s2 == it->second.end() || visible_to_members(s2->second);
  };
  std::unordered_map<MemberId, std::vector<std::pair<std::pair<int, int>, IndexedPosition>>> positions;
  for (const store::Row& r : s.query(with_member(kPositions, one, "p.member_id"), p)) {
    IndexedPosition pos;
    pos.company_handle = r.opt_text(1);
    pos.company_name = r.text(2);
    pos.company_country = r.opt_text(3);
    if (pos.company_country && pos.company_country->empty()) pos.company_country.reset();
    if (pos.company_country) pos.country_key = ckey(*pos.company_country);
    pos.title = r.text(4);
    if (!r.is_null(5)) pos.start_year = static_cast<int>(r.i64(5));
    pos.current = r.is_null(6);
    int order_year = pos.start_year.value_or(0);
    int order_month = static_cast<int>(r.i64(7));
    positions[r.i64(0)].push_back({{order_year, order_month}, std::move(pos)});
  }
  for (const store::Row& r : s.query(with_member(kSkills, one, "s.member_id") + " ORDER BY s.member_id, s.ord", p)) {
    auto it = docs.find(r.i64(0));
    if (it == docs.end() || !visible(it->first, "skills")) continue;
    it->second.skills.push_back(IndexedSkill{r.text(1), r.text(2), r.i64(3)});
  }
  for (const store::Row& r : s.query(with_member(kEducation, one, "e.member_id"), p)) {
    auto it = docs.find(r.i64(0));
    if (it == docs.end() || !visible(it->first, "education")) continue;
    it->second.schools.push_back(IndexedSchool{r.opt_text(1), r.text(2)});
  }
  for (const store::Row& r : s.query(with_member(kOpenToWork, one, "member_id"), p)) {
    auto it = docs.find(r.i64(0));
    if (it != docs.end()) it->second.open_to_work = r.text(1) == "everyone" ? "everyone" : "recruiters";
  }
  for (auto& [id, d] : docs) {
    if (!visible(id, "location")) d.city.clear(), d.city_key.clear(), d.country.clear(), d.country_key.clear();
    if (visible(id, "positions")) {
      auto& list = positions[id];
      std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
        if (a.second.current != b.second.current) return a.second.current;
        return a.first > b.first;
      });
      for (auto& [k, pos] : list) d.positions.push_back(std::move(pos));
    }
    if (!visible(id, "about")) about[id].clear();
    int filled = !d.headline.empty() + !about[id].empty() + !d.city.empty() + !d.positions.empty() +
                 !d.schools.empty() + (d.skills.size() >= 3);
    d.completeness = filled / 6.0;
  }
  return {std::move(docs), std::move(about)};
}

Xapian::Document make_document(const MemberDoc& d, const std::string& about) {
  Xapian::Document doc;
  Xapian::TermGenerator en, nl;
  en.set_stemmer(Xapian::Stem("english"));
  en.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  nl.set_stemmer(Xapian::Stem("dutch"));
  nl.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  en.set_document(doc);
  nl.set_document(doc);
  auto text = [&](std::string_view prefix, const std::string& s) {
    if (s.empty()) return;
    std::string f = text::fold(s);
    en.index_text(f, 1, std::string(prefix));
    nl.index_text(f, 1, std::string(prefix));
    en.increase_termpos();
    nl.increase_termpos();
  };
  text("XN", d.first_name + " " + d.last_name);
  text("XH", d.headline);
  text("XA", about);
  for (const auto& p : d.positions) text("XP", p.title + " " + p.company_name);
  for (const auto& s : d.skills) text("XK", s.name);
  for (const auto& s : d.schools) text("XE", s.name);

  doc.add_boolean_term(id_term(d.id));
  doc.add_boolean_term(term(kFirst, folded(d.first_name)));
  doc.add_boolean_term(term(kLast, folded(d.last_name)));
  for (const auto& s : d.skills) doc.add_boolean_term(term(kSkill, s.key));
  for (const auto& p : d.positions) {
    for (const auto& v : org_values(p.company_handle, p.company_name)) {
      doc.add_boolean_term(term(p.current ? kCurrent : kPast, v));
    }
    if (p.current && !p.country_key.empty()) doc.add_boolean_term(term(kCompanyCountry, p.country_key));
  }
  if (!d.city.empty()) doc.add_boolean_term(term(kCity, d.city_key));
  if (!d.country_key.empty()) doc.add_boolean_term(term(kCountry, d.country_key));
  for (const auto& s : d.schools) {
    for (const auto& v : org_values(s.handle, s.name)) doc.add_boolean_term(term(kSchool, v));
  }
  if (!d.open_to_work.empty()) doc.add_boolean_term(term(kOpen, d.open_to_work));
  return doc;
}

Xapian::Query or_terms(const std::vector<std::string>& terms) {
  if (terms.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

Xapian::Query org_query(std::string_view prefix, const std::string& value) {
  std::vector<std::string> t{term(prefix, "n:" + folded(value)), term(prefix, "h:" + std::string(text::trim(value)))};
  return or_terms(t);
}

// Parses free text in both languages; syntax errors fall back to the words alone, never an exception.
Xapian::Query parse_text(const std::string& q) {
  const std::string f = text::fold(q);
  auto parse = [&](const char* lang, unsigned flags) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem(lang));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    for (const auto& p : kTextPrefixes) qp.add_prefix("", p[0]);
    return qp.parse_query(f, flags);
  };
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                         Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;
  for (unsigned fl : {flags, 0u}) {
    try {
      return Xapian::Query(Xapian::Query::OP_OR, parse("english", fl), parse("dutch", fl));
    } catch (const Xapian::QueryParserError&) {
      // retry without operators
    }
  }
  // Last resort: the folded words joined by AND.
  std::vector<Xapian::Query> words;
  for (const std::string& w : words_of(f)) {
    std::vector<std::string> alts;
    for (const auto& p : kTextPrefixes) alts.push_back(term(p[0], w));
    words.push_back(or_terms(alts));
  }
  if (words.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
}

// Current positions the country / started-before filters select (all current ones without those filters).
std::vector<IndexedPosition> selected_positions(const MemberDoc& d, const PeopleQuery& q) {
  std::vector<IndexedPosition> out;
  for (const auto& p : d.positions) {
    if (!p.current) continue;
    if (q.company_country && p.country_key != *q.company_country) continue;
    if (q.started_before && !(p.start_year && *p.start_year < *q.started_before)) continue;
    out.push_back(p);
  }
  return out;
}

class Decider final : public Xapian::MatchDecider {
 public:
  // `within` (optional): the members within the degree limit, when the caller built that set.
  Decider(const PeopleQuery& q, const graph::Graph& g,
          const std::unordered_map<MemberId, std::shared_ptr<const MemberDoc>>& docs,
          const std::unordered_set<MemberId>* within)
      : q_(q), g_(g), docs_(docs), within_(within) {}
  bool operator()(const Xapian::Document& doc) const override {
    const MemberId id = doc.get_docid();
    if (within_) {
      if (!within_->count(id)) return false;
    } else if (q_.max_degree && *q_.max_degree >= 2) {
      auto d = g_.degree(q_.viewer, id, *q_.max_degree);
      if (!d || *d < 1) return false;
    }
    if (q_.company_country || q_.started_before) {
      auto it = docs_.find(id);
      if (it == docs_.end() || selected_positions(*it->second, q_).empty()) return false;
    }
    return true;
  }

 private:
  const PeopleQuery& q_;
  const graph::Graph& g_;
  const std::unordered_map<MemberId, std::shared_ptr<const MemberDoc>>& docs_;
  const std::unordered_set<MemberId>* within_;
};

// The viewer's 1st- and 2nd-degree members, or nullopt when collecting them would visit more than `budget`
// connections (then the decider asks the graph per candidate).
std::optional<std::unordered_set<MemberId>> second_degree(const graph::Graph& g, MemberId viewer, size_t budget) {
  auto first = g.connections_page(viewer, g.connection_count(viewer) + 1).items;
  size_t cost = 0;
  for (const auto& c : first) cost += g.connection_count(c.member);
  if (cost > budget) return std::nullopt;
  std::unordered_set<MemberId> out;
  out.reserve(cost + first.size());
  for (const auto& c : first) {
    out.insert(c.member);
    for (const auto& d : g.connections_page(c.member, g.connection_count(c.member) + 1).items) out.insert(d.member);
  }
  out.erase(viewer);
  return out;
}

double proximity(std::optional<int> degree) {
  if (!degree) return 0;
  switch (*degree) {
    case 1: return 0.5;
    case 2: return 0.3;
    case 3: return 0.15;
    default: return 0;
  }
}

bool skill_matches_word(const IndexedSkill& s, std::string_view word, bool stem) {
  std::string name = text::fold(s.name);
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && !std::isalnum(static_cast<unsigned char>(name[i])) &&
           static_cast<unsigned char>(name[i]) < 0x80)
      ++i;
    size_t j = i;
    while (j < name.size() && (std::isalnum(static_cast<unsigned char>(name[j])) ||
                               static_cast<unsigned char>(name[j]) >= 0x80))
      ++j;
    std::string_view w(name.data() + i, j - i);
    if (!w.empty() && (stem ? w.starts_with(word) : w == word)) return true;
    i = j;
  }
  return false;
}

// Facet values counted over the matches of one search, keyed by a view into the documents.
class FacetCounts {
 public:
  // The value shown is the first label seen for a key.
  void add(std::string_view key, std::string_view label, size_t n = 1) {
    if (n == 0) return;
    counts_.try_emplace(key, Count{label, 0}).first->second.count += n;
  }
  // The `n` largest, ties by value.
  std::vector<FacetValue> top(size_t n) const {
    std::vector<std::pair<std::string_view, const Count*>> v;
    v.reserve(counts_.size());
    for (const auto& [k, c] : counts_) v.emplace_back(k, &c);
    auto before = [](const auto& a, const auto& b) {
      return a.second->count != b.second->count ? a.second->count > b.second->count : a.first < b.first;
    };
    const size_t k = std::min(n, v.size());
    std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(), before);
    std::vector<FacetValue> out;
    out.reserve(k);
    for (size_t i = 0; i < k; ++i) {
      out.push_back({std::string(v[i].first), std::string(v[i].second->label), v[i].second->count});
    }
    return out;
  }

 private:
  struct Count {
    std::string_view label;
    size_t count;
  };
  std::unordered_map<std::string_view, Count> counts_;
};

// The bulk load commits after this many documents, which bounds Xapian's change buffer.
constexpr size_t kLoadBatch = 5000;

// Creates a private folder and an empty glass database in it; sets `dir` to the folder.
std::unique_ptr<Xapian::WritableDatabase> open_temp_database(ScratchDir& dir) {
  auto made = ScratchDir::create("kring-search");
  if (!made.ok()) throw std::runtime_error(made.error().message);
  auto db = std::make_unique<Xapian::WritableDatabase>(
      made->path() + "/people", Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  dir = std::move(*made);
  return db;
}

// The in-memory copy of a member: what search() reads after matching (see MemberDoc).
MemberDoc slim(MemberDoc d) {
  std::erase_if(d.positions, [](const IndexedPosition& p) { return !p.current; });
  d.positions.shrink_to_fit();
  d.schools = {};
  d.open_to_work.clear();
  return d;
}

}  // namespace

PeopleIndex::PeopleIndex(store::Database& db, const graph::Graph& graph) : db_(db), graph_(graph) {
  try {
    xdb_ = open_temp_database(dir_);
  } catch (const std::exception& e) {
    // Searching still works, at the in-memory backend's memory cost.
    spdlog::error("people search: {}; using an in-memory index", e.what());
  } catch (const Xapian::Error& e) {
    spdlog::error("people search: {}; using an in-memory index", e.get_description());
  }
  if (!xdb_) xdb_ = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

PeopleIndex::~PeopleIndex() {
  std::lock_guard lock(mu_);
  try {
    xdb_.reset();
  } catch (...) {
  }
  remove_dir_locked();
}

void PeopleIndex::remove_dir_locked() { dir_.remove(); }

std::string PeopleIndex::country_key(std::string_view s) const {
  if (text::trim(s).empty()) return {};
  if (country_key_) {
    std::string k = country_key_(s);
    if (!k.empty()) return k;
  }
  return folded(s);
}

std::vector<MemberId> PeopleIndex::hidden_from(MemberId viewer) const {
  return blocks_ ? blocks_->hidden_from(viewer) : std::vector<MemberId>{};
}

size_t PeopleIndex::size() const {
  std::lock_guard lock(mu_);
  return docs_.size();
}

Status PeopleIndex::load(store::Session& snapshot) {
  const auto started = std::chrono::steady_clock::now();
  auto ckey = [this](std::string_view s) { return country_key(s); };
  Docs docs;
  std::vector<Org> companies, schools;
  try {
    docs = read_docs(snapshot, std::nullopt, ckey);
    for (const store::Row& r : snapshot.query(kCompanies)) {
      companies.push_back({folded(r.text(1)), r.text(0), r.text(1), r.text(2), r.text(3)});
    }
    for (const store::Row& r : snapshot.query(kSchools)) {
      schools.push_back({folded(r.text(1)), r.text(0), r.text(1), r.text(2), r.text(3)});
    }
  } catch (const std::exception& e) {
    return Error::internal(std::string("people index: ") + e.what());
  }
  const auto read_done = std::chrono::steady_clock::now();
  std::sort(companies.begin(), companies.end(), org_less);
  std::sort(schools.begin(), schools.end(), org_less);
  std::lock_guard lock(mu_);
  try {
    // A fresh database in a fresh folder; the old one is closed and removed once the new one exists.
    ScratchDir dir;
    std::unique_ptr<Xapian::WritableDatabase> fresh;
    try {
      fresh = open_temp_database(dir);
    } catch (const std::exception& e) {
      return Error::internal(std::string("people index: ") + e.what());
    }
    xdb_.reset();
    remove_dir_locked();
    xdb_ = std::move(fresh);
    dir_ = std::move(dir);
    docs_.clear();
    // Ascending ids: posting lists are appended to then, instead of inserted into.
    std::vector<MemberId> ids;
    ids.reserve(docs.docs.size());
    for (const auto& [id, d] : docs.docs) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    size_t n = 0;
    for (MemberId id : ids) {
      auto d = docs.docs.find(id);
      put_locked(std::move(d->second), docs.about[id]);
      docs.docs.erase(d);
      docs.about.erase(id);
      if (++n % kLoadBatch == 0) xdb_->commit();
    }
    xdb_->commit();
  } catch (const Xapian::Error& e) {
    return Error::internal("people index: " + e.get_description());
  }
  companies_ = std::move(companies);
  schools_ = std::move(schools);
  spdlog::info("people search: {} members indexed in {} ms after reading them in {} ms", docs_.size(),
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - read_done).count(),
               std::chrono::duration_cast<std::chrono::milliseconds>(read_done - started).count());
  return {};
}

void PeopleIndex::put_locked(MemberDoc doc, const std::string& about) {
  xdb_->replace_document(static_cast<Xapian::docid>(doc.id), make_document(doc, about));
  const MemberId id = doc.id;
  docs_[id] = std::make_shared<const MemberDoc>(slim(std::move(doc)));
}

void PeopleIndex::erase_locked(MemberId id) {
  if (docs_.erase(id) == 0) return;
  try {
    xdb_->delete_document(static_cast<Xapian::docid>(id));
  } catch (const Xapian::DocNotFoundError&) {
  }
}

void PeopleIndex::apply(const store::Change& change) {
  std::optional<MemberId> member;
  const std::string& k = change.kind;
  if (k == "member.created" || k == "member.updated") {
    member = change.entity;
  } else if (k == "member.deleted") {
    std::lock_guard lock(mu_);
    try {
      erase_locked(change.entity);
    } catch (const std::exception& e) {
      spdlog::error("people index: removing member {}: {}", change.entity, e.what());
    }
    return;
  } else if (k == "company.created" || k == "school.created") {
    auto j = nlohmann::json::parse(change.payload, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("handle") || !j["handle"].is_string() || !j.contains("name") ||
        !j["name"].is_string()) {
      return;
    }
    Org org{folded(j["name"].get<std::string>()), j["handle"].get<std::string>(), j["name"].get<std::string>(),
            j.value("country", ""), j.value("city", "")};
    std::lock_guard lock(mu_);
    std::vector<Org>& orgs = k == "company.created" ? companies_ : schools_;
    auto at = std::lower_bound(orgs.begin(), orgs.end(), org, org_less);
    if (at == orgs.end() || at->handle != org.handle) orgs.insert(at, std::move(org));
    return;
  } else if (k == "profile.updated" || k.starts_with("endorsement.")) {
    try {
      auto j = nlohmann::json::parse(change.payload);
      if (j.contains("member") && j["member"].is_number_integer()) member = j["member"].get<MemberId>();
    } catch (const std::exception&) {
      return;
    }
  }
  if (member) reindex(*member);
}

void PeopleIndex::reindex(MemberId member) {
  auto ckey = [this](std::string_view s) { return country_key(s); };
  auto r = db_.read<Docs>([&](store::Session& s) -> Result<Docs> { return read_docs(s, member, ckey); });
  if (!r.ok()) {
    spdlog::error("people index: reading member {}: {}", member, r.error().message);
    return;
  }
  std::lock_guard lock(mu_);
  try {
    auto it = r->docs.find(member);
    if (it == r->docs.end()) {
      erase_locked(member);
    } else {
      put_locked(std::move(it->second), r->about[member]);
    }
  } catch (const std::exception& e) {
    spdlog::error("people index: indexing member {}: {}", member, e.what());
  }
}

Result<PeopleResult> PeopleIndex::search(const PeopleQuery& q) const {
  // ---- the Xapian query: text (or everything), then boolean filters.
  const bool has_text = !text::trim(q.q).empty();
  Xapian::Query query = has_text ? parse_text(q.q) : Xapian::Query(std::string());
  std::vector<Xapian::Query> filters;
  if (q.first_name) filters.emplace_back(term(kFirst, folded(*q.first_name)));
  if (q.last_name) filters.emplace_back(term(kLast, folded(*q.last_name)));
  for (const auto& s : q.skills) filters.emplace_back(term(kSkill, s));
  if (q.current_company) filters.push_back(org_query(kCurrent, *q.current_company));
  if (q.past_company) filters.push_back(org_query(kPast, *q.past_company));
  if (q.company_country) filters.emplace_back(term(kCompanyCountry, *q.company_country));
  if (q.city) filters.emplace_back(term(kCity, folded(*q.city)));
  if (q.country) filters.emplace_back(term(kCountry, *q.country));
  if (q.school) filters.push_back(org_query(kSchool, *q.school));
  std::vector<std::string> open_terms{term(kOpen, "everyone")};
  if (q.viewer_is_recruiter) open_terms.push_back(term(kOpen, "recruiters"));
  if (q.open_to_work && *q.open_to_work) filters.push_back(or_terms(open_terms));
  if (q.max_degree && *q.max_degree == 1) {
    std::vector<std::string> ids;
    auto page = graph_.connections_page(q.viewer, graph_.connection_count(q.viewer) + 1);
    for (const auto& c : page.items) ids.push_back(id_term(c.member));
    filters.push_back(or_terms(ids));
  }
  for (auto& f : filters) query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
  std::vector<std::string> excluded;
  for (MemberId h : q.hidden) excluded.push_back(id_term(h));
  if (q.max_degree) excluded.push_back(id_term(q.viewer));
  if (q.open_to_work && !*q.open_to_work) excluded.insert(excluded.end(), open_terms.begin(), open_terms.end());
  if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, or_terms(excluded));

  struct Candidate {
    std::shared_ptr<const MemberDoc> doc;
    double weight = 0;
    std::optional<int> degree;
    Why why;
  };
  std::optional<std::unordered_set<MemberId>> within;
  if (q.max_degree && *q.max_degree == 2) within = second_degree(graph_, q.viewer, 1'000'000);
  std::vector<Candidate> cands;
  std::unordered_map<MemberId, std::vector<std::string>> matched_terms;
  {
    std::lock_guard lock(mu_);
    try {
      Xapian::Enquire enquire(*xdb_);
      enquire.set_query(query);
      if (!has_text) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      }
      Decider decider(q, graph_, docs_, within ? &*within : nullptr);
      Xapian::MSet mset = enquire.get_mset(0, kMaxCandidates, 0, nullptr, &decider);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        auto d = docs_.find(static_cast<MemberId>(*it));
        if (d == docs_.end()) continue;
        Candidate c;
        c.doc = d->second;
        c.weight = it.get_weight();
        cands.push_back(std::move(c));
        if (has_text) {
          auto& terms = matched_terms[d->first];
          for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t) {
            terms.push_back(*t);
          }
        }
      }
    } catch (const Xapian::Error& e) {
      return Error::internal("search failed: " + e.get_description());
    }
  }

  // ---- ranking: text relevance (BM25, relative to the best match), proximity, skill evidence, completeness.
  std::vector<MemberId> ids;
  ids.reserve(cands.size());
  for (const auto& c : cands) ids.push_back(c.doc->id);
  auto degrees = graph_.degrees(q.viewer, ids, 3);
  double best = 0;
  for (const auto& c : cands) best = std::max(best, c.weight);
  for (size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = cands[i];
    c.degree = degrees[i];
    if (c.degree && *c.degree == 0) c.degree.reset();
    Why& w = c.why;
    // Skills that count as evidence: the filtered ones and those the text matched (few: a linear scan).
    std::vector<std::string_view> skill_keys(q.skills.begin(), q.skills.end());
    if (auto terms = matched_terms.find(c.doc->id); terms != matched_terms.end()) {
      std::set<std::string> fields;
      for (const std::string& t : terms->second) {
        const bool stem = !t.empty() && t[0] == 'Z';
        std::string_view rest(t);
        if (stem) rest.remove_prefix(1);
        for (const auto& p : kTextPrefixes) {
          if (!rest.starts_with(p[0])) continue;
          fields.insert(p[1]);
          if (std::string_view(p[0]) == "XK") {
            std::string_view word = rest.substr(2);
            for (const auto& s : c.doc->skills) {
              if (skill_matches_word(s, word, stem)) skill_keys.push_back(s.key);
            }
          }
          break;
        }
      }
      w.fields.assign(fields.begin(), fields.end());
    }
    int64_t endorsements = 0;
    for (const auto& s : c.doc->skills) {
      if (std::find(skill_keys.begin(), skill_keys.end(), std::string_view(s.key)) != skill_keys.end()) {
        w.skills.push_back(s);
        endorsements += s.endorsements;
      }
    }
    if (q.company_country || q.started_before) w.positions = selected_positions(*c.doc, q);
    w.text = best > 0 ? c.weight / best : 0;
    w.proximity = proximity(c.degree);
    w.evidence = 0.3 * std::min(1.0, std::log1p(static_cast<double>(endorsements)) / std::log1p(50.0));
    w.completeness = 0.1 * c.doc->completeness;
    w.score = w.text + w.proximity + w.evidence + w.completeness;
  }
  std::sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    return a.why.score != b.why.score ? a.why.score > b.why.score : a.doc->id < b.doc->id;
  });

  // ---- facets over every match. Keys and labels are views into the candidates' documents (kept alive by
  // `cands`): counting allocates nothing per match.
  PeopleResult out;
  out.total = cands.size();
  FacetCounts company, city, country, skill;
  size_t by_degree[4] = {0, 0, 0, 0};  // out of network, 1st, 2nd, 3rd
  for (const auto& c : cands) {
    const MemberDoc& d = *c.doc;
    std::string_view seen[8];
    size_t n_seen = 0;
    for (const auto& p : d.positions) {
      if (!p.current) continue;
      const std::string_view v = p.company_handle ? std::string_view(*p.company_handle) : std::string_view(p.company_name);
      if (std::find(seen, seen + n_seen, v) != seen + n_seen) continue;
      if (n_seen < std::size(seen)) seen[n_seen++] = v;
      company.add(v, p.company_name);
    }
    if (!d.city.empty()) city.add(d.city_key, d.city);
    if (!d.country_key.empty()) country.add(d.country_key, d.country.empty() ? d.country_key : d.country);
    for (const auto& s : d.skills) skill.add(s.key, s.name);
    ++by_degree[c.degree && *c.degree >= 1 && *c.degree <= 3 ? *c.degree : 0];
  }
  FacetCounts degree;
  static const std::string kDegreeNames[] = {"out_of_network", "1", "2", "3"};
  for (int i = 0; i < 4; ++i) degree.add(kDegreeNames[i], kDegreeNames[i], by_degree[i]);
  out.facets["current_company"] = company.top(10);
  out.facets["city"] = city.top(10);
  out.facets["country"] = country.top(10);
  out.facets["skill"] = skill.top(10);
  out.facets["degree"] = degree.top(4);

  // ---- the page.
  for (size_t i = q.offset; i < cands.size() && i < q.offset + q.limit; ++i) {
    PeopleHit h;
    h.doc = cands[i].doc;
    h.degree = cands[i].degree;
    h.positions = selected_positions(*h.doc, q);
    h.why = std::move(cands[i].why);
    out.items.push_back(std::move(h));
  }
  out.has_more = q.offset + q.limit < cands.size();
  return out;
}

std::vector<std::shared_ptr<const MemberDoc>> PeopleIndex::typeahead(std::string_view prefix,
                                                                     const std::vector<MemberId>& hidden,
                                                                     size_t limit) const {
  std::vector<std::string> words = words_of(prefix);
  for (auto& w : words) w.resize(std::min<size_t>(w.size(), 100));
  std::vector<std::shared_ptr<const MemberDoc>> out;
  if (words.empty() || words.size() > 8) return out;
  std::vector<Xapian::Query> parts;
  for (size_t i = 0; i + 1 < words.size(); ++i) parts.emplace_back("XN" + words[i]);
  parts.emplace_back(Xapian::Query::OP_WILDCARD, "XN" + words.back(), 100, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  Xapian::Query query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  std::vector<std::string> excluded;
  for (MemberId h : hidden) excluded.push_back(id_term(h));
  if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, or_terms(excluded));
  std::lock_guard lock(mu_);
  try {
    Xapian::Enquire enquire(*xdb_);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, limit);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto d = docs_.find(static_cast<MemberId>(*it));
      if (d != docs_.end()) out.push_back(d->second);
    }
  } catch (const Xapian::Error& e) {
    spdlog::warn("people typeahead: {}", e.get_description());
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> PeopleIndex::prefix_orgs(const std::vector<Org>& orgs,
                                                                          std::string_view prefix, size_t limit) {
  std::vector<std::pair<std::string, std::string>> starts, words;
  const std::string p = folded(prefix);
  if (p.empty()) return {};
  for (const Org& o : orgs) {
    if (o.folded.starts_with(p)) {
      starts.emplace_back(o.handle, o.name);
    } else if (o.folded.find(" " + p) != std::string::npos) {
      words.emplace_back(o.handle, o.name);
    }
    if (starts.size() >= limit) break;
  }
  starts.insert(starts.end(), words.begin(), words.end());
  if (starts.size() > limit) starts.resize(limit);
  return starts;
}

std::pair<std::vector<CompanyHit>, size_t> PeopleIndex::search_companies(std::string_view q, size_t offset,
                                                                          size_t limit) const {
  const std::vector<std::string> words = words_of(q);
  const std::string whole = folded(q);
  std::vector<std::pair<int, const Org*>> hits;
  std::lock_guard lock(mu_);
  for (const Org& o : companies_) {
    const std::vector<std::string> name_words = words_of(o.folded);
    bool all = true;
    for (const auto& w : words) {
      bool found = false;
      for (const auto& nw : name_words) found = found || nw.starts_with(w);
      all = all && found;
    }
    if (!all) continue;
    int rank = o.folded == whole ? 0 : o.folded.starts_with(whole) ? 1 : 2;
    hits.emplace_back(rank, &o);
  }
  // companies_ is sorted by folded name, so a stable sort by rank keeps names in order within a rank.
  std::stable_sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CompanyHit> out;
  for (size_t i = offset; i < hits.size() && i < offset + limit; ++i) {
    const Org& o = *hits[i].second;
    out.push_back(CompanyHit{o.handle, o.name, o.country, o.city});
  }
  return {std::move(out), hits.size()};
}

std::vector<std::pair<std::string, std::string>> PeopleIndex::typeahead_companies(std::string_view prefix,
                                                                                  size_t limit) const {
  std::lock_guard lock(mu_);
  return prefix_orgs(companies_, prefix, limit);
}

std::vector<std::pair<std::string, std::string>> PeopleIndex::typeahead_schools(std::string_view prefix,
                                                                                size_t limit) const {
  std::lock_guard lock(mu_);
  return prefix_orgs(schools_, prefix, limit);
}

}  // namespace kring::search

#include "search/people_index.h"
#include "search/scratch_dir.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <future>
#include <set>
#include <stdexcept>

#include <malloc.h>
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

bool position_selected(const IndexedPosition& p, const PeopleQuery& q);

// Current positions the country / started-before filters select (all current ones without those filters).
std::vector<IndexedPosition> selected_positions(const MemberDoc& d, const PeopleQuery& q) {
  std::vector<IndexedPosition> out;
  for (const auto& p : d.positions) {
    if (position_selected(p, q)) out.push_back(p);
  }
  return out;
}

bool position_selected(const IndexedPosition& p, const PeopleQuery& q) {
  if (!p.current) return false;
  if (q.company_country && p.country_key != *q.company_country) return false;
  return !q.started_before || (p.start_year && *p.start_year < *q.started_before);
}

using DocTable = std::vector<std::shared_ptr<const MemberDoc>>;

class Decider final : public Xapian::MatchDecider {
 public:
  Decider(const PeopleQuery& q, const graph::Graph& g, const DocTable& docs, bool degree_filtered)
      : q_(q), g_(g), docs_(docs), degree_filtered_(degree_filtered) {}
  bool operator()(const Xapian::Document& doc) const override {
    const MemberId id = doc.get_docid();
    if (!degree_filtered_ && q_.max_degree) {
      auto d = g_.degree(q_.viewer, id, *q_.max_degree);
      if (!d || *d < 1) return false;
    }
    if (q_.company_country || q_.started_before) {
      const auto u = static_cast<size_t>(id);
      if (u >= docs_.size() || !docs_[u]) return false;
      const auto& ps = docs_[u]->positions;
      if (std::none_of(ps.begin(), ps.end(), [&](const IndexedPosition& p) { return position_selected(p, q_); })) {
        return false;
      }
    }
    return true;
  }

 private:
  const PeopleQuery& q_;
  const graph::Graph& g_;
  const DocTable& docs_;
  const bool degree_filtered_;  // the query already holds the degree limit as an id filter
};

// A boolean filter over a sorted set of document ids (the members within the viewer's degree limit): Xapian
// intersects it with the rest of the query by skipping, so a small network costs a few skips instead of a
// check per text match. Weightless; the ids must outlive the match.
class IdSetSource final : public Xapian::PostingSource {
 public:
  explicit IdSetSource(const std::vector<Xapian::docid>& ids) : ids_(ids) {}
  Xapian::doccount get_termfreq_min() const override { return 0; }  // some ids may not be indexed
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(ids_.size()); }
  void init(const Xapian::Database&) override { at_ = kBefore; }
  void next(double) override { at_ = at_ == kBefore ? 0 : at_ + 1; }
  void skip_to(Xapian::docid did, double) override {
    const size_t from = at_ == kBefore ? 0 : at_;
    at_ = static_cast<size_t>(std::lower_bound(ids_.begin() + static_cast<std::ptrdiff_t>(from), ids_.end(), did) -
                              ids_.begin());
  }
  bool at_end() const override { return at_ != kBefore && at_ >= ids_.size(); }
  Xapian::docid get_docid() const override { return ids_[at_]; }
  std::string get_description() const override { return "IdSetSource"; }

 private:
  static constexpr size_t kBefore = static_cast<size_t>(-1);
  const std::vector<Xapian::docid>& ids_;
  size_t at_ = kBefore;
};

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
  return count_;
}

uint32_t PeopleIndex::FacetDict::intern(const std::string& key, const std::string& label) {
  if (key.empty()) return 0;
  auto [it, fresh] = ids.try_emplace(key, static_cast<uint32_t>(keys.size()));
  if (fresh) {
    keys.push_back(key);
    labels.push_back(label.empty() ? key : label);
  }
  return it->second;
}

const MemberDoc* PeopleIndex::doc_locked(MemberId id) const {
  const auto u = static_cast<size_t>(id);
  return id > 0 && u < docs_.size() ? docs_[u].get() : nullptr;
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
    count_ = 0;
    names_ = NameIndex();
    // Ascending ids: posting lists are appended to then, instead of inserted into.
    std::vector<std::pair<MemberDoc, std::string>> rows;  // (doc, about)
    rows.reserve(docs.docs.size());
    for (auto& [id, d] : docs.docs) rows.emplace_back(std::move(d), std::move(docs.about[id]));
    docs = {};
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first.id < b.first.id; });
    if (!rows.empty()) docs_.resize(static_cast<size_t>(rows.back().first.id) + 1);
    // Term generation (two stemmers per field) is about half of the cost: a second thread builds the next batch
    // of Xapian documents while this one writes the current batch. Each thread touches only its own rows.
    auto build = [&rows](size_t from, size_t to) {
      std::vector<Xapian::Document> out;
      out.reserve(to - from);
      for (size_t i = from; i < to; ++i) out.push_back(make_document(rows[i].first, rows[i].second));
      return out;
    };
    const size_t total = rows.size();
    std::future<std::vector<Xapian::Document>> next;
    if (total > 0) next = std::async(std::launch::async, build, 0, std::min(kLoadBatch, total));
    for (size_t from = 0; from < total; from += kLoadBatch) {
      std::vector<Xapian::Document> built = next.get();
      const size_t to = std::min(from + kLoadBatch, total);
      if (to < total) next = std::async(std::launch::async, build, to, std::min(to + kLoadBatch, total));
      for (size_t i = from; i < to; ++i) {
        xdb_->replace_document(static_cast<Xapian::docid>(rows[i].first.id), built[i - from]);
        keep_locked(std::move(rows[i].first));
        rows[i].second = {};
      }
      xdb_->commit();
    }
    xdb_->commit();
  } catch (const Xapian::Error& e) {
    return Error::internal("people index: " + e.get_description());
  }
  companies_.assign(std::move(companies));
  schools_.assign(std::move(schools));
  // The load's temporary copies are freed; hand the pages back to the system instead of keeping them as slack.
  ::malloc_trim(0);
  spdlog::info("people search: {} members indexed in {} ms after reading them in {} ms", count_,
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - read_done).count(),
               std::chrono::duration_cast<std::chrono::milliseconds>(read_done - started).count());
  return {};
}

void PeopleIndex::put_locked(MemberDoc doc, const std::string& about) {
  xdb_->replace_document(static_cast<Xapian::docid>(doc.id), make_document(doc, about));
  keep_locked(std::move(doc));
}

void PeopleIndex::keep_locked(MemberDoc doc) {
  const auto u = static_cast<size_t>(doc.id);
  doc = slim(std::move(doc));
  doc.name_folded = folded(doc.first_name + " " + doc.last_name);
  doc.city_fid = city_facets_.intern(doc.city_key, doc.city);
  doc.country_fid = country_facets_.intern(doc.country_key, doc.country);
  for (const auto& p : doc.positions) {
    const uint32_t f = company_facets_.intern(p.company_handle ? *p.company_handle : p.company_name, p.company_name);
    if (std::find(doc.company_fids.begin(), doc.company_fids.end(), f) == doc.company_fids.end()) {
      doc.company_fids.push_back(f);
    }
  }
  for (const auto& sk : doc.skills) doc.skill_fids.push_back(skill_facets_.intern(sk.key, sk.name));
  if (u >= docs_.size()) docs_.resize(std::max(u + 1, docs_.size() + docs_.size() / 2));
  if (const auto& old = docs_[u]) {
    names_.remove(old->id, old->name_folded, old->rank());
  } else {
    ++count_;
  }
  names_.add(doc.id, doc.name_folded, doc.rank());
  docs_[u] = std::make_shared<const MemberDoc>(std::move(doc));
}

void PeopleIndex::erase_locked(MemberId id) {
  const MemberDoc* old = doc_locked(id);
  if (!old) return;
  names_.remove(old->id, old->name_folded, old->rank());
  docs_[static_cast<size_t>(id)].reset();
  --count_;
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
    (k == "company.created" ? companies_ : schools_).add(std::move(org));
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
  // The degree limit: the members within it as an id filter, when collecting them stays within budget.
  std::vector<Xapian::docid> within_ids;
  std::optional<IdSetSource> within_source;
  if (q.max_degree) {
    if (auto within = graph_.within(q.viewer, *q.max_degree, degree_filter_budget_)) {
      within_ids.assign(within->begin(), within->end());
      within_source.emplace(within_ids);
      filters.emplace_back(&*within_source);
    }
  }
  for (auto& f : filters) query = Xapian::Query(Xapian::Query::OP_FILTER, query, f);
  std::vector<std::string> excluded;
  for (MemberId h : q.hidden) excluded.push_back(id_term(h));
  if (q.max_degree) excluded.push_back(id_term(q.viewer));
  if (q.open_to_work && !*q.open_to_work) excluded.insert(excluded.end(), open_terms.begin(), open_terms.end());
  if (!excluded.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, or_terms(excluded));

  // Words of the query that the skills field may match (from the parsed query's terms: "XK<word>", stems
  // "ZXK<stem>"): a candidate's skills whose names have such a word count as evidence.
  std::vector<std::pair<std::string, bool>> skill_words;  // (word, is a stem)
  std::vector<std::string> query_terms;
  if (has_text) {
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
      const std::string& term = *t;
      query_terms.push_back(term);
      const bool stem = term.starts_with("Z");
      std::string_view rest(term);
      if (stem) rest.remove_prefix(1);
      if (rest.starts_with("XK")) skill_words.emplace_back(std::string(rest.substr(2)), stem);
    }
  }

  struct Candidate {
    std::shared_ptr<const MemberDoc> doc;
    double weight = 0;
    double score = 0;
    std::optional<int> degree;
    int64_t endorsements = 0;
  };
  std::vector<Candidate> cands;
  size_t n_skill_facets = 0, n_company_facets = 0, n_city_facets = 0, n_country_facets = 0;
  {
    std::lock_guard lock(mu_);
    try {
      Xapian::Enquire enquire(*xdb_);
      enquire.set_query(query);
      if (!has_text) {
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      }
      Decider decider(q, graph_, docs_, within_source.has_value());
      const bool decide = (q.max_degree && !within_source) || q.company_country || q.started_before;
      // One more than the cap is checked, so that "more matched" is known exactly.
      Xapian::MSet mset =
          enquire.get_mset(0, max_candidates_, max_candidates_ + 1, nullptr, decide ? &decider : nullptr);
      cands.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const MemberId id = static_cast<MemberId>(*it);
        if (!doc_locked(id)) continue;
        cands.push_back(Candidate{docs_[static_cast<size_t>(id)], it.get_weight()});
      }
      // Past the cap, the matches within the viewer's 3rd degree are matched on their own and added, so a
      // connection is never lost behind 10,000 strangers (a degree filter already limits the query to them).
      if (mset.get_matches_lower_bound() > mset.size() && !within_source && q.viewer > 0) {
        if (auto network = graph_.within(q.viewer, 3, degree_filter_budget_); network && !network->empty()) {
          std::vector<Xapian::docid> network_ids(network->begin(), network->end());
          IdSetSource network_source(network_ids);
          enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&network_source)));
          Xapian::MSet more = enquire.get_mset(0, max_candidates_, 0, nullptr, decide ? &decider : nullptr);
          std::unordered_set<MemberId> have;
          have.reserve(cands.size());
          for (const auto& c : cands) have.insert(c.doc->id);
          for (auto it = more.begin(); it != more.end(); ++it) {
            const MemberId id = static_cast<MemberId>(*it);
            if (!doc_locked(id) || have.count(id)) continue;
            cands.push_back(Candidate{docs_[static_cast<size_t>(id)], it.get_weight()});
          }
        }
      }
    } catch (const Xapian::Error& e) {
      return Error::internal("search failed: " + e.get_description());
    }
    // Every candidate's facet ids are below these (the dictionaries only grow).
    n_skill_facets = skill_facets_.keys.size();
    n_company_facets = company_facets_.keys.size();
    n_city_facets = city_facets_.keys.size();
    n_country_facets = country_facets_.keys.size();
  }

  // ---- ranking: text relevance (BM25, relative to the best match), proximity, skill evidence, completeness.
  // Skills that count as evidence: the filtered ones and those whose names have a word of the text query; decided
  // once per distinct skill (by facet id), not per candidate.
  std::vector<int8_t> evidence_skill(n_skill_facets, -1);
  auto is_evidence = [&](const IndexedSkill& sk, uint32_t fid) {
    int8_t& known = evidence_skill[fid];
    if (known < 0) {
      bool hit = std::find(q.skills.begin(), q.skills.end(), sk.key) != q.skills.end();
      for (const auto& [word, stem] : skill_words) hit = hit || skill_matches_word(sk, word, stem);
      known = hit ? 1 : 0;
    }
    return known == 1;
  };
  std::vector<MemberId> ids;
  ids.reserve(cands.size());
  for (const auto& c : cands) ids.push_back(c.doc->id);
  auto degrees = graph_.degrees(q.viewer, ids, 3);
  double best = 0;
  for (const auto& c : cands) best = std::max(best, c.weight);
  auto text_part = [&](const Candidate& c) { return best > 0 ? c.weight / best : 0; };
  auto evidence_part = [](int64_t e) {
    return 0.3 * std::min(1.0, std::log1p(static_cast<double>(e)) / std::log1p(50.0));
  };
  for (size_t i = 0; i < cands.size(); ++i) {
    Candidate& c = cands[i];
    c.degree = degrees[i];
    if (c.degree && *c.degree == 0) c.degree.reset();
    const MemberDoc& d = *c.doc;
    for (size_t k = 0; k < d.skills.size(); ++k) {
      if (is_evidence(d.skills[k], d.skill_fids[k])) c.endorsements += d.skills[k].endorsements;
    }
    c.score = text_part(c) + proximity(c.degree) + evidence_part(c.endorsements) + 0.1 * d.completeness;
  }
  auto better = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.doc->id < b.doc->id;
  };
  // Only the page needs order: the candidates before it are selected, not sorted.
  const size_t page_end = std::min(cands.size(), q.offset + q.limit);
  if (page_end > 0) {
    if (q.offset > 0 && q.offset < cands.size()) {
      std::nth_element(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(q.offset), cands.end(), better);
    }
    if (q.offset < page_end) {
      std::partial_sort(cands.begin() + static_cast<std::ptrdiff_t>(std::min(q.offset, cands.size())),
                        cands.begin() + static_cast<std::ptrdiff_t>(page_end), cands.end(), better);
    }
  }

  // ---- facets over every match: array increments by interned value.
  PeopleResult out;
  out.total = cands.size();
  // Counts live in per-thread arrays sized to the dictionaries (reused across queries; only the touched entries
  // are cleared afterwards), so a query's cost follows its matches, not the number of distinct values.
  struct Tally {
    std::vector<uint32_t>& count;
    std::vector<uint32_t> touched;
    Tally(std::vector<uint32_t>& storage, size_t size) : count(storage) {
      if (count.size() < size) count.resize(size);
    }
    ~Tally() {
      for (uint32_t f : touched) count[f] = 0;
    }
    Tally(const Tally&) = delete;
    Tally& operator=(const Tally&) = delete;
    void add(uint32_t fid) {
      if (fid == 0) return;
      if (count[fid]++ == 0) touched.push_back(fid);
    }
    // The `n` largest as (id, count), ties by key.
    std::vector<std::pair<uint32_t, uint32_t>> top(size_t n, const std::function<bool(uint32_t, uint32_t)>& key_less) {
      std::vector<std::pair<uint32_t, uint32_t>> v;
      v.reserve(touched.size());
      for (uint32_t f : touched) v.emplace_back(f, count[f]);
      const size_t k = std::min(n, v.size());
      std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(), [&](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : key_less(a.first, b.first);
      });
      v.resize(k);
      return v;
    }
  };
  thread_local std::vector<uint32_t> counts[4];
  Tally company(counts[0], n_company_facets), city(counts[1], n_city_facets), country(counts[2], n_country_facets),
      skill(counts[3], n_skill_facets);
  size_t by_degree[4] = {0, 0, 0, 0};  // out of network, 1st, 2nd, 3rd
  for (const auto& c : cands) {
    const MemberDoc& d = *c.doc;
    for (uint32_t f : d.company_fids) company.add(f);
    city.add(d.city_fid);
    country.add(d.country_fid);
    for (uint32_t f : d.skill_fids) skill.add(f);
    ++by_degree[c.degree && *c.degree >= 1 && *c.degree <= 3 ? *c.degree : 0];
  }
  {
    std::lock_guard lock(mu_);
    auto facet = [](const FacetDict& dict, Tally& t) {
      auto top = t.top(10, [&](uint32_t a, uint32_t b) { return dict.keys[a] < dict.keys[b]; });
      std::vector<FacetValue> values;
      for (const auto& [f, n] : top) values.push_back({dict.keys[f], dict.labels[f], n});
      return values;
    };
    out.facets["current_company"] = facet(company_facets_, company);
    out.facets["city"] = facet(city_facets_, city);
    out.facets["country"] = facet(country_facets_, country);
    out.facets["skill"] = facet(skill_facets_, skill);
  }
  static const std::string kDegreeNames[] = {"out_of_network", "1", "2", "3"};
  std::vector<FacetValue> degree;
  for (int i = 0; i < 4; ++i) {
    if (by_degree[i] > 0) degree.push_back({kDegreeNames[i], kDegreeNames[i], by_degree[i]});
  }
  std::sort(degree.begin(), degree.end(),
            [](const auto& a, const auto& b) { return a.count != b.count ? a.count > b.count : a.value < b.value; });
  out.facets["degree"] = std::move(degree);

  // ---- the page, with its explanations.
  for (size_t i = q.offset; i < page_end; ++i) {
    const Candidate& c = cands[i];
    PeopleHit h;
    h.doc = c.doc;
    h.degree = c.degree;
    h.positions = selected_positions(*h.doc, q);
    Why& w = h.why;
    for (size_t k = 0; k < c.doc->skills.size(); ++k) {
      if (is_evidence(c.doc->skills[k], c.doc->skill_fids[k])) w.skills.push_back(c.doc->skills[k]);
    }
    if (q.company_country || q.started_before) w.positions = h.positions;
    w.text = text_part(c);
    w.proximity = proximity(c.degree);
    w.evidence = evidence_part(c.endorsements);
    w.completeness = 0.1 * c.doc->completeness;
    w.score = c.score;
    out.items.push_back(std::move(h));
  }
  // Matched fields: the query's terms each page hit's document has (a sorted term list, walked once per hit).
  if (!query_terms.empty() && !out.items.empty()) {
    std::sort(query_terms.begin(), query_terms.end());
    std::lock_guard lock(mu_);
    for (PeopleHit& h : out.items) {
      std::set<std::string> fields;
      try {
        Xapian::TermIterator t = xdb_->termlist_begin(static_cast<Xapian::docid>(h.doc->id));
        const Xapian::TermIterator end = xdb_->termlist_end(static_cast<Xapian::docid>(h.doc->id));
        for (const std::string& qt : query_terms) {
          t.skip_to(qt);
          if (t == end) break;
          if (*t != qt) continue;
          std::string_view rest(qt);
          if (rest.starts_with("Z")) rest.remove_prefix(1);
          for (const auto& p : kTextPrefixes) {
            if (rest.starts_with(p[0])) {
              fields.insert(p[1]);
              break;
            }
          }
        }
      } catch (const Xapian::Error&) {
        // Changed since it matched: no fields rather than stale ones.
      }
      h.why.fields.assign(fields.begin(), fields.end());
    }
  }
  out.has_more = q.offset + q.limit < cands.size();
  return out;
}

std::vector<MemberSuggestion> PeopleIndex::typeahead(MemberId viewer, std::string_view prefix,
                                                     const std::vector<MemberId>& hidden, size_t limit) const {
  std::vector<std::string> full = words_of(prefix);
  std::vector<MemberSuggestion> out;
  if (full.empty() || full.size() > 8 || limit == 0) return out;
  for (auto& w : full) w.resize(std::min<size_t>(w.size(), 100));
  const std::string last = std::move(full.back());
  full.pop_back();
  // The pool: the viewer's matching connections, plus the best-ranked matches by static rank (profile
  // completeness, then id). Degrees, computed for the pool, then order it.
  constexpr size_t kPool = 64;         // best-ranked matches considered
  constexpr size_t kScanBudget = 20000;  // entries looked at when earlier words must also match
  constexpr size_t kConnections = 5000;  // 1st- and 2nd-degree members looked at
  const std::unordered_set<MemberId> hide(hidden.begin(), hidden.end());
  std::vector<std::shared_ptr<const MemberDoc>> pool;
  std::unordered_set<MemberId> in_pool;
  auto consider = [&](MemberId id) {
    if (hide.count(id) || in_pool.count(id)) return;
    const MemberDoc* d = doc_locked(id);
    if (!d || !name_matches(d->name_folded, full, last)) return;
    in_pool.insert(id);
    pool.push_back(docs_[static_cast<size_t>(id)]);
  };
  {
    std::lock_guard lock(mu_);
    if (viewer > 0) {
      // 1st degree, then 2nd degree while that stays within the budget.
      const auto first = graph_.connections_page(viewer, kConnections).items;
      for (const auto& c : first) consider(c.member);
      size_t budget = kConnections;
      for (const auto& c : first) {
        const size_t n = graph_.connection_count(c.member);
        if (n > budget) break;
        budget -= n;
        for (const auto& cc : graph_.connections_page(c.member, n).items) consider(cc.member);
      }
    }
    const size_t first_pool = pool.size();
    auto enough = [&] { return pool.size() - first_pool >= kPool; };
    if (full.empty()) {
      // The whole word first (its best), then every word starting with it.
      for (const auto& e : names_.exact(last)) {
        if (enough()) break;
        consider(e.id);
      }
      const size_t exact_end = pool.size();
      names_.prefixed(last, [&](const NameIndex::Entry& e) {
        consider(e.id);
        return pool.size() - exact_end < kPool;
      });
    } else {
      // Earlier words are whole words: walk the shortest list among them, checking the rest of the name.
      const std::vector<NameIndex::Entry>* drive = &names_.exact(full[0]);
      for (const auto& w : full) {
        const auto& l = names_.exact(w);
        if (l.size() < drive->size()) drive = &l;
      }
      size_t scanned = 0;
      for (const auto& e : *drive) {
        if (enough() || ++scanned > kScanBudget) break;
        consider(e.id);
      }
    }
  }
  std::vector<MemberId> ids;
  for (const auto& d : pool) ids.push_back(d->id);
  const auto degrees = graph_.degrees(viewer, ids, 3);
  struct Ranked {
    bool whole;   // a name word equals the last typed word
    int degree;   // 1..3, 4 beyond
    uint8_t rank;
    size_t at;
  };
  std::vector<Ranked> ranked;
  for (size_t i = 0; i < pool.size(); ++i) {
    const int deg = degrees[i] && *degrees[i] >= 1 ? *degrees[i] : 4;
    const bool whole = name_matches(pool[i]->name_folded, {last}, "");
    ranked.push_back({whole, deg, pool[i]->rank(), i});
  }
  std::sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    if (a.degree != b.degree) return a.degree < b.degree;
    if (a.whole != b.whole) return a.whole;
    if (a.rank != b.rank) return a.rank < b.rank;
    return pool[a.at]->id < pool[b.at]->id;
  });
  for (size_t i = 0; i < ranked.size() && out.size() < limit; ++i) {
    const Ranked& r = ranked[i];
    out.push_back({pool[r.at], r.degree <= 3 ? std::optional<int>(r.degree) : std::nullopt});
  }
  return out;
}

std::pair<std::vector<CompanyHit>, size_t> PeopleIndex::search_companies(std::string_view q, size_t offset,
                                                                          size_t limit) const {
  const std::vector<std::string> words = words_of(q);
  const std::string whole = folded(q);
  std::lock_guard lock(mu_);
  auto [page, total] = companies_.search(words, whole, offset, limit);
  std::vector<CompanyHit> out;
  for (const Org* o : page) out.push_back(CompanyHit{o->handle, o->name, o->country, o->city});
  return {std::move(out), total};
}

std::vector<std::pair<std::string, std::string>> PeopleIndex::typeahead_companies(std::string_view prefix,
                                                                                  size_t limit) const {
  const std::string p = folded(prefix);
  std::lock_guard lock(mu_);
  return companies_.typeahead(p, limit);
}

std::vector<std::pair<std::string, std::string>> PeopleIndex::typeahead_schools(std::string_view prefix,
                                                                                size_t limit) const {
  const std::string p = folded(prefix);
  std::lock_guard lock(mu_);
  return schools_.typeahead(p, limit);
}

}  // namespace kring::search

#include "network/suggestions.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/text.h"

namespace kring::network {
namespace {

using store::Row;

// The viewer's spans at company pages and schools.
constexpr std::string_view kMyPositions =
    "SELECT p.company_id, c.name, p.start_year, p.end_year FROM positions p JOIN companies c ON c.id = p.company_id "
    "WHERE p.member_id = ?";
constexpr std::string_view kColleagues =
    "SELECT member_id, start_year, end_year FROM positions WHERE company_id = ? AND member_id <> ? LIMIT 5000";
constexpr std::string_view kMyEducation =
    "SELECT e.school_id, s.name, e.start_year, e.end_year FROM education e JOIN schools s ON s.id = e.school_id "
    "WHERE e.member_id = ?";
constexpr std::string_view kClassmates =
    "SELECT member_id, start_year, end_year FROM education WHERE school_id = ? AND member_id <> ? LIMIT 5000";
constexpr std::string_view kKnownContacts =
    "SELECT contact_id FROM known_contacts WHERE member_id = ? UNION SELECT member_id FROM known_contacts "
    "WHERE contact_id = ?";
constexpr std::string_view kMyCity = "SELECT city FROM members WHERE id = ?";
constexpr std::string_view kMySkills = "SELECT skill_key, name FROM member_skills WHERE member_id = ?";
// Followed by an IN list of candidate ids.
constexpr std::string_view kCitiesOf = "SELECT id, city FROM members WHERE id IN ";
constexpr std::string_view kSkillsOf = "SELECT member_id, skill_key FROM member_skills WHERE member_id IN ";

constexpr size_t kGraphCandidates = 300;
constexpr size_t kMaxCandidates = 1000;
constexpr size_t kInChunk = 500;

std::string placeholders(size_t n) {
  std::string s = "(";
  for (size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s + ")";
}

int current_year(Micros now) {
  std::time_t t = static_cast<std::time_t>(now / kMicrosPerSecond);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

std::string years(int from, int to) {
  return from == to ? std::to_string(from) : std::to_string(from) + "\u2013" + std::to_string(to);
}

std::optional<int> opt_int(const Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return static_cast<int>(r.i64(i));
}

struct Span {
  int64_t place = 0;
  std::string name;
  std::optional<int> start, end;
};

// Adds overlaps with `mine` for members at the same place, from rows (member_id, start_year, end_year).
void collect_overlaps(const std::vector<Span>& mine, store::Session& s, std::string_view sql, MemberId me, int year,
                      std::unordered_map<MemberId, std::vector<Overlap>>& out) {
  for (const Span& span : mine) {
    for (const Row& r : s.query(sql, {span.place, me})) {
      auto o = overlap_years(span.start, span.end, opt_int(r, 1),
                             opt_int(r, 2), year);
      if (!o) continue;
      auto& list = out[r.i64(0)];
      if (std::none_of(list.begin(), list.end(), [&](const Overlap& x) { return x.name == span.name; })) {
        list.push_back({span.name, o->first, o->second});
      }
    }
  }
}

}  // namespace

std::optional<std::pair<int, int>> overlap_years(std::optional<int> start_a, std::optional<int> end_a,
                                                 std::optional<int> start_b, std::optional<int> end_b,
                                                 int current_year) {
  // A span with no start year is known only by its end (education: class year).
  int a0 = start_a.value_or(end_a.value_or(current_year)), a1 = end_a.value_or(current_year);
  int b0 = start_b.value_or(end_b.value_or(current_year)), b1 = end_b.value_or(current_year);
  if (a1 < a0) std::swap(a0, a1);
  if (b1 < b0) std::swap(b0, b1);
  int from = std::max(a0, b0), to = std::min(a1, b1);
  if (from > to) return std::nullopt;
  return std::pair{from, to};
}

Suggestion score(const Evidence& e, const SuggestionWeights& w) {
  Suggestion s;
  s.member = e.member;
  if (e.known_from_linkedin) {
    s.why.push_back({"known_from_linkedin", w.known_from_linkedin, "You know each other from LinkedIn"});
  }
  for (const Overlap& o : e.worked) {
    double v = w.worked_together + w.per_year_worked * std::min(w.max_years, o.to - o.from + 1);
    s.why.push_back({"worked_together", v, "Both at " + o.name + ", " + years(o.from, o.to)});
  }
  for (const Overlap& o : e.studied) {
    double v = w.studied_together + w.per_year_studied * std::min(w.max_years, o.to - o.from + 1);
    s.why.push_back({"studied_together", v, "Both studied at " + o.name + ", " + years(o.from, o.to)});
  }
  if (e.mutual > 0) {
    std::string detail = std::to_string(e.mutual) + (e.mutual == 1 ? " mutual connection" : " mutual connections");
    if (!e.mutual_example.empty()) detail += (e.mutual == 1 ? ": " : ", including ") + e.mutual_example;
    s.why.push_back({"mutual_connections", w.mutual * e.adamic_adar, detail});
  }
  if (!e.shared_skills.empty()) {
    size_t n = std::min<size_t>(e.shared_skills.size(), static_cast<size_t>(w.max_skills));
    std::string list;
    for (size_t i = 0; i < std::min<size_t>(3, e.shared_skills.size()); ++i) list += (i ? ", " : "") + e.shared_skills[i];
    s.why.push_back({"shared_skills", w.per_shared_skill * static_cast<double>(n),
                     std::to_string(e.shared_skills.size()) +
                         (e.shared_skills.size() == 1 ? " shared skill: " : " shared skills: ") + list});
  }
  if (!e.same_city.empty()) s.why.push_back({"same_city", w.same_city, "Both in " + e.same_city});
  std::stable_sort(s.why.begin(), s.why.end(), [](const Factor& a, const Factor& b) { return a.value > b.value; });
  for (const Factor& f : s.why) s.score += f.value;
  return s;
}

std::vector<Suggestion> rank(const std::vector<Evidence>& candidates, const SuggestionWeights& w) {
  std::vector<Suggestion> out;
  out.reserve(candidates.size());
  for (const Evidence& e : candidates) {
    Suggestion s = score(e, w);
    if (!s.why.empty() && s.score > 0) out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    return a.score != b.score ? a.score > b.score : a.member < b.member;
  });
  return out;
}

Result<std::vector<Suggestion>> SuggestionService::suggest(MemberId me, size_t offset, size_t limit, bool* more) const {
  KRING_ASSIGN_OR_RETURN(std::vector<MemberId> excluded, network_.suggestion_exclusions(me));
  const graph::Graph& g = network_.graph();
  const auto& directory = network_.directory();
  auto is_excluded = [&](MemberId m) {
    return m == me || std::binary_search(excluded.begin(), excluded.end(), m) || g.connected(me, m) ||
           !directory.find(m);
  };

  std::map<MemberId, Evidence> pool;  // ordered: deterministic evidence gathering
  graph::SuggestOptions opts;
  opts.limit = kGraphCandidates;
  for (const graph::Suggestion& s : g.suggest(me, opts, [&](graph::MemberId m) {
         return std::binary_search(excluded.begin(), excluded.end(), m) || !directory.find(m);
       })) {
    Evidence& e = pool[s.member];
    e.member = s.member;
    e.adamic_adar = s.score;
    e.mutual = s.mutual;
  }

  const int year = current_year(network_.clock().now());
  std::unordered_map<MemberId, std::vector<Overlap>> worked, studied;
  std::unordered_set<MemberId> known;
  std::string my_city;
  std::map<std::string, std::string> my_skills;  // key -> name
  auto gathered = network_.db().read<bool>([&](store::Session& s) -> Result<bool> {
    std::vector<Span> spans;
    for (const Row& r : s.query(kMyPositions, {me})) {
      spans.push_back({r.i64(0), r.text(1), opt_int(r, 2),
                       opt_int(r, 3)});
    }
    collect_overlaps(spans, s, kColleagues, me, year, worked);
    spans.clear();
    for (const Row& r : s.query(kMyEducation, {me})) {
      spans.push_back({r.i64(0), r.text(1), opt_int(r, 2),
                       opt_int(r, 3)});
    }
    collect_overlaps(spans, s, kClassmates, me, year, studied);
    for (const Row& r : s.query(kKnownContacts, {me, me})) known.insert(r.i64(0));
    if (auto r = s.query_one(kMyCity, {me})) my_city = r->text(0);
    for (const Row& r : s.query(kMySkills, {me})) my_skills[r.text(0)] = r.text(1);
    return true;
  });
  if (!gathered.ok()) return std::move(gathered).error();

  auto add_candidate = [&](MemberId m) -> Evidence* {
    if (is_excluded(m)) return nullptr;
    auto [it, inserted] = pool.try_emplace(m);
    if (inserted) {
      if (pool.size() > kMaxCandidates) {
        pool.erase(it);
        return nullptr;
      }
      it->second.member = m;
      // Candidates found outside the graph search still count their mutual connections.
      for (MemberId u : g.mutual_connections(me, m, SIZE_MAX)) {
        size_t d = g.connection_count(u);
        ++it->second.mutual;
        if (d > 1) it->second.adamic_adar += 1.0 / std::log(static_cast<double>(d));
      }
    }
    return &it->second;
  };
  for (auto& [m, overlaps] : worked) {
    if (Evidence* e = add_candidate(m)) e->worked = overlaps;
  }
  for (auto& [m, overlaps] : studied) {
    if (Evidence* e = add_candidate(m)) e->studied = overlaps;
  }
  for (MemberId m : known) {
    if (Evidence* e = add_candidate(m)) e->known_from_linkedin = true;
  }
  // Drop graph candidates that became excluded (connected since the snapshot).
  for (auto it = pool.begin(); it != pool.end();) it = is_excluded(it->first) ? pool.erase(it) : std::next(it);

  // City and skills of the pool, in chunks.
  std::vector<MemberId> ids;
  ids.reserve(pool.size());
  for (const auto& [m, e] : pool) ids.push_back(m);
  std::vector<std::string> skill_keys;
  for (const auto& [k, n] : my_skills) skill_keys.push_back(k);
  const std::string my_city_key = text::fold(my_city);
  auto details = network_.db().read<bool>([&](store::Session& s) -> Result<bool> {
    for (size_t i = 0; i < ids.size(); i += kInChunk) {
      size_t n = std::min(kInChunk, ids.size() - i);
      store::Params p(ids.begin() + static_cast<ptrdiff_t>(i), ids.begin() + static_cast<ptrdiff_t>(i + n));
      if (!my_city_key.empty()) {
        for (const Row& r : s.query(std::string(kCitiesOf) + placeholders(n), p)) {
          if (text::fold(r.text(1)) == my_city_key) pool[r.i64(0)].same_city = my_city;
        }
      }
      if (!skill_keys.empty()) {
        for (const Row& r : s.query(std::string(kSkillsOf) + placeholders(n), p)) {
          auto it = my_skills.find(r.text(1));
          if (it != my_skills.end()) pool[r.i64(0)].shared_skills.push_back(it->second);
        }
      }
    }
    return true;
  });
  if (!details.ok()) return std::move(details).error();

  std::vector<Evidence> evidence;
  evidence.reserve(pool.size());
  for (auto& [m, e] : pool) evidence.push_back(std::move(e));
  std::vector<Suggestion> ranked = rank(evidence, weights_);
  if (more) *more = ranked.size() > offset + limit;
  std::vector<Suggestion> out;
  for (size_t i = offset; i < ranked.size() && out.size() < limit; ++i) out.push_back(std::move(ranked[i]));
  // Name one mutual connection in the sentence.
  for (Suggestion& s : out) {
    for (Factor& f : s.why) {
      if (f.factor != "mutual_connections") continue;
      auto mutual = g.mutual_connections(me, s.member, 1);
      if (mutual.empty()) continue;
      if (auto m = directory.find(mutual.front())) {
        size_t n = g.mutual_count(me, s.member);
        f.detail = std::to_string(n) + (n == 1 ? " mutual connection: " : " mutual connections, including ") +
                   m->first_name + " " + m->last_name;
      }
    }
  }
  return out;
}

}  // namespace kring::network

// Search: people search, company search and the global typeahead. Thin: parsing, cursors and JSON shapes; matching and ranking
// live in search/. Search requires a logged-in member (as LinkedIn does): degrees, blocks and the recruiter
// audience of open-to-work all depend on who asks.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "common/cursor.h"
#include "common/text.h"
#include "feed/posts.h"
#include "search/people_index.h"
#include "search/post_index.h"

namespace kring::api {

// post_handlers.cpp: a post as GET /api/v1/posts/{id} returns it.
nlohmann::json post_json(feed::PostService& posts, const network::NetworkService& net, std::optional<MemberId> viewer,
                         const feed::Post& p);

namespace {

using nlohmann::json;

constexpr size_t kMaxQueryChars = 1000;
constexpr const char* kPeopleParams[] = {"q",       "first_name",      "last_name",      "max_degree", "skill",
                                         "current_company", "past_company", "company_country", "started_before",
                                         "city",    "country",         "school",         "open_to_work", "limit",
                                         "cursor"};

uint64_t fnv(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// The query's fingerprint: every parameter but limit and cursor, so a cursor only continues the query it came from.
int64_t fingerprint(const http::Request& req, std::string_view kind = "people") {
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [k, v] : req.query) {
    if (k != "limit" && k != "cursor") fields.emplace_back(k, v);
  }
  std::sort(fields.begin(), fields.end());
  uint64_t h = fnv(kind);
  for (const auto& [k, v] : fields) h = fnv(v, fnv(k + "=", h) ^ 0x1f);
  return static_cast<int64_t>(h & 0xFFFFFFFFFFFFULL);
}
int64_t check(int64_t offset, int64_t fp) {
  return static_cast<int64_t>(fnv(std::to_string(offset) + ":" + std::to_string(fp), 0x6b72696e67ULL) & 0xFFFFFFFFULL);
}

Result<std::optional<std::string>> text_filter(const http::Request& req, const char* name, size_t max_chars = 200) {
  auto v = req.query_param(name);
  if (!v) return std::optional<std::string>();
  std::string_view t = text::trim(*v);
  if (!text::is_valid_utf8(t) || text::has_control_chars(t, false)) {
    return Error::invalid(name, std::string(name) + " must be text");
  }
  if (t.empty()) return Error::invalid(name, std::string(name) + " must not be empty");
  if (text::codepoint_count(t) > max_chars) {
    return Error::invalid(name, std::string(name) + " is too long (at most " + std::to_string(max_chars) + " characters)");
  }
  return std::optional<std::string>(std::string(t));
}

Result<std::optional<int>> int_filter(const http::Request& req, const char* name, int lo, int hi) {
  auto v = req.query_param(name);
  if (!v) return std::optional<int>();
  int x = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
  if (ec != std::errc() || p != v->data() + v->size() || x < lo || x > hi) {
    return Error::invalid(name, std::string(name) + " must be a whole number from " + std::to_string(lo) + " to " +
                                    std::to_string(hi));
  }
  return std::optional<int>(x);
}

json position_json(const search::IndexedPosition& p) {
  json company{{"handle", p.company_handle ? json(*p.company_handle) : json(nullptr)},
               {"name", p.company_name},
               {"country", p.company_country ? json(*p.company_country) : json(nullptr)}};
  return json{{"company", std::move(company)},
              {"title", p.title},
              {"start_year", p.start_year ? json(*p.start_year) : json(nullptr)},
              {"current", p.current}};
}

json why_json(const search::PeopleHit& h) {
  json why = json::array();
  if (!h.why.fields.empty()) why.push_back(json{{"type", "text"}, {"fields", h.why.fields}});
  for (const auto& s : h.why.skills) {
    why.push_back(json{{"type", "skill"}, {"skill", s.key}, {"name", s.name}, {"endorsements", s.endorsements}});
  }
  for (const auto& p : h.why.positions) {
    json j = position_json(p);
    j["type"] = "position";
    why.push_back(std::move(j));
  }
  if (h.degree) why.push_back(json{{"type", "degree"}, {"degree", *h.degree}});
  auto round3 = [](double x) { return std::round(x * 1000) / 1000; };
  why.push_back(json{{"type", "score"},
                     {"score", round3(h.why.score)},
                     {"text", round3(h.why.text)},
                     {"proximity", round3(h.why.proximity)},
                     {"evidence", round3(h.why.evidence)},
                     {"completeness", round3(h.why.completeness)}});
  return why;
}

// The offset a cursor of this search carries (0 without one), or 400 invalid_cursor.
Result<size_t> cursor_offset(const http::Request& req, int64_t fp, size_t max_offset) {
  auto c = req.query_param("cursor");
  if (!c || c->empty()) return size_t{0};
  auto fields = decode_cursor(*c, 3);
  if (!fields.ok()) return std::move(fields).error();
  const auto& f = *fields;
  if (f[0] <= 0 || f[0] > static_cast<int64_t>(max_offset) || f[1] != fp || f[2] != check(f[0], f[1])) {
    return Error{ErrorCode::kInvalidArgument, "the cursor does not belong to this search", "cursor", "invalid_cursor"};
  }
  return static_cast<size_t>(f[0]);
}

http::Response search_people(App& app, search::PeopleIndex& index, Context& ctx) {
  const http::Request& req = ctx.req;
  // Unknown parameters are a 400 that names them.
  std::set<std::string> unknown;
  for (const auto& [k, v] : req.query) {
    if (std::find(std::begin(kPeopleParams), std::end(kPeopleParams), k) == std::end(kPeopleParams)) unknown.insert(k);
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + u;
    return http::Response::error(Error::invalid(*unknown.begin(), "unknown filter: " + names));
  }
  search::PeopleQuery q;
  q.viewer = ctx.me();
#define KRING_FILTER(lhs, expr)                                 \
  {                                                             \
    auto r_ = (expr);                                           \
    if (!r_.ok()) return http::Response::error(r_.error());     \
    lhs = std::move(*r_);                                       \
  }
  if (auto raw = req.query_param("q"); raw && !text::trim(*raw).empty()) {
    std::optional<std::string> text;
    KRING_FILTER(text, text_filter(req, "q", kMaxQueryChars));
    q.q = text.value_or("");
  }
  KRING_FILTER(q.first_name, text_filter(req, "first_name"));
  KRING_FILTER(q.last_name, text_filter(req, "last_name"));
  KRING_FILTER(q.max_degree, int_filter(req, "max_degree", 1, 3));
  KRING_FILTER(q.current_company, text_filter(req, "current_company"));
  KRING_FILTER(q.past_company, text_filter(req, "past_company"));
  std::optional<std::string> cc, country;
  KRING_FILTER(cc, text_filter(req, "company_country"));
  if (cc) q.company_country = index.country_key(*cc);
  KRING_FILTER(q.started_before, int_filter(req, "started_before", 1900, 2200));
  KRING_FILTER(q.city, text_filter(req, "city"));
  KRING_FILTER(country, text_filter(req, "country"));
  if (country) q.country = index.country_key(*country);
  KRING_FILTER(q.school, text_filter(req, "school"));
  if (auto v = req.query_param("open_to_work")) {
    if (*v == "true" || *v == "1") {
      q.open_to_work = true;
    } else if (*v == "false" || *v == "0") {
      q.open_to_work = false;
    } else {
      return http::Response::error(Error::invalid("open_to_work", "open_to_work must be true or false"));
    }
  }
  auto skills = req.query_params("skill");
  if (skills.size() > 20) return http::Response::error(Error::invalid("skill", "at most 20 skills"));
  for (std::string_view s : skills) {
    std::string_view t = text::trim(s);
    if (t.empty() || !text::is_valid_utf8(t) || text::codepoint_count(t) > 200) {
      return http::Response::error(Error::invalid("skill", "skill must be a skill name"));
    }
    q.skills.push_back(app.services().profiles.skill_normalizer()(t).key);
  }
#undef KRING_FILTER
  std::string limit_raw;
  const std::string* limit_ptr = nullptr;
  if (auto l = req.query_param("limit")) limit_raw = std::string(*l), limit_ptr = &limit_raw;
  auto limit = parse_limit(limit_ptr, 10, 50);
  if (!limit.ok()) return http::Response::error(limit.error());
  q.limit = static_cast<size_t>(*limit);
  const int64_t fp = fingerprint(req);
  auto offset = cursor_offset(req, fp, search::PeopleIndex::kMaxRanked);
  if (!offset.ok()) return http::Response::error(offset.error());
  q.offset = *offset;
  auto recruiter = app.services().profiles.is_recruiter(ctx.me());
  q.viewer_is_recruiter = recruiter.ok() && *recruiter;
  q.hidden = index.hidden_from(ctx.me());

  auto r = index.search(q);
  if (!r.ok()) return http::Response::error(r.error());
  json items = json::array();
  for (const auto& h : r->items) {
    items.push_back(json{{"member",
                          {{"handle", h.doc->handle},
                           {"first_name", h.doc->first_name},
                           {"last_name", h.doc->last_name},
                           {"headline", h.doc->headline}}},
                         {"degree", h.degree ? json(*h.degree) : json(nullptr)},
                         {"positions", [&] {
                            json a = json::array();
                            for (const auto& p : h.positions) a.push_back(position_json(p));
                            return a;
                          }()},
                         {"why", why_json(h)}});
  }
  json facets = json::object();
  for (const auto& [name, values] : r->facets) {
    json a = json::array();
    for (const auto& v : values) a.push_back(json{{"value", v.value}, {"label", v.label}, {"count", v.count}});
    facets[name] = std::move(a);
  }
  json next = nullptr;
  if (r->has_more) {
    const int64_t off = static_cast<int64_t>(q.offset + q.limit);
    next = encode_cursor({off, fp, check(off, fp)});
  }
  return http::Response::json(200, json{{"items", std::move(items)}, {"facets", std::move(facets)},
                                        {"total", r->total}, {"next_cursor", std::move(next)}});
}

http::Response search_companies(search::PeopleIndex& index, Context& ctx) {
  const http::Request& req = ctx.req;
  for (const auto& [k, v] : req.query) {
    if (k != "q" && k != "limit" && k != "cursor") return http::Response::error(Error::invalid(k, "unknown parameter: " + k));
  }
  std::string q;
  if (auto raw = req.query_param("q"); raw && !text::trim(*raw).empty()) {
    auto t = text_filter(req, "q", 200);
    if (!t.ok()) return http::Response::error(t.error());
    q = **t;
  }
  std::string limit_raw;
  const std::string* limit_ptr = nullptr;
  if (auto l = req.query_param("limit")) limit_raw = std::string(*l), limit_ptr = &limit_raw;
  auto limit = parse_limit(limit_ptr, 10, 50);
  if (!limit.ok()) return http::Response::error(limit.error());
  const int64_t fp = fingerprint(req, "companies");
  auto offset = cursor_offset(req, fp, size_t{1} << 40);
  if (!offset.ok()) return http::Response::error(offset.error());
  auto [hits, total] = index.search_companies(q, *offset, static_cast<size_t>(*limit));
  json items = json::array();
  for (const auto& c : hits) {
    items.push_back(json{{"handle", c.handle}, {"name", c.name}, {"country", c.country.empty() ? json(nullptr) : json(c.country)},
                         {"city", c.city.empty() ? json(nullptr) : json(c.city)}});
  }
  json next = nullptr;
  if (*offset + static_cast<size_t>(*limit) < total) {
    const int64_t off = static_cast<int64_t>(*offset + static_cast<size_t>(*limit));
    next = encode_cursor({off, fp, check(off, fp)});
  }
  return http::Response::json(200, json{{"items", std::move(items)}, {"total", total}, {"next_cursor", std::move(next)}});
}

// Posts of members who opted in, visible to anyone (search/post_index.h). The paging of people search: an
// offset cursor bound to the query's fingerprint. A hit hidden since indexing is re-checked by PostService::get.
http::Response search_posts(App& app, search::PostIndex& index, Context& ctx) {
  const http::Request& req = ctx.req;
  for (const auto& [k, v] : req.query) {
    if (k != "q" && k != "limit" && k != "cursor") return http::Response::error(Error::invalid(k, "unknown parameter: " + k));
  }
  search::PostQuery q;
  if (auto raw = req.query_param("q"); raw && !text::trim(*raw).empty()) {
    auto t = text_filter(req, "q", kMaxQueryChars);
    if (!t.ok()) return http::Response::error(t.error());
    q.q = **t;
  }
  std::string limit_raw;
  const std::string* limit_ptr = nullptr;
  if (auto l = req.query_param("limit")) limit_raw = std::string(*l), limit_ptr = &limit_raw;
  auto limit = parse_limit(limit_ptr, 10, 50);
  if (!limit.ok()) return http::Response::error(limit.error());
  q.limit = static_cast<size_t>(*limit);
  const int64_t fp = fingerprint(req, "posts");
  auto offset = cursor_offset(req, fp, search::PostIndex::kMaxCandidates);
  if (!offset.ok()) return http::Response::error(offset.error());
  q.offset = *offset;
  q.hidden = index.hidden_from(ctx.me());
  auto r = index.search(q);
  if (!r.ok()) return http::Response::error(r.error());
  feed::PostService& posts = *app.services().posts;
  json items = json::array();
  for (const auto& h : r->items) {
    auto p = posts.get(ctx.me(), h.id);
    if (!p.ok()) continue;  // deleted or hidden since it was indexed
    json why = json::array();
    why.push_back(json{{"type", "text"}, {"fields", {"text"}}, {"terms", h.terms}});
    why.push_back(json{{"type", "score"}, {"score", std::round(h.score * 1000) / 1000}});
    items.push_back(json{{"post", post_json(posts, app.services().network, ctx.me(), *p)}, {"why", std::move(why)}});
  }
  json next = nullptr;
  if (r->has_more) {
    const int64_t off = static_cast<int64_t>(q.offset + q.limit);
    next = encode_cursor({off, fp, check(off, fp)});
  }
  return http::Response::json(200, json{{"items", std::move(items)}, {"next_cursor", std::move(next)}});
}

http::Response typeahead(App& app, search::PeopleIndex& index, Context& ctx) {
  for (const auto& [k, v] : ctx.req.query) {
    if (k != "q") return http::Response::error(Error::invalid(k, "unknown parameter: " + k));
  }
  std::string_view raw = ctx.req.query_param("q").value_or("");
  std::string_view q = text::trim(raw);
  if (!text::is_valid_utf8(q)) return http::Response::error(Error::invalid("q", "q must be text"));
  if (text::codepoint_count(q) > 100) return http::Response::error(Error::invalid("q", "q is too long (at most 100 characters)"));
  json items = json::array();
  if (q.empty()) return http::Response::json(200, json{{"items", std::move(items)}});
  for (const auto& m : index.typeahead(ctx.me(), q, index.hidden_from(ctx.me()), 5)) {
    // The degree is why a member is suggested first (the viewer's network leads).
    items.push_back(json{{"type", "member"},
                         {"handle", m.doc->handle},
                         {"label", m.doc->first_name + " " + m.doc->last_name},
                         {"degree", m.degree ? json(*m.degree) : json(nullptr)}});
  }
  for (const auto& [handle, name] : index.typeahead_companies(q, 3)) {
    items.push_back(json{{"type", "company"}, {"handle", handle}, {"label", name}});
  }
  for (const auto& s : app.services().taxonomy.suggest(q, taxonomy::Lang::kEn, 3)) {
    items.push_back(json{{"type", "skill"}, {"handle", s.skill->id}, {"label", s.label}});
  }
  for (const auto& [handle, name] : index.typeahead_schools(q, 3)) {
    items.push_back(json{{"type", "school"}, {"handle", handle}, {"label", name}});
  }
  return http::Response::json(200, json{{"items", std::move(items)}});
}

}  // namespace

void register_search_routes(App& app) {
  search::PeopleIndex* index = app.services().people_search;
  if (!index) return;
  const RouteConfig member{.requires_member = true};
  app.route("GET", "/api/v1/search/people", [&app, index](Context& ctx) { return search_people(app, *index, ctx); },
            member);
  app.route("GET", "/api/v1/search/companies", [index](Context& ctx) { return search_companies(*index, ctx); },
            member);
  if (search::PostIndex* posts = app.services().post_search; posts && app.services().posts) {
    app.route("GET", "/api/v1/search/posts", [&app, posts](Context& ctx) { return search_posts(app, *posts, ctx); },
              member);
  }
  app.route("GET", "/api/v1/search/typeahead", [&app, index](Context& ctx) { return typeahead(app, *index, ctx); },
            member);
}

}  // namespace kring::api

// People search: a Xapian index of member profiles, built at start from the store and kept current by following
// the change log (store::Index). Free text over names, headline, about, positions, skills and schools (Dutch and
// English stemming, Latin diacritics folded), boolean filters, network-aware ranking and facets.
//
// What is indexed. Only what every logged-in member may see: names and headline always; the about, location,
// positions, education and skills sections only when their visibility is `public` or `members`. Sections set to
// `connections` or `only_me` are not indexed at all, so they can neither match nor be counted in facets, for
// anyone (a connection looking for a connections-only skill does not find it either: the price of simplicity,
// see docs/architecture.md). Open-to-work is indexed with its audience: `everyone` matches for every viewer,
// `recruiters` only when the viewer is a recruiter (PeopleQuery::viewer_is_recruiter). Blocked members are
// excluded at query time (PeopleQuery::hidden).
//
// Storage. An on-disk glass database in a private temporary folder (mkdtemp under $KRING_SEARCH_DIR, else
// $TMPDIR unless it is a tmpfs, else /var/tmp), rebuilt at every start and removed on reload and in the destructor.
// The in-memory backend cost about 20 KB of heap per member; glass keeps the index in the page cache instead. The
// database is opened without fsync (it is a throwaway copy); the bulk load commits every few thousand documents so
// Xapian's change buffer stays bounded, and later changes are left to Xapian's own flush threshold: a
// WritableDatabase's searches see its own uncommitted changes.
//
// Per query, the work that grows with the matches (up to kMaxCandidates) is array and bitset operations: the
// degree limit is an id filter Xapian skips through, facet values are interned ids, skill evidence is decided
// once per distinct skill, and matched fields are computed for the page only (docs/architecture.md, Search).
// Typeahead reads in-memory prefix indexes (prefix_index.h), not Xapian.
//
// Thread safety. Xapian objects are not safe for concurrent use, not even for reads, so one mutex guards the
// Xapian database, the per-member documents and the prefix indexes; a query holds it while Xapian matches (a
// few milliseconds at a million members) and ranks and renders outside it. apply() runs on the follower thread and reads the store to
// re-index the member an entry concerns (the latest state, which makes re-applying idempotent).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/result.h"
#include "search/prefix_index.h"
#include "search/scratch_dir.h"
#include "store/change_follower.h"
#include "store/database.h"

namespace Xapian {
class WritableDatabase;
}

namespace kring::graph {
class Graph;
}
namespace kring::network {
class BlockIndex;
}

namespace kring::search {

using MemberId = int64_t;

struct IndexedPosition {
  std::optional<std::string> company_handle;  // the company page, when the position links one
  std::string company_name;
  std::optional<std::string> company_country;  // the company page's country as stored ("Netherlands")
  std::string country_key;                     // ISO code when known, else the folded text; empty without a page
  std::string title;
  std::optional<int> start_year;
  bool current = false;
};

struct IndexedSkill {
  std::string key;
  std::string name;
  int64_t endorsements = 0;  // visible (not hidden) endorsements
};

struct IndexedSchool {
  std::optional<std::string> handle;
  std::string name;
};

// What the index keeps per member: only the visible-to-all-members parts (see above). The copy kept in memory for
// rendering, ranking and facets holds current positions only and no schools or open-to-work (those live in Xapian).
struct MemberDoc {
  MemberId id = 0;
  std::string handle, first_name, last_name, headline;
  std::string city, country, country_key;  // empty when the location section is not indexed
  std::string city_key;                    // folded city: what the city filter and facet compare
  std::vector<IndexedPosition> positions;  // current first
  std::vector<IndexedSkill> skills;
  std::vector<IndexedSchool> schools;
  std::string open_to_work;  // "", "recruiters" or "everyone"
  double completeness = 0;   // 0..1 over the indexed sections
  std::string name_folded;   // folded "first last": what typeahead compares
  // Interned facet values (PeopleIndex's dictionaries; 0 = none): counting a facet is then an array increment.
  uint32_t city_fid = 0, country_fid = 0;
  std::vector<uint32_t> company_fids;  // distinct companies of the current positions
  std::vector<uint32_t> skill_fids;    // parallel to `skills`

  // 0 (complete) .. 6 (empty): typeahead's static rank.
  uint8_t rank() const { return static_cast<uint8_t>(6 - static_cast<int>(completeness * 6 + 0.5)); }
};

struct PeopleQuery {
  MemberId viewer = 0;
  bool viewer_is_recruiter = false;
  std::vector<MemberId> hidden;  // members hidden from the viewer by a block
  std::string q;
  std::optional<std::string> first_name, last_name;
  std::optional<int> max_degree;  // 1..3
  std::vector<std::string> skills;  // canonical keys; all must match
  std::optional<std::string> current_company, past_company;  // company handle or name
  std::optional<std::string> company_country;  // country key (see country_key())
  std::optional<int> started_before;
  std::optional<std::string> city, country, school;
  std::optional<bool> open_to_work;
  size_t offset = 0;
  size_t limit = 10;
};

struct Why {
  std::vector<std::string> fields;  // matched text fields: name, headline, about, positions, skills, education
  std::vector<IndexedSkill> skills;  // matched skills (text or filter) with their endorsements
  std::vector<IndexedPosition> positions;  // positions the filters selected
  double text = 0, proximity = 0, evidence = 0, completeness = 0, score = 0;
};

struct PeopleHit {
  std::shared_ptr<const MemberDoc> doc;
  std::optional<int> degree;  // 1..3, nullopt beyond
  std::vector<IndexedPosition> positions;  // per the contract: filtered current positions, or current ones
  Why why;
};

struct FacetValue {
  std::string value;
  std::string label;
  size_t count = 0;
};

// A typeahead member and the degree that placed it (1..3, nullopt beyond or for no viewer).
struct MemberSuggestion {
  std::shared_ptr<const MemberDoc> doc;
  std::optional<int> degree;
};

struct CompanyHit {
  std::string handle, name, country, city;
};

struct PeopleResult {
  std::vector<PeopleHit> items;
  std::map<std::string, std::vector<FacetValue>> facets;
  size_t total = 0;      // matches ranked (every match, up to kMaxCandidates plus the viewer's network)
  bool has_more = false;
};

class PeopleIndex final : public store::Index {
 public:
  // At most this many matches (best by text relevance; by member id without text) are ranked, counted and paged,
  // plus, when there are more, the viewer's network among the matches (up to as many again): a connection is
  // never lost behind strangers. kMaxRanked bounds the offsets a search may page to.
  static constexpr size_t kMaxCandidates = 10000;
  static constexpr size_t kMaxRanked = 2 * kMaxCandidates;

  // REQUIRES: `db` and `graph` outlive the index.
  PeopleIndex(store::Database& db, const graph::Graph& graph);
  ~PeopleIndex() override;

  // Maps a country as stored or typed to its key (ISO alpha-2 when known). Default: text::fold. Set before load.
  void set_country_key(std::function<std::string(std::string_view)> fn) { country_key_ = std::move(fn); }
  std::string country_key(std::string_view s) const;
  // Blocks to honour (hidden_from()). Set before concurrent use; nullptr: none.
  void set_blocks(const network::BlockIndex* blocks) { blocks_ = blocks; }
  // Neighbor-list entries a search may read to collect the members within its max_degree as an id filter; over
  // it, each match is checked against the graph instead. Default 400,000 (about 2 ms). Set before concurrent use.
  void set_degree_filter_budget(size_t entries) { degree_filter_budget_ = entries; }
  // Tests: a smaller candidate cap than kMaxCandidates. Set before concurrent use.
  void set_max_candidates(size_t n) { max_candidates_ = std::min(n, kMaxCandidates); }
  // Members hidden from `viewer` by a block, for PeopleQuery::hidden and typeahead().
  std::vector<MemberId> hidden_from(MemberId viewer) const;

  std::string_view name() const override { return "people-search"; }
  Status load(store::Session& snapshot) override;
  void apply(const store::Change& change) override;

  // Re-reads one member from the store and re-indexes it (or removes it when gone).
  void reindex(MemberId member);

  // Thread-safe.
  Result<PeopleResult> search(const PeopleQuery& query) const;
  // Members whose name has the words of `prefix` (the last one as a prefix), not hidden: the viewer's connections
  // first, then by degree (among the best-ranked matches), names with the whole last word before longer ones,
  // then the most complete profiles.
  std::vector<MemberSuggestion> typeahead(MemberId viewer, std::string_view prefix, const std::vector<MemberId>& hidden,
                                          size_t limit) const;
  // Companies and schools (handle, name) whose name or a word in it starts with `prefix` (folded).
  std::vector<std::pair<std::string, std::string>> typeahead_companies(std::string_view prefix, size_t limit) const;
  std::vector<std::pair<std::string, std::string>> typeahead_schools(std::string_view prefix, size_t limit) const;

  // Company pages whose name has words starting with every word of `q` (folded): exact name first, then name
  // prefix, then the rest; by name within each. Returns the page at offset/limit and the total.
  std::pair<std::vector<CompanyHit>, size_t> search_companies(std::string_view q, size_t offset, size_t limit) const;

  size_t size() const;

 private:
  using Org = OrgIndex::Org;
  // Facet values interned to small integers (ids from 1), with the first label seen.
  struct FacetDict {
    std::unordered_map<std::string, uint32_t> ids;
    std::vector<std::string> keys{""}, labels{""};
    uint32_t intern(const std::string& key, const std::string& label);
  };
  const MemberDoc* doc_locked(MemberId id) const;
  void put_locked(MemberDoc doc, const std::string& about);
  // The in-memory part of put_locked (the Xapian document is written by the caller).
  void keep_locked(MemberDoc doc);
  // Removes the current database folder, if any (the database must be closed).
  void remove_dir_locked();
  void erase_locked(MemberId id);

  store::Database& db_;
  const graph::Graph& graph_;
  std::function<std::string(std::string_view)> country_key_;
  const network::BlockIndex* blocks_ = nullptr;
  size_t degree_filter_budget_ = 400'000;
  size_t max_candidates_ = kMaxCandidates;

  mutable std::mutex mu_;
  std::unique_ptr<Xapian::WritableDatabase> xdb_;                        // GUARDED_BY(mu_)
  ScratchDir dir_;                                                        // GUARDED_BY(mu_); xdb_'s folder
  std::vector<std::shared_ptr<const MemberDoc>> docs_;  // GUARDED_BY(mu_); by member id (ids are dense)
  size_t count_ = 0;                                    // GUARDED_BY(mu_); members in docs_
  NameIndex names_;                                     // GUARDED_BY(mu_)
  OrgIndex companies_, schools_;                        // GUARDED_BY(mu_)
  FacetDict company_facets_, city_facets_, country_facets_, skill_facets_;  // GUARDED_BY(mu_)
};

}  // namespace kring::search

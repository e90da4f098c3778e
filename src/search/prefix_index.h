// In-memory prefix indexes behind typeahead: member names and organisation (company, school) names.
//
// Typeahead runs on every keystroke, so its cost must not grow with the number of members a prefix matches. A
// Xapian wildcard expands the prefix to its terms and merges their posting lists (at 1,000,000 members "jan"
// matches tens of thousands); these indexes keep, per folded word, the members in a fixed "static rank" order
// (most complete profile first, then oldest), so the best few for a prefix come from a k-way merge of the
// matching words' lists that stops after k entries.
//
// Not thread-safe: the owner (PeopleIndex) guards them with its mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace kring::search {

// The folded words of `folded` text as views (ASCII letters and digits, or any non-ASCII byte, in runs).
std::vector<std::string_view> word_views(std::string_view folded);

// True when every word in `full` is a word of `folded_name` and, if `last` is not empty, some word of
// `folded_name` starts with `last`.
bool name_matches(std::string_view folded_name, const std::vector<std::string>& full, std::string_view last);

class NameIndex {
 public:
  struct Entry {
    uint8_t rank;  // lower is better: 6 minus the number of filled profile sections
    int64_t id;
    friend bool operator<(const Entry& a, const Entry& b) { return a.rank != b.rank ? a.rank < b.rank : a.id < b.id; }
    friend bool operator==(const Entry& a, const Entry& b) = default;
  };

  // `folded_name`: the folded "first last"; each distinct word is indexed.
  void add(int64_t id, std::string_view folded_name, uint8_t rank);
  void remove(int64_t id, std::string_view folded_name, uint8_t rank);

  // Members with a name word equal to `word`, best static rank first (empty when none).
  const std::vector<Entry>& exact(std::string_view word) const;
  // Visits members having a name word that starts with `prefix`, in static rank order across the words (a member
  // with two such words is visited once per word), until `visit` returns false.
  void prefixed(std::string_view prefix, const std::function<bool(const Entry&)>& visit) const;

  size_t words() const { return lists_.size(); }

 private:
  std::map<std::string, std::vector<Entry>, std::less<>> lists_;
};

// Organisations (company or school pages) by folded name and by each word of it.
class OrgIndex {
 public:
  struct Org {
    std::string folded, handle, name, country, city;
  };

  // Replaces the contents (sorts once).
  void assign(std::vector<Org> orgs);
  // Adds a page unless one with the same handle exists. O(n) per insert (sorted vectors).
  void add(Org org);
  // Whole names starting with the folded prefix first (by name), then names with a later word starting with it.
  std::vector<std::pair<std::string, std::string>> typeahead(std::string_view folded_prefix, size_t limit) const;
  // Pages whose name has words starting with every one of `words`: exact name first, then name prefix, then the
  // rest; by folded name within each. The page at offset/limit and the total.
  std::pair<std::vector<const Org*>, size_t> search(const std::vector<std::string>& words, std::string_view whole,
                                                    size_t offset, size_t limit) const;
  size_t size() const { return orgs_.size(); }

 private:
  bool name_less(uint32_t a, uint32_t b) const;  // by (folded, handle)

  std::vector<Org> orgs_;  // append-only: indexes below stay valid
  std::unordered_set<std::string> handles_;
  std::vector<uint32_t> by_name_;  // indexes into orgs_, sorted by (folded, handle)
  // (a suffix of a folded name that starts at a word, index into orgs_), sorted; the whole name is one suffix.
  std::vector<std::pair<std::string, uint32_t>> by_word_;
};

}  // namespace kring::search

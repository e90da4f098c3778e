#include "search/prefix_index.h"

#include <algorithm>
#include <queue>
#include <unordered_set>

namespace kring::search {
namespace {

bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

// The smallest string greater than every string starting with `prefix` (empty: no bound).
std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xFF) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
  return end;
}

}  // namespace

std::vector<std::string_view> word_views(std::string_view folded) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !word_byte(folded[i])) ++i;
    size_t j = i;
    while (j < folded.size() && word_byte(folded[j])) ++j;
    if (j > i) out.push_back(folded.substr(i, j - i));
    i = j;
  }
  return out;
}

bool name_matches(std::string_view folded_name, const std::vector<std::string>& full, std::string_view last) {
  // Names are a few words: compare without allocating.
  auto has = [&](std::string_view w, bool prefix) {
    size_t i = 0;
    while (i < folded_name.size()) {
      while (i < folded_name.size() && !word_byte(folded_name[i])) ++i;
      size_t j = i;
      while (j < folded_name.size() && word_byte(folded_name[j])) ++j;
      std::string_view nw = folded_name.substr(i, j - i);
      if (!nw.empty() && (prefix ? nw.starts_with(w) : nw == w)) return true;
      i = j;
    }
    return false;
  };
  for (const auto& w : full) {
    if (!has(w, false)) return false;
  }
  return last.empty() || has(last, true);
}

// ---- NameIndex

void NameIndex::add(int64_t id, std::string_view folded_name, uint8_t rank) {
  std::vector<std::string_view> ws = word_views(folded_name);
  std::sort(ws.begin(), ws.end());
  ws.erase(std::unique(ws.begin(), ws.end()), ws.end());
  const Entry e{rank, id};
  for (std::string_view w : ws) {
    auto it = lists_.find(w);
    if (it == lists_.end()) it = lists_.emplace(std::string(w), std::vector<Entry>{}).first;
    auto& list = it->second;
    auto at = std::lower_bound(list.begin(), list.end(), e);
    if (at == list.end() || !(*at == e)) list.insert(at, e);
  }
}

void NameIndex::remove(int64_t id, std::string_view folded_name, uint8_t rank) {
  const Entry e{rank, id};
  for (std::string_view w : word_views(folded_name)) {
    auto it = lists_.find(w);
    if (it == lists_.end()) continue;
    auto& list = it->second;
    auto at = std::lower_bound(list.begin(), list.end(), e);
    if (at != list.end() && *at == e) list.erase(at);
    if (list.empty()) lists_.erase(it);
  }
}

const std::vector<NameIndex::Entry>& NameIndex::exact(std::string_view word) const {
  static const std::vector<Entry> kNone;
  auto it = lists_.find(word);
  return it == lists_.end() ? kNone : it->second;
}

void NameIndex::prefixed(std::string_view prefix, const std::function<bool(const Entry&)>& visit) const {
  if (prefix.empty()) return;
  auto first = lists_.lower_bound(prefix);
  const std::string end = prefix_end(prefix);
  auto last = end.empty() ? lists_.end() : lists_.lower_bound(std::string_view(end));
  // k-way merge of the words' lists by static rank.
  using Cursor = std::pair<const Entry*, const Entry*>;  // (next, end)
  auto worse = [](const Cursor& a, const Cursor& b) { return *b.first < *a.first; };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(worse)> heap(worse);
  for (auto it = first; it != last; ++it) {
    if (!it->second.empty()) heap.emplace(it->second.data(), it->second.data() + it->second.size());
  }
  while (!heap.empty()) {
    Cursor c = heap.top();
    heap.pop();
    if (!visit(*c.first)) return;
    if (++c.first != c.second) heap.push(c);
  }
}

// ---- OrgIndex

namespace {
// The suffixes of a folded name that start at its words.
template <typename F>
void each_word_suffix(const std::string& folded, F&& f) {
  for (std::string_view w : word_views(folded)) f(folded.substr(static_cast<size_t>(w.data() - folded.data())));
}
}  // namespace

bool OrgIndex::name_less(uint32_t a, uint32_t b) const {
  const Org& x = orgs_[a];
  const Org& y = orgs_[b];
  return x.folded != y.folded ? x.folded < y.folded : x.handle < y.handle;
}

void OrgIndex::assign(std::vector<Org> orgs) {
  orgs_.clear();
  handles_.clear();
  by_name_.clear();
  by_word_.clear();
  for (Org& o : orgs) {
    if (!handles_.insert(o.handle).second) continue;
    const auto idx = static_cast<uint32_t>(orgs_.size());
    orgs_.push_back(std::move(o));
    by_name_.push_back(idx);
    each_word_suffix(orgs_.back().folded, [&](std::string s) { by_word_.emplace_back(std::move(s), idx); });
  }
  std::sort(by_name_.begin(), by_name_.end(), [this](uint32_t a, uint32_t b) { return name_less(a, b); });
  std::sort(by_word_.begin(), by_word_.end());
}

void OrgIndex::add(Org org) {
  if (!handles_.insert(org.handle).second) return;
  const auto idx = static_cast<uint32_t>(orgs_.size());
  orgs_.push_back(std::move(org));
  by_name_.insert(std::lower_bound(by_name_.begin(), by_name_.end(), idx,
                                   [this](uint32_t a, uint32_t b) { return name_less(a, b); }),
                  idx);
  each_word_suffix(orgs_.back().folded, [&](std::string s) {
    std::pair<std::string, uint32_t> entry{std::move(s), idx};
    auto at = std::lower_bound(by_word_.begin(), by_word_.end(), entry);
    by_word_.insert(at, std::move(entry));
  });
}

std::vector<std::pair<std::string, std::string>> OrgIndex::typeahead(std::string_view p, size_t limit) const {
  std::vector<std::pair<std::string, std::string>> out;
  if (p.empty() || limit == 0) return out;
  std::unordered_set<uint32_t> seen;
  // Whole names starting with p, in name order.
  auto name_at = std::lower_bound(by_name_.begin(), by_name_.end(), p,
                                  [this](uint32_t a, std::string_view v) { return orgs_[a].folded < v; });
  for (; name_at != by_name_.end() && out.size() < limit && orgs_[*name_at].folded.starts_with(p); ++name_at) {
    seen.insert(*name_at);
    out.emplace_back(orgs_[*name_at].handle, orgs_[*name_at].name);
  }
  // Then a later word starting with p, by that word.
  auto word_at = std::lower_bound(by_word_.begin(), by_word_.end(), p,
                                  [](const auto& e, std::string_view v) { return std::string_view(e.first) < v; });
  for (; word_at != by_word_.end() && out.size() < limit && word_at->first.starts_with(p); ++word_at) {
    if (seen.insert(word_at->second).second) out.emplace_back(orgs_[word_at->second].handle, orgs_[word_at->second].name);
  }
  return out;
}

std::pair<std::vector<const OrgIndex::Org*>, size_t> OrgIndex::search(const std::vector<std::string>& words,
                                                                       std::string_view whole, size_t offset,
                                                                       size_t limit) const {
  std::vector<std::pair<int, uint32_t>> hits;  // (rank, index)
  auto rank_of = [&](const Org& o) { return o.folded == whole ? 0 : o.folded.starts_with(whole) ? 1 : 2; };
  if (words.empty()) {
    for (uint32_t i : by_name_) hits.emplace_back(rank_of(orgs_[i]), i);
  } else {
    // Candidates: the names with a word starting with the longest query word (the most selective); then every
    // other query word must start some word of the name.
    const std::string& drive = *std::max_element(words.begin(), words.end(),
                                                 [](const auto& a, const auto& b) { return a.size() < b.size(); });
    std::unordered_set<uint32_t> seen;
    auto at = std::lower_bound(by_word_.begin(), by_word_.end(), std::string_view(drive),
                               [](const auto& e, std::string_view v) { return std::string_view(e.first) < v; });
    for (; at != by_word_.end() && at->first.starts_with(drive); ++at) {
      if (!seen.insert(at->second).second) continue;
      const Org& o = orgs_[at->second];
      const std::vector<std::string_view> name_words = word_views(o.folded);
      bool all = true;
      for (const auto& w : words) {
        bool found = false;
        for (std::string_view nw : name_words) found = found || nw.starts_with(w);
        all = all && found;
      }
      if (all) hits.emplace_back(rank_of(o), at->second);
    }
  }
  std::sort(hits.begin(), hits.end(), [&](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : name_less(a.second, b.second);
  });
  std::vector<const Org*> page;
  for (size_t i = offset; i < hits.size() && i < offset + limit; ++i) page.push_back(&orgs_[hits[i].second]);
  return {std::move(page), hits.size()};
}

}  // namespace kring::search

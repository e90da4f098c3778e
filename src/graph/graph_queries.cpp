// Read-side queries of Graph (degree, mutual connections, paths, network size, connection lists).
// Suggestions live in graph_suggest.cpp.
#include <algorithm>
#include <bit>
#include <shared_mutex>

#include "graph/graph.h"

namespace kring::graph {

bool Graph::connected(MemberId a, MemberId b) const {
  if (!valid(a) || !valid(b) || a == b) return false;
  const auto x = static_cast<uint32_t>(a), y = static_cast<uint32_t>(b);
  std::shared_lock lock(mu_);
  Adj ax = adj(x), ay = adj(y);
  return ax.size <= ay.size ? sorted::contains(ax.list(), y) : sorted::contains(ay.list(), x);
}

size_t Graph::connection_count(MemberId m) const {
  if (!valid(m)) return 0;
  std::shared_lock lock(mu_);
  return deg(static_cast<uint32_t>(m));
}

bool Graph::within_three(uint32_t v, uint32_t t, Scratch& s) const {
  // Scan the neighbor lists of one side's neighbors for a neighbor of the other side (marked in a bitset,
  // 128 KiB per million members, which stays in L2 cache), from the side whose lists are shorter in total
  // (reach_). The scan is bound by memory: lists are gathered first and prefetched a few lists ahead.
  Adj scan = adj(v), mark = adj(t);
  if (reach_[t] < reach_[v]) std::swap(scan, mark);
  std::vector<Scratch::RowRef>& rows = s.rows;
  rows.clear();
  constexpr size_t kAhead = 3;  // lists prefetched ahead of the one being scanned
  for (size_t i = 0; i < scan.size; ++i) {
    Adj a = adj(scan.nbr[i]);
    if (i < kAhead) {
      for (size_t k = 0; k < a.size; k += 16) __builtin_prefetch(a.nbr + k);
    } else {
      __builtin_prefetch(a.nbr);
    }
    rows.push_back({a.nbr, a.size});
  }

  Bits& marks = s.bits_a;
  for (size_t i = 0; i < mark.size; ++i) set_bit(marks, mark.nbr[i]);
  const uint64_t* words = marks.data();
  bool found = false;
  const size_t n = rows.size();
  for (size_t i = 0; i < n && !found; ++i) {
    if (i + kAhead < n) {
      const uint32_t* ahead = rows[i + kAhead].nbr;
      for (size_t k = 0; k < rows[i + kAhead].size; k += 16) __builtin_prefetch(ahead + k);
    }
    const uint32_t* p = rows[i].nbr;
    const size_t len = rows[i].size;
    uint64_t hit0 = 0, hit1 = 0;
    size_t j = 0;
    for (; j + 1 < len; j += 2) {
      hit0 |= words[p[j] >> 6] >> (p[j] & 63);
      hit1 |= words[p[j + 1] >> 6] >> (p[j + 1] & 63);
    }
    if (j < len) hit0 |= words[p[j] >> 6] >> (p[j] & 63);
    found = ((hit0 | hit1) & 1) != 0;
  }
  for (size_t i = 0; i < mark.size; ++i) clear_bit(marks, mark.nbr[i]);
  return found;
}

std::optional<int> Graph::degree(MemberId viewer, MemberId target, int max_depth) const {
  if (viewer == target) return 0;
  max_depth = std::clamp(max_depth, 0, 3);
  if (!valid(viewer) || !valid(target) || max_depth == 0) return std::nullopt;
  const auto v = static_cast<uint32_t>(viewer), t = static_cast<uint32_t>(target);
  std::shared_lock lock(mu_);
  Adj av = adj(v), at = adj(t);
  if (av.size == 0 || at.size == 0) return std::nullopt;
  if (av.size <= at.size ? sorted::contains(av.list(), t) : sorted::contains(at.list(), v)) return 1;
  if (max_depth == 1) return std::nullopt;
  if (sorted::intersects(av.list(), at.list())) return 2;
  if (max_depth == 2) return std::nullopt;
  auto s = scratch_.acquire(vertices());
  if (within_three(v, t, *s)) return 3;
  return std::nullopt;
}

std::optional<std::vector<MemberId>> Graph::within(MemberId viewer, int max_depth, size_t budget) const {
  std::vector<MemberId> out;
  max_depth = std::clamp(max_depth, 0, 3);
  if (!valid(viewer) || max_depth == 0) return out;
  const auto v = static_cast<uint32_t>(viewer);
  std::shared_lock lock(mu_);
  if (v >= vertices()) return out;
  auto s = scratch_.acquire(vertices());
  Bits& seen = s->bits_a;                      // left clear
  std::vector<uint32_t>& reached = s->list_a;  // the viewer, then each level in turn
  reached.clear();
  reached.push_back(v);
  set_bit(seen, v);
  size_t level_begin = 0, cost = 0;
  bool over = false;
  for (int level = 1; level <= max_depth && !over; ++level) {
    const size_t level_end = reached.size();
    for (size_t i = level_begin; i < level_end; ++i) cost += deg(reached[i]);
    if (cost > budget) {
      over = true;
      break;
    }
    for (size_t i = level_begin; i < level_end; ++i) {
      Adj a = adj(reached[i]);
      for (size_t j = 0; j < a.size; ++j) {
        if (!test_bit(seen, a.nbr[j])) {
          set_bit(seen, a.nbr[j]);
          reached.push_back(a.nbr[j]);
        }
      }
    }
    level_begin = level_end;
  }
  for (uint32_t r : reached) clear_bit(seen, r);
  if (over) return std::nullopt;
  out.reserve(reached.size() - 1);
  for (size_t i = 1; i < reached.size(); ++i) out.push_back(reached[i]);
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
// degrees(): batches at least this large may mark the viewer's network forward instead.
constexpr size_t kForwardMinTargets = 64;
}  // namespace

std::vector<std::optional<int>> Graph::degrees(MemberId viewer, std::span<const MemberId> targets,
                                               int max_depth) const {
  std::vector<std::optional<int>> out(targets.size());
  max_depth = std::clamp(max_depth, 0, 3);
  for (size_t i = 0; i < targets.size(); ++i)
    if (targets[i] == viewer) out[i] = 0;
  if (!valid(viewer) || max_depth == 0) return out;
  const auto v = static_cast<uint32_t>(viewer);
  std::shared_lock lock(mu_);
  Adj av = adj(v);
  if (av.size == 0) return out;
  auto s = scratch_.acquire(vertices());
  Bits& first = s->bits_a;
  for (size_t i = 0; i < av.size; ++i) set_bit(first, av.nbr[i]);

  std::vector<uint32_t>& pending = s->list_a;  // indexes into targets not within 2
  pending.clear();
  // Forward marking: with many targets and a small network around the viewer, stamping the viewer's 2nd (and
  // 3rd) degree once and looking each target up beats scanning every target's neighbor list (a cache miss per
  // target). Chosen when the scans it needs are shorter than the targets are many.
  uint64_t cost2 = 0;
  if (max_depth >= 2 && targets.size() >= kForwardMinTargets) {
    for (size_t i = 0; i < av.size; ++i) cost2 += deg(av.nbr[i]);
  }
  if (max_depth >= 2 && targets.size() >= kForwardMinTargets && cost2 <= 2 * targets.size()) {
    s->need_visit(vertices());
    const uint32_t e = s->fresh_epochs(4);  // stamps: e the viewer, e + k degree k
    auto& visit = s->visit;
    visit[v].stamp = e;
    for (size_t i = 0; i < av.size; ++i) visit[av.nbr[i]].stamp = e + 1;
    std::vector<uint32_t>& second = s->list_b;
    second.clear();
    for (size_t i = 0; i < av.size; ++i) {
      Adj au = adj(av.nbr[i]);
      for (size_t j = 0; j < au.size; ++j) {
        uint32_t& st = visit[au.nbr[j]].stamp;
        if (st < e || st >= e + 4) {
          st = e + 2;
          second.push_back(au.nbr[j]);
        }
      }
    }
    bool third = false;
    if (max_depth >= 3) {
      uint64_t cost3 = 0;
      for (uint32_t w : second) cost3 += deg(w);
      third = cost3 <= 4 * targets.size();
      if (third) {
        for (uint32_t w : second) {
          Adj aw = adj(w);
          for (size_t j = 0; j < aw.size; ++j) {
            uint32_t& st = visit[aw.nbr[j]].stamp;
            if (st < e || st >= e + 4) st = e + 3;
          }
        }
      }
    }
    for (size_t i = 0; i < targets.size(); ++i) {
      MemberId tm = targets[i];
      if (tm == viewer || !valid(tm)) continue;
      const auto t = static_cast<uint32_t>(tm);
      if (t >= vertices()) continue;
      const uint32_t st = visit[t].stamp;
      const int level = st >= e && st < e + 4 ? static_cast<int>(st - e) : -1;
      if (level >= 1 && level <= max_depth) {
        out[i] = level;
      } else if (level < 0 && max_depth >= 3 && !third && deg(t) > 0) {
        pending.push_back(static_cast<uint32_t>(i));
      }
    }
  } else {
    for (size_t i = 0; i < targets.size(); ++i) {
      MemberId tm = targets[i];
      if (tm == viewer || !valid(tm)) continue;
      const auto t = static_cast<uint32_t>(tm);
      if (t < vertices() && test_bit(first, t)) {
        out[i] = 1;
        continue;
      }
      if (max_depth < 2) continue;
      Adj at = adj(t);
      bool two = false;
      for (size_t j = 0; j < at.size && !two; ++j) two = test_bit(first, at.nbr[j]);
      if (two) {
        out[i] = 2;
      } else if (max_depth >= 3 && at.size > 0) {
        pending.push_back(static_cast<uint32_t>(i));
      }
    }
  }
  for (size_t i = 0; i < av.size; ++i) clear_bit(first, av.nbr[i]);

  if (pending.size() == 1) {
    if (within_three(v, static_cast<uint32_t>(targets[pending[0]]), *s)) out[pending[0]] = 3;
  } else if (!pending.empty()) {
    // Mark the viewer's second-degree network once (a superset: it may include the viewer and first
    // degree, which cannot change the answer for targets already known not to be within 2).
    constexpr uint64_t kMarkBudget = uint64_t{1} << 24;
    uint64_t cost = 0;
    for (size_t i = 0; i < av.size; ++i) cost += deg(av.nbr[i]);
    if (cost > kMarkBudget) {
      for (uint32_t i : pending)
        if (within_three(v, static_cast<uint32_t>(targets[i]), *s)) out[i] = 3;
    } else {
      Bits& second = s->bits_b;
      for (size_t i = 0; i < av.size; ++i) {
        Adj au = adj(av.nbr[i]);
        for (size_t j = 0; j < au.size; ++j) set_bit(second, au.nbr[j]);
      }
      for (uint32_t i : pending) {
        Adj at = adj(static_cast<uint32_t>(targets[i]));
        bool three = false;
        for (size_t j = 0; j < at.size && !three; ++j) three = test_bit(second, at.nbr[j]);
        if (three) out[i] = 3;
      }
      if (cost * 4 > second.size()) {
        std::fill(second.begin(), second.end(), 0);
      } else {
        for (size_t i = 0; i < av.size; ++i) {
          Adj au = adj(av.nbr[i]);
          for (size_t j = 0; j < au.size; ++j) clear_bit(second, au.nbr[j]);
        }
      }
    }
  }
  return out;
}

std::vector<MemberId> Graph::mutual_connections(MemberId a, MemberId b, size_t limit) const {
  std::vector<MemberId> out;
  if (!valid(a) || !valid(b) || a == b || limit == 0) return out;
  std::shared_lock lock(mu_);
  sorted::for_each_common(adj(static_cast<uint32_t>(a)).list(), adj(static_cast<uint32_t>(b)).list(),
                          [&](uint32_t x) {
                            out.push_back(x);
                            return out.size() < limit;
                          });
  return out;
}

size_t Graph::mutual_count(MemberId a, MemberId b) const {
  if (!valid(a) || !valid(b) || a == b) return 0;
  std::shared_lock lock(mu_);
  return sorted::intersection_size(adj(static_cast<uint32_t>(a)).list(),
                                   adj(static_cast<uint32_t>(b)).list());
}

std::optional<std::vector<MemberId>> Graph::shortest_path(MemberId a, MemberId b,
                                                          std::span<const MemberId> avoid) const {
  if (!valid(a) || !valid(b)) return std::nullopt;
  if (a == b) return std::vector<MemberId>{a};
  const auto src = static_cast<uint32_t>(a), dst = static_cast<uint32_t>(b);
  std::shared_lock lock(mu_);
  if (deg(src) == 0 || deg(dst) == 0) return std::nullopt;
  auto s = scratch_.acquire(vertices());
  s->need_visit(vertices());
  auto& visit = s->visit;
  // Side 0 searches from a, side 1 from b; stamp[x] == side_stamp[k] marks x as reached by side k.
  const uint32_t e = s->fresh_epochs(3);
  const uint32_t side_stamp[2] = {e, e + 1};
  // Members the chain must not pass through carry a third stamp that neither side treats as its own.
  for (MemberId x : avoid) {
    if (valid(x) && static_cast<size_t>(x) < vertices() && x != a && x != b)
      visit[static_cast<uint32_t>(x)] = {e + 2, 0};
  }
  std::vector<uint32_t>* frontier[2] = {&s->list_a, &s->list_b};
  std::vector<uint32_t>* next[2] = {&s->list_c, &s->list_d};
  uint64_t cost[2] = {deg(src), deg(dst)};
  frontier[0]->assign(1, src);
  frontier[1]->assign(1, dst);
  visit[src] = {side_stamp[0], src};
  visit[dst] = {side_stamp[1], dst};

  // Invariant: no vertex is reached by both sides, so dist(a, b) > depth[0] + depth[1]. Expanding one full
  // level either meets the other side (then dist = depth[0] + depth[1] + 1 and any meeting edge lies on a
  // shortest path) or keeps the invariant.
  while (!frontier[0]->empty() && !frontier[1]->empty()) {
    const int k = cost[0] <= cost[1] ? 0 : 1;
    const uint32_t mine = side_stamp[k], theirs = side_stamp[1 - k];
    std::vector<uint32_t>& nxt = *next[k];
    nxt.clear();
    uint64_t nxt_cost = 0;
    for (uint32_t u : *frontier[k]) {
      Adj au = adj(u);
      for (size_t j = 0; j < au.size; ++j) {
        uint32_t w = au.nbr[j];
        Scratch::Visit& vw = visit[w];
        if (vw.stamp == mine || vw.stamp == e + 2) continue;
        if (vw.stamp == theirs) {
          // Meeting edge u (side k) - w (other side).
          std::vector<MemberId> head, tail;
          for (uint32_t x = u;; x = visit[x].parent) {
            head.push_back(x);
            if (visit[x].parent == x) break;
          }
          for (uint32_t x = w;; x = visit[x].parent) {
            tail.push_back(x);
            if (visit[x].parent == x) break;
          }
          // head runs from u back to side k's origin; tail from w to the other origin.
          std::vector<MemberId> path;
          path.reserve(head.size() + tail.size());
          if (k == 0) {
            path.assign(head.rbegin(), head.rend());
            path.insert(path.end(), tail.begin(), tail.end());
          } else {
            path.assign(tail.rbegin(), tail.rend());
            path.insert(path.end(), head.begin(), head.end());
          }
          return path;
        }
        vw = {mine, u};
        nxt.push_back(w);
        nxt_cost += deg(w);
      }
    }
    std::swap(frontier[k], next[k]);
    cost[k] = nxt_cost;
  }
  return std::nullopt;
}

NetworkSize Graph::network_size(MemberId m) const {
  NetworkSize out;
  if (!valid(m)) return out;
  const auto x = static_cast<uint32_t>(m);
  std::shared_lock lock(mu_);
  Adj ax = adj(x);
  out.first_degree = ax.size;
  if (ax.size == 0) return out;
  auto s = scratch_.acquire(vertices());
  s->need_visit(vertices());
  auto& visit = s->visit;
  const uint32_t e = s->fresh_epochs(1);
  visit[x].stamp = e;
  for (size_t i = 0; i < ax.size; ++i) visit[ax.nbr[i]].stamp = e;
  size_t second = 0;
  for (size_t i = 0; i < ax.size; ++i) {
    Adj au = adj(ax.nbr[i]);
    for (size_t j = 0; j < au.size; ++j) {
      uint32_t& st = visit[au.nbr[j]].stamp;
      second += st != e;
      st = e;
    }
  }
  out.second_degree = second;
  return out;
}

ConnectionsPage Graph::connections_page(MemberId m, size_t limit, std::optional<PageCursor> after) const {
  ConnectionsPage page;
  if (!valid(m) || limit == 0) return page;
  // Sort key: newer first (complemented time in the high half), then member id ascending.
  auto key = [](uint32_t at, uint32_t member) { return (uint64_t{~at} << 32) | member; };
  std::optional<uint64_t> min_key;
  if (after) {
    uint64_t cursor_member = static_cast<uint64_t>(std::clamp<MemberId>(after->member, 0, kMaxMember));
    min_key = (uint64_t{~to_stored_time(after->connected_at)} << 32) | cursor_member;
  }
  std::vector<uint64_t> keys;
  {
    std::shared_lock lock(mu_);
    Adj ax = adj(static_cast<uint32_t>(m));
    keys.reserve(ax.size);
    for (size_t i = 0; i < ax.size; ++i) {
      uint64_t k = key(ax.at[i], ax.nbr[i]);
      if (!min_key || k > *min_key) keys.push_back(k);
    }
  }
  const bool more = keys.size() > limit;
  if (more) {
    std::nth_element(keys.begin(), keys.begin() + static_cast<ptrdiff_t>(limit), keys.end());
    keys.resize(limit);
  }
  std::sort(keys.begin(), keys.end());
  page.items.reserve(keys.size());
  for (uint64_t k : keys) {
    page.items.push_back(
        {static_cast<MemberId>(k & 0xFFFFFFFFu), from_stored_time(~static_cast<uint32_t>(k >> 32))});
  }
  if (more) page.next = PageCursor{page.items.back().connected_at, page.items.back().member};
  return page;
}

}  // namespace kring::graph

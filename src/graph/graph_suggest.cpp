// People you may know: Adamic-Adar candidate generation over the viewer's second-degree network.
#include <algorithm>
#include <cmath>
#include <shared_mutex>

#include "graph/graph.h"

namespace kring::graph {
namespace {

struct Ranked {
  double score;
  uint32_t member;
};

// Higher score first, then lower member id.
bool better(const Ranked& x, const Ranked& y) {
  return x.score > y.score || (x.score == y.score && x.member < y.member);
}

}  // namespace

std::vector<Suggestion> Graph::suggest(MemberId viewer, const SuggestOptions& options,
                                       const ExcludeFn& exclude) const {
  std::vector<Suggestion> out;
  if (!valid(viewer) || options.limit == 0) return out;
  const auto v = static_cast<uint32_t>(viewer);
  std::shared_lock lock(mu_);
  Adj av = adj(v);
  if (av.size == 0) return out;
  auto s = scratch_.acquire(vertices());
  s->need_acc(vertices());
  auto& acc = s->acc;
  Bits& near = s->bits_a;  // the viewer and its connections: never candidates
  set_bit(near, v);
  for (size_t i = 0; i < av.size; ++i) set_bit(near, av.nbr[i]);

  const uint32_t e = s->fresh_epochs(1);
  std::vector<uint32_t>& candidates = s->list_a;
  std::vector<uint32_t>& hubs = s->list_b;
  candidates.clear();
  hubs.clear();
  // Connections in ascending id order, and each candidate's sum in that same order: the result does not
  // depend on anything but the graph.
  for (size_t i = 0; i < av.size; ++i) {
    const uint32_t u = av.nbr[i];
    Adj au = adj(u);
    if (au.size > options.hub_degree_limit) {
      hubs.push_back(u);
      continue;
    }
    if (au.size < 2) continue;
    const double weight = 1.0 / std::log(static_cast<double>(au.size));
    for (size_t j = 0; j < au.size; ++j) {
      const uint32_t w = au.nbr[j];
      if (test_bit(near, w)) continue;
      Scratch::Acc& a = acc[w];
      if (a.stamp != e) {
        a = {e, 1, weight};
        candidates.push_back(w);
      } else {
        a.score += weight;
        ++a.mutual;
      }
    }
  }
  clear_bit(near, v);
  for (size_t i = 0; i < av.size; ++i) clear_bit(near, av.nbr[i]);

  // Top `limit` by (score desc, id asc) with a heap whose front is the worst kept; `exclude` is asked only
  // about members that would enter it.
  std::vector<Ranked> heap;
  heap.reserve(std::min(options.limit, candidates.size()));
  for (uint32_t w : candidates) {
    Ranked r{acc[w].score, w};
    if (heap.size() == options.limit && !better(r, heap.front())) continue;
    if (exclude && exclude(static_cast<MemberId>(w))) continue;
    if (heap.size() == options.limit) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = r;
    } else {
      heap.push_back(r);
    }
    std::push_heap(heap.begin(), heap.end(), better);
  }
  std::sort_heap(heap.begin(), heap.end(), better);

  out.reserve(heap.size());
  for (const Ranked& r : heap) {
    uint32_t mutual = acc[r.member].mutual;
    for (uint32_t h : hubs) mutual += sorted::contains(adj(h).list(), r.member);
    out.push_back({static_cast<MemberId>(r.member), r.score, mutual});
  }
  return out;
}

}  // namespace kring::graph

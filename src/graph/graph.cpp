#include "graph/graph.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <utility>

#include "graph/parallel.h"

namespace kring::graph {
namespace {

constexpr int64_t kStoredEpochSeconds = 946684800;  // 2000-01-01T00:00:00Z
constexpr int64_t kMicrosPerSecond = 1'000'000;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Vertex ranges of near-equal total degree: part t covers [bounds[t], bounds[t+1]).
template <typename Offsets>
std::vector<size_t> balanced_bounds(const Offsets& offsets, unsigned parts) {
  size_t n = offsets.size() - 1;
  std::vector<size_t> bounds(parts + 1, n);
  bounds[0] = 0;
  uint64_t total = offsets.back();
  for (unsigned t = 1; t < parts; ++t) {
    uint64_t want = total * t / parts;
    bounds[t] = static_cast<size_t>(std::lower_bound(offsets.begin(), offsets.end() - 1, want) - offsets.begin());
    bounds[t] = std::max(bounds[t], bounds[t - 1]);
  }
  return bounds;
}

}  // namespace

uint32_t Graph::to_stored_time(int64_t micros) {
  int64_t s = floor_div(micros, kMicrosPerSecond) - kStoredEpochSeconds;
  return static_cast<uint32_t>(std::clamp<int64_t>(s, 0, UINT32_MAX));
}

int64_t Graph::from_stored_time(uint32_t t) { return (kStoredEpochSeconds + int64_t{t}) * kMicrosPerSecond; }

Graph::Graph(GraphOptions options) : options_(options) {
  if (options_.compact_divisor == 0) options_.compact_divisor = 1;
}

Graph::~Graph() = default;

unsigned Graph::thread_count() const {
  unsigned t = options_.threads ? options_.threads : std::thread::hardware_concurrency();
  return std::clamp(t, 1u, 64u);
}

std::unique_ptr<Graph> Graph::build(std::span<const Edge> edges, MemberId max_member, GraphOptions options) {
  auto g = std::make_unique<Graph>(options);
  const unsigned threads = g->thread_count();
  const size_t m = edges.size();
  auto ok = [](const Edge& e) { return valid(e.a) && valid(e.b) && e.a != e.b; };

  // Vertex count.
  std::vector<MemberId> maxima(threads, std::clamp<MemberId>(max_member, 0, kMaxMember));
  run_parallel(threads, [&](unsigned t) {
    auto [lo, hi] = split_range(m, threads, t);
    MemberId mx = maxima[t];
    for (size_t i = lo; i < hi; ++i)
      if (ok(edges[i])) mx = std::max({mx, edges[i].a, edges[i].b});
    maxima[t] = mx;
  });
  const size_t n = static_cast<size_t>(*std::max_element(maxima.begin(), maxima.end())) + 1;

  // Per-thread degree counts, turned into per-thread write cursors (parallel counting placement).
  std::vector<BigVector<uint64_t>> cursor(threads);
  run_parallel(threads, [&](unsigned t) {
    BigVector<uint64_t>& c = cursor[t];
    c.assign(n, 0);
    auto [lo, hi] = split_range(m, threads, t);
    for (size_t i = lo; i < hi; ++i) {
      const Edge& e = edges[i];
      if (!ok(e)) continue;
      ++c[static_cast<size_t>(e.a)];
      ++c[static_cast<size_t>(e.b)];
    }
  });
  std::vector<uint64_t> offsets(n + 1, 0);
  uint64_t running = 0;
  for (size_t v = 0; v < n; ++v) {
    offsets[v] = running;
    for (unsigned t = 0; t < threads; ++t) {
      uint64_t c = cursor[t][v];
      cursor[t][v] = running;
      running += c;
    }
  }
  offsets[n] = running;

  // Place (neighbor << 32 | time) into each member's row.
  // Uninitialised (every slot is written below), on huge pages: the placement writes land at random.
  const size_t packed_bytes = static_cast<size_t>(running) * sizeof(uint64_t);
  std::unique_ptr<uint64_t, std::function<void(uint64_t*)>> packed(
      static_cast<uint64_t*>(huge_page_allocate(packed_bytes)),
      [packed_bytes](uint64_t* p) { huge_page_deallocate(p, packed_bytes); });
  run_parallel(threads, [&](unsigned t) {
    BigVector<uint64_t>& c = cursor[t];
    auto [lo, hi] = split_range(m, threads, t);
    for (size_t i = lo; i < hi; ++i) {
      const Edge& e = edges[i];
      if (!ok(e)) continue;
      uint64_t at = to_stored_time(e.connected_at);
      packed.get()[c[static_cast<size_t>(e.a)]++] = (static_cast<uint64_t>(e.b) << 32) | at;
      packed.get()[c[static_cast<size_t>(e.b)]++] = (static_cast<uint64_t>(e.a) << 32) | at;
    }
  });
  cursor.clear();
  cursor.shrink_to_fit();

  // Sort rows; drop duplicate neighbors (keeping the earliest time: sorted by neighbor, then time).
  std::vector<uint32_t> lens(n, 0);
  std::vector<size_t> bounds = balanced_bounds(offsets, threads);
  run_parallel(threads, [&](unsigned t) {
    for (size_t v = bounds[t]; v < bounds[t + 1]; ++v) {
      uint64_t* b = packed.get() + offsets[v];
      uint64_t* e = packed.get() + offsets[v + 1];
      std::sort(b, e);
      uint64_t* out = b;
      for (uint64_t* p = b; p < e; ++p)
        if (out == b || (out[-1] >> 32) != (*p >> 32)) *out++ = *p;
      lens[v] = static_cast<uint32_t>(out - b);
    }
  });

  Base base;
  base.offsets.resize(n + 1);
  base.offsets[0] = 0;
  for (size_t v = 0; v < n; ++v) base.offsets[v + 1] = base.offsets[v] + lens[v];
  base.nbr.resize(base.offsets[n]);
  base.at.resize(base.offsets[n]);
  run_parallel(threads, [&](unsigned t) {
    for (size_t v = bounds[t]; v < bounds[t + 1]; ++v) {
      const uint64_t* src = packed.get() + offsets[v];
      uint64_t dst = base.offsets[v];
      for (uint32_t i = 0; i < lens[v]; ++i) {
        base.nbr[dst + i] = static_cast<uint32_t>(src[i] >> 32);
        base.at[dst + i] = static_cast<uint32_t>(src[i]);
      }
    }
  });

  g->directed_ = base.nbr.size();
  g->base_ = std::move(base);
  g->slot_.assign(n, 0);
  g->in_overlay_.assign((n + 63) / 64, 0);
  g->reach_ = g->compute_reach();
  return g;
}

void Graph::replace_with(Graph& other) {
  Base old_base;
  BigVector<uint32_t> old_slot;
  std::vector<Row> old_rows;
  {
    std::scoped_lock w(write_mu_, other.write_mu_);
    std::unique_lock lock(mu_);
    old_base = std::move(base_);
    old_slot = std::move(slot_);
    in_overlay_.swap(other.in_overlay_);
    reach_.swap(other.reach_);
    old_rows = std::move(rows_);
    base_ = std::move(other.base_);
    slot_ = std::move(other.slot_);
    rows_ = std::move(other.rows_);
    overlay_entries_ = std::exchange(other.overlay_entries_, 0);
    directed_ = std::exchange(other.directed_, 0);
    other.base_ = {};
    other.slot_.clear();
    other.in_overlay_.clear();
    other.reach_.clear();
    other.rows_.clear();
  }
  // Old arrays are freed here, outside the lock.
}

// ---- writes ------------------------------------------------------------------------------------------

void Graph::grow(size_t vertices) {
  if (vertices <= slot_.size()) return;
  size_t n = std::max(vertices, slot_.size() + slot_.size() / 8);
  slot_.resize(std::min<size_t>(n, size_t{kMaxMember} + 1), 0);
  in_overlay_.resize((slot_.size() + 63) / 64, 0);
  reach_.resize(slot_.size(), 0);
}

Graph::Row& Graph::own_row(uint32_t v, bool copy) {
  if (uint32_t s = slot_[v]) return rows_[s - 1];
  Row r;
  r.vertex = v;
  if (copy) {
    Adj a = adj(v);
    r.nbr.assign(a.nbr, a.nbr + a.size);
    r.at.assign(a.at, a.at + a.size);
    overlay_entries_ += a.size;
  }
  rows_.push_back(std::move(r));
  slot_[v] = static_cast<uint32_t>(rows_.size());
  set_bit(in_overlay_, v);
  return rows_.back();
}

void Graph::insert_locked(uint32_t v, uint32_t w, uint32_t at) {
  Row& r = own_row(v);
  auto pos = std::lower_bound(r.nbr.begin(), r.nbr.end(), w);
  size_t i = static_cast<size_t>(pos - r.nbr.begin());
  r.nbr.insert(pos, w);
  r.at.insert(r.at.begin() + static_cast<ptrdiff_t>(i), at);
  ++overlay_entries_;
}

void Graph::erase_locked(uint32_t v, uint32_t w) {
  Row& r = own_row(v);
  auto pos = std::lower_bound(r.nbr.begin(), r.nbr.end(), w);
  if (pos == r.nbr.end() || *pos != w) return;
  size_t i = static_cast<size_t>(pos - r.nbr.begin());
  r.nbr.erase(pos);
  r.at.erase(r.at.begin() + static_cast<ptrdiff_t>(i));
  --overlay_entries_;
}

void Graph::add_edge(MemberId a, MemberId b, int64_t connected_at_micros) {
  if (!valid(a) || !valid(b) || a == b) return;
  const auto x = static_cast<uint32_t>(a), y = static_cast<uint32_t>(b);
  const uint32_t at = to_stored_time(connected_at_micros);
  std::lock_guard w(write_mu_);
  // Reading without mu_ is safe here: only the writer (holding write_mu_) changes the graph.
  if (sorted::contains(adj(x).list(), y)) return;
  {
    std::unique_lock lock(mu_);
    grow(size_t{std::max(x, y)} + 1);
    // Both degrees grow by one: so does the reach of each of their neighbors.
    Adj ax = adj(x), ay = adj(y);
    for (size_t i = 0; i < ax.size; ++i) ++reach_[ax.nbr[i]];
    for (size_t i = 0; i < ay.size; ++i) ++reach_[ay.nbr[i]];
    reach_[x] += ay.size + 1;
    reach_[y] += ax.size + 1;
    insert_locked(x, y, at);
    insert_locked(y, x, at);
    directed_ += 2;
  }
  maybe_compact();
}

void Graph::remove_edge(MemberId a, MemberId b) {
  if (!valid(a) || !valid(b) || a == b) return;
  const auto x = static_cast<uint32_t>(a), y = static_cast<uint32_t>(b);
  std::lock_guard w(write_mu_);
  if (!sorted::contains(adj(x).list(), y)) return;
  {
    std::unique_lock lock(mu_);
    Adj ax = adj(x), ay = adj(y);
    for (size_t i = 0; i < ax.size; ++i) --reach_[ax.nbr[i]];
    for (size_t i = 0; i < ay.size; ++i) --reach_[ay.nbr[i]];
    reach_[x] -= ay.size - 1;  // y's old degree, less the decrement the loop over ay applied to x
    reach_[y] -= ax.size - 1;
    erase_locked(x, y);
    erase_locked(y, x);
    directed_ -= 2;
  }
  maybe_compact();
}

void Graph::remove_member(MemberId m) {
  if (!valid(m)) return;
  const auto x = static_cast<uint32_t>(m);
  std::lock_guard w(write_mu_);
  Adj a = adj(x);
  if (a.size == 0) return;
  std::vector<uint32_t> nbrs(a.nbr, a.nbr + a.size);
  {
    std::unique_lock lock(mu_);
    for (uint32_t u : nbrs) {
      reach_[u] -= nbrs.size();
      Adj au = adj(u);
      for (size_t i = 0; i < au.size; ++i)
        if (au.nbr[i] != x) --reach_[au.nbr[i]];
    }
    reach_[x] = 0;
    for (uint32_t u : nbrs) erase_locked(u, x);
    Row& r = own_row(x, /*copy=*/false);
    overlay_entries_ -= r.nbr.size();
    r.nbr.clear();
    r.at.clear();
    r.nbr.shrink_to_fit();
    r.at.shrink_to_fit();
    directed_ -= 2 * nbrs.size();
  }
  maybe_compact();
}

void Graph::compact() {
  std::lock_guard w(write_mu_);
  compact_writer();
}

void Graph::maybe_compact() {
  const size_t overlay = overlay_entries_ + 8 * rows_.size();
  if (overlay > std::max(options_.compact_min_entries, directed_ / options_.compact_divisor)) {
    compact_writer();
  }
}

void Graph::compact_writer() {
  // Build the merged CSR aside while readers continue on the current arrays (all of this only reads them,
  // and no other writer can run: write_mu_ is held).
  const size_t n = vertices();
  Base next;
  next.offsets.resize(n + 1);
  next.offsets[0] = 0;
  for (size_t v = 0; v < n; ++v) next.offsets[v + 1] = next.offsets[v] + deg(static_cast<uint32_t>(v));
  next.nbr.resize(next.offsets[n]);
  next.at.resize(next.offsets[n]);
  const unsigned threads = thread_count();
  std::vector<size_t> bounds = balanced_bounds(next.offsets, threads);
  run_parallel(threads, [&](unsigned t) {
    for (size_t v = bounds[t]; v < bounds[t + 1]; ++v) {
      Adj a = adj(static_cast<uint32_t>(v));
      if (a.size == 0) continue;
      std::memcpy(next.nbr.data() + next.offsets[v], a.nbr, a.size * sizeof(uint32_t));
      std::memcpy(next.at.data() + next.offsets[v], a.at, a.size * sizeof(uint32_t));
    }
  });
  std::vector<Row> old_rows;
  {
    std::unique_lock lock(mu_);
    std::swap(base_, next);
    for (const Row& r : rows_) {
      slot_[r.vertex] = 0;
      clear_bit(in_overlay_, r.vertex);
    }
    old_rows.swap(rows_);
    overlay_entries_ = 0;
    ++compactions_;
  }
  // The previous base and overlay rows are freed here, outside the lock.
}

BigVector<uint64_t> Graph::compute_reach() const {
  const size_t n = vertices();
  BigVector<uint64_t> reach(n, 0);
  const unsigned threads = thread_count();
  run_parallel(threads, [&](unsigned t) {
    auto [lo, hi] = split_range(n, threads, t);
    for (size_t v = lo; v < hi; ++v) {
      Adj a = adj(static_cast<uint32_t>(v));
      uint64_t sum = 0;
      for (size_t i = 0; i < a.size; ++i) sum += deg(a.nbr[i]);
      reach[v] = sum;
    }
  });
  return reach;
}

size_t Graph::memory_bytes_locked() const {
  size_t bytes = base_.offsets.capacity() * sizeof(uint64_t) +
                 (base_.nbr.capacity() + base_.at.capacity()) * sizeof(uint32_t) +
                 slot_.capacity() * sizeof(uint32_t) + in_overlay_.capacity() * sizeof(uint64_t) +
                 reach_.capacity() * sizeof(uint64_t) +
                 rows_.capacity() * sizeof(Row);
  for (const Row& r : rows_) bytes += (r.nbr.capacity() + r.at.capacity()) * sizeof(uint32_t);
  return bytes;
}

size_t Graph::memory_bytes() const {
  std::shared_lock lock(mu_);
  return memory_bytes_locked();
}

GraphStats Graph::stats() const {
  GraphStats s;
  {
    std::shared_lock lock(mu_);
    s.vertex_capacity = vertices();
    s.directed_connections = directed_;
    s.overlay_members = rows_.size();
    s.overlay_entries = overlay_entries_;
    s.compactions = compactions_;
    s.memory_bytes = memory_bytes_locked();
  }
  s.idle_scratch_bytes = scratch_.idle_bytes();
  return s;
}

}  // namespace kring::graph

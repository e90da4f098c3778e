// The in-memory connection graph: who is connected to whom, and the questions asked of it on nearly every
// page (degree badges, mutual connections, paths, network size, people you may know).
//
// Representation. Member ids are dense positive integers and double as vertex indexes (uint32). The bulk
// of the graph is an immutable CSR "base": an offsets array and, per member, the ascending array of
// neighbor ids with a parallel array of connection times (uint32 seconds since 2000-01-01 UTC), 8 bytes
// per directed connection. Changes go to an "overlay": a member touched since the last compaction gets a
// private sorted copy of its row, which replaces its base row for every read. When the overlay holds more
// entries than 1/16 of all directed connections, the writer merges base and overlay into a new CSR built
// aside, then swaps it in under a short exclusive lock. Every read therefore works on one sorted array per
// member, with no merging at query time.
//
// Concurrency. Any number of threads may read concurrently. Writes (add/remove) are serialised internally
// and are meant to come from one thread (the change-log follower). Each call sees a consistent state: reads
// hold the lock shared for their whole duration; a write holds it exclusively only while it edits the
// overlay rows it touches (O(degree)), and compaction only while it swaps arrays (O(touched members)).
// The lock prefers writers (see rw_lock.h).
//
// Precision. Connection times are kept to the second; connected_at values returned are whole seconds
// (in microseconds), clamped to 2000-01-01 .. 2136-02-07.
//
// Memory. About 8 bytes per directed connection (16 per connection) plus 20 bytes per member id
// (offsets, reach, overlay slot); a compaction briefly holds two bases. Each concurrently running query
// uses pooled scratch of up to 24 bytes per member (see scratch.h), not counted in memory_bytes().
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "graph/rw_lock.h"
#include "graph/scratch.h"
#include "graph/sorted_ops.h"

namespace kring::graph {

using MemberId = int64_t;

// An undirected connection, as stored (either order of a and b is accepted).
struct Edge {
  MemberId a = 0;
  MemberId b = 0;
  int64_t connected_at = 0;  // microseconds since the Unix epoch
};

struct Connection {
  MemberId member = 0;
  int64_t connected_at = 0;  // microseconds since the Unix epoch, whole seconds
  bool operator==(const Connection&) const = default;
};

// Position in a member's connection list: the (connected_at, member) of the last item already returned.
struct PageCursor {
  int64_t connected_at = 0;
  MemberId member = 0;
};

struct ConnectionsPage {
  std::vector<Connection> items;
  std::optional<PageCursor> next;  // set when more items follow
};

struct NetworkSize {
  size_t first_degree = 0;   // direct connections
  size_t second_degree = 0;  // distinct members two steps away, not direct connections and not the member
};

struct Suggestion {
  MemberId member = 0;
  double score = 0;     // Adamic-Adar: sum over mutual connections u of 1 / ln(degree(u))
  uint32_t mutual = 0;  // mutual connections, exact (hubs included)
};

struct SuggestOptions {
  size_t limit = 20;
  // Connections of the viewer with more connections than this ("hubs") are not expanded: they add nothing
  // to any score (their Adamic-Adar weight would be below 1/ln(hub_degree_limit), about 0.117 at 5,000,
  // and they tie the viewer to thousands of people, so they carry little signal), members reachable only
  // through hubs are not candidates, but hubs still count in Suggestion::mutual. This bounds the cost of a
  // query by about degree(viewer) * hub_degree_limit.
  uint32_t hub_degree_limit = 5000;
};

// Members to leave out of suggestions (pending invitations, blocked, dismissed). Called with the graph's
// read lock held: it must not call into the graph.
using ExcludeFn = std::function<bool(MemberId)>;

struct GraphOptions {
  // Compaction starts when the overlay (entries, plus 8 per member row) exceeds
  // max(compact_min_entries, directed connections / compact_divisor).
  size_t compact_min_entries = size_t{1} << 16;
  size_t compact_divisor = 16;
  // Threads used by build() and compaction; 0 means std::thread::hardware_concurrency().
  unsigned threads = 0;
};

struct GraphStats {
  size_t vertex_capacity = 0;       // highest member id that can be stored without growing, plus one
  size_t directed_connections = 0;  // twice the number of connections
  size_t overlay_members = 0;
  size_t overlay_entries = 0;
  size_t compactions = 0;
  size_t memory_bytes = 0;
  size_t idle_scratch_bytes = 0;  // idle query scratch, not in memory_bytes: up to ~24 bytes per member for each
                                  // query that ran concurrently
};

class Graph {
 public:
  // Largest member id the graph accepts.
  static constexpr MemberId kMaxMember = 0xFFFFFFFE;

  explicit Graph(GraphOptions options = {});
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Builds a graph from a list of connections, each listed once in either orientation. Duplicates keep the
  // earliest time; self-connections and ids outside 1..kMaxMember are skipped. Capacity covers
  // max(max_member, the largest id in `edges`). Sort-free counting placement plus per-member sorts, on
  // options.threads threads; O(E + N) memory beyond the result (8 bytes per directed connection).
  static std::unique_ptr<Graph> build(std::span<const Edge> edges, MemberId max_member, GraphOptions options = {});

  // Takes over the contents of `other` (which is left empty) in one step visible to readers.
  // REQUIRES: no other thread uses `other`.
  void replace_with(Graph& other);

  // ---- writes: thread-safe, serialised; meant for one writer thread. O(deg(a) + deg(b)), except the
  // write that triggers a compaction: that one also runs the compaction (see compact()).
  // Adds a connection; no-op if it exists, if a == b, or if an id is outside 1..kMaxMember.
  void add_edge(MemberId a, MemberId b, int64_t connected_at_micros);
  // Removes a connection; no-op if absent.
  void remove_edge(MemberId a, MemberId b);
  // Removes every connection of `m`. O(sum of the degrees of m's connections).
  void remove_member(MemberId m);
  // Merges the overlay into a new base now: O(N + E) on the calling thread and options.threads helpers
  // (about 0.2-0.6 s for 100 million directed connections on 2 cores), holding off other writers; readers
  // continue meanwhile and are blocked only for the final swap (O(overlay members)). Peak memory: two bases.
  void compact();

  // ---- reads: thread-safe; concurrent with each other and with writes. Unknown ids have no connections.
  // O(log deg).
  bool connected(MemberId a, MemberId b) const;
  size_t connection_count(MemberId m) const;

  // Degree of separation from `viewer` to `target`: 0 (same member), 1, 2, 3, or nullopt when farther
  // than max_depth (max_depth is clamped to 0..3). Cost: 1st by binary search; 2nd by intersecting the two
  // sorted neighbor lists (galloping when their sizes differ a lot); 3rd by marking the neighbors of one
  // side in a bitset and scanning the neighbor lists of the other side's neighbors, choosing the side
  // whose scan is shorter; O(min over sides of the sum of neighbor degrees).
  std::optional<int> degree(MemberId viewer, MemberId target, int max_depth = 3) const;

  // degree() for many targets of one viewer (rendering a list). Marks the viewer's connections once and,
  // when some target is not within 2, its second-degree network once (if that is not too large).
  std::vector<std::optional<int>> degrees(MemberId viewer, std::span<const MemberId> targets,
                                          int max_depth = 3) const;

  // Every member at distance 1..max_depth from `viewer` (max_depth clamped to 0..3), ascending by id; nullopt
  // when the breadth-first scan would read more than `budget` neighbor-list entries (the caller then asks
  // degree() per member). Cost: the sum of the degrees of the members within max_depth - 1, plus sorting.
  std::optional<std::vector<MemberId>> within(MemberId viewer, int max_depth, size_t budget) const;

  // Members connected to both, ascending by id, at most `limit`. O(deg(a) + deg(b)) or less (galloping).
  std::vector<MemberId> mutual_connections(MemberId a, MemberId b, size_t limit) const;
  size_t mutual_count(MemberId a, MemberId b) const;

  // A shortest chain of connections from `a` to `b`, both included: {a} when a == b, nullopt when no chain
  // exists. Exact, with no hop limit: bidirectional breadth-first search expanding the side whose frontier
  // has fewer connections. Worst case O(N + E) (when disconnected, it visits a whole component). The chain
  // never passes through a member in `avoid` (the endpoints excepted), so it is the shortest chain without them.
  std::optional<std::vector<MemberId>> shortest_path(MemberId a, MemberId b,
                                                     std::span<const MemberId> avoid = {}) const;

  // Exact sizes of the first- and second-degree network. O(sum of the degrees of m's connections).
  NetworkSize network_size(MemberId m) const;

  // `m`'s connections, newest first, ties by member id ascending; `after` continues from a previous page.
  // O(deg(m) + limit log limit).
  ConnectionsPage connections_page(MemberId m, size_t limit, std::optional<PageCursor> after = {}) const;

  // People `viewer` may know: members two steps away, ranked by Adamic-Adar score, ties by member id
  // ascending, at most options.limit, skipping those for which `exclude` returns true (it is called only
  // for members that would otherwise enter the result). Cost about the sum of degrees of the viewer's
  // connections (hubs capped, see SuggestOptions).
  std::vector<Suggestion> suggest(MemberId viewer, const SuggestOptions& options = {},
                                  const ExcludeFn& exclude = {}) const;

  // Memory held by the graph's arrays (base and overlay), excluding idle query scratch.
  size_t memory_bytes() const;
  GraphStats stats() const;

  // Time conversion used for stored connection times.
  static uint32_t to_stored_time(int64_t micros);
  static int64_t from_stored_time(uint32_t t);

 private:
  struct Base {
    BigVector<uint64_t> offsets;  // size vertices + 1 (or empty)
    BigVector<uint32_t> nbr;      // ascending per member
    BigVector<uint32_t> at;       // parallel to nbr
  };
  struct Row {
    uint32_t vertex = 0;
    std::vector<uint32_t> nbr;
    std::vector<uint32_t> at;
  };
  struct Adj {
    const uint32_t* nbr = nullptr;
    const uint32_t* at = nullptr;
    size_t size = 0;
    sorted::List list() const { return {nbr, size}; }
  };

  // REQUIRES (adj, deg, vertices, *_locked): mu_ held shared or exclusive, or the caller is the writer
  // holding write_mu_. The returned pointers are valid while that holds.
  Adj adj(uint32_t v) const {
    if (v >= slot_.size()) return {};
    if ((in_overlay_[v >> 6] >> (v & 63)) & 1) {
      const Row& r = rows_[slot_[v] - 1];
      return {r.nbr.data(), r.at.data(), r.nbr.size()};
    }
    if (size_t{v} + 1 >= base_.offsets.size()) return {};
    uint64_t b = base_.offsets[v], e = base_.offsets[v + 1];
    return {base_.nbr.data() + b, base_.at.data() + b, static_cast<size_t>(e - b)};
  }
  size_t deg(uint32_t v) const { return adj(v).size; }
  size_t vertices() const { return slot_.size(); }
  static bool valid(MemberId m) { return m > 0 && m <= kMaxMember; }

  // Writer side. REQUIRES: write_mu_ held, and mu_ held exclusively.
  Row& own_row(uint32_t v, bool copy = true);
  void grow(size_t vertices);
  void insert_locked(uint32_t v, uint32_t w, uint32_t at);
  void erase_locked(uint32_t v, uint32_t w);
  // REQUIRES: write_mu_ held (not mu_).
  void maybe_compact();
  void compact_writer();

  // Whether some neighbor of v is adjacent to some neighbor of t. REQUIRES: mu_ held; s.bits_a all clear
  // (left clear). Uses s.rows.
  bool within_three(uint32_t v, uint32_t t, Scratch& s) const;
  // Per vertex, the sum of its neighbors' degrees. REQUIRES: mu_ held or writer.
  BigVector<uint64_t> compute_reach() const;
  size_t memory_bytes_locked() const;
  unsigned thread_count() const;

  GraphOptions options_;
  std::mutex write_mu_;  // serialises writers; held across compaction
  // Everything below marked GUARDED_BY(mu_) is changed only by a writer holding write_mu_ and mu_
  // exclusively; readers hold mu_ shared; the writer may read it holding write_mu_ alone.
  mutable RwLock mu_;
  Base base_;                  // GUARDED_BY(mu_)
  BigVector<uint32_t> slot_;   // GUARDED_BY(mu_); per vertex: 0, or 1 + index of its row in rows_
  Bits in_overlay_;            // GUARDED_BY(mu_); per vertex: slot_ != 0 (a bitset, small enough to stay cached)
  // GUARDED_BY(mu_); per vertex, the sum of its neighbors' degrees: the cost of scanning its second-degree
  // network, which degree() compares to pick the cheaper side. Kept exact by every write.
  BigVector<uint64_t> reach_;
  std::vector<Row> rows_;       // GUARDED_BY(mu_); the overlay
  size_t overlay_entries_ = 0;  // GUARDED_BY(mu_); entries in rows_
  size_t directed_ = 0;         // GUARDED_BY(mu_)
  size_t compactions_ = 0;      // GUARDED_BY(mu_)
  mutable ScratchPool scratch_;
};

}  // namespace kring::graph

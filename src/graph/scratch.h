// Per-query working memory for graph traversals: bitsets and epoch-stamped arrays indexed by vertex, so
// that a query marks and tests members in O(1) without hashing, and starts clean without an O(N) clear.
// Scratch objects are pooled: one exists per concurrently running query, not per thread or per call.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "graph/huge_page_allocator.h"

namespace kring::graph {

using Bits = BigVector<uint64_t>;  // one bit per vertex index

struct Scratch {
  // Marks for breadth-first search and network counts: a vertex is marked when its stamp equals a value
  // handed out by fresh_epochs() during the current query (0 never does).
  struct Visit {
    uint32_t stamp = 0;
    uint32_t parent = 0;  // shortest_path: predecessor on the side that reached the vertex
  };
  // Score accumulators for suggestions, valid when stamp matches the current query.
  struct Acc {
    uint32_t stamp = 0;
    uint32_t mutual = 0;
    double score = 0;
  };

  // Bitsets over vertex indexes. Invariant between uses: every bit is clear (users clear what they set).
  Bits bits_a;
  Bits bits_b;
  BigVector<Visit> visit;  // sized on demand by need_visit()
  BigVector<Acc> acc;      // sized on demand by need_acc()
  uint32_t epoch = 0;
  std::vector<uint32_t> list_a, list_b, list_c, list_d;  // frontiers and candidate lists; contents unspecified
  struct RowRef {
    const uint32_t* nbr;
    size_t size;
  };
  std::vector<RowRef> rows;  // neighbor lists gathered for a scan; contents unspecified

  // Sizes the bitsets for `vertices` vertex indexes.
  void fit(size_t vertices) {
    size_t words = (vertices + 63) / 64;
    if (bits_a.size() < words) {
      bits_a.resize(words, 0);
      bits_b.resize(words, 0);
    }
  }
  void need_visit(size_t vertices) {
    if (visit.size() < vertices) visit.resize(vertices);
  }
  void need_acc(size_t vertices) {
    if (acc.size() < vertices) acc.resize(vertices);
  }
  // Returns e such that e, e+1, ..., e+k-1 mark nothing in `visit` and `acc` yet.
  uint32_t fresh_epochs(uint32_t k) {
    if (epoch > UINT32_MAX - k - 1) {
      for (Visit& v : visit) v.stamp = 0;
      for (Acc& a : acc) a.stamp = 0;
      epoch = 0;
    }
    uint32_t e = epoch + 1;
    epoch += k;
    return e;
  }
  size_t bytes() const {
    return (bits_a.capacity() + bits_b.capacity()) * sizeof(uint64_t) + visit.capacity() * sizeof(Visit) +
           acc.capacity() * sizeof(Acc) +
           (list_a.capacity() + list_b.capacity() + list_c.capacity() + list_d.capacity()) * sizeof(uint32_t) +
           rows.capacity() * sizeof(RowRef);
  }
};

inline void set_bit(Bits& bits, uint32_t v) { bits[v >> 6] |= uint64_t{1} << (v & 63); }
inline void clear_bit(Bits& bits, uint32_t v) { bits[v >> 6] &= ~(uint64_t{1} << (v & 63)); }
inline bool test_bit(const Bits& bits, uint32_t v) { return (bits[v >> 6] >> (v & 63)) & 1; }

// Thread-safe. Hands out Scratch objects, creating one when none is free; returned objects are reused.
class ScratchPool {
 public:
  class Lease {
   public:
    Lease(ScratchPool* pool, std::unique_ptr<Scratch> s) : pool_(pool), s_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (s_) pool_->give_back(std::move(s_));
    }
    Scratch& operator*() { return *s_; }
    Scratch* operator->() { return s_.get(); }

   private:
    ScratchPool* pool_;
    std::unique_ptr<Scratch> s_;
  };

  // Returns scratch fitted for `vertices` vertex indexes.
  Lease acquire(size_t vertices) {
    std::unique_ptr<Scratch> s;
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        s = std::move(free_.back());
        free_.pop_back();
      }
    }
    if (!s) s = std::make_unique<Scratch>();
    s->fit(vertices);
    return Lease(this, std::move(s));
  }

  // Memory held by idle scratch objects.
  size_t idle_bytes() const {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& s : free_) n += s->bytes();
    return n;
  }

 private:
  void give_back(std::unique_ptr<Scratch> s) {
    std::lock_guard lock(mu_);
    free_.push_back(std::move(s));
  }

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Scratch>> free_;  // GUARDED_BY(mu_)
};

}  // namespace kring::graph

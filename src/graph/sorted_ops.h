// Operations on ascending, duplicate-free arrays of vertex indexes: membership, and intersection by merge
// or, when one side is much shorter, by galloping (exponential then binary search) through the longer side.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace kring::graph::sorted {

// A read-only view of an ascending array.
struct List {
  const uint32_t* data = nullptr;
  size_t size = 0;
  const uint32_t* begin() const { return data; }
  const uint32_t* end() const { return data + size; }
  bool empty() const { return size == 0; }
};

inline bool contains(List l, uint32_t x) {
  // Branch-light lower bound: the loop has a fixed trip count for a given size.
  const uint32_t* base = l.data;
  size_t n = l.size;
  if (n == 0) return false;
  while (n > 1) {
    size_t half = n / 2;
    base = base[half - 1] < x ? base + half : base;
    n -= half;
  }
  return *base == x;
}

// First position in [first, last) whose value is >= x, searching exponentially from `first`.
inline const uint32_t* gallop(const uint32_t* first, const uint32_t* last, uint32_t x) {
  size_t step = 1;
  const uint32_t* lo = first;
  const uint32_t* hi = first;
  while (hi < last && *hi < x) {
    lo = hi + 1;
    hi = (static_cast<size_t>(last - hi) > step) ? hi + step : last;
    step *= 2;
  }
  return std::lower_bound(lo, hi, x);
}

// Calls fn(x) for each x in both lists, in ascending order, until fn returns false.
// Complexity: O(|a| + |b|) when sizes are alike, O(|small| log(|large| / |small|)) when they differ a lot.
template <typename Fn>
void for_each_common(List a, List b, Fn&& fn) {
  if (a.size > b.size) std::swap(a, b);
  if (a.size == 0) return;
  if (b.size / a.size >= 16) {
    const uint32_t* pos = b.begin();
    for (uint32_t x : a) {
      pos = gallop(pos, b.end(), x);
      if (pos == b.end()) return;
      if (*pos == x && !fn(x)) return;
    }
    return;
  }
  const uint32_t *i = a.begin(), *ie = a.end(), *j = b.begin(), *je = b.end();
  while (i < ie && j < je) {
    uint32_t x = *i, y = *j;
    if (x == y) {
      if (!fn(x)) return;
      ++i;
      ++j;
    } else {
      i += x < y;
      j += y < x;
    }
  }
}

inline bool intersects(List a, List b) {
  bool any = false;
  for_each_common(a, b, [&](uint32_t) {
    any = true;
    return false;
  });
  return any;
}

inline size_t intersection_size(List a, List b) {
  size_t n = 0;
  for_each_common(a, b, [&](uint32_t) {
    ++n;
    return true;
  });
  return n;
}

}  // namespace kring::graph::sorted

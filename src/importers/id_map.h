// A compact map from a source data set's integer ids to what the import made of them (Kring ids).
//
// Open addressing with linear probing over one flat array: (8 + sizeof(V)) bytes per slot at a load factor of
// at most 0.7, so about 23 bytes per entry for int64_t values where std::unordered_map needs ~64. Imports
// keep one entry per imported person, post and comment, so this is what bounds their memory. Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace kring::importers {

template <typename V>
class IdMap {
 public:
  // The one key that cannot be stored.
  static constexpr int64_t kNoKey = std::numeric_limits<int64_t>::min();

  // Inserts `key` or replaces its value. REQUIRES: key != kNoKey.
  void put(int64_t key, const V& value) {
    if ((size_ + 1) * 10 > slots_.size() * 7) grow();
    std::size_t i = probe(key);
    if (slots_[i].key == kNoKey) {
      slots_[i].key = key;
      ++size_;
    }
    slots_[i].value = value;
  }

  const V* find(int64_t key) const {
    if (slots_.empty() || key == kNoKey) return nullptr;
    const Slot& s = slots_[probe(key)];
    return s.key == kNoKey ? nullptr : &s.value;
  }
  V* find(int64_t key) { return const_cast<V*>(static_cast<const IdMap*>(this)->find(key)); }

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  struct Slot {
    int64_t key = kNoKey;
    V value{};
  };

  static uint64_t mix(int64_t key) {
    auto z = static_cast<uint64_t>(key) + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // The slot holding `key`, or the empty slot where it would go. REQUIRES: slots_ is not full.
  std::size_t probe(int64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = static_cast<std::size_t>(mix(key)) & mask;
    while (slots_[i].key != kNoKey && slots_[i].key != key) i = (i + 1) & mask;
    return i;
  }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
      if (s.key != kNoKey) slots_[probe(s.key)] = s;
    }
  }

  std::vector<Slot> slots_;  // size is zero or a power of two
  std::size_t size_ = 0;
};

}  // namespace kring::importers

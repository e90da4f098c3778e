#include "graph/graph_generator.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>
#include <utility>

#include "graph/parallel.h"
#include "graph/splitmix.h"

namespace kring::graph {
namespace {

constexpr int64_t kFirstTieMicros = 1325376000LL * 1'000'000;  // 2012-01-01T00:00:00Z
constexpr int64_t kTieSpanSeconds = 12LL * 365 * 86400;
constexpr double kMaxDegree = 5000;
// Members by how many connections they seek: new (0-2), light (3-22), and the rest Pareto (alpha = 2).
constexpr double kNewShare = 0.05, kLightShare = 0.20;
// Where a member's ties go: colleagues, schoolmates, the same city, anyone.
constexpr double kCompanyShare = 0.40, kSchoolShare = 0.15, kCityShare = 0.30;
// Ties lost when pairing (a member paired with itself or twice with someone), compensated up front.
constexpr double kPairingLoss = 0.075;

// Members grouped into communities of random sizes in [min, max] (skewed to min), over a random
// permutation so that ids carry no locality. Returns community per member and members per community.
struct Communities {
  std::vector<uint32_t> of;       // per member id
  std::vector<uint64_t> offsets;  // members of community c: members[offsets[c] .. offsets[c+1])
  std::vector<uint32_t> members;
};

Communities make_communities(uint32_t n, double min_size, double max_size, SplitMix64& rng) {
  Communities c;
  std::vector<uint32_t> perm(n);
  std::iota(perm.begin(), perm.end(), 1u);
  for (uint32_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  c.of.assign(size_t{n} + 1, 0);
  c.offsets.push_back(0);
  uint32_t pos = 0;
  while (pos < n) {
    double size = std::min(max_size, std::floor(min_size / std::sqrt(1.0 - rng.unit())));
    uint32_t take = std::min<uint32_t>(n - pos, static_cast<uint32_t>(size));
    if (n - pos - take < min_size / 2) take = n - pos;  // no tiny community at the end
    uint32_t id = static_cast<uint32_t>(c.offsets.size() - 1);
    for (uint32_t k = pos; k < pos + take; ++k) c.of[perm[k]] = id;
    pos += take;
    c.offsets.push_back(pos);
  }
  c.members = std::move(perm);  // members of community c are perm[offsets[c]..offsets[c+1])
  return c;
}

}  // namespace

GeneratedGraph generate_social_graph(int64_t members, double avg_connections, uint64_t seed) {
  GeneratedGraph out;
  if (members < 1) return out;
  const auto n = static_cast<uint32_t>(std::min<int64_t>(members, Graph::kMaxMember));
  SplitMix64 rng(SplitMix64::mix(seed ^ 0x6B72696E67ull));

  Communities company = make_communities(n, 50, 500, rng);
  Communities school = make_communities(n, 300, 3000, rng);
  const auto companies = static_cast<uint32_t>(company.offsets.size() - 1);
  const auto schools = static_cast<uint32_t>(school.offsets.size() - 1);

  // Cities: Zipf weights; a company sits in one city and 80% of its people live there.
  const uint32_t cities = std::clamp<uint32_t>(n / 5000, 1, 200);
  std::vector<double> cumulative(cities);
  double total = 0;
  for (uint32_t i = 0; i < cities; ++i) cumulative[i] = total += 1.0 / (i + 1);
  auto pick_city = [&](SplitMix64& r) {
    double x = r.unit() * total;
    auto i = static_cast<size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
    return static_cast<uint32_t>(std::min<size_t>(i, cities - 1));
  };
  std::vector<uint32_t> company_city(companies);
  for (uint32_t c = 0; c < companies; ++c) company_city[c] = pick_city(rng);
  std::vector<uint32_t> city_of(size_t{n} + 1, 0);
  for (uint32_t m = 1; m <= n; ++m) city_of[m] = rng.unit() < 0.8 ? company_city[company.of[m]] : pick_city(rng);

  // Pareto scale so that the mean sought degree is about avg / (1 - loss): new members seek 1 on average,
  // light ones 12.5, the rest E[min(C, floor(xm / sqrt(U)))] ~ 2 xm - xm^2 / C - 0.5.
  const double want = std::max(0.0, avg_connections) / (1 - kPairingLoss);
  const double heavy = std::max(0.0, (want - kNewShare * 1.0 - kLightShare * 12.5) / (1 - kNewShare - kLightShare));
  const double disc = 4.0 - 4.0 * (heavy + 0.5) / kMaxDegree;
  const double xm = disc > 0 ? (2.0 - std::sqrt(disc)) * kMaxDegree / 2.0 : kMaxDegree / 2.0;

  // Pools of "stubs" (one per tie a member seeks): one per company, school and city, and one for anyone.
  // Shuffling a pool and pairing neighbours ties members in proportion to how many ties they seek.
  const uint32_t school_base = companies, city_base = companies + schools, global_pool = city_base + cities;
  const uint32_t pools = global_pool + 1;
  // Calls fn(pool) for each stub of member m; the same sequence every time (its own random stream).
  auto for_each_stub = [&](uint32_t m, auto&& fn) {
    SplitMix64 r(SplitMix64::mix(seed + 0x9E3779B97F4A7C15ull * m));
    double u = r.unit();
    uint32_t degree;
    if (u < kNewShare) {
      degree = static_cast<uint32_t>(r.below(3));
    } else if (u < kNewShare + kLightShare) {
      degree = 3 + static_cast<uint32_t>(r.below(20));
    } else {
      degree = static_cast<uint32_t>(std::min(kMaxDegree, std::floor(xm / std::sqrt(1.0 - r.unit()))));
    }
    const uint32_t c = company.of[m], s = school.of[m];
    // At most a third of a company or a fifth of a school: beyond that ties would repeat; spill to the city.
    uint64_t left[2] = {(company.offsets[c + 1] - company.offsets[c]) / 3, (school.offsets[s + 1] - school.offsets[s]) / 5};
    for (uint32_t k = 0; k < degree; ++k) {
      double x = r.unit();
      if (x < kCompanyShare && left[0] > 0) {
        --left[0];
        fn(c);
      } else if (x >= kCompanyShare && x < kCompanyShare + kSchoolShare && left[1] > 0) {
        --left[1];
        fn(school_base + s);
      } else if (x < kCompanyShare + kSchoolShare + kCityShare) {
        fn(city_base + city_of[m]);
      } else {
        fn(global_pool);
      }
    }
  };

  // Place stubs by pool: per-thread counts over contiguous member ranges, so the order within a pool is
  // member order whatever the thread count.
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 64u);
  std::vector<std::vector<uint64_t>> cursor(threads, std::vector<uint64_t>(pools, 0));
  run_parallel(threads, [&](unsigned t) {
    auto [lo, hi] = split_range(n, threads, t);
    for (size_t m = lo + 1; m <= hi; ++m) for_each_stub(static_cast<uint32_t>(m), [&](uint32_t p) { ++cursor[t][p]; });
  });
  std::vector<uint64_t> pool_offsets(size_t{pools} + 1, 0);
  uint64_t running = 0;
  for (uint32_t p = 0; p < pools; ++p) {
    pool_offsets[p] = running;
    for (unsigned t = 0; t < threads; ++t) running += std::exchange(cursor[t][p], running);
  }
  pool_offsets[pools] = running;
  std::vector<uint32_t> stubs(running);
  run_parallel(threads, [&](unsigned t) {
    auto [lo, hi] = split_range(n, threads, t);
    for (size_t m = lo + 1; m <= hi; ++m) {
      for_each_stub(static_cast<uint32_t>(m), [&](uint32_t p) { stubs[cursor[t][p]++] = static_cast<uint32_t>(m); });
    }
  });
  cursor = {};

  // Shuffle each pool with its own stream; stubs 2k and 2k+1 of a pool form a tie. Count ties per lower id.
  std::vector<uint64_t> offsets(size_t{n} + 2, 0);
  std::vector<std::vector<uint32_t>> lower_counts(threads);
  run_parallel(threads, [&](unsigned t) {
    std::vector<uint32_t>& cnt = lower_counts[t];
    cnt.assign(size_t{n} + 1, 0);
    for (uint32_t p = t; p < pools; p += threads) {
      uint32_t* b = stubs.data() + pool_offsets[p];
      const uint64_t size = pool_offsets[p + 1] - pool_offsets[p];
      SplitMix64 r(SplitMix64::mix(seed ^ (0xC0FFEEull + 0x9E3779B97F4A7C15ull * (p + 1))));
      for (uint64_t i = size; i > 1; --i) std::swap(b[i - 1], b[r.below(i)]);
      for (uint64_t i = 0; i + 1 < size; i += 2)
        if (b[i] != b[i + 1]) ++cnt[std::min(b[i], b[i + 1])];
    }
  });
  for (uint32_t a = 1; a <= n; ++a) {
    uint64_t c = 0;
    for (unsigned t = 0; t < threads; ++t) c += lower_counts[t][a];
    offsets[a + 1] = offsets[a] + c;
  }
  lower_counts = {};

  // Deduplicate by bucketing on the lower id, then sorting each bucket.
  std::vector<uint32_t> higher(offsets[size_t{n} + 1]);
  {
    std::vector<uint64_t> fill(offsets.begin(), offsets.end() - 1);
    for (uint32_t p = 0; p < pools; ++p) {
      const uint32_t* b = stubs.data() + pool_offsets[p];
      const uint64_t size = pool_offsets[p + 1] - pool_offsets[p];
      for (uint64_t i = 0; i + 1 < size; i += 2) {
        if (b[i] == b[i + 1]) continue;
        uint32_t lo = std::min(b[i], b[i + 1]), hi = std::max(b[i], b[i + 1]);
        higher[fill[lo]++] = hi;
      }
    }
  }
  stubs = {};
  std::vector<uint32_t> unique_len(size_t{n} + 1, 0);
  run_parallel(threads, [&](unsigned t) {
    for (uint32_t a = t + 1; a <= n; a += threads) {
      uint32_t* b = higher.data() + offsets[a];
      uint32_t* e = higher.data() + offsets[a + 1];
      std::sort(b, e);
      unique_len[a] = static_cast<uint32_t>(std::unique(b, e) - b);
    }
  });
  size_t count = 0;
  for (uint32_t a = 1; a <= n; ++a) count += unique_len[a];
  out.edges.reserve(count);
  for (uint32_t a = 1; a <= n; ++a) {
    for (uint32_t i = 0; i < unique_len[a]; ++i) {
      uint32_t b = higher[offsets[a] + i];
      uint64_t h = SplitMix64::mix(seed ^ ((uint64_t{a} << 32) | b));
      int64_t at = kFirstTieMicros + static_cast<int64_t>(h % kTieSpanSeconds) * 1'000'000;
      out.edges.push_back({a, b, at});
    }
  }

  out.company = std::move(company.of);
  out.school = std::move(school.of);
  out.city = std::move(city_of);
  out.companies = companies;
  out.schools = schools;
  out.cities = cities;
  return out;
}

}  // namespace kring::graph

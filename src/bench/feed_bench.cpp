#include "bench/feed_bench.h"
#include "bench/measure.h"

#include <libpq-fe.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/result.h"
#include "feed/feed_index.h"
#include "feed/feed_service.h"
#include "feed/posts.h"
#include "feed/ranking.h"
#include "graph/graph.h"
#include "graph/graph_bench.h"
#include "graph/graph_generator.h"
#include "graph/splitmix.h"

#include "bench/pg_client.h"

namespace kring::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;
using graph::Latency;
using graph::SplitMix64;

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}
double us_between(SteadyClock::time_point t0, SteadyClock::time_point t1) {
  return std::chrono::duration<double, std::micro>(t1 - t0).count();
}

volatile size_t g_sink = 0;

void progress(const std::string& msg) { std::cerr << "feed bench: " << msg << std::endl; }
std::string secs(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

// Resident set size of this process in bytes (VmRSS), 0 when unknown.
int64_t rss_bytes() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtoll(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

// ---- the data ------------------------------------------------------------------------------------------

// The moment the feeds are asked at: 2026-11-01T00:00:00Z. Posts fall in the `days` days before it.
constexpr int64_t kNowSeconds = 1'793'491'200;
constexpr uint64_t kGolden = 0x9E3779B97F4A7C15ull;

// Posting activity: most members rarely post, an active minority writes most posts. Mean of the rates below
// is 0.255 per day; they are scaled to posts_per_member_day.
struct Tier {
  double share;
  double rate;  // posts per day before scaling
};
constexpr Tier kTiers[] = {{0.45, 0.02}, {0.40, 0.15}, {0.12, 0.8}, {0.03, 3.0}};
constexpr double kTierMean = 0.45 * 0.02 + 0.40 * 0.15 + 0.12 * 0.8 + 0.03 * 3.0;

// What a post is; each kind has a few texts, classified once by feed::describe_post (the index's own reading
// of a text: commentary and bait), so the flags are what the product would derive from those texts.
enum class Kind : uint8_t { kNormal, kBait, kLinkOnly, kReshareWithCommentary, kReshareBare };
constexpr double kBaitShare = 0.02, kLinkOnlyShare = 0.03, kReshareShare = 0.07, kBareReshareShare = 0.4;
constexpr double kConnectionsOnlyShare = 0.10;
constexpr double kHashtagShare = 0.35;  // posts with 1-3 hashtags

struct Template {
  Kind kind;
  const char* text;
};
constexpr Template kTemplates[] = {
    {Kind::kNormal,
     "Three things I learned shipping our billing migration: measure first, migrate in slices, "
     "and keep the old path readable until the last customer has moved."},
    {Kind::kNormal,
     "We are hiring two backend engineers in Utrecht. Small team, real ownership, and a codebase "
     "you will not be ashamed of. Details in the comments."},
    {Kind::kNormal,
     "Wat ik na tien jaar projectmanagement weet: de planning is nooit het probleem, de "
     "verwachtingen wel."},
    {Kind::kNormal,
     "Proud of the team: the new onboarding flow cut support tickets by a third in its first month."},
    {Kind::kNormal,
     "Interesting read on how small teams run PostgreSQL at scale: https://example.org/pg-at-scale "
     "The part about vacuum tuning matches what we saw."},
    {Kind::kNormal,
     "After eight good years I am starting a new chapter as head of data at a logistics scale-up."},
    {Kind::kBait, "Who helps me to 10,000 connections? Comment YES and I will connect with you!"},
    {Kind::kBait, "Agree? Like if you agree and share with your network. Let's connect!"},
    {Kind::kBait, "Wie helpt mij naar 5.000 connecties? Reageer JA hieronder."},
    {Kind::kBait, "Tag a colleague who needs to hear this today."},
    {Kind::kBait, "Comment interested and I will send you the full template."},
    {Kind::kLinkOnly, "https://example.org/articles/2026/remote-teams"},
    {Kind::kLinkOnly, "www.example.com/report.pdf"},
    {Kind::kReshareWithCommentary, "Worth ten minutes of your time, especially the section on hiring."},
    {Kind::kReshareWithCommentary, "Dit herken ik helemaal. Goed verwoord."},
    {Kind::kReshareBare, ""},
    {Kind::kReshareBare, "https://example.org/share"},
};

// Hashtags: a few dozen real topics, then numbered ones; popularity is Zipf-like.
constexpr const char* kTopics[] = {"leadership",
                                   "hiring",
                                   "ai",
                                   "rust",
                                   "datascience",
                                   "marketing",
                                   "sales",
                                   "careers",
                                   "remote",
                                   "product",
                                   "design",
                                   "startups",
                                   "engineering",
                                   "cloud",
                                   "security",
                                   "devops",
                                   "ux",
                                   "finance",
                                   "sustainability",
                                   "innovation",
                                   "management",
                                   "networking",
                                   "jobs",
                                   "opentowork",
                                   "education",
                                   "health",
                                   "research",
                                   "python",
                                   "javascript",
                                   "java",
                                   "golang",
                                   "kubernetes",
                                   "linux",
                                   "opensource",
                                   "agile",
                                   "productmanagement",
                                   "branding",
                                   "growth",
                                   "ecommerce",
                                   "logistics",
                                   "energy",
                                   "climate",
                                   "legal",
                                   "consulting",
                                   "strategy",
                                   "analytics",
                                   "fintech",
                                   "diversity",
                                   "inclusion",
                                   "wellbeing",
                                   "mentoring",
                                   "learning",
                                   "writing",
                                   "publicspeaking",
                                   "entrepreneurship",
                                   "postgresql",
                                   "werkenbij",
                                   "vacature",
                                   "duurzaamheid",
                                   "techniek"};
constexpr size_t kHashtags = 1000;

struct Adjacency {
  std::vector<uint64_t> offsets;  // per member id, size members + 2
  std::vector<uint32_t> nbr;
  std::span<const uint32_t> of(uint32_t m) const {
    return {nbr.data() + offsets[m], static_cast<size_t>(offsets[m + 1] - offsets[m])};
  }
  size_t degree(uint32_t m) const { return static_cast<size_t>(offsets[m + 1] - offsets[m]); }
};

Adjacency build_adjacency(const std::vector<graph::Edge>& edges, uint32_t n) {
  Adjacency a;
  a.offsets.assign(size_t{n} + 2, 0);
  for (const graph::Edge& e : edges) {
    ++a.offsets[static_cast<size_t>(e.a) + 1];
    ++a.offsets[static_cast<size_t>(e.b) + 1];
  }
  for (size_t i = 1; i < a.offsets.size(); ++i) a.offsets[i] += a.offsets[i - 1];
  a.nbr.resize(a.offsets.back());
  std::vector<uint64_t> fill(a.offsets.begin(), a.offsets.end() - 1);
  for (const graph::Edge& e : edges) {
    a.nbr[fill[static_cast<size_t>(e.a)]++] = static_cast<uint32_t>(e.b);
    a.nbr[fill[static_cast<size_t>(e.b)]++] = static_cast<uint32_t>(e.a);
  }
  return a;
}

// Poisson(lambda) by multiplying uniforms (Knuth), in chunks of at most 200 so exp() cannot underflow.
uint32_t poisson(double lambda, SplitMix64& r) {
  uint32_t total = 0;
  while (lambda > 0) {
    const double l = std::min(lambda, 200.0);
    lambda -= l;
    const double limit = std::exp(-l);
    double p = 1;
    uint32_t k = 0;
    for (;;) {
      p *= r.unit();
      if (p <= limit) break;
      ++k;
    }
    total += k;
  }
  return total;
}

struct DataStats {
  size_t posts = 0, connections_only = 0, reshares = 0, bare_reshares = 0, link_only = 0, bait = 0,
         tagged = 0;
  size_t reactions = 0, comments = 0, future_dropped = 0;
  size_t follows = 0, interests = 0, employed = 0;
  size_t max_post_engagement = 0;
  double graph_s = 0, adjacency_s = 0, schedule_s = 0, fill_s = 0, shrink_s = 0;
};

// Fills `index` with the generated activity (see feed_bench.h). Deterministic for (gen, options).
DataStats fill_index(feed::FeedIndex& index, const graph::GeneratedGraph& gen, const Adjacency& adj,
                     const FeedBenchOptions& o) {
  DataStats st;
  const auto n = static_cast<uint32_t>(o.members);
  const uint64_t seed = o.seed;
  const int64_t span = int64_t{o.days} * 86400;
  const int64_t start = kNowSeconds - span;

  // Templates, classified by the index's own reading of a text.
  struct Classified {
    Kind kind;
    bool has_commentary, bait;
  };
  std::vector<Classified> by_template;
  std::vector<size_t> of_kind[5];
  for (const Template& t : kTemplates) {
    const feed::FeedPost p = feed::describe_post(1, 1, 0, "anyone", std::nullopt, t.text);
    by_template.push_back({t.kind, p.has_commentary, p.engagement_bait});
    of_kind[static_cast<size_t>(t.kind)].push_back(by_template.size() - 1);
    const bool want_bait = t.kind == Kind::kBait;
    const bool want_commentary = t.kind != Kind::kLinkOnly && t.kind != Kind::kReshareBare;
    if (p.engagement_bait != want_bait || p.has_commentary != want_commentary) {
      progress(std::string("warning: template not classified as intended: ") + t.text);
    }
  }
  // Hashtags and their Zipf weights.
  std::vector<std::string> tags;
  for (const char* t : kTopics) tags.emplace_back(t);
  for (size_t i = tags.size(); i < kHashtags; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "topic%04zu", i);
    tags.emplace_back(buf);
  }
  for (const std::string& t : tags) {
    auto parsed = feed::parse_hashtags("#" + t);
    if (parsed.size() != 1 || parsed.front() != t) progress("warning: hashtag not parsed as itself: " + t);
  }
  std::vector<double> tag_cumulative(tags.size());
  double tag_total = 0;
  for (size_t i = 0; i < tags.size(); ++i) tag_cumulative[i] = tag_total += 1.0 / static_cast<double>(i + 1);
  auto pick_tag = [&](SplitMix64& r) -> size_t {
    const double x = r.unit() * tag_total;
    auto i = static_cast<size_t>(std::upper_bound(tag_cumulative.begin(), tag_cumulative.end(), x) -
                                 tag_cumulative.begin());
    return std::min(i, tags.size() - 1);
  };

  // Members: activity tier and post count. Power posters are also popular follow targets.
  auto t0 = SteadyClock::now();
  std::vector<uint64_t> stamps;  // (second offset in the span << 32) | author
  stamps.reserve(static_cast<size_t>(static_cast<double>(n) * o.posts_per_member_day * o.days * 1.05) + 16);
  std::vector<uint32_t> power;
  const double scale = o.posts_per_member_day / kTierMean;
  for (uint32_t m = 1; m <= n; ++m) {
    SplitMix64 r(SplitMix64::mix(seed ^ 0xFEEDull) + kGolden * m);
    double u = r.unit(), rate = kTiers[3].rate;
    size_t tier = 3;
    for (size_t k = 0; k < 4; ++k) {
      if (u < kTiers[k].share) {
        rate = kTiers[k].rate;
        tier = k;
        break;
      }
      u -= kTiers[k].share;
    }
    if (tier == 3) power.push_back(m);
    const uint32_t count = poisson(rate * scale * o.days, r);
    for (uint32_t k = 0; k < count; ++k) {
      stamps.push_back((r.below(static_cast<uint64_t>(span)) << 32) | m);
    }
  }
  std::sort(stamps.begin(), stamps.end());
  st.schedule_s = seconds_since(t0);
  progress(std::to_string(stamps.size()) + " posts scheduled in " + secs(st.schedule_s));

  t0 = SteadyClock::now();
  // Companies first: whether an engagement comes from a colleague is decided when it is added.
  for (uint32_t m = 1; m <= n; ++m) {
    SplitMix64 r(SplitMix64::mix(seed ^ 0xC0C0ull) + kGolden * m);
    if (r.unit() < 0.9) {
      index.set_companies(m, {static_cast<int64_t>(gen.company[m]) + 1});
      ++st.employed;
    }
  }
  // Follows: 0-4 per member, mostly of well-connected members (an end of a random connection), some of the
  // most active posters. Followed hashtags: a fifth of the members follow 1-3.
  for (uint32_t m = 1; m <= n; ++m) {
    SplitMix64 r(SplitMix64::mix(seed ^ 0xF011ull) + kGolden * m);
    const uint64_t k = r.below(5);
    for (uint64_t i = 0; i < k; ++i) {
      uint32_t t = 0;
      if ((r.unit() < 0.7 || power.empty()) && !gen.edges.empty()) {
        const graph::Edge& e = gen.edges[r.below(gen.edges.size())];
        t = static_cast<uint32_t>(r.unit() < 0.5 ? e.a : e.b);
      } else if (!power.empty()) {
        t = power[r.below(power.size())];
      }
      if (t == 0 || t == m) continue;
      index.set_follow(m, t, true);
    }
    if (r.unit() < 0.2) {
      const uint64_t tk = 1 + r.below(3);
      for (uint64_t i = 0; i < tk; ++i) index.set_interest(m, tags[pick_tag(r)], true);
    }
  }

  // Engagement per post: heavy-tailed (30% none, else Pareto with alpha 2.2), growing with the square root of
  // the author's connections, normalised so that the mean is about interactions_per_post. The factor 1.12
  // makes up for what is lost to duplicate reactions and to engagement that would come after "now".
  double sqrt_sum = 0;
  for (uint64_t s : stamps)
    sqrt_sum += std::sqrt(static_cast<double>(adj.degree(static_cast<uint32_t>(s))) + 1);
  const double mean_sqrt = stamps.empty() ? 1 : sqrt_sum / static_cast<double>(stamps.size());
  const double engagement_scale = o.interactions_per_post * 1.12 / mean_sqrt;
  constexpr double kAlpha = 2.2, kNone = 0.3;
  const double xm = (1.0 / (1 - kNone)) * (kAlpha - 1) / kAlpha;  // conditional mean 1 / (1 - kNone)
  constexpr double kReactionTypeCumulative[] = {0.60, 0.72, 0.80, 0.90, 0.94, 1.0};
  const uint64_t recent_posts =
      std::max<uint64_t>(1, static_cast<uint64_t>(static_cast<double>(stamps.size()) * 3 / o.days));

  struct Engagement {
    uint32_t member, at;
    feed::Interaction kind;
    uint8_t type;
  };
  std::vector<Engagement> eng;
  feed::FeedPost fp;
  fp.hashtags.reserve(4);
  for (size_t i = 0; i < stamps.size(); ++i) {
    const int64_t id = static_cast<int64_t>(i) + 1;
    const auto author = static_cast<uint32_t>(stamps[i]);
    const int64_t created = start + static_cast<int64_t>(stamps[i] >> 32);
    SplitMix64 r(SplitMix64::mix(seed ^ 0x9057ull) + kGolden * static_cast<uint64_t>(id));

    double u = r.unit();
    Kind kind = Kind::kNormal;
    if (u < kBaitShare) {
      kind = Kind::kBait;
    } else if ((u -= kBaitShare) < kLinkOnlyShare) {
      kind = Kind::kLinkOnly;
    } else if ((u -= kLinkOnlyShare) < kReshareShare && id > 1) {
      kind = r.unit() < kBareReshareShare ? Kind::kReshareBare : Kind::kReshareWithCommentary;
    }
    const auto& choices = of_kind[static_cast<size_t>(kind)];
    const Classified& c = by_template[choices[r.below(choices.size())]];
    fp.id = id;
    fp.author = author;
    fp.created_at = created * kMicrosPerSecond;
    fp.connections_only = r.unit() < kConnectionsOnlyShare;
    fp.reshare_of.reset();
    if (kind == Kind::kReshareBare || kind == Kind::kReshareWithCommentary) {
      fp.reshare_of =
          id - 1 -
          static_cast<int64_t>(r.below(std::min<uint64_t>(static_cast<uint64_t>(id - 1), recent_posts)));
    }
    fp.has_commentary = c.has_commentary;
    fp.engagement_bait = c.bait;
    fp.hashtags.clear();
    if (r.unit() < kHashtagShare) {
      const uint64_t k = 1 + r.below(3);
      for (uint64_t t = 0; t < k; ++t) {
        const std::string& tag = tags[pick_tag(r)];
        if (std::find(fp.hashtags.begin(), fp.hashtags.end(), tag) == fp.hashtags.end())
          fp.hashtags.push_back(tag);
      }
    }
    index.put_post(fp);
    ++st.posts;
    st.connections_only += fp.connections_only;
    st.reshares += fp.reshare_of.has_value();
    st.bare_reshares += kind == Kind::kReshareBare;
    st.link_only += kind == Kind::kLinkOnly;
    st.bait += c.bait;
    st.tagged += !fp.hashtags.empty();

    // Reactions and comments.
    const auto nb = adj.of(author);
    double x = 0;
    if (r.unit() >= kNone) x = xm * std::pow(1 - r.unit(), -1.0 / kAlpha);
    const double planned = engagement_scale * std::sqrt(static_cast<double>(nb.size()) + 1) * x;
    auto count = static_cast<size_t>(std::min(5000.0, std::floor(planned + r.unit())));
    eng.clear();
    for (size_t k = 0; k < count; ++k) {
      uint32_t who = 0;
      const double w = r.unit();
      if (nb.empty()) {
        who = fp.connections_only ? 0 : static_cast<uint32_t>(1 + r.below(n));
      } else if (fp.connections_only || w < 0.8) {
        who = nb[r.below(nb.size())];
      } else if (w < 0.95) {
        const uint32_t via = nb[r.below(nb.size())];
        const auto nb2 = adj.of(via);
        who = nb2.empty() ? via : nb2[r.below(nb2.size())];
      } else {
        who = static_cast<uint32_t>(1 + r.below(n));
      }
      // Most engagement comes within hours, some over the following days.
      const double d = r.unit();
      double delay = 0;
      if (d < 0.55) {
        delay = -3600.0 * std::log(1 - r.unit());
      } else if (d < 0.85) {
        delay = -36000.0 * std::log(1 - r.unit());
      } else {
        delay = r.unit() * 7 * 86400;
      }
      const bool comment = r.unit() < 0.2;
      const double tu = r.unit();
      uint8_t type = 0;
      while (type < 5 && tu >= kReactionTypeCumulative[type]) ++type;
      if (who == 0 || who == author) continue;
      const int64_t at = created + static_cast<int64_t>(delay);
      if (at > kNowSeconds) {
        ++st.future_dropped;
        continue;
      }
      eng.push_back({who, static_cast<uint32_t>(at - start),
                     comment ? feed::Interaction::kComment : feed::Interaction::kReaction,
                     comment ? uint8_t{0} : type});
    }
    // One reaction per member per post (the first); comments may repeat.
    std::sort(eng.begin(), eng.end(), [](const Engagement& a, const Engagement& b) {
      if (a.kind != b.kind) return a.kind < b.kind;
      if (a.member != b.member) return a.member < b.member;
      return a.at < b.at;
    });
    size_t added = 0;
    for (size_t k = 0; k < eng.size(); ++k) {
      const Engagement& e = eng[k];
      if (e.kind == feed::Interaction::kReaction && k > 0 && eng[k - 1].kind == e.kind &&
          eng[k - 1].member == e.member) {
        continue;
      }
      index.add_interaction(e.member, id, author, e.kind, e.type, (start + e.at) * kMicrosPerSecond);
      ++added;
      (e.kind == feed::Interaction::kComment ? st.comments : st.reactions)++;
    }
    st.max_post_engagement = std::max(st.max_post_engagement, added);
    if ((i + 1) % 2'000'000 == 0) {
      progress(std::to_string(i + 1) + " posts filled (" + secs(seconds_since(t0)) + ")");
    }
  }
  st.fill_s = seconds_since(t0);
  {
    auto rd = index.read();
    for (uint32_t m = 1; m <= n; ++m) {
      st.follows += rd.following(m).size();
      st.interests += rd.interests(m).size();
    }
  }
  t0 = SteadyClock::now();
  index.shrink_to_fit();
  st.shrink_s = seconds_since(t0);
  return st;
}

// ---- measuring -----------------------------------------------------------------------------------------

struct Series {
  std::vector<double> us;        // wall clock of the first run
  std::vector<double> quiet_us;  // the first run that was not preempted (else the fastest of 4)
  size_t preempted = 0;
  Latency all() const { return graph::summarize_latencies(us); }
  Latency quiet() const { return graph::summarize_latencies(quiet_us); }
};

// Times fn(attempt) (bench/measure.h): `us` gets the first run, `quiet_us` the first unpreempted one.
template <typename Fn>
void measure(Series& s, Fn&& fn) {
  const Timed t = time_unpreempted(fn);
  s.us.push_back(t.first_us);
  s.quiet_us.push_back(t.quiet_us);
  s.preempted += static_cast<size_t>(t.preempted_runs);
}

struct Bucket {
  size_t target = 0;
  std::vector<uint32_t> viewers;
  size_t degree_min = 0, degree_median = 0, degree_max = 0;
  std::vector<uint32_t> samples;  // viewer per query
  Series relevant, relevant_page2, recent;
  std::vector<std::vector<int64_t>> relevant_ids, recent_ids;  // Kring's first pages
  std::vector<std::vector<double>> relevant_scores;
  size_t relevant_items = 0, recent_items = 0;
  // PostgreSQL, on the first samples.
  std::vector<double> pg_relevant_us, pg_recent_us;
  size_t pg_errors = 0, pg_timeouts = 0;
  std::string pg_first_error;
  size_t recent_agree = 0, recent_disagree = 0;
  size_t relevant_identical = 0, relevant_overlap = 0, relevant_kring_items = 0;
  size_t relevant_same_top = 0;
  size_t scores_compared = 0, scores_equal = 0;  // posts on both relevant pages: same score within 1e-9
  bool pg_budget_hit = false;
};

// ---- PostgreSQL (the client is bench/pg_client.h) --------------------------------------------------

void append_int(std::string& s, int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, end);
}

// The tables: what the feed index holds, in the shape a competent schema would give it. Times are
// microseconds since the Unix epoch (whole seconds here), as in the product's schema. Counters on posts
// (reactions, comments, colleagues' share, early engagements) and members (connections, followers) are what
// an application keeps current as engagement arrives (the index keeps the same counts); has_commentary and
// bait are derived from the text when the post is written, as the index does.
constexpr const char* kPgTables[] = {
    "CREATE TABLE members (id bigint NOT NULL, connection_count integer NOT NULL, follower_count integer NOT "
    "NULL)",
    "CREATE TABLE connections (member bigint NOT NULL, other bigint NOT NULL)",  // both directions
    "CREATE TABLE follows (follower bigint NOT NULL, target bigint NOT NULL)",
    "CREATE TABLE member_interests (member_id bigint NOT NULL, tag text NOT NULL)",
    "CREATE TABLE posts (id bigint NOT NULL, author_id bigint NOT NULL, created_at bigint NOT NULL, "
    "connections_only boolean NOT NULL, reshare_of bigint, has_commentary boolean NOT NULL, bait boolean NOT "
    "NULL, "
    "reaction_count integer NOT NULL, comment_count integer NOT NULL, colleague_reactions integer NOT NULL, "
    "colleague_comments integer NOT NULL, early_engagements integer NOT NULL)",
    "CREATE TABLE post_hashtags (post_id bigint NOT NULL, tag text NOT NULL, created_at bigint NOT NULL)",
    "CREATE TABLE reactions (post_id bigint NOT NULL, member_id bigint NOT NULL, type text NOT NULL, "
    "created_at bigint NOT NULL)",
    "CREATE TABLE comments (id bigint NOT NULL, post_id bigint NOT NULL, author_id bigint NOT NULL, "
    "created_at bigint NOT NULL)",
};
// Built after the load (sorting once beats millions of B-tree inserts), as pg_restore does.
constexpr const char* kPgIndexes[] = {
    "ALTER TABLE members ADD PRIMARY KEY (id)",
    "ALTER TABLE connections ADD PRIMARY KEY (member, other)",
    "ALTER TABLE follows ADD PRIMARY KEY (follower, target)",
    "ALTER TABLE member_interests ADD PRIMARY KEY (member_id, tag)",
    "ALTER TABLE posts ADD PRIMARY KEY (id)",
    "CREATE INDEX posts_author_created ON posts (author_id, created_at DESC, id DESC)",
    "ALTER TABLE post_hashtags ADD PRIMARY KEY (post_id, tag)",
    "CREATE INDEX post_hashtags_tag_created ON post_hashtags (tag, created_at DESC, post_id DESC)",
    "ALTER TABLE reactions ADD PRIMARY KEY (post_id, member_id)",
    "CREATE INDEX reactions_member_created ON reactions (member_id, created_at DESC) INCLUDE (post_id)",
    "ALTER TABLE comments ADD PRIMARY KEY (id)",
    "CREATE INDEX comments_post ON comments (post_id)",
    "CREATE INDEX comments_author_created ON comments (author_id, created_at DESC) INCLUDE (post_id)",
};
constexpr const char* kPgTableNames[] = {"members", "connections",   "follows",   "member_interests",
                                         "posts",   "post_hashtags", "reactions", "comments"};

struct PgLoad {
  double tables_s = 0, indexes_s = 0, analyze_s = 0, total_s = 0;
  std::vector<std::pair<std::string, double>> per_table;  // COPY seconds
  size_t rows_connections = 0, rows_posts = 0, rows_hashtags = 0, rows_reactions = 0, rows_comments = 0;
  int64_t database_bytes = 0;
};

// Loads the index's contents (and the connections, both directions) with COPY ... FREEZE into tables created
// in the same transaction, then builds the indexes and runs VACUUM ANALYZE.
Status load_postgres(Pg& pg, const feed::FeedIndex& index, const Adjacency& adj, uint32_t n, size_t max_post,
                     PgLoad& t) {
  const auto t_all = SteadyClock::now();
  KRING_TRY(pg.run("SET maintenance_work_mem = '1GB'"));
  KRING_TRY(pg.run("SET synchronous_commit = off"));
  const auto& types = feed::reaction_types();
  auto rd = index.read();
  constexpr size_t kChunk = 1u << 20;

  auto copy = [&](size_t table, const std::string& columns, auto&& fill) -> Status {
    const auto t0 = SteadyClock::now();
    KRING_TRY(pg.run("BEGIN"));
    KRING_TRY(pg.run(kPgTables[table]));
    KRING_TRY(pg.copy_in(
        std::string("COPY ") + kPgTableNames[table] + " (" + columns + ") FROM STDIN WITH (FREEZE)", fill));
    KRING_TRY(pg.run("COMMIT"));
    t.per_table.emplace_back(kPgTableNames[table], seconds_since(t0));
    progress("postgresql: " + std::string(kPgTableNames[table]) + " copied in " + secs(seconds_since(t0)));
    return {};
  };

  uint32_t m = 1;
  size_t k = 0;
  KRING_TRY(copy(0, "id, connection_count, follower_count", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      append_int(buf, m);
      buf += '\t';
      append_int(buf, static_cast<int64_t>(adj.degree(m)));
      buf += '\t';
      append_int(buf, rd.followers(m));
      buf += '\n';
    }
    return m <= n;
  }));
  m = 1;
  KRING_TRY(copy(1, "member, other", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      for (uint32_t o : adj.of(m)) {
        append_int(buf, m);
        buf += '\t';
        append_int(buf, o);
        buf += '\n';
        ++t.rows_connections;
      }
    }
    return m <= n;
  }));
  m = 1;
  KRING_TRY(copy(2, "follower, target", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      for (uint32_t f : rd.following(m)) {
        append_int(buf, m);
        buf += '\t';
        append_int(buf, f);
        buf += '\n';
      }
    }
    return m <= n;
  }));
  m = 1;
  KRING_TRY(copy(3, "member_id, tag", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      for (uint32_t tag : rd.interests(m)) {
        append_int(buf, m);
        buf += '\t';
        buf += rd.tag_name(tag);
        buf += '\n';
      }
    }
    return m <= n;
  }));
  size_t id = 1;
  KRING_TRY(copy(4,
                 "id, author_id, created_at, connections_only, reshare_of, has_commentary, bait, "
                 "reaction_count, comment_count, colleague_reactions, colleague_comments, early_engagements",
                 [&](std::string& buf) {
                   for (; id <= max_post && buf.size() < kChunk; ++id) {
                     const feed::PostRecord* r = rd.post(static_cast<int64_t>(id));
                     if (!r) continue;
                     append_int(buf, static_cast<int64_t>(id));
                     buf += '\t';
                     append_int(buf, r->author);
                     buf += '\t';
                     append_int(buf, graph::Graph::from_stored_time(r->created));
                     buf += r->connections_only() ? "\tt\t" : "\tf\t";
                     if (r->reshare_of) {
                       append_int(buf, r->reshare_of);
                     } else {
                       buf += "\\N";
                     }
                     buf += r->has_commentary() ? "\tt" : "\tf";
                     buf += r->bait() ? "\tt\t" : "\tf\t";
                     append_int(buf, r->reactions);
                     buf += '\t';
                     append_int(buf, r->comments);
                     buf += '\t';
                     append_int(buf, r->colleague_reactions);
                     buf += '\t';
                     append_int(buf, r->colleague_comments);
                     buf += '\t';
                     append_int(buf, r->early);
                     buf += '\n';
                     ++t.rows_posts;
                   }
                   return id <= max_post;
                 }));
  id = 1;
  KRING_TRY(copy(5, "post_id, tag, created_at", [&](std::string& buf) {
    for (; id <= max_post && buf.size() < kChunk; ++id) {
      const feed::PostRecord* r = rd.post(static_cast<int64_t>(id));
      if (!r) continue;
      for (uint32_t tag : rd.tags_of(*r)) {
        append_int(buf, static_cast<int64_t>(id));
        buf += '\t';
        buf += rd.tag_name(tag);
        buf += '\t';
        append_int(buf, graph::Graph::from_stored_time(r->created));
        buf += '\n';
        ++t.rows_hashtags;
      }
    }
    return id <= max_post;
  }));
  m = 1;
  KRING_TRY(copy(6, "post_id, member_id, type, created_at", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      for (const feed::InteractionRecord& e : rd.interactions_of(m)) {
        if (e.kind != feed::Interaction::kReaction) continue;
        append_int(buf, e.post);
        buf += '\t';
        append_int(buf, m);
        buf += '\t';
        buf += types[std::min<size_t>(e.type, types.size() - 1)];
        buf += '\t';
        append_int(buf, graph::Graph::from_stored_time(e.at));
        buf += '\n';
        ++t.rows_reactions;
      }
    }
    return m <= n;
  }));
  m = 1;
  k = 0;
  KRING_TRY(copy(7, "id, post_id, author_id, created_at", [&](std::string& buf) {
    for (; m <= n && buf.size() < kChunk; ++m) {
      for (const feed::InteractionRecord& e : rd.interactions_of(m)) {
        if (e.kind != feed::Interaction::kComment) continue;
        append_int(buf, static_cast<int64_t>(++k));
        buf += '\t';
        append_int(buf, e.post);
        buf += '\t';
        append_int(buf, m);
        buf += '\t';
        append_int(buf, graph::Graph::from_stored_time(e.at));
        buf += '\n';
        ++t.rows_comments;
      }
    }
    return m <= n;
  }));
  t.tables_s = seconds_since(t_all);

  auto t0 = SteadyClock::now();
  for (const char* sql : kPgIndexes) {
    const auto ti = SteadyClock::now();
    KRING_TRY(pg.run(sql));
    progress("postgresql: " + std::string(sql).substr(0, 70) + " in " + secs(seconds_since(ti)));
  }
  t.indexes_s = seconds_since(t0);
  t0 = SteadyClock::now();
  for (const char* table : kPgTableNames) KRING_TRY(pg.run(std::string("VACUUM ANALYZE ") + table));
  t.analyze_s = seconds_since(t0);
  t.total_s = seconds_since(t_all);
  if (auto v = pg.value("SELECT pg_database_size(current_database())"))
    t.database_bytes = std::strtoll(v->c_str(), nullptr, 10);
  return {};
}

std::string num(double x) {
  std::ostringstream s;
  s.precision(15);
  s << x;
  return s.str();
}

// Most recent, in SQL: the newest posts of the window by connections and followed members (a followed
// member's connections-only posts left out) and with followed hashtags, newest first. Each source's list is
// cut at the page size inside a LATERAL subquery on the (author, created_at DESC) index: the top-N-per-group
// form, which reads at most 10 index entries per source instead of every post of every connection.
// $1 viewer, $2 window start.
std::string pg_recent_sql() {
  return "WITH conn AS MATERIALIZED (SELECT other AS m FROM connections WHERE member = $1::bigint), "
         "src AS (SELECT m, true AS is_conn FROM conn "
         " UNION ALL SELECT f.target, false FROM follows f WHERE f.follower = $1::bigint AND f.target <> "
         "$1::bigint "
         " AND f.target NOT IN (SELECT m FROM conn)), "
         "cand AS ("
         " SELECT p.id, p.created_at FROM src CROSS JOIN LATERAL ("
         "  SELECT id, created_at FROM posts WHERE author_id = src.m AND created_at >= $2::bigint "
         "  AND (src.is_conn OR NOT connections_only) ORDER BY created_at DESC, id DESC LIMIT 10) p"
         " UNION"
         " SELECT h.post_id, h.created_at FROM member_interests i CROSS JOIN LATERAL ("
         "  SELECT t.post_id, t.created_at FROM post_hashtags t JOIN posts p ON p.id = t.post_id"
         "  WHERE t.tag = i.tag AND t.created_at >= $2::bigint AND p.author_id <> $1::bigint"
         "  AND (NOT p.connections_only OR p.author_id IN (SELECT m FROM conn))"
         "  ORDER BY t.created_at DESC, t.post_id DESC LIMIT 10) h"
         " WHERE i.member_id = $1::bigint) "
         "SELECT id FROM cand ORDER BY created_at DESC, id DESC LIMIT 10";
}

// Most relevant, in SQL: the candidates FeedService gathers (the newest posts_per_author posts of each
// connection and followed member, the newest posts_per_hashtag of each followed hashtag, the posts behind
// each connection's newest interactions_per_connection reactions and comments within the engagement horizon),
// merged per post (strongest source, connections engaged), scored with every term of feed::score and the
// weights of kWeights: relationship, connections engaged, affinity (the viewer's own reactions and comments
// per author with its half-life), quality with the employee bubble, early engagement per member of reach,
// freshness, author diversity (the author's posts in the repeat window before), no commentary and bait; best
// 10 by score. Not done: spread_authors (reordering within the top max_ranked). $1 viewer, $2 window start,
// $3 now, $4 engagement horizon start.
std::string pg_relevant_sql() {
  const feed::Weights& w = feed::kWeights;
  const feed::FeedLimits lim;
  const std::string per_author = std::to_string(lim.posts_per_author);
  const std::string per_tag = std::to_string(lim.posts_per_hashtag);
  const std::string per_conn = std::to_string(lim.interactions_per_connection);
  std::string s;
  s += "WITH conn AS MATERIALIZED (SELECT other AS m FROM connections WHERE member = $1::bigint), "
       "fol AS MATERIALIZED (SELECT target AS m FROM follows WHERE follower = $1::bigint AND target <> "
       "$1::bigint "
       " AND target NOT IN (SELECT m FROM conn)), "
       "entries AS ("
       " SELECT p.id AS post, 0 AS source, 0 AS engaged FROM conn CROSS JOIN LATERAL ("
       "  SELECT id FROM posts WHERE author_id = conn.m AND created_at >= $2::bigint AND created_at <= "
       "$3::bigint"
       "  ORDER BY created_at DESC, id DESC LIMIT " +
       per_author +
       ") p"
       " UNION ALL"
       " SELECT p.id, 1, 0 FROM fol CROSS JOIN LATERAL ("
       "  SELECT id FROM posts WHERE author_id = fol.m AND created_at >= $2::bigint AND created_at <= "
       "$3::bigint"
       "  AND NOT connections_only ORDER BY created_at DESC, id DESC LIMIT " +
       per_author +
       ") p"
       " UNION ALL"
       " SELECT h.post_id, 2, 0 FROM member_interests i CROSS JOIN LATERAL ("
       "  SELECT t.post_id FROM post_hashtags t JOIN posts p ON p.id = t.post_id"
       "  WHERE t.tag = i.tag AND t.created_at >= $2::bigint AND t.created_at <= $3::bigint"
       "  AND p.author_id <> $1::bigint AND (NOT p.connections_only OR p.author_id IN (SELECT m FROM conn))"
       "  ORDER BY t.created_at DESC, t.post_id DESC LIMIT " +
       per_tag +
       ") h"
       " WHERE i.member_id = $1::bigint"
       " UNION ALL"
       " SELECT e.post_id, MIN(e.source), 1 FROM conn CROSS JOIN LATERAL ("
       "  SELECT x.post_id, x.source FROM ("
       "   (SELECT post_id, created_at, 4 AS source FROM reactions WHERE member_id = conn.m"
       "    AND created_at >= $4::bigint AND created_at <= $3::bigint ORDER BY created_at DESC LIMIT " +
       per_conn +
       ")"
       "   UNION ALL"
       "   (SELECT post_id, created_at, 3 FROM comments WHERE author_id = conn.m"
       "    AND created_at >= $4::bigint AND created_at <= $3::bigint ORDER BY created_at DESC LIMIT " +
       per_conn +
       ")"
       "  ) x ORDER BY x.created_at DESC LIMIT " +
       per_conn +
       ") e"
       " GROUP BY e.post_id, conn.m), "
       "cand AS (SELECT post, MIN(source) AS source, SUM(engaged) AS engaged FROM entries GROUP BY post), "
       "aff AS (SELECT p.author_id AS author, SUM(x.w * power(0.5::float8, ($3::bigint - x.created_at) / "
       "86400e6::float8 / " +
       num(w.affinity_half_life_days) +
       ")) AS value FROM ("
       "  SELECT post_id, created_at, " +
       num(w.affinity_reaction) +
       "::float8 AS w FROM reactions"
       "  WHERE member_id = $1::bigint AND created_at >= $2::bigint AND created_at <= $3::bigint"
       "  UNION ALL SELECT post_id, created_at, " +
       num(w.affinity_comment) +
       "::float8 FROM comments"
       "  WHERE author_id = $1::bigint AND created_at >= $2::bigint AND created_at <= $3::bigint) x"
       " JOIN posts p ON p.id = x.post_id GROUP BY p.author_id) "
       "SELECT c.post, ("
       " (CASE c.source WHEN 0 THEN " +
       num(w.connection_post) + " WHEN 1 THEN " + num(w.followed_member) + "  WHEN 2 THEN " +
       num(w.followed_hashtag) + " WHEN 3 THEN " + num(w.connection_commented) + "  ELSE " +
       num(w.connection_reacted) +
       " END)::float8"
       " + " +
       num(w.connections_engaged) +
       "::float8 * ln(1 + c.engaged::float8)"
       " + " +
       num(w.affinity) +
       "::float8 * ln(1 + COALESCE(a.value, 0)::float8)"
       " + " +
       num(w.quality) + "::float8 * ln(1 + " + num(w.quality_comment) +
       "::float8 * (GREATEST(p.comment_count - p.colleague_comments, 0) + " + num(w.colleague_share) +
       "::float8 * LEAST(p.colleague_comments, p.comment_count)) + " + num(w.quality_reaction) +
       "::float8 * (GREATEST(p.reaction_count - p.colleague_reactions, 0) + " + num(w.colleague_share) +
       "::float8 * LEAST(p.colleague_reactions, p.reaction_count)))"
       " + CASE WHEN p.early_engagements > 0 THEN " +
       num(w.early_engagement) +
       "::float8 * LEAST(p.early_engagements::float8"
       " / GREATEST(ma.connection_count + ma.follower_count, " +
       std::to_string(w.min_reach) + "), " + num(w.early_rate_cap) +
       "::float8) ELSE 0 END"
       ") * power(0.5::float8, GREATEST($3::bigint - p.created_at, 0) / 3600e6::float8 / " +
       num(w.freshness_half_life_hours) +
       ")"
       " * CASE WHEN d.earlier > 0 THEN GREATEST(" +
       num(w.repeat_post_floor) + "::float8, power(" + num(w.repeat_post) +
       "::float8, d.earlier::float8)) ELSE 1 END"
       " * CASE WHEN p.has_commentary THEN 1 ELSE " +
       num(w.no_commentary) +
       " END"
       " * CASE WHEN p.bait THEN " +
       num(w.engagement_bait) +
       " ELSE 1 END AS score "
       "FROM cand c JOIN posts p ON p.id = c.post LEFT JOIN aff a ON a.author = p.author_id "
       "JOIN members ma ON ma.id = p.author_id "
       "CROSS JOIN LATERAL (SELECT count(*) AS earlier FROM posts q WHERE q.author_id = p.author_id"
       " AND q.created_at >= p.created_at - " +
       std::to_string(w.repeat_window_hours * 3600LL * 1'000'000LL) +
       " AND (q.created_at < p.created_at OR (q.created_at = p.created_at AND q.id < p.id))) d "
       "WHERE p.author_id <> $1::bigint AND p.created_at >= $2::bigint"
       " AND (NOT p.connections_only OR p.author_id IN (SELECT m FROM conn)) "
       "ORDER BY score DESC, c.post DESC LIMIT 10";
  return s;
}

// ---- output --------------------------------------------------------------------------------------------

constexpr double kTargetRelevantP99Ms = 25;
constexpr double kTargetRatio = 20;

double round_to(double x, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(x * scale) / scale;
}

Json latency_json(const Latency& l) {
  return {{"p50_ms", round_to(l.p50_us / 1000, 3)},
          {"p99_ms", round_to(l.p99_us / 1000, 3)},
          {"max_ms", round_to(l.max_us / 1000, 3)},
          {"mean_ms", round_to(l.mean_us / 1000, 3)},
          {"qps", l.mean_us > 0 ? round_to(1e6 / l.mean_us, 1) : 0.0},
          {"samples", l.samples}};
}

std::string fmt_ms(double us) {
  char buf[32];
  if (us >= 100000) {
    std::snprintf(buf, sizeof buf, "%.0f ms", us / 1000);
  } else if (us >= 10000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", us / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f ms", us / 1000);
  }
  return buf;
}

std::string mib(double bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f MiB", bytes / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

int run_feed_bench(const FeedBenchOptions& o) {
  if (o.print_sql) {
    std::printf(
        "-- most relevant ($1 viewer, $2 window start, $3 now, $4 engagement horizon start; "
        "microseconds)\n%s;\n\n"
        "-- most recent ($1 viewer, $2 window start)\n%s;\n",
        pg_relevant_sql().c_str(), pg_recent_sql().c_str());
    return 0;
  }
  if (o.members < 100 || o.members > graph::Graph::kMaxMember) {
    std::cerr << "kring: --members must be from 100 to " << graph::Graph::kMaxMember << "\n";
    return 2;
  }
  if (o.days < 1 || o.days > 30) {
    std::cerr << "kring: --days must be from 1 to 30 (the feed index keeps 30 days)\n";
    return 2;
  }
  if (!(o.avg_connections > 0) || o.avg_connections > 5000) {
    std::cerr << "kring: --avg-connections must be more than 0 and at most 5000\n";
    return 2;
  }
  if (o.queries == 0) {
    std::cerr << "kring: --queries must be at least 1\n";
    return 2;
  }
  std::optional<Pg> admin;
  if (!o.compare_postgres.empty()) {  // fail before anything runs
    admin.emplace(o.compare_postgres);
    if (!admin->ok()) {
      std::cerr << "kring: cannot connect to PostgreSQL: " << admin->error() << "\n";
      return 1;
    }
  }
  const auto t_run = SteadyClock::now();
  const auto n = static_cast<uint32_t>(o.members);

  // 1. The network.
  progress("generating " + std::to_string(o.members) + " members x " + std::to_string(o.avg_connections) +
           " connections, seed " + std::to_string(o.seed));
  auto t0 = SteadyClock::now();
  graph::GeneratedGraph gen = graph::generate_social_graph(o.members, o.avg_connections, o.seed);
  std::unique_ptr<graph::Graph> graph = graph::Graph::build(gen.edges, o.members);
  const double graph_s = seconds_since(t0);
  t0 = SteadyClock::now();
  const Adjacency adj = build_adjacency(gen.edges, n);
  const double adjacency_s = seconds_since(t0);
  const size_t connections = gen.edges.size();
  size_t max_degree = 0;
  for (uint32_t m = 1; m <= n; ++m) max_degree = std::max(max_degree, adj.degree(m));
  progress(std::to_string(connections) + " connections (max degree " + std::to_string(max_degree) + ") in " +
           secs(graph_s));

  // 2. The feed index, filled through its mutators.
  ManualClock clock(kNowSeconds * kMicrosPerSecond);
  feed::FeedIndex index(clock);
  const int64_t rss0 = rss_bytes();
  DataStats data = fill_index(index, gen, adj, o);
  data.graph_s = graph_s;
  data.adjacency_s = adjacency_s;
  const int64_t rss_growth = rss_bytes() - rss0;
  const feed::FeedIndexStats ist = index.stats();
  progress("index filled in " + secs(data.fill_s) + ": " + std::to_string(ist.posts) + " posts, " +
           std::to_string(ist.interactions) + " interactions, " + mib(static_cast<double>(ist.memory_bytes)));
  size_t max_log = 0;
  {
    auto rd = index.read();
    for (uint32_t m = 1; m <= n; ++m) max_log = std::max(max_log, rd.interactions_of(m).size());
  }

  // 3. Viewers per target degree: within 20% of it, closest first (ties by a hash of the id), at most
  // viewers_per_bucket; at least the 5 closest when fewer are that close.
  std::vector<Bucket> buckets;
  for (size_t target : o.target_degrees) {
    Bucket b;
    b.target = target;
    std::vector<std::pair<uint64_t, uint64_t>> order;  // (distance, hash) -> member via low bits
    std::vector<uint32_t> by;
    order.reserve(n);
    for (uint32_t m = 1; m <= n; ++m) {
      const size_t d = adj.degree(m);
      const uint64_t dist = d > target ? d - target : target - d;
      order.emplace_back((dist << 32) | (SplitMix64::mix(o.seed ^ m) & 0xFFFFFFFFull), m);
    }
    const size_t keep = std::min<size_t>(order.size(), o.viewers_per_bucket);
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end());
    for (size_t i = 0; i < keep; ++i) {
      const uint64_t dist = order[i].first >> 32;
      if (i >= 5 && static_cast<double>(dist) > 0.2 * static_cast<double>(target)) break;
      b.viewers.push_back(static_cast<uint32_t>(order[i].second));
    }
    std::vector<size_t> degs;
    for (uint32_t v : b.viewers) degs.push_back(adj.degree(v));
    std::sort(degs.begin(), degs.end());
    if (!degs.empty()) {
      b.degree_min = degs.front();
      b.degree_max = degs.back();
      b.degree_median = degs[degs.size() / 2];
    }
    for (size_t q = 0; q < o.queries && !b.viewers.empty(); ++q)
      b.samples.push_back(b.viewers[q % b.viewers.size()]);
    buckets.push_back(std::move(b));
  }

  // 4. Kring, single-threaded, in process. One unmeasured pass over every viewer first.
  feed::FeedService service(index, *graph, clock);
  progress("asking Kring");
  for (const Bucket& b : buckets) {
    for (uint32_t v : b.viewers) {
      auto p = service.relevant(v, 10, "");
      g_sink = g_sink + (p.ok() ? p->items.size() : 0);
      auto r = service.recent(v, 10, "");
      g_sink = g_sink + (r.ok() ? r->items.size() : 0);
    }
  }
  size_t kring_errors = 0;
  for (Bucket& b : buckets) {
    for (uint32_t v : b.samples) {
      std::optional<feed::FeedPage> page1;
      measure(b.relevant, [&](int) {
        auto p = service.relevant(v, 10, "");
        if (p.ok()) {
          page1 = std::move(*p);
        } else {
          ++kring_errors;
        }
      });
      std::vector<int64_t> ids;
      std::vector<double> scores;
      if (page1) {
        for (const auto& it : page1->items) {
          ids.push_back(it.post);
          scores.push_back(it.score);
        }
      }
      b.relevant_scores.push_back(std::move(scores));
      b.relevant_items += ids.size();
      b.relevant_ids.push_back(std::move(ids));
      if (page1 && page1->next_cursor) {
        const std::string cursor = *page1->next_cursor;
        measure(b.relevant_page2, [&](int) {
          auto p = service.relevant(v, 10, cursor);
          if (p.ok()) {
            g_sink = g_sink + p->items.size();
          } else {
            ++kring_errors;
          }
        });
      }
      std::vector<int64_t> rids;
      measure(b.recent, [&](int attempt) {
        auto p = service.recent(v, 10, "");
        if (!p.ok()) {
          ++kring_errors;
          return;
        }
        if (attempt == 0) {
          for (const auto& it : p->items) rids.push_back(it.post);
        }
      });
      b.recent_items += rids.size();
      b.recent_ids.push_back(std::move(rids));
    }
    const Latency l = b.relevant.all();
    progress("bucket " + std::to_string(b.target) + ": relevant p50 " + fmt_ms(l.p50_us) + " p99 " +
             fmt_ms(l.p99_us) + ", recent p50 " + fmt_ms(b.recent.all().p50_us));
  }

  // Throughput: the relevant first page for the middle bucket's viewers on every hardware thread.
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  double throughput_qps = 0;
  size_t throughput_queries = 0;
  const Bucket* tb = nullptr;
  for (const Bucket& b : buckets) {
    if (b.target == 500 && !b.viewers.empty()) tb = &b;
  }
  if (!tb && !buckets.empty() && !buckets[buckets.size() / 2].viewers.empty())
    tb = &buckets[buckets.size() / 2];
  if (tb && o.throughput_seconds > 0) {
    std::atomic<size_t> done{0};
    std::atomic<bool> stop{false};
    std::vector<std::thread> pool;
    const auto ts = SteadyClock::now();
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        size_t i = t;
        while (!stop.load(std::memory_order_relaxed)) {
          auto p = service.relevant(tb->viewers[i % tb->viewers.size()], 10, "");
          g_sink = g_sink + (p.ok() ? p->items.size() : 0);
          i += threads;
          done.fetch_add(1, std::memory_order_relaxed);
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(o.throughput_seconds));
    stop = true;
    for (auto& th : pool) th.join();
    throughput_queries = done.load();
    throughput_qps = static_cast<double>(throughput_queries) / seconds_since(ts);
  }

  // 5. PostgreSQL.
  PgLoad pg_load;
  std::string pg_version;
  const bool compared = admin.has_value();
  if (compared) {
    pg_version = admin->value("SHOW server_version").value_or("?");
    PgScratch scratch(*admin, "kring_feedbench", "feed bench");
    if (Status s = scratch.create(); !s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    Pg pg(with_database(o.compare_postgres, scratch.name()));
    if (!pg.ok()) {
      std::cerr << "kring: postgresql: " << pg.error() << "\n";
      return 1;
    }
    progress("loading PostgreSQL " + pg_version + " (database " + scratch.name() + ") with COPY");
    if (Status s = load_postgres(pg, index, adj, n, data.posts, pg_load); !s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    progress("PostgreSQL loaded in " + secs(pg_load.total_s) + " (tables " + secs(pg_load.tables_s) +
             ", indexes " + secs(pg_load.indexes_s) + ", VACUUM ANALYZE " + secs(pg_load.analyze_s) +
             ", database " + mib(static_cast<double>(pg_load.database_bytes)) + "); asking it");
    Status s = pg.run("SET jit = off");
    if (s.ok()) s = pg.run("SET work_mem = '64MB'");
    if (s.ok()) s = pg.run("SET random_page_cost = 1.1");
    if (s.ok()) s = pg.run("SET statement_timeout = " + std::to_string(o.pg_statement_timeout_ms));
    if (s.ok()) s = pg.prepare("relevant", pg_relevant_sql());
    if (s.ok()) s = pg.prepare("recent", pg_recent_sql());
    if (!s.ok()) {
      std::cerr << "kring: " << s.error().message << "\n";
      return 1;
    }
    int64_t cutoff_us = 0;
    {
      auto rd = index.read();
      cutoff_us = graph::Graph::from_stored_time(rd.cutoff());
    }
    const int64_t now_us = clock.now();
    const int64_t horizon_us = std::max(now_us - feed::FeedLimits{}.engagement_horizon, cutoff_us);
    const std::string cutoff = std::to_string(cutoff_us), now = std::to_string(now_us),
                      horizon = std::to_string(horizon_us);
    auto ask = [&](Bucket& b, const char* stmt, uint32_t viewer, std::vector<int64_t>& ids,
                   std::vector<double>* scores = nullptr) -> std::optional<double> {
      const std::string v = std::to_string(viewer);
      const char* values[4] = {v.c_str(), cutoff.c_str(), now.c_str(), horizon.c_str()};
      const int nparams = std::strcmp(stmt, "recent") == 0 ? 2 : 4;
      const auto a = SteadyClock::now();
      PgResult r(PQexecPrepared(pg.conn(), stmt, nparams, values, nullptr, nullptr, 0));
      const double us = us_between(a, SteadyClock::now());
      if (r.status() != PGRES_TUPLES_OK) {
        if (r.sqlstate() == "57014") {
          ++b.pg_timeouts;
          return us;
        }
        ++b.pg_errors;
        if (b.pg_first_error.empty()) b.pg_first_error = pg.error();
        return std::nullopt;
      }
      for (int row = 0; row < r.rows(); ++row) {
        ids.push_back(r.i64(row, 0));
        if (scores) scores->push_back(std::strtod(PQgetvalue(r.r, row, 1), nullptr));
      }
      return us;
    };
    // One unmeasured pass over every viewer, as for Kring.
    for (Bucket& b : buckets) {
      for (uint32_t v : b.viewers) {
        std::vector<int64_t> ignored;
        (void)ask(b, "relevant", v, ignored);
        (void)ask(b, "recent", v, ignored);
      }
      b.pg_errors = b.pg_timeouts = 0;
    }
    for (Bucket& b : buckets) {
      progress("postgresql: bucket " + std::to_string(b.target));
      const auto start = SteadyClock::now();
      const size_t limit = std::min(o.pg_queries, b.samples.size());
      for (size_t i = 0; i < limit; ++i) {
        if (i > 0 && seconds_since(start) > o.pg_seconds) {
          b.pg_budget_hit = true;
          break;
        }
        std::vector<int64_t> rel, rec;
        std::vector<double> rel_scores;
        auto ur = ask(b, "relevant", b.samples[i], rel, &rel_scores);
        auto uc = ask(b, "recent", b.samples[i], rec);
        if (!ur || !uc) break;  // the same statement would fail again
        b.pg_relevant_us.push_back(*ur);
        b.pg_recent_us.push_back(*uc);
        (rec == b.recent_ids[i] ? b.recent_agree : b.recent_disagree)++;
        const std::vector<int64_t>& k = b.relevant_ids[i];
        b.relevant_identical += rel == k;
        b.relevant_same_top += !rel.empty() && !k.empty() && rel.front() == k.front();
        b.relevant_kring_items += k.size();
        for (size_t x = 0; x < k.size(); ++x) {
          auto it = std::find(rel.begin(), rel.end(), k[x]);
          if (it == rel.end()) continue;
          ++b.relevant_overlap;
          ++b.scores_compared;
          const double ks = b.relevant_scores[i][x], ps = rel_scores[static_cast<size_t>(it - rel.begin())];
          b.scores_equal += std::fabs(ks - ps) <= 1e-9 * std::max(1.0, std::fabs(ks));
        }
      }
      progress("postgresql: bucket " + std::to_string(b.target) + ": relevant p50 " +
               fmt_ms(graph::summarize_latencies(b.pg_relevant_us).p50_us) + ", recent p50 " +
               fmt_ms(graph::summarize_latencies(b.pg_recent_us).p50_us));
    }
  }
  const double run_s = seconds_since(t_run);

  // 6. Report.
  const double per_post =
      ist.posts ? static_cast<double>(ist.memory_bytes) / static_cast<double>(ist.posts) : 0;
  std::printf(
      "Feed: %lld members, %zu connections (avg degree %.1f, max %zu), seed %llu, %d days ending %s\n",
      static_cast<long long>(o.members), connections,
      2.0 * static_cast<double>(connections) / static_cast<double>(o.members), max_degree,
      static_cast<unsigned long long>(o.seed), o.days, format_rfc3339(clock.now()).c_str());
  std::printf(
      "Posts: %zu (%.3f per member per day; %.1f%% connections-only, %.1f%% reshares of which %.0f%% without "
      "commentary, %.1f%% link-only, %.1f%% bait, %.1f%% with hashtags)\n",
      data.posts, static_cast<double>(data.posts) / static_cast<double>(o.members) / o.days,
      100.0 * static_cast<double>(data.connections_only) /
          static_cast<double>(std::max<size_t>(1, data.posts)),
      100.0 * static_cast<double>(data.reshares) / static_cast<double>(std::max<size_t>(1, data.posts)),
      100.0 * static_cast<double>(data.bare_reshares) /
          static_cast<double>(std::max<size_t>(1, data.reshares)),
      100.0 * static_cast<double>(data.link_only) / static_cast<double>(std::max<size_t>(1, data.posts)),
      100.0 * static_cast<double>(data.bait) / static_cast<double>(std::max<size_t>(1, data.posts)),
      100.0 * static_cast<double>(data.tagged) / static_cast<double>(std::max<size_t>(1, data.posts)));
  std::printf(
      "Engagement: %zu reactions + %zu comments = %.2f per post (max %zu on one post); %zu in the index "
      "after "
      "its per-member cap (longest log %zu); follows %zu, followed hashtags %zu, %zu members employed\n",
      data.reactions, data.comments,
      static_cast<double>(data.reactions + data.comments) /
          static_cast<double>(std::max<size_t>(1, data.posts)),
      data.max_post_engagement, ist.interactions, max_log, data.follows, data.interests, data.employed);
  std::printf("Generated: graph %.1f s, schedule %.1f s, index filled %.1f s (+ shrink %.1f s)\n",
              data.graph_s, data.schedule_s, data.fill_s, data.shrink_s);
  std::printf(
      "Memory: FeedIndex %s (%.1f bytes per post, interactions and members included); RSS growth while "
      "filling %s\n",
      mib(static_cast<double>(ist.memory_bytes)).c_str(), per_post,
      mib(static_cast<double>(rss_growth)).c_str());
  if (compared) {
    std::printf(
        "PostgreSQL %s: loaded in %.1f s (COPY %.1f s, indexes %.1f s, VACUUM ANALYZE %.1f s), database %s\n",
        pg_version.c_str(), pg_load.total_s, pg_load.tables_s, pg_load.indexes_s, pg_load.analyze_s,
        mib(static_cast<double>(pg_load.database_bytes)).c_str());
  }
  std::printf("\n%-22s %-16s %9s %9s %12s %9s %7s %6s |%9s %9s %5s | %9s\n", "viewers (connections)", "mode",
              "Kring p50", "Kring p99", "p99 unpreem.", "max", "q/s", "n", "PG p50", "PG p99", "PG n",
              "PG/Kring");
  Json buckets_json = Json::object();
  Json targets = Json::object();
  double ratio_500 = 0, p99_500 = -1, p99q_500 = -1;
  for (Bucket& b : buckets) {
    char who[64];
    std::snprintf(who, sizeof who, "~%zu (%zu: %zu-%zu)", b.target, b.viewers.size(), b.degree_min,
                  b.degree_max);
    Json bj = {{"target", b.target},
               {"viewers", b.viewers.size()},
               {"degree_min", b.degree_min},
               {"degree_median", b.degree_median},
               {"degree_max", b.degree_max}};
    Json kj = Json::object(), pj = Json::object(), rj = Json::object();
    struct ModeRow {
      const char* key;
      const char* label;
      Series* s;
      std::vector<double>* pg;
    };
    ModeRow rows[] = {{"relevant", "relevant, page 1", &b.relevant, &b.pg_relevant_us},
                      {"relevant_page2", "relevant, page 2", &b.relevant_page2, nullptr},
                      {"recent", "recent, page 1", &b.recent, &b.pg_recent_us}};
    for (const ModeRow& mr : rows) {
      const Latency k = mr.s->all(), kq = mr.s->quiet();
      Json j = latency_json(k);
      j["unpreempted_p99_ms"] = round_to(kq.p99_us / 1000, 3);
      j["preempted_runs"] = mr.s->preempted;
      kj[mr.key] = j;
      std::string ratio_text;
      Latency p;
      if (mr.pg && !mr.pg->empty()) {
        p = graph::summarize_latencies(*mr.pg);
        const Latency kp = graph::summarize_latencies(std::vector<double>(
            mr.s->us.begin(), mr.s->us.begin() + static_cast<std::ptrdiff_t>(mr.pg->size())));
        const double ratio = kp.p50_us > 0 ? p.p50_us / kp.p50_us : 0;
        const double ratio99 = kp.p99_us > 0 ? p.p99_us / kp.p99_us : 0;
        pj[mr.key] = latency_json(p);
        rj[mr.key] = round_to(ratio, 1);
        rj[std::string(mr.key) + "_p99"] = round_to(ratio99, 1);
        char buf[32];
        std::snprintf(buf, sizeof buf, ratio < 10 ? "%.1fx" : "%.0fx", ratio);
        ratio_text = buf;
        if (b.target == 500 && std::strcmp(mr.key, "relevant") == 0) ratio_500 = ratio;
      }
      if (b.target == 500 && std::strcmp(mr.key, "relevant") == 0) {
        p99_500 = k.p99_us / 1000;
        p99q_500 = kq.p99_us / 1000;
      }
      std::printf("%-22s %-16s %9s %9s %12s %9s %7.0f %6zu |", mr.s == &b.relevant ? who : "", mr.label,
                  fmt_ms(k.p50_us).c_str(), fmt_ms(k.p99_us).c_str(), fmt_ms(kq.p99_us).c_str(),
                  fmt_ms(k.max_us).c_str(), k.mean_us > 0 ? 1e6 / k.mean_us : 0.0, k.samples);
      if (p.samples) {
        std::printf("%9s %9s %5zu | %9s\n", fmt_ms(p.p50_us).c_str(), fmt_ms(p.p99_us).c_str(), p.samples,
                    ratio_text.c_str());
      } else {
        std::printf("%9s %9s %5s | %9s\n", "", "", "", "");
      }
    }
    bj["kring"] = kj;
    bj["items_per_page"] = {
        {"relevant", b.relevant.us.empty() ? 0.0
                                           : round_to(static_cast<double>(b.relevant_items) /
                                                          static_cast<double>(b.relevant.us.size()),
                                                      2)},
        {"recent",
         b.recent.us.empty()
             ? 0.0
             : round_to(static_cast<double>(b.recent_items) / static_cast<double>(b.recent.us.size()), 2)}};
    if (compared) {
      pj["recent_agree"] = b.recent_agree;
      pj["recent_disagree"] = b.recent_disagree;
      pj["relevant_identical"] = b.relevant_identical;
      pj["relevant_same_top"] = b.relevant_same_top;
      pj["relevant_scores_equal"] = b.scores_equal;
      pj["relevant_scores_compared"] = b.scores_compared;
      // Of Kring's first page (10 items), how many are on PostgreSQL's first page too, on average.
      pj["relevant_overlap_at_10"] = b.relevant_kring_items
                                         ? round_to(10.0 * static_cast<double>(b.relevant_overlap) /
                                                        static_cast<double>(b.relevant_kring_items),
                                                    2)
                                         : 0.0;
      pj["timeouts"] = b.pg_timeouts;
      pj["errors"] = b.pg_errors;
      pj["budget_hit"] = b.pg_budget_hit;
      bj["postgres"] = pj;
      bj["ratios"] = rj;
    } else {
      bj["postgres"] = nullptr;
      bj["ratios"] = nullptr;
    }
    buckets_json[std::to_string(b.target)] = bj;
  }
  std::printf(
      "\nViewers: per target, the members whose number of connections is closest to it (within 20%%, at most "
      "%zu; at least 5), round-robin; %zu queries per bucket and mode, limit 10. Page 2 continues page 1's "
      "cursor (the ranked list kept in memory). Kring: one thread, in process, after one unmeasured pass per "
      "viewer; \"p99 unpreem.\": a run preempted by another process repeated.\n",
      o.viewers_per_bucket, o.queries);
  std::printf(
      "Throughput: relevant page 1 for the ~%zu-connection viewers on %u threads for %.0f s: %.0f queries/s "
      "(%zu queries)\n",
      tb ? tb->target : 0, threads, o.throughput_seconds, throughput_qps, throughput_queries);
  if (compared) {
    std::printf(
        "PostgreSQL: the first %zu samples of each bucket (at most %.0f s per bucket), one connection, "
        "prepared "
        "statements over loopback (round trip included), jit off, work_mem 64MB, random_page_cost 1.1; "
        "PG/Kring compares p50s on those same samples.\n",
        o.pg_queries, o.pg_seconds);
    for (const Bucket& b : buckets) {
      std::printf(
          "  ~%zu: recent pages identical to Kring's %zu of %zu; relevant: %.1f of Kring's top 10 also in "
          "PostgreSQL's top 10 on average (same score on both sides for %zu of %zu), same first item %zu of "
          "%zu, identical pages %zu",
          b.target, b.recent_agree, b.recent_agree + b.recent_disagree,
          b.pg_relevant_us.empty() ? 0.0
                                   : 10.0 * static_cast<double>(b.relevant_overlap) /
                                         static_cast<double>(std::max<size_t>(1, b.relevant_kring_items)),
          b.scores_equal, b.scores_compared, b.relevant_same_top, b.pg_relevant_us.size(),
          b.relevant_identical);
      if (b.pg_timeouts) std::printf(", %zu timed out", b.pg_timeouts);
      if (b.pg_errors) std::printf(", failed: %s", b.pg_first_error.c_str());
      if (b.pg_budget_hit) std::printf("; stopped after %.0f s", o.pg_seconds);
      std::printf("\n");
    }
  }
  if (kring_errors) std::printf("Kring errors: %zu\n", kring_errors);

  std::printf("\nTargets:\n");
  auto target = [&](const char* key, const char* what, double value, double limit, bool at_most,
                    const char* unit, std::optional<double> quiet = std::nullopt) {
    const bool pass = value >= 0 && (at_most ? value <= limit : value >= limit);
    Json t = {{"value", round_to(value, 2)}, {"target", limit}, {"pass", pass}};
    std::printf("  %-56s %9.2f %-2s (target %s %g): %s", what, value, unit, at_most ? "<=" : ">=", limit,
                pass ? "PASS" : "MISSED");
    if (quiet) {
      const bool qpass = at_most ? *quiet <= limit : *quiet >= limit;
      t["unpreempted"] = round_to(*quiet, 2);
      t["unpreempted_pass"] = qpass;
      std::printf(" (unpreempted %.2f %s: %s)", *quiet, unit, qpass ? "PASS" : "MISSED");
    }
    std::printf("\n");
    targets[key] = t;
  };
  if (p99_500 >= 0) {
    target("relevant_p99_ms_500", "relevant p99, viewers with ~500 connections", p99_500,
           kTargetRelevantP99Ms, true, "ms", p99q_500);
  }
  if (compared && ratio_500 > 0) {
    target("relevant_vs_postgres_500", "relevant, PostgreSQL p50 / Kring p50 (~500 connections)", ratio_500,
           kTargetRatio, false, "x");
  }
  std::fflush(stdout);

  if (o.json) {
    Json j;
    j["bench"] = "feed";
    j["members"] = o.members;
    j["days"] = o.days;
    j["seed"] = o.seed;
    j["avg_connections"] = o.avg_connections;
    j["connections"] = connections;
    j["max_degree"] = max_degree;
    j["data"] = {{"posts", data.posts},
                 {"posts_per_member_day",
                  round_to(static_cast<double>(data.posts) / static_cast<double>(o.members) / o.days, 4)},
                 {"connections_only", data.connections_only},
                 {"reshares", data.reshares},
                 {"reshares_without_commentary", data.bare_reshares},
                 {"link_only", data.link_only},
                 {"bait", data.bait},
                 {"with_hashtags", data.tagged},
                 {"reactions", data.reactions},
                 {"comments", data.comments},
                 {"interactions_per_post", round_to(static_cast<double>(data.reactions + data.comments) /
                                                        static_cast<double>(std::max<size_t>(1, data.posts)),
                                                    3)},
                 {"interactions_in_index", ist.interactions},
                 {"max_post_engagement", data.max_post_engagement},
                 {"longest_interaction_log", max_log},
                 {"hashtags", ist.hashtags},
                 {"follows", data.follows},
                 {"followed_hashtags", data.interests},
                 {"employed", data.employed}};
    j["generate_seconds"] = {{"graph", round_to(data.graph_s, 2)},
                             {"schedule", round_to(data.schedule_s, 2)},
                             {"fill", round_to(data.fill_s, 2)},
                             {"shrink", round_to(data.shrink_s, 2)}};
    j["memory"] = {{"index_bytes", ist.memory_bytes},
                   {"bytes_per_post", round_to(per_post, 1)},
                   {"rss_growth_bytes", rss_growth}};
    j["buckets"] = buckets_json;
    j["throughput"] = {{"threads", threads},
                       {"target", tb ? tb->target : 0},
                       {"qps", round_to(throughput_qps, 1)},
                       {"queries", throughput_queries}};
    if (compared) {
      Json per = Json::object();
      for (const auto& [name, sec] : pg_load.per_table) per[name] = round_to(sec, 2);
      j["postgres"] = {{"server_version", pg_version},
                       {"load_seconds", round_to(pg_load.total_s, 1)},
                       {"copy_seconds", round_to(pg_load.tables_s, 1)},
                       {"index_seconds", round_to(pg_load.indexes_s, 1)},
                       {"analyze_seconds", round_to(pg_load.analyze_s, 1)},
                       {"copy_seconds_by_table", per},
                       {"database_bytes", pg_load.database_bytes},
                       {"rows",
                        {{"connections", pg_load.rows_connections},
                         {"posts", pg_load.rows_posts},
                         {"post_hashtags", pg_load.rows_hashtags},
                         {"reactions", pg_load.rows_reactions},
                         {"comments", pg_load.rows_comments}}}};
    } else {
      j["postgres"] = nullptr;
    }
    j["targets"] = targets;
    j["kring_errors"] = kring_errors;
    j["run_seconds"] = round_to(run_s, 1);
    std::cout << j.dump() << std::endl;
  }
  return kring_errors ? 1 : 0;
}

}  // namespace kring::bench

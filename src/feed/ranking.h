// Ranking the "most relevant" feed: every weight in one place (kWeights), a pure scoring function from a
// candidate's features to a score and the factors behind it, and the sentences that explain each factor.
// Data-driven tests beside it: tests/unit/feed_ranking_test.cpp (a table of scenarios and the order they
// must produce, plus one test per factor).
//
// The score. Additive parts make up a base:
//   relationship         how the post reached the viewer (a connection posted it, a follow, a followed
//                        hashtag, a connection commented or reacted)
//   connections_engaged  + ln(1 + number of the viewer's connections who commented or reacted)
//   affinity             the viewer's own interactions with the author (reactions, comments, profile views,
//                        messages), each weighted by kind and halved every affinity_half_life_days
//   quality              ln(1 + comments × 3 + reactions × 1): comments weigh more than reactions
//   employee_bubble      ≤ 0: engagement from the author's colleagues (a current position at the same
//                        company page) counts colleague_share of an outside engagement
//   early_engagement     engagements in the first early_window per member of the author's reach
//                        (connections + followers, at least min_reach)
// and multipliers then scale it down:
//   freshness            halves every freshness_half_life_hours
//   author_diversity     repeat_post^k for an author's post with k earlier posts by them in the 24 h before
//   no_commentary        a reshare without commentary, or a post that is only a link
//   engagement_bait      "comment YES", "let's connect!", "who helps me to 10,000 connections", in English
//                        and Dutch
// Each multiplier is reported as what it took from the score (a negative value), applied in that order, so
// the factor values always add up to the score. After scoring, one author's posts are spread out: no two
// within author_spread positions of each other while other posts remain (spread_authors()).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"

namespace kring::feed {

using MemberId = int64_t;

// The viewer's interactions that affinity learns from.
enum class Interaction : uint8_t { kReaction = 1, kComment = 2, kProfileView = 3, kMessage = 4 };

// How a candidate reached the viewer; the smallest value present wins (it is the reason shown).
enum class Source : uint8_t {
  kConnectionPost = 0,       // the author is a connection
  kFollowedMember = 1,       // the viewer follows the author
  kFollowedHashtag = 2,      // the post carries a hashtag the viewer follows
  kConnectionCommented = 3,  // a connection commented on it
  kConnectionReacted = 4,    // a connection reacted to it
};

// Every weight of the feed ranking. Change them here and re-run tests/unit/feed_ranking_test.cpp.
struct Weights {
  // relationship: how the post reached the viewer
  double connection_post = 1.0;
  double followed_member = 0.8;
  double followed_hashtag = 0.4;
  double connection_commented = 0.6;
  double connection_reacted = 0.3;
  double connections_engaged = 0.5;  // × ln(1 + connections who commented or reacted)

  // affinity: weight × ln(1 + Σ interaction weight × 0.5^(age / half-life))
  double affinity = 1.2;
  double affinity_reaction = 1.0;
  double affinity_comment = 3.0;
  double affinity_profile_view = 0.5;
  double affinity_message = 2.0;
  double affinity_half_life_days = 14;

  // quality: weight × ln(1 + comments × quality_comment + reactions × quality_reaction), with colleagues'
  // engagement counted at colleague_share
  double quality = 0.6;
  double quality_comment = 3.0;
  double quality_reaction = 1.0;
  double colleague_share = 0.25;

  // early engagement: weight × min(engagements in the early window / max(reach, min_reach), early_rate_cap)
  double early_engagement = 4.0;
  double early_rate_cap = 0.5;
  int64_t early_window_minutes = 120;
  uint32_t min_reach = 20;

  // multipliers
  double freshness_half_life_hours = 24;
  double repeat_post = 0.6;  // per earlier post by the same author within repeat_window_hours
  double repeat_post_floor = 0.2;
  int64_t repeat_window_hours = 24;
  double no_commentary = 0.5;
  double engagement_bait = 0.3;

  // ordering: one author's posts at least this many positions apart while others remain
  int author_spread = 3;
};

inline constexpr Weights kWeights{};

// What is known about one candidate post for one viewer. Self-contained: labels are written from it alone
// (plus names), so a ranked page can be explained later without re-reading anything.
struct Features {
  int64_t post = 0;
  MemberId author = 0;
  Micros created_at = 0;
  Micros now = 0;  // the moment the ranking is for

  Source source = Source::kConnectionPost;
  MemberId via = 0;                  // kConnectionCommented/Reacted: a connection who did
  uint32_t hashtag = 0;              // kFollowedHashtag: the followed tag (FeedIndex tag id)
  uint32_t connections_engaged = 0;  // the viewer's connections who commented on or reacted to it

  double affinity = 0;  // Σ interaction_value() over the viewer's interactions with the author
  uint16_t my_reactions = 0, my_comments = 0, my_profile_views = 0, my_messages = 0;  // counted in affinity

  uint32_t reactions = 0, comments = 0;
  uint32_t colleague_reactions = 0, colleague_comments = 0;  // included in reactions / comments
  uint32_t early_engagements = 0;                            // within early_window of created_at
  uint32_t author_reach = 0;                                 // connections + followers

  uint16_t earlier_posts_24h = 0;  // the author's posts in the repeat window before this one
  bool reshare = false;
  bool has_commentary = true;
  bool engagement_bait = false;
};

struct Factor {
  const char* name = "";  // relationship, connections_engaged, affinity, quality, employee_bubble,
                          // early_engagement, freshness, author_diversity, no_commentary, engagement_bait
  double value = 0;       // what it added to the score (negative: what it took)
};

struct Score {
  double total = 0;
  std::array<Factor, 10> factors{};
  size_t count = 0;  // factors used, in the order listed above; zero-valued factors are left out except
                     // freshness, which is always there
  std::span<const Factor> list() const { return {factors.data(), count}; }
};

// One interaction's contribution to affinity. `age` below zero counts as zero.
double interaction_value(Interaction kind, Micros age, const Weights& w = kWeights);

// Scores one candidate. Pure; no allocation.
Score score(const Features& f, const Weights& w = kWeights);

// Indexes of `scores` in ranked order: score descending, then post id descending (newer first); then one
// author's posts spread out (spread_authors). `authors` and `posts` are parallel to `scores`.
std::vector<size_t> rank_order(std::span<const double> scores, std::span<const int64_t> posts,
                               std::span<const MemberId> authors, const Weights& w = kWeights);

// Reorders `order` (indexes into `authors`) so that no author appears twice within `gap` consecutive
// positions while posts by others remain: at each position, the first remaining item whose author is not
// among the previous gap - 1 placed; if every remaining item's author is, the first remaining one.
std::vector<size_t> spread_authors(std::span<const size_t> order, std::span<const MemberId> authors, int gap);

// Names the sentences use. Empty names read as "a member".
struct LabelNames {
  std::string author;  // full name
  std::string author_first;
  std::string via;      // the connection who commented or reacted
  std::string hashtag;  // without '#'
};

// The item's reason: "Your connection Jan Jansen posted this", "You follow Jan Jansen", "You follow #rust",
// "Anna de Vries commented on this", "Anna de Vries reacted to this".
std::string reason_text(const Features& f, const LabelNames& names);

// A short sentence for one factor ("You reacted to 4 of Anna's posts in the last month").
std::string factor_label(const Factor& factor, const Features& f, const LabelNames& names,
                         const Weights& w = kWeights);

// Engagement bait: asking for comments, reactions or connections rather than saying something ("comment
// YES", "let's connect!", "who helps me to 10,000 connections", "reageer JA", "wie helpt mij naar 10.000
// connecties"). Case, diacritics, punctuation and spacing are ignored.
bool is_engagement_bait(std::string_view text);

// Whether text says something beyond links: at least two letters outside URLs (http://, https://, www.).
bool has_commentary(std::string_view text);

}  // namespace kring::feed

// The feed ranking (feed/ranking.h): a table of scenarios and the order they must produce, then one test per
// factor that could really go wrong, the sentences, and the detection of engagement bait and link-only posts.
#include <cmath>
#include <random>

#include <gtest/gtest.h>

#include "feed/ranking.h"

namespace kring::feed {
namespace {

constexpr Micros kHour = 3600 * kMicrosPerSecond;
constexpr Micros kDay = 24 * kHour;
constexpr Micros kNow = 1'750'000'000'000'000;

// A plain post by a connection, `age` old, with no engagement and no history with its author.
Features post(int64_t id, Micros age = kHour, MemberId author = 0) {
  Features f;
  f.post = id;
  f.author = author ? author : 100 + id;
  f.created_at = kNow - age;
  f.now = kNow;
  f.author_reach = 100;
  return f;
}

Features with(Features f, auto&& change) {
  change(f);
  return f;
}

double affinity_of(int reactions, int comments, Micros age) {
  double a = 0;
  for (int i = 0; i < reactions; ++i) a += interaction_value(Interaction::kReaction, age);
  for (int i = 0; i < comments; ++i) a += interaction_value(Interaction::kComment, age);
  return a;
}

struct Scenario {
  const char* name;
  std::vector<Features> candidates;
  std::vector<int64_t> expected_order;
};

std::vector<int64_t> order_of(const std::vector<Features>& cs) {
  std::vector<double> scores;
  std::vector<int64_t> posts;
  std::vector<MemberId> authors;
  for (const Features& f : cs) {
    scores.push_back(score(f).total);
    posts.push_back(f.post);
    authors.push_back(f.author);
  }
  std::vector<int64_t> out;
  for (size_t i : rank_order(scores, posts, authors)) out.push_back(cs[i].post);
  return out;
}

TEST(FeedRanking, Scenarios) {
  const std::vector<Scenario> scenarios = {
      {"newer beats older, all else equal", {post(2, 10 * kHour), post(1, kHour)}, {1, 2}},
      {"equal scores: the newer post id first", {post(1, kHour), post(2, kHour)}, {2, 1}},
      {"affinity outweighs a few hours of freshness",
       {post(2, kHour), with(post(1, 5 * kHour),
                             [](Features& f) {
                               f.affinity = affinity_of(4, 0, 3 * kDay);
                               f.my_reactions = 4;
                             })},
       {1, 2}},
      {"old affinity counts less than recent affinity",
       {with(post(1), [](Features& f) { f.affinity = affinity_of(3, 0, 25 * kDay); }),
        with(post(2), [](Features& f) { f.affinity = affinity_of(3, 0, kDay); })},
       {2, 1}},
      {"comments weigh more than reactions",
       {with(post(2), [](Features& f) { f.reactions = 8; }),
        with(post(1), [](Features& f) { f.comments = 3; })},
       {1, 2}},
      {"engagement from outside beats the same engagement from the author's colleagues",
       {with(post(2),
             [](Features& f) {
               f.reactions = 10;
               f.colleague_reactions = 10;
               f.comments = 2;
               f.colleague_comments = 2;
             }),
        with(post(1),
             [](Features& f) {
               f.reactions = 10;
               f.comments = 2;
             })},
       {1, 2}},
      {"a small network's early engagement beats the same from a big network",
       {with(post(2),
             [](Features& f) {
               f.reactions = 10;
               f.early_engagements = 10;
               f.author_reach = 4000;
             }),
        with(post(1),
             [](Features& f) {
               f.reactions = 10;
               f.early_engagements = 10;
               f.author_reach = 40;
             })},
       {1, 2}},
      {"an author's second post within 24 hours ranks below their first, though newer",
       {with(post(2, kHour, 7), [](Features& f) { f.earlier_posts_24h = 1; }), post(1, 2 * kHour, 7)},
       {1, 2}},
      {"a reshare without commentary ranks below a post with something to say",
       {with(post(2, kHour),
             [](Features& f) {
               f.reshare = true;
               f.has_commentary = false;
             }),
        post(1, 2 * kHour)},
       {1, 2}},
      {"a link without commentary ranks below a post with something to say",
       {with(post(2, kHour), [](Features& f) { f.has_commentary = false; }), post(1, 2 * kHour)},
       {1, 2}},
      {"engagement bait ranks low even with ten times the reactions",
       {with(post(2),
             [](Features& f) {
               f.reactions = 20;
               f.engagement_bait = true;
             }),
        with(post(1), [](Features& f) { f.reactions = 2; })},
       {1, 2}},
      {"how a post came: connection post, connection commented, follow, connection reacted, hashtag",
       {with(post(3), [](Features& f) { f.source = Source::kFollowedHashtag; }),
        with(post(5),
             [](Features& f) {
               f.source = Source::kConnectionReacted;
               f.connections_engaged = 1;
             }),
        with(post(2), [](Features& f) { f.source = Source::kFollowedMember; }),
        with(post(4),
             [](Features& f) {
               f.source = Source::kConnectionCommented;
               f.connections_engaged = 1;
             }),
        post(1)},
       {1, 4, 2, 5, 3}},
      {"more connections engaged, higher",
       {with(post(2),
             [](Features& f) {
               f.source = Source::kConnectionReacted;
               f.connections_engaged = 1;
             }),
        with(post(1),
             [](Features& f) {
               f.source = Source::kConnectionReacted;
               f.connections_engaged = 6;
             })},
       {1, 2}},
      {"one author's posts are spread out, not stacked",
       {post(1, kHour, 7), post(2, 2 * kHour, 7), post(3, 3 * kHour, 7), post(4, 4 * kHour, 8),
        post(5, 5 * kHour, 9)},
       {1, 4, 5, 2, 3}},
      {"only one author: the order stays",
       {post(1, kHour, 7), post(2, 2 * kHour, 7), post(3, 3 * kHour, 7)},
       {1, 2, 3}},
  };
  for (const Scenario& s : scenarios) EXPECT_EQ(order_of(s.candidates), s.expected_order) << s.name;
}

TEST(FeedRanking, FactorValuesAddUpToTheScore) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> n(0, 50);
  for (int i = 0; i < 500; ++i) {
    Features f = post(i, static_cast<Micros>(n(rng)) * kHour);
    f.source = static_cast<Source>(n(rng) % 5);
    f.connections_engaged = static_cast<uint32_t>(n(rng) % 4);
    f.affinity = n(rng) / 7.0;
    f.reactions = static_cast<uint32_t>(n(rng));
    f.comments = static_cast<uint32_t>(n(rng) / 3);
    f.colleague_reactions = static_cast<uint32_t>(n(rng) / 2);
    f.colleague_comments = static_cast<uint32_t>(n(rng) / 10);
    f.early_engagements = static_cast<uint32_t>(n(rng) / 2);
    f.author_reach = static_cast<uint32_t>(n(rng) * 10);
    f.earlier_posts_24h = static_cast<uint16_t>(n(rng) % 4);
    f.has_commentary = n(rng) % 5 != 0;
    f.engagement_bait = n(rng) % 7 == 0;
    const Score s = score(f);
    double sum = 0;
    bool freshness = false;
    for (const Factor& factor : s.list()) {
      sum += factor.value;
      freshness |= std::string_view(factor.name) == "freshness";
    }
    EXPECT_NEAR(sum, s.total, 1e-9);
    EXPECT_TRUE(freshness);
    EXPECT_GT(s.total, 0);
  }
}

double factor(const Score& s, std::string_view name) {
  for (const Factor& f : s.list()) {
    if (name == f.name) return f.value;
  }
  return 0;
}

TEST(FeedRanking, FreshnessHalvesEveryHalfLife) {
  const double fresh = score(post(1, 0)).total;
  EXPECT_DOUBLE_EQ(fresh, kWeights.connection_post);
  EXPECT_NEAR(score(post(1, 24 * kHour)).total, fresh / 2, 1e-12);
  EXPECT_NEAR(score(post(1, 72 * kHour)).total, fresh / 8, 1e-12);
  // A post from the future (clock skew between nodes) is as fresh as a new one, no more.
  EXPECT_DOUBLE_EQ(score(post(1, -kHour)).total, fresh);
}

TEST(FeedRanking, AffinityDecaysAndWeighsCommentsMore) {
  EXPECT_DOUBLE_EQ(interaction_value(Interaction::kReaction, 0), kWeights.affinity_reaction);
  EXPECT_NEAR(interaction_value(Interaction::kReaction, 14 * kDay), kWeights.affinity_reaction / 2, 1e-12);
  EXPECT_NEAR(interaction_value(Interaction::kComment, 28 * kDay), kWeights.affinity_comment / 4, 1e-12);
  EXPECT_GT(interaction_value(Interaction::kComment, 0), interaction_value(Interaction::kReaction, 0));
  EXPECT_GT(interaction_value(Interaction::kMessage, 0), interaction_value(Interaction::kProfileView, 0));
  EXPECT_DOUBLE_EQ(interaction_value(Interaction::kReaction, -kDay), kWeights.affinity_reaction);
  // No history, no affinity factor.
  EXPECT_EQ(factor(score(post(1)), "affinity"), 0);
}

TEST(FeedRanking, ColleaguesEngagementIsDiscountedAndReportedSeparately) {
  Features outside = post(1, 0);
  outside.reactions = 12;
  Features inside = outside;
  inside.colleague_reactions = 12;
  const Score o = score(outside), i = score(inside);
  EXPECT_EQ(factor(o, "employee_bubble"), 0);
  EXPECT_DOUBLE_EQ(factor(o, "quality"), factor(i, "quality"));  // quality is reported before the discount
  EXPECT_LT(factor(i, "employee_bubble"), 0);
  // Twelve colleague reactions count like three from outside.
  Features three = post(1, 0);
  three.reactions = 3;
  EXPECT_NEAR(i.total, score(three).total, 1e-12);
  // More colleagues than engagements (counts drifting) never discounts below zero engagement.
  inside.colleague_reactions = 50;
  EXPECT_GE(factor(score(inside), "quality") + factor(score(inside), "employee_bubble"), 0);
}

TEST(FeedRanking, EarlyEngagementIsRelativeToReachWithAFloorAndACap) {
  Features f = post(1, 0);
  f.early_engagements = 5;
  f.author_reach = 1;  // a tiny network counts as min_reach
  Features floor = f;
  floor.author_reach = kWeights.min_reach;
  EXPECT_DOUBLE_EQ(factor(score(f), "early_engagement"), factor(score(floor), "early_engagement"));
  f.early_engagements = 1000;
  EXPECT_DOUBLE_EQ(factor(score(f), "early_engagement"), kWeights.early_engagement * kWeights.early_rate_cap);
}

TEST(FeedRanking, RepeatedPostsWithin24HoursArePenalisedDownToAFloor) {
  Features f = post(1, 0);
  const double base = score(f).total;
  f.earlier_posts_24h = 1;
  EXPECT_NEAR(score(f).total, base * kWeights.repeat_post, 1e-12);
  f.earlier_posts_24h = 2;
  EXPECT_NEAR(score(f).total, base * kWeights.repeat_post * kWeights.repeat_post, 1e-12);
  f.earlier_posts_24h = 40;
  EXPECT_NEAR(score(f).total, base * kWeights.repeat_post_floor, 1e-12);
}

TEST(FeedRanking, SpreadKeepsAuthorsApartWhileOthersRemain) {
  const std::vector<MemberId> authors{1, 1, 1, 2, 2, 3};
  const std::vector<size_t> order{0, 1, 2, 3, 4, 5};
  EXPECT_EQ(spread_authors(order, authors, 3), (std::vector<size_t>{0, 3, 5, 1, 4, 2}));
  EXPECT_EQ(spread_authors(order, authors, 1), order);  // no spreading
  EXPECT_EQ(spread_authors(std::vector<size_t>{}, authors, 3), std::vector<size_t>{});
}

TEST(FeedRanking, ReasonsAndLabels) {
  LabelNames names{"Anna de Vries", "Anna", "Jan Jansen", "rust"};
  Features f = post(1, 5 * kHour);
  EXPECT_EQ(reason_text(f, names), "Your connection Anna de Vries posted this");
  f.source = Source::kFollowedMember;
  EXPECT_EQ(reason_text(f, names), "You follow Anna de Vries");
  f.source = Source::kFollowedHashtag;
  EXPECT_EQ(reason_text(f, names), "You follow #rust");
  f.source = Source::kConnectionCommented;
  EXPECT_EQ(reason_text(f, names), "Jan Jansen commented on this");
  f.source = Source::kConnectionReacted;
  EXPECT_EQ(reason_text(f, names), "Jan Jansen reacted to this");
  EXPECT_EQ(reason_text(f, LabelNames{}), "a member reacted to this");

  f.my_reactions = 4;
  f.affinity = 4;
  f.reactions = 1;
  f.comments = 2;
  f.colleague_comments = 1;
  f.earlier_posts_24h = 1;
  f.engagement_bait = true;
  const Score s = score(f);
  std::map<std::string, std::string> labels;
  for (const Factor& factor : s.list()) labels[factor.name] = factor_label(factor, f, names);
  EXPECT_EQ(labels["affinity"], "You reacted to 4 of Anna's posts in the last month");
  EXPECT_EQ(labels["freshness"], "Posted 5 hours ago");
  EXPECT_EQ(labels["quality"], "1 reaction and 2 comments; comments count more");
  EXPECT_EQ(labels["employee_bubble"], "1 of 3 engagements came from Anna's colleagues and count less");
  EXPECT_EQ(labels["author_diversity"], "Anna's 2nd post within 24 hours ranks lower");
  EXPECT_EQ(labels["relationship"], "Jan Jansen reacted to this");
  EXPECT_FALSE(labels["engagement_bait"].empty());
  f.my_comments = 2;
  EXPECT_EQ(factor_label(Factor{"affinity", 1}, f, names),
            "You reacted to 4 of Anna's posts and commented 2 times on Anna's posts in the last month");
  f.created_at = kNow - 30 * kMicrosPerSecond;
  EXPECT_EQ(factor_label(Factor{"freshness", 0}, f, names), "Posted just now");
  f.created_at = kNow - 3 * kDay;
  EXPECT_EQ(factor_label(Factor{"freshness", 0}, f, names), "Posted 3 days ago");
  EXPECT_EQ(factor_label(Factor{"author_diversity", 0}, f, LabelNames{"Kees", "Kees", "", ""}),
            "Kees' 2nd post within 24 hours ranks lower");
}

TEST(FeedRanking, EngagementBaitInEnglishAndDutch) {
  for (const char* bait : {
           "Comment YES if you want the template!",
           "comment \"yes\" below and I'll DM you",
           "Let's connect!",
           "Let\u2019s CONNECT \U0001F680",
           "Who helps me to 10,000 connections?",
           "Help me reach 5k followers",
           "Like if you agree \U0001F447",
           "Tag someone who needs to hear this",
           "Reageer JA en ik stuur je de checklist",
           "Typ ja in de comments",
           "Laten we connecten!",
           "Wie helpt mij naar 10.000 connecties?",
           "Wie helpt me aan 500 volgers",
           "Like als je het eens bent",
       }) {
    EXPECT_TRUE(is_engagement_bait(bait)) << bait;
  }
  for (const char* fine : {
           "We shipped the new release today. Comments welcome on the design doc.",
           "Yes, we connect Rotterdam and Utrecht by train.",
           "Who helps me to understand C++ coroutines?",
           "Help me reach a decision: Postgres or SQLite for 10,000 rows?",
           "Ja, we gaan verbinden met de nieuwe API.",
           "Our team grew to 10,000 customers",
           "commentary yes-men",
           "",
       }) {
    EXPECT_FALSE(is_engagement_bait(fine)) << fine;
  }
}

TEST(FeedRanking, CommentaryIsTextBeyondLinks) {
  EXPECT_FALSE(has_commentary(""));
  EXPECT_FALSE(has_commentary("   \n"));
  EXPECT_FALSE(has_commentary("https://example.org/a-long-article-title"));
  EXPECT_FALSE(has_commentary(" www.example.nl  http://x.y/z "));
  EXPECT_FALSE(has_commentary("\U0001F44D\U0001F44D"));  // emoji only
  EXPECT_FALSE(has_commentary("\u200B\u200F a"));        // zero-width and RTL marks and one letter
  EXPECT_FALSE(has_commentary("!!! 123"));
  EXPECT_TRUE(has_commentary("Worth reading: https://example.org"));
  EXPECT_TRUE(has_commentary("ok"));
  EXPECT_TRUE(has_commentary("Één"));
  EXPECT_TRUE(has_commentary("\u4F60\u597D"));  // two CJK characters
}

}  // namespace
}  // namespace kring::feed

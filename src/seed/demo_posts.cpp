#include "seed/demo_posts.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "feed/posts.h"
#include "seed/generator.h"

namespace kring::seed {
namespace {

using nlohmann::json;

constexpr std::string_view kInsertPost =
    "INSERT INTO posts (author_id, text, visibility, reshare_of, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kInsertHashtag = "INSERT INTO post_hashtags (post_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertReaction =
    "INSERT INTO reactions (post_id, member_id, type, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertComment =
    "INSERT INTO comments (post_id, author_id, parent_id, text, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kHandle = "SELECT handle FROM members WHERE id = ?";

const char* const kThings[] = {"our data platform", "the new rostering tool", "route optimisation",
                               "patient handovers", "a design system", "the onboarding programme",
                               "energy monitoring", "our accessibility audit", "the warehouse layout",
                               "a mentoring circle", "contract automation", "the hybrid work policy"};
const char* const kLessons[] = {"talk to the people who do the work first", "small steps beat big plans",
                                "write the decision down", "measure before you optimise",
                                "ask for help earlier than feels comfortable", "celebrate the boring wins"};
const char* const kTags[] = {"data", "zorg", "logistics", "design", "onderwijs", "leadership", "career",
                             "sustainability", "ai", "utrecht", "engineering", "hr"};
const char* const kRoles[] = {"data analyst", "nurse", "software engineer", "logistics planner", "teacher",
                              "product manager", "electrician", "accountant"};
const char* const kCities[] = {"Utrecht", "Amsterdam", "Rotterdam", "Eindhoven", "Groningen", "Gent"};
const char* const kComments[] = {"Congratulations, well deserved!", "Great point, thanks for sharing.",
                                 "We ran into the same thing last year.", "Mooi gedaan!",
                                 "Would love to hear more about this.", "Agreed, especially the last part.",
                                 "Saving this one.", "Helemaal mee eens."};
const char* const kReplies[] = {"Thanks!", "Happy to share more over coffee.", "Dank je!",
                                "Good question, I'll write a follow-up."};
// Reaction types with their share of reactions (like is the default tap).
const std::pair<const char*, double> kReactionMix[] = {{"like", 0.55},    {"insightful", 0.15}, {"celebrate", 0.12},
                                                       {"support", 0.08}, {"love", 0.06},       {"funny", 0.04}};

template <typename T, size_t N>
const char* pick(Rng& rng, T (&arr)[N]) {
  return arr[rng.below(N)];
}

const char* reaction_type(Rng& rng) {
  double u = rng.unit();
  for (const auto& [type, share] : kReactionMix) {
    if ((u -= share) < 0) return type;
  }
  return "like";
}

// The text of one post; `mention` is a connection's handle or empty.
std::string post_text(Rng& rng, const std::string& company, const std::string& mention) {
  const std::string tag = pick(rng, kTags), thing = pick(rng, kThings);
  const double u = rng.unit();
  std::string t;
  if (u < 0.2) {
    t = "Just wrapped up three months of work on " + thing + ". Biggest lesson: " + pick(rng, kLessons) + ". #" + tag;
  } else if (u < 0.32) {
    t = std::string("We're hiring a ") + pick(rng, kRoles) + " in " + pick(rng, kCities) + " at " + company +
        ". Hybrid, a kind team and real problems. Send me a message! #hiring #" + tag;
  } else if (u < 0.47) {
    t = "Interesting read on " + thing + ": https://example.org/articles/" + text::slugify(thing) +
        " What would you add? #" + tag;
  } else if (u < 0.6) {
    t = "Proud of the team at " + company + " for shipping " + thing + " this week. #" + tag;
  } else if (u < 0.68) {
    t = "Vandaag mijn eerste werkdag bij " + company + ". Zin in! #nieuwebaan";
  } else if (u < 0.8) {
    t = std::string("Three things I wish I had known when I started as a ") + pick(rng, kRoles) +
        ": ask early, write things down, and " + pick(rng, kLessons) + ". #career";
  } else if (u < 0.9) {
    t = std::string("Speaking at the ") + pick(rng, kCities) + " meetup on Thursday about " + thing +
        ". Come and say hi! #" + tag;
  } else if (u < 0.95) {
    t = "Looking for recommendations: who has experience with " + thing + "? #" + tag;
  } else if (u < 0.975) {
    t = "Comment YES if you agree that " + thing + " deserves more attention!";  // engagement bait
  } else {
    t = "Let's connect! Who helps me to 10,000 connections?";  // engagement bait
  }
  if (!mention.empty() && rng.unit() < 0.5) t += " Thanks @" + mention + " for the help.";
  return t;
}

}  // namespace

Result<DemoPostReport> seed_demo_posts(store::Database& db, const DemoPostOptions& options,
                                       const std::vector<int64_t>& members,
                                       const std::vector<std::vector<int32_t>>& ties, const std::vector<int>& company,
                                       const std::vector<const char*>& company_names) {
  DemoPostReport report;
  const int64_t n = static_cast<int64_t>(members.size());
  if (options.days <= 0 || n == 0) return report;
  Rng rng(options.seed * 7919 + 17);
  const Micros span = static_cast<Micros>(options.days) * 24 * 3600 * kMicrosPerSecond;
  const Micros hour = 3600LL * kMicrosPerSecond;

  // Authors: an active minority writes most posts (weight 1/u^0.6 per member), the demo account two.
  struct Planned {
    int64_t author;  // index
    Micros at;
  };
  std::vector<double> weight(n);
  double total = 0;
  for (int64_t i = 0; i < n; ++i) total += weight[i] = 1.0 / std::pow(std::max(1e-6, rng.unit()), 0.6);
  const double expected = options.posts_per_member_day * options.days * static_cast<double>(n);
  std::vector<Planned> plan;
  plan.reserve(static_cast<size_t>(expected * 1.1) + 2);
  for (int64_t i = 1; i < n; ++i) {
    double mean = expected * weight[i] / total;
    int64_t k = static_cast<int64_t>(mean);
    if (rng.unit() < mean - static_cast<double>(k)) ++k;
    for (int64_t j = 0; j < k; ++j) plan.push_back({i, options.now - static_cast<Micros>(rng.unit() * span)});
  }
  plan.push_back({0, options.now - 26 * hour});
  plan.push_back({0, options.now - 5 * 24 * hour});
  std::sort(plan.begin(), plan.end(), [](const Planned& a, const Planned& b) { return a.at < b.at; });

  std::vector<int64_t> shareable, shareable_author;  // "anyone" posts so far and their authors' indexes
  constexpr size_t kBatch = 500;
  for (size_t start = 0; start < plan.size(); start += kBatch) {
    const size_t end = std::min(plan.size(), start + kBatch);
    auto ok = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      for (size_t p = start; p < end; ++p) {
        const int64_t a = plan[p].author;
        const int64_t author = members[a];
        const Micros at = plan[p].at;
        const auto& mine = ties[a];
        std::string mention;
        if (!mine.empty() && rng.unit() < 0.15) {
          if (auto r = tx.query_one(kHandle, {members[mine[rng.below(mine.size())]]})) mention = r->text(0);
        }
        std::string text = post_text(rng, company_names[company[a]], mention);
        std::optional<int64_t> reshare;
        if (!shareable.empty() && rng.unit() < 0.06) {
          size_t s = shareable.size() - 1 - rng.below(std::min<size_t>(shareable.size(), 200));
          if (shareable_author[s] != a) {
            reshare = shareable[s];
            text = rng.unit() < 0.3 ? std::string() : std::string("Worth reading, especially for anyone in #") +
                                                         pick(rng, kTags) + ".";
          }
        }
        const bool connections_only = !reshare && rng.unit() < 0.1;
        const int64_t id =
            tx.query_one(kInsertPost, {author, text, connections_only ? "connections" : "anyone", reshare, at})->i64(0);
        std::unordered_set<std::string> tags;
        for (const auto& tag : feed::parse_hashtags(text)) {
          if (tags.insert(tag).second) tx.exec(kInsertHashtag, {id, tag});
        }
        tx.log("post.created", id, json{{"id", id}, {"author", author}}.dump());
        ++report.posts;
        if (!connections_only) {
          shareable.push_back(id);
          shareable_author.push_back(a);
        }

        // Engagement: heavy-tailed, mostly from connections; outsiders only on public posts.
        const double u = std::max(1e-6, rng.unit());
        int64_t want = static_cast<int64_t>(1.2 / std::pow(u, 0.7)) - 1;
        if (a == 0) want += 6;
        want = std::min<int64_t>(want, 60);
        std::unordered_set<int64_t> reacted;
        std::vector<int64_t> top_comments;
        for (int64_t k = 0; k < want; ++k) {
          int64_t e;
          if (!mine.empty() && (connections_only || rng.unit() < 0.8)) e = mine[rng.below(mine.size())];
          else e = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
          if (e == a) continue;
          const Micros when = std::min(options.now, at + static_cast<Micros>(-std::log(std::max(1e-9, rng.unit())) *
                                                                             6 * static_cast<double>(hour)));
          if (rng.unit() < 0.8) {
            if (!reacted.insert(e).second) continue;
            const char* type = reaction_type(rng);
            tx.exec(kInsertReaction, {id, members[e], type, when});
            tx.log("reaction.created", id,
                   json{{"post", id}, {"member", members[e]}, {"type", type}, {"author", author}, {"at", when}}.dump());
            ++report.reactions;
          } else {
            std::optional<int64_t> parent;
            const char* words = pick(rng, kComments);
            if (!top_comments.empty() && rng.unit() < 0.3) {
              parent = top_comments[rng.below(top_comments.size())];
              words = pick(rng, kReplies);
            }
            const int64_t cid = tx.query_one(kInsertComment, {id, members[e], parent, words, when})->i64(0);
            if (!parent) top_comments.push_back(cid);
            tx.log("comment.created", cid,
                   json{{"id", cid}, {"post", id}, {"member", members[e]}, {"author", author}, {"at", when}}.dump());
            ++report.comments;
          }
        }
      }
      return true;
    });
    if (!ok.ok()) return std::move(ok).error();
  }
  return report;
}

}  // namespace kring::seed

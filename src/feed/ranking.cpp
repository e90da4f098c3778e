#include "feed/ranking.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numeric>

#include "common/text.h"

namespace kring::feed {
namespace {

constexpr Micros kMinute = 60 * kMicrosPerSecond;
constexpr Micros kHour = 60 * kMinute;
constexpr Micros kDay = 24 * kHour;

// Folded text with every byte that is not [a-z0-9] turned into one space, padded with a space on both sides,
// so that phrases match on whole words: "Let’s CONNECT!!" -> " let s connect ".
std::string normalize_words(std::string_view s) {
  const std::string f = text::fold(s);
  std::string out = " ";
  for (char ch : f) {
    const auto c = static_cast<unsigned char>(ch);
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word) {
      out += static_cast<char>(c);
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

bool contains_phrase(const std::string& normalized, std::string_view phrase) {
  std::string p;
  p.reserve(phrase.size() + 2);
  p += ' ';
  p += phrase;
  p += ' ';
  return normalized.find(p) != std::string::npos;
}

// Bait on its own, in English and Dutch (normalised: lower case, words separated by one space).
// clang-format off
constexpr std::string_view kBaitPhrases[] = {
    // asking for a comment
    "comment yes", "type yes", "say yes", "comment yes below", "drop a yes", "yes in the comments",
    "comment interested", "type interested", "comment below", "comment 1", "type 1",
    "reageer ja", "typ ja", "type ja", "comment ja", "zeg ja", "ja in de comments", "ja in de reacties",
    "reageer met ja", "reageer hieronder", "typ geinteresseerd",
    // asking for reactions, shares and tags
    "like if you agree", "like if you", "share if you agree", "repost if you agree", "like and share",
    "tag someone", "tag a friend", "tag a colleague", "follow for more",
    "like als je het eens bent", "like als je", "deel als je het eens bent", "deel als je", "like en deel",
    "tag iemand", "tag een collega", "tag een vriend", "volg mij voor meer", "volg me voor meer",
    // collecting connections
    "let s connect", "lets connect", "let us connect",
    "laten we connecten", "laten we verbinden", "laten we linken", "lets connecten", "connect met mij",
    "connect met me",
};

// Asking for help to reach a number of connections or followers: one of these with one of kAudienceWords.
constexpr std::string_view kHelpPhrases[] = {
    "helps me to", "help me to", "help me reach", "help me get to", "help me hit", "helps me reach",
    "helps me get to", "who helps me", "help me grow",
    "helpt mij naar", "helpt me naar", "helpt mij aan", "helpt me aan", "wie helpt mij", "wie helpt me",
    "help mij naar", "help me naar", "help mij aan", "help me aan",
};
constexpr std::string_view kAudienceWords[] = {"connections", "followers", "connecties", "volgers",
                                              "connectie", "volger", "connection", "follower"};
// clang-format on

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string ordinal(uint64_t n) {
  const char* suffix = "th";
  if (n % 100 < 11 || n % 100 > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return std::to_string(n) + suffix;
}

std::string or_member(const std::string& name) { return name.empty() ? std::string("a member") : name; }

std::string possessive(const std::string& first) {
  if (first.empty()) return "the author's";
  return first + (first.back() == 's' ? "'" : "'s");
}

std::string age_text(Micros age) {
  if (age < kMinute) return "just now";
  if (age < kHour) return plural(static_cast<uint64_t>(age / kMinute), "minute", "minutes") + " ago";
  if (age < kDay) return plural(static_cast<uint64_t>(age / kHour), "hour", "hours") + " ago";
  return plural(static_cast<uint64_t>(age / kDay), "day", "days") + " ago";
}

uint32_t minus(uint32_t a, uint32_t b) { return a > b ? a - b : 0; }

// The code point at s[i] (valid UTF-8 assumed; stray bytes read as themselves); sets len.
char32_t decode(std::string_view s, size_t i, size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c < 0xC0) return c;
  const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x7F >> (n + 1));
  for (int k = 1; k < n && i + k < s.size(); ++k, ++len)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Letters, roughly: ASCII letters and non-ASCII code points other than punctuation, symbols, spaces,
// zero-width and direction controls, variation selectors and emoji.
bool letter(char32_t cp) {
  if (cp < 0x80) return std::isalpha(static_cast<int>(cp)) != 0;
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;
  if (cp == 0xFEFF || cp >= 0x1F000) return false;
  return true;
}

}  // namespace

double interaction_value(Interaction kind, Micros age, const Weights& w) {
  double weight = 0;
  switch (kind) {
    case Interaction::kReaction:
      weight = w.affinity_reaction;
      break;
    case Interaction::kComment:
      weight = w.affinity_comment;
      break;
    case Interaction::kProfileView:
      weight = w.affinity_profile_view;
      break;
    case Interaction::kMessage:
      weight = w.affinity_message;
      break;
  }
  const double days = static_cast<double>(std::max<Micros>(age, 0)) / static_cast<double>(kDay);
  return weight * std::exp2(-days / w.affinity_half_life_days);
}

Score score(const Features& f, const Weights& w) {
  Score s;
  double base = 0;
  auto add = [&](const char* name, double v) {
    if (v == 0) return;
    s.factors[s.count++] = Factor{name, v};
    base += v;
  };

  double relationship = 0;
  switch (f.source) {
    case Source::kConnectionPost:
      relationship = w.connection_post;
      break;
    case Source::kFollowedMember:
      relationship = w.followed_member;
      break;
    case Source::kFollowedHashtag:
      relationship = w.followed_hashtag;
      break;
    case Source::kConnectionCommented:
      relationship = w.connection_commented;
      break;
    case Source::kConnectionReacted:
      relationship = w.connection_reacted;
      break;
  }
  add("relationship", relationship);
  if (f.connections_engaged > 0)
    add("connections_engaged", w.connections_engaged * std::log1p(f.connections_engaged));
  if (f.affinity > 0) add("affinity", w.affinity * std::log1p(f.affinity));

  const double cc = std::min(f.colleague_comments, f.comments),
               cr = std::min(f.colleague_reactions, f.reactions);
  const double oc = minus(f.comments, f.colleague_comments), orr = minus(f.reactions, f.colleague_reactions);
  const double full = w.quality * std::log1p((oc + cc) * w.quality_comment + (orr + cr) * w.quality_reaction);
  const double discounted = w.quality * std::log1p((oc + cc * w.colleague_share) * w.quality_comment +
                                                   (orr + cr * w.colleague_share) * w.quality_reaction);
  add("quality", full);
  add("employee_bubble", discounted - full);

  if (f.early_engagements > 0) {
    const double reach = std::max(f.author_reach, w.min_reach);
    add("early_engagement", w.early_engagement * std::min(f.early_engagements / reach, w.early_rate_cap));
  }

  // Multipliers: each reported as what it took from the running total.
  double total = base;
  auto scale = [&](const char* name, double m, bool always) {
    const double loss = total * (m - 1);
    total *= m;
    if (loss != 0 || always) s.factors[s.count++] = Factor{name, loss};
  };
  const double age_hours =
      static_cast<double>(std::max<Micros>(f.now - f.created_at, 0)) / static_cast<double>(kHour);
  scale("freshness", std::exp2(-age_hours / w.freshness_half_life_hours), true);
  if (f.earlier_posts_24h > 0) {
    scale("author_diversity", std::max(w.repeat_post_floor, std::pow(w.repeat_post, f.earlier_posts_24h)),
          false);
  }
  if (!f.has_commentary) scale("no_commentary", w.no_commentary, false);
  if (f.engagement_bait) scale("engagement_bait", w.engagement_bait, false);
  s.total = total;
  return s;
}

std::vector<size_t> spread_authors(std::span<const size_t> order, std::span<const MemberId> authors,
                                   int gap) {
  std::vector<size_t> out;
  out.reserve(order.size());
  std::vector<size_t> pending(order.begin(), order.end());
  const size_t window = gap > 1 ? static_cast<size_t>(gap - 1) : 0;
  auto recent = [&](MemberId a) {
    for (size_t k = 0; k < window && k < out.size(); ++k) {
      if (authors[out[out.size() - 1 - k]] == a) return true;
    }
    return false;
  };
  while (!pending.empty()) {
    size_t pick = 0;
    for (size_t i = 0; i < pending.size(); ++i) {
      if (!recent(authors[pending[i]])) {
        pick = i;
        break;
      }
    }
    out.push_back(pending[pick]);
    pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(pick));
  }
  return out;
}

std::vector<size_t> rank_order(std::span<const double> scores, std::span<const int64_t> posts,
                               std::span<const MemberId> authors, const Weights& w) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (scores[a] != scores[b]) return scores[a] > scores[b];
    return posts[a] > posts[b];
  });
  return spread_authors(order, authors, w.author_spread);
}

std::string reason_text(const Features& f, const LabelNames& n) {
  switch (f.source) {
    case Source::kConnectionPost:
      return "Your connection " + or_member(n.author) + " posted this";
    case Source::kFollowedMember:
      return "You follow " + or_member(n.author);
    case Source::kFollowedHashtag:
      return "You follow #" + n.hashtag;
    case Source::kConnectionCommented:
      return or_member(n.via) + " commented on this";
    case Source::kConnectionReacted:
      return or_member(n.via) + " reacted to this";
  }
  return {};
}

std::string factor_label(const Factor& factor, const Features& f, const LabelNames& n, const Weights& w) {
  const std::string_view name = factor.name;
  const std::string whose = possessive(n.author_first);
  if (name == "relationship") return reason_text(f, n);
  if (name == "connections_engaged") {
    return std::to_string(f.connections_engaged) + " of your connections commented or reacted";
  }
  if (name == "affinity") {
    std::vector<std::string> parts;
    if (f.my_reactions > 0)
      parts.push_back("reacted to " + std::to_string(f.my_reactions) + " of " + whose + " posts");
    if (f.my_comments > 0)
      parts.push_back("commented " + plural(f.my_comments, "time", "times") + " on " + whose + " posts");
    if (f.my_profile_views > 0)
      parts.push_back("viewed " + whose + " profile " + plural(f.my_profile_views, "time", "times"));
    if (f.my_messages > 0)
      parts.push_back("exchanged " + plural(f.my_messages, "message", "messages") + " with " +
                      or_member(n.author_first));
    if (parts.empty()) return "You have interacted with " + or_member(n.author_first) + " before";
    std::string out = "You " + parts[0];
    for (size_t i = 1; i < parts.size(); ++i) out += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
    return out + " in the last month";
  }
  if (name == "quality") {
    return plural(f.reactions, "reaction", "reactions") + " and " +
           plural(f.comments, "comment", "comments") + "; comments count more";
  }
  if (name == "employee_bubble") {
    const uint32_t from =
        std::min(f.colleague_reactions, f.reactions) + std::min(f.colleague_comments, f.comments);
    return std::to_string(from) + " of " + plural(f.reactions + f.comments, "engagement", "engagements") +
           " came from " + whose + " colleagues and count less";
  }
  if (name == "early_engagement") {
    const uint32_t reach = std::max(f.author_reach, w.min_reach);
    return plural(f.early_engagements, "engagement", "engagements") + " in the first " +
           plural(static_cast<uint64_t>(w.early_window_minutes / 60), "hour", "hours") +
           " for an audience of " + std::to_string(reach);
  }
  if (name == "freshness") return "Posted " + age_text(std::max<Micros>(f.now - f.created_at, 0));
  if (name == "author_diversity") {
    return (n.author_first.empty() ? std::string("The author's") : whose) + " " +
           ordinal(f.earlier_posts_24h + 1u) + " post within 24 hours ranks lower";
  }
  if (name == "no_commentary") {
    return f.reshare ? "Reshared without commentary" : "Only a link, without commentary";
  }
  if (name == "engagement_bait")
    return "Asks for comments, reactions or connections instead of saying something";
  return factor.name;
}

bool is_engagement_bait(std::string_view text) {
  const std::string n = normalize_words(text);
  for (std::string_view p : kBaitPhrases) {
    if (contains_phrase(n, p)) return true;
  }
  for (std::string_view p : kHelpPhrases) {
    if (!contains_phrase(n, p)) continue;
    for (std::string_view a : kAudienceWords) {
      if (contains_phrase(n, a)) return true;
    }
  }
  return false;
}

bool has_commentary(std::string_view s) {
  size_t letters = 0;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    std::string_view word = s.substr(i, j - i);
    std::string lower = text::fold(word.substr(0, 8));
    const bool url =
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.");
    if (!url) {
      for (size_t k = 0; k < word.size();) {
        size_t len = 1;
        const char32_t cp = decode(word, k, len);
        if (letter(cp)) ++letters;
        k += len;
      }
      if (letters >= 2) return true;
    }
    i = j;
  }
  return false;
}

}  // namespace kring::feed

// Demo posts for a freshly seeded network: a few weeks of posts up to the moment of seeding (the feed shows
// recent posts, so times are relative to `now`; text, authors and engagement follow only from the seed), with
// hashtags, mentions, links, reshares, a little engagement bait (so the feed's penalty has something to
// show), reactions and comments mostly from the author's connections. Every row is logged to the change log
// the way PostService logs it, so a node following the store picks the posts up.
#pragma once

#include <cstdint>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "store/database.h"

namespace kring::seed {

struct DemoPostOptions {
  uint64_t seed = 1;
  Micros now = 0;                    // the newest possible post time
  int days = 14;                     // posts spread over this many days before `now`; 0: none
  double posts_per_member_day = 0.3;
};

struct DemoPostReport {
  int64_t posts = 0, reactions = 0, comments = 0;
};

// `members[i]` is the id of member i; `ties[i]` the indexes of i's connections; `company[i]` an index into
// `company_names` (member i's current employer). Member 0 is the demo account: it gets two posts of its own.
Result<DemoPostReport> seed_demo_posts(store::Database& db, const DemoPostOptions& options,
                                       const std::vector<int64_t>& members,
                                       const std::vector<std::vector<int32_t>>& ties, const std::vector<int>& company,
                                       const std::vector<const char*>& company_names);

}  // namespace kring::seed

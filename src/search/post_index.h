// Post search: a Xapian index of post texts, built at start from the store and kept current by following the
// change log (store::Index), like PeopleIndex. Dutch and English stemming, Latin diacritics folded.
//
// What is indexed. Only posts that every logged-in member may see and whose author opted in: visibility
// `anyone` and member_settings.searchable_posts = 1 (off by default: no settings row means not searchable).
// Posts visible to connections only are never indexed, so they match for nobody, not even for the author's
// connections (kept simple on purpose; see docs/api.md). Blocked authors are excluded at query time
// (PostQuery::hidden); the API also re-reads every hit through PostService::get, which applies the same rules.
//
// Followed kinds: post.created / post.updated / post.deleted ({"id","author"}), settings.updated ({"member"},
// the author opting in or out re-indexes all of their posts) and member.deleted. apply() re-reads the store,
// so re-applying is idempotent.
//
// Storage. A glass database in a private temporary folder (mkdtemp under $KRING_SEARCH_DIR, else $TMPDIR unless
// it is a tmpfs, else /var/tmp, as for people search), rebuilt at every start and removed by the destructor: on
// disk because the in-memory backend costs about 20 KB per document. Writes are committed after each change
// without fsync (DB_NO_SYNC): the folder is never reopened (a killed process leaves it behind).
//
// Thread safety. Xapian objects are not safe for concurrent use, so one mutex guards the database; a query
// holds it while Xapian matches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "search/scratch_dir.h"
#include "store/change_follower.h"
#include "store/database.h"

namespace Xapian {
class WritableDatabase;
}
namespace kring::network {
class BlockIndex;
}

namespace kring::search {

struct PostQuery {
  std::string q;                  // free text; empty matches nothing
  std::vector<int64_t> hidden;    // authors hidden from the viewer by a block
  size_t offset = 0;
  size_t limit = 10;
};

struct PostHit {
  int64_t id = 0;
  int64_t author = 0;
  std::vector<std::string> terms;  // matched words (stemmed ones as stems), without field prefixes
  double score = 0;                // relevance relative to the best match of the query, 0..1
};

struct PostResult {
  std::vector<PostHit> items;
  bool has_more = false;
};

class PostIndex final : public store::Index {
 public:
  // At most this many matches (best first) are paged.
  static constexpr size_t kMaxCandidates = 10000;

  // REQUIRES: `db` outlives the index.
  explicit PostIndex(store::Database& db);
  ~PostIndex() override;

  // Blocks to honour (hidden_from()). Set before concurrent use; nullptr: none.
  void set_blocks(const network::BlockIndex* blocks) { blocks_ = blocks; }
  std::vector<int64_t> hidden_from(int64_t viewer) const;

  std::string_view name() const override { return "post-search"; }
  Status load(store::Session& snapshot) override;
  void apply(const store::Change& change) override;

  // Thread-safe. Ordered by relevance, then post id (stable, so paging by offset returns each match once).
  Result<PostResult> search(const PostQuery& query) const;
  size_t size() const;

 private:
  void reindex_post(int64_t id);
  void reindex_author(int64_t author);
  Status open_locked();

  store::Database& db_;
  const network::BlockIndex* blocks_ = nullptr;
  ScratchDir dir_;  // the private folder, empty before load()

  mutable std::mutex mu_;
  std::unique_ptr<Xapian::WritableDatabase> xdb_;  // GUARDED_BY(mu_)
};

}  // namespace kring::search

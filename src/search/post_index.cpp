#include "search/post_index.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <system_error>

#include <sys/vfs.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include "common/text.h"
#include "network/block_index.h"

namespace kring::search {
namespace {

// Posts that may be indexed: visible to anyone, by an author who opted in to searchable posts.
constexpr std::string_view kSearchablePosts =
    "SELECT p.id, p.author_id, p.text FROM posts p JOIN member_settings s ON s.member_id = p.author_id "
    "WHERE s.searchable_posts = 1 AND p.visibility = 'anyone'";

constexpr std::string_view kText = "XT";     // free text (stemmed with a Z in front)
constexpr std::string_view kId = "Q";        // post id
constexpr std::string_view kAuthor = "XAU";  // author id

std::string id_term(int64_t id) { return std::string(kId) + std::to_string(id); }
std::string author_term(int64_t id) { return std::string(kAuthor) + std::to_string(id); }

struct Row {
  int64_t id = 0, author = 0;
  std::string text;
};

std::vector<Row> read_rows(store::Session& s, std::string_view where, const store::Params& p) {
  std::vector<Row> out;
  for (const store::Row& r : s.query(std::string(kSearchablePosts) + std::string(where) + " ORDER BY p.id", p)) {
    out.push_back(Row{r.i64(0), r.i64(1), r.text(2)});
  }
  return out;
}

Xapian::Document make_document(const Row& row) {
  Xapian::Document doc;
  Xapian::TermGenerator en, nl;
  en.set_stemmer(Xapian::Stem("english"));
  en.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  nl.set_stemmer(Xapian::Stem("dutch"));
  nl.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  en.set_document(doc);
  nl.set_document(doc);
  const std::string f = text::fold(row.text);
  en.index_text(f, 1, std::string(kText));
  nl.index_text(f, 1, std::string(kText));
  doc.add_boolean_term(id_term(row.id));
  doc.add_boolean_term(author_term(row.author));
  return doc;
}

// The folded words of free text: runs of ASCII letters and digits or non-ASCII bytes.
std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : text::fold(s) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      w += c;
    } else if (!w.empty()) {
      out.push_back(std::move(w));
      w.clear();
    }
  }
  return out;
}

// Parses free text in both languages; syntax errors fall back to the words alone, never an exception.
Xapian::Query parse_text(const std::string& q) {
  const std::string f = text::fold(q);
  auto parse = [&](const char* lang, unsigned flags) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem(lang));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.add_prefix("", std::string(kText));
    return qp.parse_query(f, flags);
  };
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_LOVEHATE |
                         Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;
  for (unsigned fl : {flags, 0u}) {
    try {
      return Xapian::Query(Xapian::Query::OP_OR, parse("english", fl), parse("dutch", fl));
    } catch (const Xapian::QueryParserError&) {
      // retry without operators
    }
  }
  std::vector<Xapian::Query> words;
  for (const std::string& w : words_of(f)) words.emplace_back(std::string(kText) + w.substr(0, 200));
  if (words.empty()) return Xapian::Query::MatchNothing;
  return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
}

}  // namespace

PostIndex::PostIndex(store::Database& db) : db_(db) {}

PostIndex::~PostIndex() {
  {
    std::lock_guard lock(mu_);
    try {
      if (xdb_) xdb_->close();
    } catch (const Xapian::Error&) {
    }
    xdb_.reset();
  }
  dir_.remove();
}

std::vector<int64_t> PostIndex::hidden_from(int64_t viewer) const {
  return blocks_ ? blocks_->hidden_from(viewer) : std::vector<int64_t>{};
}

size_t PostIndex::size() const {
  std::lock_guard lock(mu_);
  return xdb_ ? xdb_->get_doccount() : 0;
}

Status PostIndex::open_locked() {
  if (dir_.empty()) {
    auto made = ScratchDir::create("kring-post-search");
    if (!made.ok()) return Error::internal("post index: " + made.error().message);
    dir_ = std::move(*made);
  }
  if (xdb_) xdb_->close();
  xdb_ = std::make_unique<Xapian::WritableDatabase>(
      dir_.path() + "/posts", Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC);
  return {};
}

Status PostIndex::load(store::Session& snapshot) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<Row> rows;
  try {
    rows = read_rows(snapshot, "", {});
  } catch (const std::exception& e) {
    return Error::internal(std::string("post index: ") + e.what());
  }
  std::lock_guard lock(mu_);
  try {
    KRING_TRY(open_locked());
    for (const Row& r : rows) xdb_->replace_document(static_cast<Xapian::docid>(r.id), make_document(r));
    xdb_->commit();
  } catch (const Xapian::Error& e) {
    return Error::internal("post index: " + e.get_description());
  }
  spdlog::info("post search: {} posts indexed in {} ms ({})", rows.size(),
               std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count(),
               dir_.path());
  return {};
}

void PostIndex::apply(const store::Change& change) {
  const std::string& k = change.kind;
  try {
    if (k == "post.created" || k == "post.updated" || k == "post.deleted") {
      reindex_post(change.entity);
    } else if (k == "member.deleted") {
      reindex_author(change.entity);
    } else if (k == "settings.updated") {
      auto j = nlohmann::json::parse(change.payload);
      if (j.contains("member") && j["member"].is_number_integer()) reindex_author(j["member"].get<int64_t>());
    }
  } catch (const std::exception& e) {
    spdlog::error("post index: applying {} {}: {}", k, change.entity, e.what());
  }
}

void PostIndex::reindex_post(int64_t id) {
  auto r = db_.read<std::vector<Row>>(
      [&](store::Session& s) -> Result<std::vector<Row>> { return read_rows(s, " AND p.id = ?", {id}); });
  if (!r.ok()) {
    spdlog::error("post index: reading post {}: {}", id, r.error().message);
    return;
  }
  std::lock_guard lock(mu_);
  if (!xdb_) return;
  if (r->empty()) {
    xdb_->delete_document(id_term(id));  // no error when absent
  } else {
    xdb_->replace_document(static_cast<Xapian::docid>(id), make_document(r->front()));
  }
  xdb_->commit();
}

void PostIndex::reindex_author(int64_t author) {
  auto r = db_.read<std::vector<Row>>(
      [&](store::Session& s) -> Result<std::vector<Row>> { return read_rows(s, " AND p.author_id = ?", {author}); });
  if (!r.ok()) {
    spdlog::error("post index: reading posts of member {}: {}", author, r.error().message);
    return;
  }
  std::lock_guard lock(mu_);
  if (!xdb_) return;
  xdb_->delete_document(author_term(author));
  for (const Row& row : *r) xdb_->replace_document(static_cast<Xapian::docid>(row.id), make_document(row));
  xdb_->commit();
}

Result<PostResult> PostIndex::search(const PostQuery& q) const {
  PostResult out;
  if (text::trim(q.q).empty() || q.offset >= kMaxCandidates) return out;
  Xapian::Query query = parse_text(q.q);
  if (!q.hidden.empty()) {
    std::vector<std::string> excluded;
    for (int64_t h : q.hidden) excluded.push_back(author_term(h));
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(Xapian::Query::OP_OR, excluded.begin(), excluded.end()));
  }
  const size_t want = std::min(q.limit + 1, kMaxCandidates - q.offset);
  std::lock_guard lock(mu_);
  if (!xdb_) return out;
  try {
    Xapian::Enquire enquire(*xdb_);
    enquire.set_query(query);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // ties by post id: a stable order for paging
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(q.offset), static_cast<Xapian::doccount>(want));
    double best = mset.get_max_attained();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (out.items.size() == q.limit) {
        out.has_more = true;
        break;
      }
      PostHit h;
      h.id = static_cast<int64_t>(*it);
      Xapian::Document doc = it.get_document();
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string& term = *t;
        if (term.starts_with(kAuthor)) {
          h.author = std::stoll(term.substr(kAuthor.size()));
          break;
        }
      }
      for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t) {
        const std::string matched = *t;  // the iterator hands out a temporary: keep it alive for the view
        std::string_view w(matched);
        if (w.starts_with('Z')) w.remove_prefix(1);
        if (w.starts_with(kText)) w.remove_prefix(kText.size());
        if (std::find(h.terms.begin(), h.terms.end(), w) == h.terms.end()) h.terms.emplace_back(w);
      }
      h.score = best > 0 ? it.get_weight() / best : 0;
      out.items.push_back(std::move(h));
    }
  } catch (const Xapian::Error& e) {
    return Error::internal("post search failed: " + e.get_description());
  }
  return out;
}

}  // namespace kring::search

#include "graph/graph_index.h"

#include <nlohmann/json.hpp>

#include <exception>
#include <vector>

namespace kring::graph {
namespace {

constexpr std::string_view kCountConnections = "SELECT COUNT(*) FROM connections";
constexpr std::string_view kMaxMember = "SELECT COALESCE(MAX(id), 0) FROM members";
// Keyset pagination over the primary key: rows after (member_a, member_b).
constexpr std::string_view kConnectionsPage =
    "SELECT member_a, member_b, connected_at FROM connections WHERE (member_a, member_b) > (?, ?) "
    "ORDER BY member_a, member_b LIMIT ?";

// Reads an integer field of a JSON object; false when absent or not an integer.
bool read_int(const nlohmann::json& j, const char* key, int64_t& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  out = it->get<int64_t>();
  return true;
}

}  // namespace

GraphIndex::GraphIndex(GraphOptions options, size_t page_rows)
    : options_(options), page_rows_(page_rows == 0 ? 1 : page_rows), graph_(options) {}

Status GraphIndex::load(store::Session& snapshot) {
  try {
    std::vector<Edge> edges;
    if (auto count = snapshot.query_one(kCountConnections)) edges.reserve(static_cast<size_t>(count->i64(0)));
    MemberId max_member = 0;
    if (auto mx = snapshot.query_one(kMaxMember)) max_member = mx->i64(0);
    int64_t last_a = 0, last_b = 0;
    for (;;) {
      store::Rows rows =
          snapshot.query(kConnectionsPage, {last_a, last_b, static_cast<int64_t>(page_rows_)});
      for (const store::Row& r : rows) edges.push_back({r.i64(0), r.i64(1), r.i64(2)});
      if (rows.size() < page_rows_) break;
      last_a = rows.back().i64(0);
      last_b = rows.back().i64(1);
    }
    std::unique_ptr<Graph> built = Graph::build(edges, max_member, options_);
    edges = {};
    graph_.replace_with(*built);
    return {};
  } catch (const store::StoreError& e) {
    return Error::internal(std::string("loading the connection graph: ") + e.what());
  } catch (const std::exception& e) {
    return Error::internal(std::string("loading the connection graph: ") + e.what());
  }
}

void GraphIndex::apply(const store::Change& change) {
  try {
    if (change.kind == "member.deleted") {
      graph_.remove_member(change.entity);
      return;
    }
    const bool created = change.kind == "connection.created";
    if (!created && change.kind != "connection.removed") return;
    nlohmann::json j = nlohmann::json::parse(change.payload, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return;
    int64_t a = 0, b = 0;
    if (!read_int(j, "a", a) || !read_int(j, "b", b)) return;
    if (created) {
      // "at" is the connection time; without it, the time of the entry.
      int64_t at = change.created_at;
      if (j.contains("at") && !read_int(j, "at", at)) return;
      graph_.add_edge(a, b, at);
    } else {
      graph_.remove_edge(a, b);
    }
  } catch (const std::exception&) {
    // A malformed entry must not stop the follower; the graph keeps its previous state for this entry.
  }
}

}  // namespace kring::graph

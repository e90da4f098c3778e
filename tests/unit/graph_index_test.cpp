// GraphIndex: loading the connections table from a snapshot (in pages) and following the change log.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "graph/graph_index.h"

namespace kring::graph {
namespace {

constexpr int64_t kT0 = 1700000000LL * 1'000'000;

// A snapshot that answers the index's three queries from memory, honouring the keyset and LIMIT
// parameters, and records how many pages were read.
class FakeSnapshot final : public store::Session {
 public:
  std::vector<std::array<int64_t, 3>> connections;  // member_a < member_b, connected_at
  int64_t max_member = 0;
  int pages = 0;
  bool fail = false;

  store::Backend backend() const override { return store::Backend::kSqlite; }
  store::Rows query(std::string_view sql, const store::Params& params) override {
    if (fail) throw store::StoreError(store::StoreError::Kind::kConnection, "connection lost");
    store::Rows rows;
    if (sql.find("COUNT(*)") != std::string_view::npos) {
      rows.emplace_back(std::vector<store::Value>{static_cast<int64_t>(connections.size())});
    } else if (sql.find("FROM members") != std::string_view::npos) {
      rows.emplace_back(std::vector<store::Value>{max_member});
    } else if (sql.find("FROM connections WHERE (member_a, member_b) > (?, ?)") != std::string_view::npos) {
      EXPECT_EQ(params.size(), 3u);
      ++pages;
      auto sorted = connections;
      std::sort(sorted.begin(), sorted.end());
      const int64_t a = params[0].as_int(), b = params[1].as_int(), limit = params[2].as_int();
      for (const auto& c : sorted) {
        if (std::make_pair(c[0], c[1]) <= std::make_pair(a, b)) continue;
        if (static_cast<int64_t>(rows.size()) == limit) break;
        rows.emplace_back(std::vector<store::Value>{c[0], c[1], c[2]});
      }
    } else {
      ADD_FAILURE() << "unexpected query: " << sql;
    }
    return rows;
  }
  int64_t exec(std::string_view, const store::Params&) override { return 0; }
  void exec_script(std::string_view) override {}
};

store::Change change(std::string kind, int64_t entity, std::string payload, int64_t created_at = kT0) {
  store::Change c;
  c.kind = std::move(kind);
  c.entity = entity;
  c.payload = std::move(payload);
  c.created_at = created_at;
  return c;
}

TEST(GraphIndex, LoadsEveryConnectionInPages) {
  FakeSnapshot snap;
  for (int64_t a = 1; a <= 7; ++a)
    for (int64_t b = a + 1; b <= 7; b += 2) snap.connections.push_back({a, b, kT0 + a * 1'000'000});
  snap.max_member = 9;
  GraphIndex index(GraphOptions{}, /*page_rows=*/4);
  ASSERT_TRUE(index.load(snap).ok());
  EXPECT_EQ(snap.pages, static_cast<int>(snap.connections.size() / 4 + 1));
  const Graph& g = index.graph();
  EXPECT_EQ(g.stats().directed_connections, 2 * snap.connections.size());
  for (const auto& c : snap.connections) EXPECT_TRUE(g.connected(c[0], c[1])) << c[0] << "-" << c[1];
  EXPECT_FALSE(g.connected(1, 3));
  EXPECT_EQ(g.stats().vertex_capacity, 10u);  // members without connections are covered
  // Member 3: 2 (at +2 s), 4 and 6 (at +3 s): newest first, then by id.
  EXPECT_EQ(g.connections_page(3, 10).items,
            (std::vector<Connection>{{4, kT0 + 3'000'000}, {6, kT0 + 3'000'000}, {2, kT0 + 2'000'000}}));
}

TEST(GraphIndex, LoadReplacesPreviousContentsAndReportsStoreErrors) {
  GraphIndex index;
  index.apply(change("connection.created", 1, R"({"a":1,"b":2,"at":1})"));
  FakeSnapshot snap;
  snap.connections.push_back({3, 4, kT0});
  ASSERT_TRUE(index.load(snap).ok());
  EXPECT_FALSE(index.graph().connected(1, 2));
  EXPECT_TRUE(index.graph().connected(3, 4));
  snap.fail = true;
  Status st = index.load(snap);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("connection lost"), std::string::npos);
  EXPECT_TRUE(index.graph().connected(3, 4));  // unchanged
}

TEST(GraphIndex, FollowsConnectionAndMemberChanges) {
  GraphIndex index;
  const Graph& g = index.graph();
  index.apply(change("connection.created", 1, R"({"a":1,"b":2,"at":1700000100000000})"));
  index.apply(change("connection.created", 2, R"({"a":2,"b":3,"at":1700000200000000})"));
  index.apply(change("connection.created", 3, R"({"a":3,"b":4})", kT0 + 9'000'000));  // time from the entry
  EXPECT_EQ(g.degree(1, 4), 3);
  EXPECT_EQ(g.connections_page(2, 10).items,
            (std::vector<Connection>{{3, 1700000200000000}, {1, 1700000100000000}}));
  EXPECT_EQ(g.connections_page(4, 10).items, (std::vector<Connection>{{3, kT0 + 9'000'000}}));
  index.apply(change("connection.removed", 2, R"({"a":3,"b":2})"));
  EXPECT_FALSE(g.connected(2, 3));
  index.apply(change("connection.created", 5, R"({"a":5,"b":3,"at":1})"));
  index.apply(change("member.deleted", 3, "{}"));
  EXPECT_EQ(g.connection_count(3), 0u);
  EXPECT_FALSE(g.connected(4, 3));
  EXPECT_FALSE(g.connected(5, 3));
  EXPECT_TRUE(g.connected(1, 2));
}

TEST(GraphIndex, IgnoresMalformedAndUnrelatedEntries) {
  GraphIndex index;
  index.apply(change("connection.created", 1, R"({"a":1,"b":2,"at":5})"));
  for (const char* payload : {R"({"a":1,"b":3,"at":"soon"})", "", "not json", "[1,2]", R"({"a":1})", R"({"a":"1","b":"3"})", R"({"a":1.5,"b":3})",
                              R"({"a":-1,"b":3})", R"({"a":1,"b":1})",
                              R"({"a":1,"b":99999999999999})", "{\"a\":1,\"b\":"}) {
    index.apply(change("connection.created", 1, payload));
  }
  index.apply(change("connection.removed", 1, R"({"a":1})"));
  index.apply(change("connection.removed", 1, R"({"a":"1","b":"2"})"));
  index.apply(change("member.updated", 1, R"({"a":1,"b":7})"));
  index.apply(change("invitation.sent", 1, R"({"a":1,"b":7})"));
  const Graph& g = index.graph();
  EXPECT_TRUE(g.connected(1, 2));
  EXPECT_EQ(g.stats().directed_connections, 2u);
  EXPECT_EQ(g.connection_count(3), 0u);  // an "at" that is not an integer makes the entry malformed
}

}  // namespace
}  // namespace kring::graph

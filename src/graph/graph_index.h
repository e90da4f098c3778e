// Keeps a Graph current with the store: loads the connections table from a snapshot, then follows the
// change log (connection.created, connection.removed, member.deleted).
#pragma once

#include <cstddef>
#include <string_view>

#include "graph/graph.h"
#include "store/change_follower.h"

namespace kring::graph {

class GraphIndex final : public store::Index {
 public:
  // `page_rows`: rows read per query while loading (keyset pagination keeps memory bounded).
  explicit GraphIndex(GraphOptions options = {}, size_t page_rows = 100'000);

  std::string_view name() const override { return "graph"; }
  // Reads every connection (in pages, in primary-key order) and builds the graph; replaces any previous
  // contents in one step. Returns the store's error if a query fails.
  Status load(store::Session& snapshot) override;
  // Ignores kinds it does not know and payloads it cannot read. Never throws.
  void apply(const store::Change& change) override;

  // Thread-safe; valid for the lifetime of the index.
  const Graph& graph() const { return graph_; }
  Graph& graph() { return graph_; }

 private:
  GraphOptions options_;
  size_t page_rows_;
  Graph graph_;
};

}  // namespace kring::graph

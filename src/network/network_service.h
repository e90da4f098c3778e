// The network: invitations, connections, follows, blocks, dismissed suggestions, per-member network settings.
// Writes go to the store in one transaction with their change-log entries; reads of the graph come from the
// in-memory GraphIndex, which has applied a write before the write returns (ChangeFollower), so a member's
// next request sees it.
//
// Errors: kInvalidArgument names the field; kNotFound for unknown members and for members hidden by a block
// (a block hides both members from each other, so the API never reveals one); kConflict for state conflicts;
// kTooManyRequests with retry_after_seconds for the weekly invitation limit.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "graph/graph.h"
#include "members/member_directory.h"
#include "network/block_index.h"
#include "store/database.h"

namespace kring::network {

struct NetworkConfig {
  int invitations_per_week = 100;  // the weekly limit before it is lowered for ignored invitations
  int min_invitations_per_week = 10;
};

inline constexpr size_t kMaxNoteLength = 300;
inline constexpr Micros kInvitationWindow = 7LL * 24 * 3600 * kMicrosPerSecond;

struct Invitation {
  int64_t id = 0;
  MemberId from = 0;
  MemberId to = 0;
  std::string note;
  std::string status;  // pending, accepted, ignored, withdrawn
  Micros created_at = 0;
  std::optional<Micros> responded_at;
};

struct InvitationLimit {
  int limit = 0;      // effective weekly limit
  int used = 0;       // invitations sent in the last 7 days
  int remaining = 0;
  int retry_after_seconds = 0;  // when remaining is 0: until the oldest counted invitation leaves the window
  std::string reason;           // why the limit is lower than the configured one, if it is
};

// The weekly limit for a sender, from the configured limit and their recent record: when at least 10 of the
// invitations they sent in the last 90 days were answered and more than half of those were ignored, the
// limit shrinks in proportion (2 × accepted share), down to `minimum`.
int effective_invitation_limit(int configured, int minimum, int accepted, int ignored);

struct Page {
  std::vector<int64_t> ids;
  std::optional<std::string> next_cursor;
};

struct ConnectionItem {
  MemberId member = 0;
  Micros connected_at = 0;
};

struct ConnectionsResult {
  std::vector<ConnectionItem> items;
  std::optional<std::string> next_cursor;
};

struct Relationship {
  bool connected = false;
  std::optional<Micros> connected_at;
  std::optional<Invitation> invitation;  // pending, either direction
  bool following = false;
  bool blocked = false;  // the viewer blocked the member
  size_t mutual_count = 0;
};

struct NetworkCounts {
  size_t connections = 0;
  int64_t followers = 0;
  int64_t introductions_made = 0;
  int64_t introductions_asked = 0;
};

struct FollowItem {
  std::string kind;  // member, company
  int64_t id = 0;
};

struct Company {
  int64_t id = 0;
  std::string handle;
  std::string name;
  std::string country;
  std::string city;
};

class NetworkService {
 public:
  // REQUIRES: all references outlive the service.
  NetworkService(store::Database& db, const members::MemberDirectory& directory, const graph::Graph& graph,
                 const BlockIndex& blocks, const Clock& clock, NetworkConfig config = {});

  // ---- lookups
  // The member with `handle` as `viewer` may see it: kNotFound when unknown or hidden by a block.
  Result<MemberId> visible_member(std::optional<MemberId> viewer, std::string_view handle) const;
  bool hidden(MemberId a, MemberId b) const { return blocks_.hidden(a, b); }
  std::optional<int> degree(std::optional<MemberId> viewer, MemberId target) const;

  // ---- invitations
  // Sends an invitation, or accepts the recipient's pending one to `from` (returned with status accepted).
  Result<Invitation> invite(MemberId from, std::string_view to_handle, std::string_view note);
  Result<Invitation> accept(MemberId me, int64_t invitation_id);
  Result<Invitation> ignore(MemberId me, int64_t invitation_id);
  Status withdraw(MemberId me, int64_t invitation_id);
  // Pending invitations received (`received`) or sent, newest first.
  Result<std::pair<std::vector<Invitation>, std::optional<std::string>>> invitations(
      MemberId me, bool received, int limit, std::string_view cursor) const;
  Result<InvitationLimit> invitation_limit(MemberId me) const;

  // ---- connections
  Status remove_connection(MemberId me, std::string_view other_handle);
  // `member`'s connections as `viewer` may see them, newest first, ties by member id; `query` filters by
  // name (folded substring of first + last name). kForbidden when the viewer may not see the list.
  Result<ConnectionsResult> connections(std::optional<MemberId> viewer, MemberId member, int limit,
                                        std::string_view cursor, std::string_view query) const;
  Result<std::pair<std::vector<MemberId>, size_t>> mutual_connections(MemberId viewer, MemberId member,
                                                                      size_t limit) const;
  // Shortest chain of connections from a to b that passes through no member hidden from `viewer` by a block.
  std::optional<std::vector<MemberId>> path(MemberId viewer, MemberId a, MemberId b) const;
  graph::NetworkSize network_size(MemberId m) const;

  // ---- relationship and counts shown on a profile
  Result<Relationship> relationship(MemberId viewer, MemberId member) const;
  Result<NetworkCounts> counts(MemberId member) const;

  // ---- follows, blocks, dismissals, settings
  Status follow_member(MemberId me, std::string_view handle, bool follow);
  Status follow_company(MemberId me, std::string_view handle, bool follow);
  Status block(MemberId me, std::string_view handle, bool block);
  Status dismiss_suggestion(MemberId me, std::string_view handle);
  Result<std::pair<std::vector<FollowItem>, std::optional<std::string>>> following(MemberId me, int limit,
                                                                                    std::string_view cursor) const;
  Result<std::pair<std::vector<MemberId>, std::optional<std::string>>> blocked(MemberId me, int limit,
                                                                              std::string_view cursor) const;
  Result<bool> hides_connections(MemberId member) const;
  Status set_hide_connections(MemberId me, bool hide);

  // ---- companies (the company pages issue grows this)
  Result<Company> company(std::string_view handle) const;
  Result<std::pair<int64_t, bool>> company_followers(int64_t company_id, std::optional<MemberId> viewer) const;
  Result<Company> company_by_id(int64_t id) const;

  // Members excluded from `me`'s suggestions: pending invitations either way, hidden by blocks, dismissed.
  Result<std::vector<MemberId>> suggestion_exclusions(MemberId me) const;

  const graph::Graph& graph() const { return graph_; }
  const members::MemberDirectory& directory() const { return directory_; }
  store::Database& db() const { return db_; }
  const Clock& clock() const { return clock_; }

  // Inserts a connection (a != b) and logs connection.created; no-op when it exists. For use inside a
  // write transaction (accepting an invitation or an introduction).
  static void connect_in_tx(store::WriteTx& tx, MemberId a, MemberId b, Micros at);

 private:
  Result<Invitation> respond(MemberId me, int64_t id, bool accept);

  store::Database& db_;
  const members::MemberDirectory& directory_;
  const graph::Graph& graph_;
  const BlockIndex& blocks_;
  const Clock& clock_;
  NetworkConfig config_;
};

}  // namespace kring::network

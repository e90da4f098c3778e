// One Kring node: the store, the in-memory indexes following its change log, the domain services and the
// API application, wired together. `kring serve` runs one; tests run one in-process.
#pragma once

#include <memory>
#include <string>

#include "accounts/account_service.h"
#include "api/app.h"
#include "feed/feed_index.h"
#include "feed/feed_service.h"
#include "feed/impressions.h"
#include "feed/posts.h"
#include "geo/places.h"
#include "graph/graph_index.h"
#include "network/block_index.h"
#include "notifications/notification_service.h"
#include "search/people_index.h"
#include "search/post_index.h"
#include "http/metrics.h"
#include "members/member_directory.h"
#include "members/member_service.h"
#include "store/change_follower.h"
#include "store/database.h"
#include "taxonomy/taxonomy.h"

namespace kring::api {

struct NodeConfig {
  std::string db_url;
  AppConfig app;
  accounts::AccountsConfig accounts;
  store::DatabaseOptions database;
  network::NetworkConfig network;
  size_t profile_cache_capacity = profiles::ProfileCache::kDefaultCapacity;  // profiles kept in memory
};

class Node {
 public:
  // Opens and migrates the store and builds the services. Indexes are not loaded yet: call start().
  static Result<std::unique_ptr<Node>> open(const NodeConfig& config, const Clock& clock = SystemClock::instance());
  ~Node();

  // Loads the indexes and starts following the change log; the app reports ready afterwards.
  Status start();
  // Stops following and closes the store. Idempotent.
  void stop();

  App& app() { return *app_; }
  http::Metrics& metrics() { return metrics_; }
  store::Database& db() { return *db_; }
  members::MemberDirectory& directory() { return directory_; }
  accounts::AccountService& accounts() { return *accounts_; }
  graph::GraphIndex& graph() { return graph_; }
  network::NetworkService& network() { return *network_; }
  profiles::ProfileService& profiles() { return *profiles_; }
  profiles::EndorsementService& endorsements() { return *endorsements_; }
  profiles::ProfileViewService& profile_views() { return *profile_views_; }
  const profiles::ProfileCache& profile_cache() const { return *profile_cache_; }
  const geo::Places& places() const { return places_; }
  search::PeopleIndex& people_search() { return *people_search_; }
  feed::PostService& posts() { return *posts_; }
  feed::FeedIndex& feed_index() { return *feed_index_; }
  feed::FeedService& feed() { return *feed_; }
  feed::ImpressionRecorder& impressions() { return *impressions_; }
  notifications::NotificationService& notifications() { return *notifications_; }

 private:
  Node() = default;

  std::unique_ptr<store::Database> db_;
  std::unique_ptr<store::ChangeFollower> follower_;
  members::MemberDirectory directory_;
  std::unique_ptr<members::MemberService> members_;
  std::unique_ptr<accounts::AccountService> accounts_;
  graph::GraphIndex graph_;
  network::BlockIndex blocks_;
  std::unique_ptr<search::PeopleIndex> people_search_;  // follows the log after the graph and blocks
  std::unique_ptr<search::PostIndex> post_search_;      // likewise; posts of members who opted in
  std::unique_ptr<network::NetworkService> network_;
  std::unique_ptr<network::SuggestionService> suggestions_;
  std::unique_ptr<network::IntroductionService> introductions_;
  std::unique_ptr<profiles::ProfileService> profiles_;
  std::unique_ptr<profiles::EndorsementService> endorsements_;
  std::unique_ptr<feed::PostService> posts_;
  std::unique_ptr<feed::FeedIndex> feed_index_;             // follows the log after the graph
  std::unique_ptr<feed::ImpressionRecorder> impressions_;  // flushes in the background; stop() flushes the rest
  std::unique_ptr<feed::FeedService> feed_;
  std::unique_ptr<notifications::NotificationService> notifications_;
  std::unique_ptr<profiles::ProfileCache> profile_cache_;  // declared after what it reads: destroyed first
  std::unique_ptr<profiles::ProfileViewService> profile_views_;  // flushes queued views in the background; stop() flushes the rest
  http::Metrics metrics_;
  taxonomy::Taxonomy taxonomy_;  // the shipped skills plus the ESCO skills in the store, loaded in open()
  geo::Places places_;  // GeoNames cities and ISO countries, loaded in open(); empty when the files are missing
  std::unique_ptr<App> app_;
};

}  // namespace kring::api

#include "api/node.h"

#include "common/text.h"

#include <chrono>

#include <spdlog/spdlog.h>

namespace kring::api {

Result<std::unique_ptr<Node>> Node::open(const NodeConfig& config, const Clock& clock) {
  std::unique_ptr<Node> n(new Node());
  KRING_ASSIGN_OR_RETURN(n->db_, store::open_database(config.db_url, config.database));
  KRING_TRY(store::migrate(*n->db_));
  KRING_TRY(n->taxonomy_.load_esco(*n->db_));
  n->follower_ = std::make_unique<store::ChangeFollower>(*n->db_);
  n->members_ = std::make_unique<members::MemberService>(*n->db_, n->directory_, clock);
  n->accounts_ = std::make_unique<accounts::AccountService>(*n->db_, clock, config.accounts);
  n->network_ = std::make_unique<network::NetworkService>(*n->db_, n->directory_, n->graph_.graph(), n->blocks_,
                                                           clock, config.network);
  n->suggestions_ = std::make_unique<network::SuggestionService>(*n->network_);
  n->introductions_ = std::make_unique<network::IntroductionService>(*n->network_);
  n->profiles_ = std::make_unique<profiles::ProfileService>(*n->db_, n->directory_, *n->network_, clock);
  // Locations that name a known place are stored as that place ("den haag" -> "The Hague, Netherlands").
  n->profiles_->set_location_normalizer([places = &n->places_](std::string_view typed) -> std::optional<profiles::Location> {
    auto p = places->normalize(typed);
    if (!p) return std::nullopt;
    return profiles::Location{p->label, p->city, p->country, p->country_code};
  });
  // Skills the taxonomy knows (labels and aliases in either language) share one key; others keep the text.
  n->profiles_->set_skill_normalizer([tax = &n->taxonomy_](std::string_view typed) -> profiles::CanonicalSkill {
    auto skill = tax->normalize(typed);
    if (!skill) return profiles::fold_skill(typed);
    const taxonomy::Skill& s = **skill;
    // The Dutch label only when the member typed it and it is not also the English one.
    const std::string folded = text::fold(text::trim(typed));
    const bool dutch = !s.label_nl.empty() && folded == text::fold(s.label_nl) && folded != text::fold(s.label_en);
    return {s.id, dutch ? s.label_nl : s.label_en};
  });
  n->endorsements_ = std::make_unique<profiles::EndorsementService>(*n->db_, *n->network_, *n->profiles_, clock);
  n->profile_views_ = std::make_unique<profiles::ProfileViewService>(*n->db_, clock);
  n->posts_ = std::make_unique<feed::PostService>(*n->db_, *n->network_, clock);
  {
    auto started = std::chrono::steady_clock::now();
    auto places = geo::Places::load(geo::default_place_files());
    if (places.ok()) {
      n->places_ = std::move(*places);
      for (const auto& w : n->places_.warnings()) spdlog::warn("places: {}", w);
      spdlog::info("places: {} cities, {} countries loaded in {} ms ({} KB)", n->places_.city_count(),
                   n->places_.country_count(),
                   std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
                       .count(),
                   n->places_.memory_bytes() / 1024);
    } else {
      spdlog::warn("places: {}; locations stay as typed", places.error().message);
    }
  }
  n->follower_->add(&n->directory_);
  n->follower_->add(n->accounts_.get());
  n->follower_->add(&n->graph_);
  n->follower_->add(&n->blocks_);
  n->people_search_ = std::make_unique<search::PeopleIndex>(*n->db_, n->graph_.graph());
  n->people_search_->set_blocks(&n->blocks_);
  // Countries compare by ISO code when the place data knows them ("Nederland", "netherlands" and "NL" agree).
  n->people_search_->set_country_key([places = &n->places_](std::string_view s) -> std::string {
    auto c = places->country(s);
    return c ? c->code : std::string();
  });
  n->follower_->add(n->people_search_.get());
  n->post_search_ = std::make_unique<search::PostIndex>(*n->db_);
  n->post_search_->set_blocks(&n->blocks_);
  n->follower_->add(n->post_search_.get());
  n->feed_index_ = std::make_unique<feed::FeedIndex>(clock);
  n->feed_index_->set_store(n->db_.get());
  n->follower_->add(n->feed_index_.get());
  n->impressions_ = std::make_unique<feed::ImpressionRecorder>(*n->db_, clock);
  n->feed_ = std::make_unique<feed::FeedService>(*n->feed_index_, n->graph_.graph(), clock);
  n->feed_->set_blocks(&n->blocks_);
  n->feed_->set_directory(&n->directory_);
  n->feed_->set_store(n->db_.get());
  n->feed_->set_impressions(n->impressions_.get());
  n->notifications_ = std::make_unique<notifications::NotificationService>(
      *n->db_, n->directory_, n->graph_.graph(),
      [blocks = &n->blocks_](MemberId a, MemberId b) { return blocks->hidden(a, b); }, clock);
  n->profile_cache_ = std::make_unique<profiles::ProfileCache>(*n->profiles_, *n->endorsements_, *n->network_,
                                                               config.profile_cache_capacity);
  n->follower_->add(n->profile_cache_.get());  // after the directory: a load reads it
  n->app_ = std::make_unique<App>(Services{*n->db_, *n->follower_, n->directory_, *n->members_, *n->accounts_,
                                           *n->network_, *n->suggestions_, *n->introductions_, *n->profiles_, n->metrics_, clock,
                                           n->taxonomy_, n->places_, *n->endorsements_, *n->profile_views_, *n->profile_cache_,
                                           n->people_search_.get(), n->posts_.get(), n->post_search_.get(), n->feed_.get(),
                                           n->notifications_.get()},
                                  config.app);
  return n;
}

Node::~Node() { stop(); }

Status Node::start() {
  KRING_TRY(follower_->start());
  profile_views_->start();
  impressions_->start();
  app_->set_ready(true);
  return {};
}

void Node::stop() {
  if (app_) app_->set_ready(false);
  if (profile_views_) profile_views_->stop();  // writes the views still queued
  if (impressions_) impressions_->stop();      // writes the impressions still queued
  if (follower_) follower_->stop();
  if (db_) db_->close();
}

}  // namespace kring::api

#include "api/node.h"

namespace kring::api {

Result<std::unique_ptr<Node>> Node::open(const NodeConfig& config, const Clock& clock) {
  std::unique_ptr<Node> n(new Node());
  KRING_ASSIGN_OR_RETURN(n->db_, store::open_database(config.db_url, config.database));
  KRING_TRY(store::migrate(*n->db_));
  n->follower_ = std::make_unique<store::ChangeFollower>(*n->db_);
  n->members_ = std::make_unique<members::MemberService>(*n->db_, n->directory_, clock);
  n->accounts_ = std::make_unique<accounts::AccountService>(*n->db_, clock, config.accounts);
  n->network_ = std::make_unique<network::NetworkService>(*n->db_, n->directory_, n->graph_.graph(), n->blocks_,
                                                           clock, config.network);
  n->suggestions_ = std::make_unique<network::SuggestionService>(*n->network_);
  n->introductions_ = std::make_unique<network::IntroductionService>(*n->network_);
  n->follower_->add(&n->directory_);
  n->follower_->add(n->accounts_.get());
  n->follower_->add(&n->graph_);
  n->follower_->add(&n->blocks_);
  n->app_ = std::make_unique<App>(Services{*n->db_, *n->follower_, n->directory_, *n->members_, *n->accounts_,
                                           *n->network_, *n->suggestions_, *n->introductions_, n->metrics_, clock},
                                  config.app);
  return n;
}

Node::~Node() { stop(); }

Status Node::start() {
  KRING_TRY(follower_->start());
  app_->set_ready(true);
  return {};
}

void Node::stop() {
  if (app_) app_->set_ready(false);
  if (follower_) follower_->stop();
  if (db_) db_->close();
}

}  // namespace kring::api

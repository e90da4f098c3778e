// Accounts: sign-up, log-in, sessions, log-out, admin API keys and the audit trail of what keys did.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "accounts/password.h"
#include "accounts/rate_limiter.h"
#include "common/clock.h"
#include "common/result.h"
#include "members/member.h"
#include "members/member_directory.h"
#include "store/change_follower.h"
#include "store/database.h"

namespace kring::accounts {

using members::MemberId;

struct AccountsConfig {
  Micros session_ttl = Micros{30} * 24 * 3600 * kMicrosPerSecond;
  int login_failures_per_account = 10;  // per window, then 429
  int login_failures_per_ip = 50;       // per window, then 429
  Micros login_window = Micros{15} * 60 * kMicrosPerSecond;
  PasswordCost password_cost = PasswordCost::kInteractive;
};

// A live session, as resolved from a cookie.
struct SessionRecord {
  MemberId member_id = 0;
  std::string csrf_token;
  Micros expires_at = 0;
};

// The outcome of sign-up and log-in: the raw token goes into the cookie and is never stored.
struct NewSession {
  std::string token;
  std::string csrf_token;
  Micros expires_at = 0;
  members::Member member;
};

struct SignupRequest {
  std::string email;
  std::string password;
  std::string first_name;
  std::string last_name;
};

struct ApiKey {
  int64_t id = 0;
  std::string name;
};

// One act performed with an admin API key.
struct AuditEntry {
  int64_t api_key_id = 0;
  std::optional<MemberId> acting_member_id;
  std::string acting_handle;
  std::string method;
  std::string path;
  int status = 0;
  std::string remote_ip;
};

// Lower-cases and trims; kInvalidArgument("email") when it is not an address.
Result<std::string> normalize_email(std::string_view email);

class AccountService final : public store::Index {
 public:
  // REQUIRES: arguments outlive the service.
  AccountService(store::Database& db, const Clock& clock, AccountsConfig config = {});

  Result<NewSession> signup(const SignupRequest& req);
  // kUnauthorized with one message for unknown email and wrong password; kTooManyRequests when limited.
  Result<NewSession> login(std::string_view email, std::string_view password, const std::string& remote_ip);
  Status logout(std::string_view token);
  // kUnauthorized for unknown or expired tokens. Cached; revocations in any process reach the cache through
  // the change log.
  Result<SessionRecord> session(std::string_view token);

  // Erases the member and everything that is theirs, after checking their password (see
  // accounts/account_deletion.h). kForbidden "wrong_password" for a wrong password or an account without one;
  // kTooManyRequests after repeated wrong passwords; kNotFound for an unknown member.
  Status delete_account(MemberId member, std::string_view password);

  // Returns the key in clear (shown once). Stored as a hash.
  Result<std::string> create_api_key(std::string_view name);
  Result<ApiKey> verify_api_key(std::string_view key);
  Status audit(const AuditEntry& entry);

  // store::Index: follows session and API key revocations.
  std::string_view name() const override { return "sessions"; }
  Status load(store::Session& snapshot) override { return {}; }
  void apply(const store::Change& change) override;

 private:
  Result<NewSession> create_session(store::WriteTx& tx, const members::Member& m, Micros now);

  store::Database& db_;
  const Clock& clock_;
  const AccountsConfig config_;
  RateLimiter account_failures_;
  RateLimiter ip_failures_;

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, SessionRecord> sessions_;  // token hash -> session; GUARDED_BY(mu_)
  // Counts revocations applied (session.revoked, member.deleted). A session read from the store is cached
  // only if none was applied meanwhile, so a read that raced a revocation cannot bring it back. GUARDED_BY(mu_)
  uint64_t revocations_ = 0;
  std::unordered_map<std::string, ApiKey> api_keys_;          // key hash -> key; GUARDED_BY(mu_)
};

}  // namespace kring::accounts

#include "accounts/account_service.h"

#include <mutex>

#include <nlohmann/json.hpp>

#include "common/random.h"
#include "common/text.h"
#include "members/member_service.h"

namespace kring::accounts {
namespace {

constexpr std::string_view kEmailTaken = "SELECT 1 FROM accounts WHERE email = ?";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (member_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kFindAccount =
    "SELECT a.member_id, a.password_hash, m.handle, m.first_name, m.last_name, m.headline, m.about, m.location, "
    "m.created_at, m.updated_at FROM accounts a JOIN members m ON m.id = a.member_id WHERE a.email = ?";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, member_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kFindSession =
    "SELECT member_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = ? RETURNING member_id";
constexpr std::string_view kDeleteExpiredSessions = "DELETE FROM sessions WHERE member_id = ? AND expires_at < ?";
constexpr std::string_view kInsertApiKey =
    "INSERT INTO api_keys (name, key_hash, created_at) VALUES (?, ?, ?) RETURNING id";
constexpr std::string_view kFindApiKey =
    "SELECT id, name FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL";
constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, api_key_id, acting_member_id, acting_handle, method, path, status, remote_ip) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kBadCredentials = "the email address or password is incorrect";

}  // namespace

Result<std::string> normalize_email(std::string_view email) {
  std::string e(text::trim(email));
  for (char& c : e) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  auto at = e.find('@');
  bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 && at + 1 < e.size() &&
            e.find('@', at + 1) == std::string::npos && e.find('.', at + 1) != std::string::npos &&
            e.back() != '.' && text::is_valid_utf8(e) && !text::has_control_chars(e, false) &&
            e.find(' ') == std::string::npos;
  if (!ok) return Error::invalid("email", "email must be an address like name@example.org");
  return e;
}

AccountService::AccountService(store::Database& db, const Clock& clock, AccountsConfig config)
    : db_(db),
      clock_(clock),
      config_(config),
      account_failures_(config.login_failures_per_account, config.login_window, clock),
      ip_failures_(config.login_failures_per_ip, config.login_window, clock) {}

Result<NewSession> AccountService::create_session(store::WriteTx& tx, const members::Member& m, Micros now) {
  NewSession s{crypto::random_token(32), crypto::random_token(24), now + config_.session_ttl, m};
  tx.exec(kDeleteExpiredSessions, {m.id, now});
  tx.exec(kInsertSession, {crypto::hash_token(s.token), m.id, s.csrf_token, now, s.expires_at});
  return s;
}

Result<NewSession> AccountService::signup(const SignupRequest& req) {
  KRING_ASSIGN_OR_RETURN(std::string email, normalize_email(req.email));
  if (req.password.size() > kMaxPasswordLength) {
    return Error::invalid("password", "password must be at most 1024 bytes");
  }
  if (!text::is_valid_utf8(req.password) || text::codepoint_count(req.password) < kMinPasswordLength) {
    return Error::invalid("password", "password must be at least 10 characters");
  }
  KRING_TRY(members::validate_name("first_name", req.first_name));
  KRING_TRY(members::validate_name("last_name", req.last_name));
  // Cheap early answer for the common duplicate case; the unique index decides under races.
  auto taken = db_.read<bool>([&](store::Session& s) -> Result<bool> { return s.query_one(kEmailTaken, {email}).has_value(); });
  if (!taken.ok()) return std::move(taken).error();
  if (*taken) return Error{ErrorCode::kConflict, "an account with this email address already exists", "email", "email_taken"};

  std::string hash = hash_password(req.password, config_.password_cost);
  Micros now = clock_.now();
  auto created = db_.write<NewSession>([&](store::WriteTx& tx) -> Result<NewSession> {
    if (tx.query_one(kEmailTaken, {email})) {
      return Error{ErrorCode::kConflict, "an account with this email address already exists", "email", "email_taken"};
    }
    KRING_ASSIGN_OR_RETURN(members::Member m,
                           members::insert_member(tx, {req.first_name, req.last_name, "", "", ""}, now));
    tx.exec(kInsertAccount, {m.id, email, hash, now});
    return create_session(tx, m, now);
  });
  if (!created.ok() && created.error().code == ErrorCode::kConflict && created.error().api_code.empty()) {
    return Error{ErrorCode::kConflict, "an account with this email address already exists", "email", "email_taken"};
  }
  return created;
}

Result<NewSession> AccountService::login(std::string_view email_in, std::string_view password,
                                         const std::string& remote_ip) {
  auto email = normalize_email(email_in);
  std::string account_key = email.ok() ? *email : std::string(email_in);
  int wait = std::max(ip_failures_.retry_after(remote_ip), account_failures_.retry_after(account_key));
  if (wait > 0) return Error::too_many("too many failed log-in attempts; try again later", wait);
  if (!email.ok() || password.size() > kMaxPasswordLength) {
    ip_failures_.record(remote_ip);
    return Error::unauthorized(kBadCredentials);
  }
  auto found = db_.read<std::optional<std::pair<members::Member, std::string>>>(
      [&](store::Session& s) -> Result<std::optional<std::pair<members::Member, std::string>>> {
        auto r = s.query_one(kFindAccount, {*email});
        if (!r) return std::nullopt;
        members::Member m{r->i64(0), r->text(2), r->text(3), r->text(4), r->text(5),
                          r->text(6), r->text(7), r->i64(8), r->i64(9)};
        return std::make_pair(std::move(m), r->text(1));
      });
  if (!found.ok()) return std::move(found).error();
  bool good = false;
  if (found->has_value() && !(*found)->second.empty()) {
    good = verify_password((*found)->second, password);
  } else {
    verify_dummy(password);
  }
  if (!good) {
    ip_failures_.record(remote_ip);
    account_failures_.record(account_key);
    return Error::unauthorized(kBadCredentials);
  }
  account_failures_.reset(account_key);
  Micros now = clock_.now();
  const members::Member& m = (*found)->first;
  return db_.write<NewSession>([&](store::WriteTx& tx) { return create_session(tx, m, now); });
}

Status AccountService::logout(std::string_view token) {
  std::string hash = crypto::hash_token(token);
  auto done = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    auto r = tx.query_one(kDeleteSession, {hash});
    if (r) tx.log("session.revoked", r->i64(0), nlohmann::json{{"token_hash", hash}}.dump());
    return true;
  });
  {
    std::unique_lock lock(mu_);
    sessions_.erase(hash);
  }
  if (!done.ok()) return std::move(done).error();
  return {};
}

Result<SessionRecord> AccountService::session(std::string_view token) {
  if (token.empty() || token.size() > 200) return Error::unauthorized("not logged in");
  std::string hash = crypto::hash_token(token);
  Micros now = clock_.now();
  {
    std::shared_lock lock(mu_);
    auto it = sessions_.find(hash);
    if (it != sessions_.end()) {
      if (it->second.expires_at > now) return it->second;
      return Error::unauthorized("the session has expired; log in again");
    }
  }
  uint64_t revocations = 0;
  {
    std::shared_lock lock(mu_);
    revocations = revocations_;
  }
  auto rec = db_.read<std::optional<SessionRecord>>([&](store::Session& s) -> Result<std::optional<SessionRecord>> {
    auto r = s.query_one(kFindSession, {hash});
    if (!r) return std::nullopt;
    return SessionRecord{r->i64(0), r->text(1), r->i64(2)};
  });
  if (!rec.ok()) return std::move(rec).error();
  if (!rec->has_value()) return Error::unauthorized("not logged in");
  if ((*rec)->expires_at <= now) return Error::unauthorized("the session has expired; log in again");
  std::unique_lock lock(mu_);
  if (revocations_ != revocations) return **rec;  // a revocation raced this read: do not cache what it may undo
  if (sessions_.size() > 200000) sessions_.clear();  // bound memory; entries reload on demand
  sessions_[hash] = **rec;
  return **rec;
}

Result<std::string> AccountService::create_api_key(std::string_view name) {
  std::string n(text::trim(name));
  if (n.empty() || n.size() > 100 || !text::is_valid_utf8(n) || text::has_control_chars(n, false)) {
    return Error::invalid("name", "an API key needs a name of 1 to 100 characters");
  }
  std::string key = "kring_" + crypto::random_token(32);
  Micros now = clock_.now();
  auto id = db_.write<int64_t>([&](store::WriteTx& tx) -> Result<int64_t> {
    auto r = tx.query_one(kInsertApiKey, {n, crypto::hash_token(key), now});
    tx.log("api_key.created", r->i64(0), nlohmann::json{{"name", n}}.dump());
    return r->i64(0);
  });
  if (!id.ok()) return std::move(id).error();
  return key;
}

Result<ApiKey> AccountService::verify_api_key(std::string_view key) {
  if (key.size() < 10 || key.size() > 200) return Error::unauthorized("invalid API key");
  std::string hash = crypto::hash_token(key);
  {
    std::shared_lock lock(mu_);
    auto it = api_keys_.find(hash);
    if (it != api_keys_.end()) return it->second;
  }
  auto found = db_.read<std::optional<ApiKey>>([&](store::Session& s) -> Result<std::optional<ApiKey>> {
    auto r = s.query_one(kFindApiKey, {hash});
    if (!r) return std::nullopt;
    return ApiKey{r->i64(0), r->text(1)};
  });
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::unauthorized("invalid API key");
  std::unique_lock lock(mu_);
  api_keys_[hash] = **found;
  return **found;
}

Status AccountService::audit(const AuditEntry& e) {
  Micros now = clock_.now();
  auto done = db_.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    tx.exec(kInsertAudit, {now, e.api_key_id, e.acting_member_id, e.acting_handle, e.method, e.path, e.status,
                           e.remote_ip});
    return true;
  });
  if (!done.ok()) return std::move(done).error();
  return {};
}

void AccountService::apply(const store::Change& change) {
  if (change.kind == "session.revoked") {
    auto j = nlohmann::json::parse(change.payload, nullptr, false);
    if (!j.is_object() || !j.contains("token_hash") || !j["token_hash"].is_string()) return;
    std::unique_lock lock(mu_);
    ++revocations_;
    sessions_.erase(j["token_hash"].get<std::string>());
  } else if (change.kind == "member.deleted") {
    std::unique_lock lock(mu_);
    ++revocations_;
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.member_id == change.entity; });
  } else if (change.kind == "api_key.revoked") {
    std::unique_lock lock(mu_);
    std::erase_if(api_keys_, [&](const auto& kv) { return kv.second.id == change.entity; });
  }
}

}  // namespace kring::accounts

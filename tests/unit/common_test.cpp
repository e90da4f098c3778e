#include <gtest/gtest.h>

#include "accounts/password.h"
#include "accounts/rate_limiter.h"
#include "accounts/account_service.h"
#include "common/cursor.h"
#include "common/random.h"

namespace kring {
namespace {

TEST(Cursor, RoundTripsAndRejectsTampering) {
  std::string c = encode_cursor({1700000000000000, 42});
  auto d = decode_cursor(c, 2);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ((*d)[0], 1700000000000000);
  EXPECT_EQ((*d)[1], 42);
  EXPECT_FALSE(decode_cursor(c, 3).ok());
  EXPECT_FALSE(decode_cursor("not base64!", 2).ok());
  EXPECT_FALSE(decode_cursor(crypto::base64url_encode("k1:1:x"), 2).ok());
  EXPECT_FALSE(decode_cursor(crypto::base64url_encode("v9:1:2"), 2).ok());
  EXPECT_FALSE(decode_cursor(std::string(600, 'A'), 2).ok());
  auto e = decode_cursor("", 1);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().api_code, "invalid_cursor");
}

TEST(Cursor, ParsesLimits) {
  std::string s = "25";
  EXPECT_EQ(*parse_limit(&s, 10, 100), 25);
  EXPECT_EQ(*parse_limit(nullptr, 10, 100), 10);
  for (std::string bad : {"0", "101", "-1", "abc", "5x", "", "99999999999"}) {
    EXPECT_FALSE(parse_limit(&bad, 10, 100).ok()) << bad;
  }
}

TEST(RateLimiter, LimitsPerKeyWithinTheWindow) {
  ManualClock clock(1'000'000'000);
  accounts::RateLimiter rl(3, 60 * kMicrosPerSecond, clock);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(rl.retry_after("a"), 0);
    rl.record("a");
  }
  EXPECT_EQ(rl.retry_after("a"), 60);
  EXPECT_EQ(rl.retry_after("b"), 0);
  clock.advance(30 * kMicrosPerSecond);
  EXPECT_EQ(rl.retry_after("a"), 30);
  clock.advance(30 * kMicrosPerSecond);
  EXPECT_EQ(rl.retry_after("a"), 0);
  rl.record("b");
  rl.reset("b");
  EXPECT_EQ(rl.retry_after("b"), 0);
}

TEST(Password, HashesWithArgon2idAndVerifies) {
  std::string h = accounts::hash_password("correct horse battery", accounts::PasswordCost::kMinimum);
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(accounts::verify_password(h, "correct horse battery"));
  EXPECT_FALSE(accounts::verify_password(h, "correct horse batterY"));
  EXPECT_FALSE(accounts::verify_password("garbage", "x"));
  EXPECT_NE(h, accounts::hash_password("correct horse battery", accounts::PasswordCost::kMinimum));  // salted
}

TEST(Email, NormalisesAndValidates) {
  EXPECT_EQ(*accounts::normalize_email("  Anna.Jansen@Example.ORG "), "anna.jansen@example.org");
  for (const char* bad : {"", "anna", "@example.org", "anna@", "anna@example", "a b@example.org",
                          "anna@@example.org", "anna@example.org."}) {
    EXPECT_FALSE(accounts::normalize_email(bad).ok()) << bad;
  }
}

TEST(Tokens, AreRandomAndHashedForStorage) {
  auto a = crypto::random_token(32), b = crypto::random_token(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(crypto::hash_token(a).size(), 64u);
  EXPECT_EQ(crypto::hash_token(a), crypto::hash_token(a));
  EXPECT_TRUE(crypto::equal_constant_time("abc", "abc"));
  EXPECT_FALSE(crypto::equal_constant_time("abc", "abd"));
  EXPECT_FALSE(crypto::equal_constant_time("abc", "abcd"));
}

}  // namespace
}  // namespace kring

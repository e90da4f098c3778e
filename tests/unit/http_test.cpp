#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/request.h"
#include "http/router.h"

namespace kring::http {
namespace {

Response ok(Request&) { return Response::json(200, {{"ok", true}}); }

TEST(Router, MatchesLiteralsBeforeParameters) {
  Router r;
  r.add("GET", "/api/v1/members/{handle}", ok);
  r.add("PATCH", "/api/v1/members/me", ok);
  r.add("GET", "/api/v1/members/{handle}/connections", ok);
  auto m = r.match("GET", "/api/v1/members/jan");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/members/{handle}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].second, "jan");
  m = r.match("PATCH", "/api/v1/members/me");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/api/v1/members/me");
  m = r.match("GET", "/api/v1/members/jan/connections");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "jan");
}

TEST(Router, DistinguishesNotFoundFromWrongMethod) {
  Router r;
  r.add("GET", "/api/v1/things", ok);
  r.add("POST", "/api/v1/things", ok);
  auto m = r.match("DELETE", "/api/v1/things");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.allow, "GET, POST");
  m = r.match("GET", "/api/v1/other");
  EXPECT_EQ(m.status, 404);
  EXPECT_NE(r.match("HEAD", "/api/v1/things").route, nullptr);
}

TEST(Router, FallbackServesOnlyNonApiReads) {
  Router r;
  r.set_fallback(ok);
  EXPECT_NE(r.match("GET", "/in/jan").route, nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/unknown").route, nullptr);
  EXPECT_EQ(r.match("POST", "/in/jan").route, nullptr);
}

TEST(Request, PercentDecodesAndRejectsMalformedEscapes) {
  std::string out;
  EXPECT_TRUE(percent_decode("a%20b%2Fc", out, false));
  EXPECT_EQ(out, "a b/c");
  EXPECT_TRUE(percent_decode("a+b", out, true));
  EXPECT_EQ(out, "a b");
  EXPECT_FALSE(percent_decode("%2", out, false));
  EXPECT_FALSE(percent_decode("%zz", out, false));
  EXPECT_FALSE(percent_decode("abc%", out, false));
}

TEST(Request, ParsesRepeatedQueryParameters) {
  Request req;
  ASSERT_TRUE(parse_query("skill=Java&skill=SQL&q=jan+de+vries&empty=&flag", req.query));
  auto skills = req.query_params("skill");
  ASSERT_EQ(skills.size(), 2u);
  EXPECT_EQ(skills[1], "SQL");
  EXPECT_EQ(*req.query_param("q"), "jan de vries");
  EXPECT_EQ(*req.query_param("empty"), "");
  EXPECT_TRUE(req.query_param("flag").has_value());
  EXPECT_FALSE(req.query_param("missing").has_value());
}

TEST(Request, ReadsCookies) {
  Request req;
  req.headers = {{"cookie", "a=1; kring_session=tok; b=2"}};
  EXPECT_EQ(req.cookie("kring_session"), "tok");
  EXPECT_EQ(req.cookie("b"), "2");
  EXPECT_EQ(req.cookie("c"), "");
}

TEST(Response, ErrorBodyHasCodeMessageFieldAndRetryAfter) {
  auto r = Response::error(Error::invalid("headline", "too long"));
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["field"], "headline");
  auto limited = Response::error(Error::too_many("slow down", 42));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(nlohmann::json::parse(limited.body)["error"]["retry_after"], 42);
  ASSERT_FALSE(limited.headers.empty());
  EXPECT_EQ(limited.headers[0].second, "42");
}

TEST(Response, InvalidUtf8NeverBreaksTheJson) {
  auto r = Response::json(200, {{"text", std::string("bad \xFF byte")}});
  EXPECT_NO_THROW((void)nlohmann::json::parse(r.body));
}

}  // namespace
}  // namespace kring::http

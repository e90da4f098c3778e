// The ranking of people you may know, as a table of scenarios and the order they must produce; and the
// weekly invitation limit.
#include <gtest/gtest.h>

#include "network/network_service.h"
#include "network/suggestions.h"

namespace kring::network {
namespace {

Evidence mutuals(MemberId m, size_t n, double aa) {
  Evidence e;
  e.member = m;
  e.mutual = n;
  e.adamic_adar = aa;
  return e;
}

struct Scenario {
  const char* name;
  std::vector<Evidence> candidates;
  std::vector<MemberId> expected_order;
};

TEST(SuggestionRanking, Scenarios) {
  Evidence colleague;
  colleague.member = 10;
  colleague.worked = {{"Rabobank", 2019, 2021}};
  Evidence classmate;
  classmate.member = 11;
  classmate.studied = {{"Hogeschool Utrecht", 2010, 2010}};
  Evidence linkedin;
  linkedin.member = 12;
  linkedin.known_from_linkedin = true;
  Evidence city_only;
  city_only.member = 13;
  city_only.same_city = "Utrecht";
  Evidence skills;
  skills.member = 14;
  skills.shared_skills = {"SQL", "Python", "Excel"};
  Evidence nothing;
  nothing.member = 15;

  const std::vector<Scenario> scenarios = {
      // Adamic–Adar: two mutuals with small networks beat three through hubs.
      {"mutuals with small networks beat hub mutuals", {mutuals(1, 3, 3 * 0.12), mutuals(2, 2, 2 * 0.9)}, {2, 1}},
      {"equal scores tie by member id", {mutuals(5, 1, 0.5), mutuals(4, 1, 0.5)}, {4, 5}},
      {"a colleague of overlapping years beats one weak mutual", {mutuals(1, 1, 0.3), colleague}, {10, 1}},
      {"imported contacts come first", {colleague, linkedin, mutuals(1, 2, 1.5)}, {12, 10, 1}},
      {"classmate beats shared skills beats same city", {city_only, skills, classmate}, {11, 14, 13}},
      {"no factor, no suggestion", {nothing, city_only}, {13}},
  };
  for (const Scenario& s : scenarios) {
    std::vector<MemberId> order;
    for (const Suggestion& r : rank(s.candidates)) order.push_back(r.member);
    EXPECT_EQ(order, s.expected_order) << s.name;
  }
}

TEST(SuggestionRanking, EveryFactorExplainsItsShareOfTheScore) {
  Evidence e = mutuals(7, 4, 1.7);
  e.worked = {{"Rabobank", 2019, 2021}};
  e.same_city = "Utrecht";
  e.shared_skills = {"SQL"};
  e.mutual_example = "Anna de Vries";
  Suggestion s = score(e);
  double sum = 0;
  for (const Factor& f : s.why) sum += f.value;
  EXPECT_DOUBLE_EQ(s.score, sum);
  ASSERT_EQ(s.why.size(), 4u);
  EXPECT_EQ(s.why[0].factor, "worked_together");
  EXPECT_EQ(s.why[0].detail, "Both at Rabobank, 2019\u20132021");
  EXPECT_EQ(s.why[1].factor, "mutual_connections");
  EXPECT_EQ(s.why[1].detail, "4 mutual connections, including Anna de Vries");
  for (size_t i = 1; i < s.why.size(); ++i) EXPECT_GE(s.why[i - 1].value, s.why[i].value);
}

TEST(SuggestionRanking, OverlapYears) {
  EXPECT_EQ(overlap_years(2015, 2020, 2018, 2022, 2026), (std::pair{2018, 2020}));
  EXPECT_EQ(overlap_years(2015, std::nullopt, 2024, std::nullopt, 2026), (std::pair{2024, 2026}));
  EXPECT_EQ(overlap_years(2015, 2017, 2018, 2022, 2026), std::nullopt);
  // Education known only by its class year.
  EXPECT_EQ(overlap_years(std::nullopt, 2010, std::nullopt, 2010, 2026), (std::pair{2010, 2010}));
}

TEST(InvitationLimit, LoweredOnlyForMostlyIgnoredSenders) {
  EXPECT_EQ(effective_invitation_limit(100, 10, 0, 0), 100);
  EXPECT_EQ(effective_invitation_limit(100, 10, 2, 7), 100);   // too few answers to judge
  EXPECT_EQ(effective_invitation_limit(100, 10, 10, 10), 100);  // half accepted
  EXPECT_EQ(effective_invitation_limit(100, 10, 3, 7), 60);
  EXPECT_EQ(effective_invitation_limit(100, 10, 0, 30), 10);
  EXPECT_EQ(effective_invitation_limit(5, 10, 0, 30), 5);
}

}  // namespace
}  // namespace kring::network

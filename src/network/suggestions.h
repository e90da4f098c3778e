// People you may know: candidates from the graph (second degree), from shared employers and schools in
// overlapping years, and from imported contacts; ranked by a weighted sum of factors, each reported with the
// value it added and a sentence saying why. The weights live here, with data-driven tests beside them
// (tests/unit/suggestions_test.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "network/network_service.h"

namespace kring::network {

// One place for the weights.
struct SuggestionWeights {
  double mutual = 1.0;                 // × Adamic–Adar: Σ over mutual connections u of 1 / ln(connections(u))
  double worked_together = 2.0;        // same company page, overlapping years
  double per_year_worked = 0.25;       // + per overlapping year, up to max_years
  double studied_together = 1.5;       // same school, overlapping years
  double per_year_studied = 0.25;
  int max_years = 4;
  double same_city = 0.4;
  double per_shared_skill = 0.2;       // up to max_skills
  int max_skills = 5;
  double known_from_linkedin = 3.0;
};

struct Overlap {
  std::string name;  // company or school
  int from = 0;      // first overlapping year
  int to = 0;        // last overlapping year
};

// What is known about one candidate, relative to the viewer.
struct Evidence {
  MemberId member = 0;
  double adamic_adar = 0;
  size_t mutual = 0;
  std::string mutual_example;  // a mutual connection's name, for the sentence
  std::vector<Overlap> worked;
  std::vector<Overlap> studied;
  std::string same_city;  // the shared city, empty when none
  std::vector<std::string> shared_skills;
  bool known_from_linkedin = false;
};

struct Factor {
  std::string factor;  // mutual_connections, worked_together, studied_together, same_city, shared_skills,
                       // known_from_linkedin
  double value = 0;    // what it added to the score
  std::string detail;
};

struct Suggestion {
  MemberId member = 0;
  double score = 0;
  std::vector<Factor> why;  // largest first
};

// Scores one candidate. Pure.
Suggestion score(const Evidence& e, const SuggestionWeights& w = {});
// Scores and orders candidates: score descending, then member id ascending; drops those with no factor.
std::vector<Suggestion> rank(const std::vector<Evidence>& candidates, const SuggestionWeights& w = {});

// Overlapping years of two spans; `end` nullopt means "until now" (current_year).
std::optional<std::pair<int, int>> overlap_years(std::optional<int> start_a, std::optional<int> end_a,
                                                 std::optional<int> start_b, std::optional<int> end_b,
                                                 int current_year);

class SuggestionService {
 public:
  explicit SuggestionService(const NetworkService& network, SuggestionWeights weights = {})
      : network_(network), weights_(weights) {}

  // Ranked suggestions for `me`, items [offset, offset + limit). `more` is set when further items exist.
  Result<std::vector<Suggestion>> suggest(MemberId me, size_t offset, size_t limit, bool* more) const;

 private:
  const NetworkService& network_;
  SuggestionWeights weights_;
};

}  // namespace kring::network

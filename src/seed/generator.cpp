#include "seed/generator.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "members/member_service.h"

namespace kring::seed {
namespace {

const char* const kFirstNames[] = {
    "Jan", "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Lotte", "Finn", "Sophie", "Noah", "Tess", "Liam",
    "Fenna", "Milan", "Anna", "Thijs", "Eva", "Bram", "Lisa", "Ruben", "Iris", "Jesse", "Fleur", "Lars", "Noor",
    "Hugo", "Mila", "Sven", "Yara", "Mohammed", "Fatima", "Youssef", "Amira", "Ahmet", "Elif", "Mehmet", "Zeynep",
    "Pieter", "Marieke", "Willem", "Annelies", "Koen", "Inge", "Joost", "Femke", "Maarten", "Esther", "Jeroen",
    "Marloes", "Stijn", "Hanna", "Tom", "Laura", "David", "Sara", "Pedro", "Lucía", "Mateo", "Chloé", "Léa",
    "Jonas", "Lena", "Mia", "Ben", "Paul", "Marie", "Oskar", "Ingrid", "Piotr", "Agnieszka", "Wei", "Priya",
    "Arjun", "Aisha", "Kofi", "Ama", "Rosa", "Giulia", "Marco", "Niamh", "Seán", "Björn", "Åsa", "Zoë", "Joëlle"};
const char* const kLastNames[] = {
    "de Vries", "Jansen", "de Jong", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra",
    "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van Dijk",
    "Schouten", "Willems", "van Beek", "Hoekstra", "Maas", "Verhoeven", "Koster", "Prins", "Blom", "Huisman",
    "Yılmaz", "Kaya", "El Amrani", "Bouzid", "Nguyen", "Müller", "Schmidt", "Dubois", "Lefèvre", "García",
    "Fernández", "Rossi", "Kowalski", "Nowak", "Andersson", "Nielsen", "O'Brien", "Murphy", "Patel", "Singh",
    "Chen", "Wang", "Mensah", "Okafor", "Silva", "Santos", "Novák", "Horváth", "Popescu", "Janssens", "Claes"};
const char* const kTitles[] = {
    "Software Engineer", "Senior Software Engineer", "Product Manager", "Data Analyst", "Data Scientist",
    "UX Designer", "Nurse", "Registered Nurse", "General Practitioner", "Physiotherapist", "Teacher",
    "Primary School Teacher", "Lecturer", "Accountant", "Financial Controller", "Tax Advisor", "Logistics Planner",
    "Warehouse Manager", "Truck Driver", "Supply Chain Manager", "Electrician", "Plumber", "Carpenter",
    "Project Manager", "HR Business Partner", "Recruiter", "Marketing Manager", "Sales Manager",
    "Account Manager", "Customer Success Manager", "Lawyer", "Legal Counsel", "Civil Engineer",
    "Mechanical Engineer", "Policy Advisor", "Communications Advisor", "Chef", "Journalist", "Architect",
    "Pharmacist"};
const char* const kCompanies[] = {
    "Polderdata", "Rivierland Zorg", "Noordkust Logistiek", "Grachtenbank", "Dijkstra Bouw", "Tulip Analytics",
    "Windmolen Energie", "Zeehaven Shipping", "Heuvelrug College", "Stadsziekenhuis", "Lindeboom Accountants",
    "Kanaal Software", "Vlinder Design", "Molenaar Advocaten", "Horizon Retail", "Bloesem Foods",
    "Brugwerk Engineering", "Delta Verzekeringen", "Kompas Onderwijs", "Eikenhout Meubels", "Blauwe Lijn Transport",
    "Stroom Technologies", "Fietsfabriek", "Kaasmakerij Gouda", "Havenstad Gemeente", "Ster Media",
    "Koers Consultancy", "Zonnepark Systems", "Kring Labs", "Parel Pharma"};
const char* const kCities[] = {
    "Amsterdam, Netherlands", "Rotterdam, Netherlands", "Utrecht, Netherlands", "The Hague, Netherlands",
    "Eindhoven, Netherlands", "Groningen, Netherlands", "Tilburg, Netherlands", "Almere, Netherlands",
    "Breda, Netherlands", "Nijmegen, Netherlands", "Arnhem, Netherlands", "Haarlem, Netherlands",
    "Leiden, Netherlands", "Maastricht, Netherlands", "Zwolle, Netherlands", "Delft, Netherlands",
    "Antwerp, Belgium", "Ghent, Belgium", "Brussels, Belgium", "Leuven, Belgium", "Düsseldorf, Germany",
    "Berlin, Germany", "Paris, France", "London, United Kingdom"};
const char* const kAboutLines[] = {
    "I like turning messy problems into simple, working solutions.",
    "Ten years in the field and still learning something every week.",
    "Happy to share what I know with people starting out.",
    "Outside work: cycling, cooking and the occasional marathon.",
    "Looking for people who care about doing things properly.",
    "I believe good teams are built on trust and clear communication.",
    "Currently exploring how data can make everyday work easier.",
    "Mentor, volunteer and lifelong learner."};

template <typename T, size_t N>
const char* pick(Rng& rng, T (&arr)[N]) {
  return arr[rng.below(N)];
}

constexpr Micros kSeedEpoch = 1704067200LL * kMicrosPerSecond;  // 2024-01-01T00:00:00Z
constexpr std::string_view kCountMembers = "SELECT COUNT(*) FROM members";
constexpr std::string_view kInsertAccount =
    "INSERT INTO accounts (member_id, email, password_hash, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertConnection =
    "INSERT INTO connections (member_a, member_b, connected_at) VALUES (?, ?, ?)";

}  // namespace

Result<SeedReport> seed_database(store::Database& db, const SeedOptions& options) {
  if (options.members < 1 || options.members > 10'000'000) {
    return Error::invalid("members", "members must be between 1 and 10000000");
  }
  auto existing = db.read<int64_t>([](store::Session& s) -> Result<int64_t> {
    return s.query_one(kCountMembers)->i64(0);
  });
  if (!existing.ok()) return std::move(existing).error();
  if (*existing > 0) {
    return Error::conflict("the database already has " + std::to_string(*existing) +
                           " members; seed into an empty database");
  }

  Rng rng(options.seed);
  const int64_t n = options.members;
  const std::string password_hash = accounts::hash_password(kDemoPassword, options.password_cost);
  std::vector<int64_t> ids;
  std::vector<int> company(n), city(n);
  ids.reserve(n);
  SeedReport report;

  constexpr int64_t kBatch = 2000;
  for (int64_t start = 0; start < n; start += kBatch) {
    int64_t end = std::min(n, start + kBatch);
    auto ok = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      for (int64_t i = start; i < end; ++i) {
        members::NewMember nm;
        int c = static_cast<int>(rng.below(std::size(kCompanies)));
        int t = static_cast<int>(rng.below(std::size(kTitles)));
        int l = static_cast<int>(rng.below(std::size(kCities)));
        company[i] = c;
        city[i] = l;
        if (i == 0) {
          nm = {"Demi", "Kring", "Community Manager at Kring Labs", "I run this demo. Look around!",
                "Utrecht, Netherlands"};
        } else {
          nm.first_name = pick(rng, kFirstNames);
          nm.last_name = pick(rng, kLastNames);
          nm.headline = std::string(kTitles[t]) + " at " + kCompanies[c];
          nm.about = std::string(pick(rng, kAboutLines)) + "\n\n" + pick(rng, kAboutLines);
          nm.location = kCities[l];
        }
        Micros created = kSeedEpoch + static_cast<Micros>(i) * 60 * kMicrosPerSecond;
        KRING_ASSIGN_OR_RETURN(members::Member m, members::insert_member(tx, nm, created));
        std::string email = i == 0 ? std::string(kDemoEmail) : "member" + std::to_string(i) + "@example.org";
        tx.exec(kInsertAccount, {m.id, email, password_hash, created});
        ids.push_back(m.id);
      }
      return true;
    });
    if (!ok.ok()) return std::move(ok).error();
  }
  report.members = n;

  // Connections: a skewed number of ties per member (most have a handful, a few have hundreds), mostly
  // to colleagues and people in the same city, some at random.
  std::vector<std::vector<int64_t>> by_company(std::size(kCompanies)), by_city(std::size(kCities));
  for (int64_t i = 0; i < n; ++i) {
    by_company[company[i]].push_back(i);
    by_city[city[i]].push_back(i);
  }
  std::unordered_set<uint64_t> seen;
  std::vector<std::pair<int64_t, int64_t>> edges;
  for (int64_t i = 0; i < n && n > 1; ++i) {
    double u = std::max(1e-9, rng.unit());
    // Pareto-like: mean about avg_connections / 2 new ties started per member.
    int64_t want = static_cast<int64_t>(options.avg_connections * 0.25 / std::pow(u, 0.5));
    want = std::min<int64_t>(want, std::min<int64_t>(n - 1, 1500));
    if (i == 0) want = std::min<int64_t>(n - 1, 60);  // the demo account has a network to explore
    for (int64_t k = 0; k < want; ++k) {
      int64_t j;
      double r = rng.unit();
      if (r < 0.45) {
        const auto& pool = by_company[company[i]];
        j = pool[rng.below(pool.size())];
      } else if (r < 0.8) {
        const auto& pool = by_city[city[i]];
        j = pool[rng.below(pool.size())];
      } else {
        j = static_cast<int64_t>(rng.below(n));
      }
      if (j == i) continue;
      int64_t a = std::min(i, j), b = std::max(i, j);
      if (!seen.insert(static_cast<uint64_t>(a) * static_cast<uint64_t>(n) + b).second) continue;
      edges.emplace_back(a, b);
    }
  }
  for (size_t start = 0; start < edges.size(); start += 5000) {
    size_t end = std::min(edges.size(), start + 5000);
    auto ok = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      for (size_t e = start; e < end; ++e) {
        auto [a, b] = edges[e];
        Micros at = kSeedEpoch + static_cast<Micros>(n + e) * 60 * kMicrosPerSecond;
        tx.exec(kInsertConnection, {ids[a], ids[b], at});
        tx.log("connection.created", ids[a], nlohmann::json{{"a", ids[a]}, {"b", ids[b]}, {"at", at}}.dump());
      }
      return true;
    });
    if (!ok.ok()) return std::move(ok).error();
  }
  report.connections = static_cast<int64_t>(edges.size());
  return report;
}

}  // namespace kring::seed

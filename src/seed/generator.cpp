#include "seed/generator.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/text.h"
#include "members/member_service.h"
#include "seed/demo_posts.h"
#include "taxonomy/taxonomy.h"

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

const char* const kSchools[] = {
    "Universiteit Utrecht", "Universiteit van Amsterdam", "TU Delft", "Erasmus Universiteit Rotterdam",
    "Rijksuniversiteit Groningen", "Hogeschool Utrecht", "Hogeschool van Amsterdam", "Fontys Hogescholen",
    "KU Leuven", "Universiteit Gent", "ROC Midden Nederland", "Hanzehogeschool Groningen"};
const char* const kDegrees[] = {"BSc", "MSc", "BA", "MA", "Associate degree", "MBO 4", "PhD"};
const char* const kFields[] = {"Computer Science", "Nursing", "Business Administration", "Education",
                               "Logistics", "Law", "Civil Engineering", "Economics", "Communication", "Design"};
// Skills by the title's family (kTitles index / 4 roughly groups related titles), plus general skills.
const char* const kFamilySkills[][4] = {
    {"Python", "SQL", "Git", "Software Development"},      {"Product Management", "Agile", "Scrum", "Roadmapping"},
    {"Patient Care", "Wound Care", "Medication Administration", "Triage"},
    {"Lesson Planning", "Classroom Management", "Curriculum Design", "Mentoring"},
    {"Accounting", "Financial Reporting", "Excel", "Tax Law"},
    {"Route Planning", "Warehouse Management", "Forklift Operation", "Supply Chain Management"},
    {"Electrical Installation", "Plumbing", "Carpentry", "Technical Drawing"},
    {"Project Management", "Recruitment", "Stakeholder Management", "Negotiation"},
    {"Contract Law", "Legal Writing", "Structural Engineering", "AutoCAD"},
    {"Policy Analysis", "Copywriting", "Cooking", "Architecture"}};
const char* const kGeneralSkills[] = {"Communication", "Teamwork", "Dutch", "English", "Problem Solving",
                                      "Microsoft Office", "Presenting", "Coaching"};

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
constexpr std::string_view kInsertCompany =
    "INSERT INTO companies (handle, name, country, city, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kInsertSchool =
    "INSERT INTO schools (handle, name, country, city, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id";
constexpr std::string_view kSetPlace = "UPDATE members SET city = ?, country = ? WHERE id = ?";
constexpr std::string_view kInsertPosition =
    "INSERT INTO positions (member_id, company_id, company_name, title, start_year, start_month, end_year, end_month, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertEducation =
    "INSERT INTO education (member_id, school_id, school_name, degree, field, start_year, end_year, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertSkill =
    "INSERT INTO member_skills (member_id, skill_key, name, ord, created_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING";
constexpr std::string_view kInsertInvitation =
    "INSERT INTO invitations (from_member, to_member, note, status, created_at) VALUES (?, ?, ?, 'pending', ?)";

std::pair<std::string, std::string> split_place(std::string_view place) {
  auto comma = place.find(", ");
  if (comma == std::string_view::npos) return {std::string(place), ""};
  return {std::string(place.substr(0, comma)), std::string(place.substr(comma + 2))};
}

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

  // Skills are stored under their taxonomy id, as a member's edits would store them.
  const taxonomy::Taxonomy tax;
  auto skill_key = [&](const char* name) -> std::string {
    auto skill = tax.normalize(name);
    return skill ? (*skill)->id : text::fold(name);
  };
  Rng rng(options.seed);
  const int64_t n = options.members;
  const std::string password_hash = accounts::hash_password(kDemoPassword, options.password_cost);
  std::vector<int64_t> ids;
  std::vector<int> company(n), city(n);
  ids.reserve(n);
  SeedReport report;

  // Company pages and schools, each in one of the cities.
  std::vector<int64_t> company_ids, school_ids;
  auto places = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
    for (size_t c = 0; c < std::size(kCompanies); ++c) {
      auto [cy, country] = split_place(kCities[c % std::size(kCities)]);
      company_ids.push_back(tx.query_one(kInsertCompany, {text::slugify(kCompanies[c]), kCompanies[c], country, cy,
                                                          kSeedEpoch})->i64(0));
    }
    for (size_t k = 0; k < std::size(kSchools); ++k) {
      auto [cy, country] = split_place(kCities[(k * 5) % std::size(kCities)]);
      school_ids.push_back(tx.query_one(kInsertSchool, {text::slugify(kSchools[k]), kSchools[k], country, cy,
                                                        kSeedEpoch})->i64(0));
    }
    return true;
  });
  if (!places.ok()) return std::move(places).error();

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
        // Where they live, where they work and worked, where they studied, what they can do.
        if (i == 0) {
          c = static_cast<int>(std::size(kCompanies)) - 2;  // Kring Labs
          company[i] = c;
          l = 2;  // Utrecht
          city[i] = l;
        }
        auto [cy, country] = split_place(kCities[l]);
        tx.exec(kSetPlace, {cy, country, m.id});
        int graduated = 1995 + static_cast<int>(rng.below(28));
        int started = std::min(2025, graduated + 1 + static_cast<int>(rng.below(8)));
        if (rng.unit() < 0.5) {
          int pc = static_cast<int>(rng.below(std::size(kCompanies)));
          int past_start = graduated + static_cast<int>(rng.below(2));
          if (pc != c && past_start < started) {
            tx.exec(kInsertPosition, {m.id, company_ids[pc], kCompanies[pc], kTitles[rng.below(std::size(kTitles))],
                                      past_start, 1 + static_cast<int>(rng.below(12)), started,
                                      1 + static_cast<int>(rng.below(12)), created});
          }
        }
        tx.exec(kInsertPosition, {m.id, company_ids[c], kCompanies[c], i == 0 ? "Community Manager" : kTitles[t],
                                  started, 1 + static_cast<int>(rng.below(12)), std::nullopt, std::nullopt, created});
        int sk = static_cast<int>(rng.below(std::size(kSchools)));
        tx.exec(kInsertEducation, {m.id, school_ids[sk], kSchools[sk], pick(rng, kDegrees), pick(rng, kFields),
                                   graduated - 3 - static_cast<int>(rng.below(2)), graduated, created});
        int ord = 0;
        for (const char* skill : kFamilySkills[(t / 4) % std::size(kFamilySkills)]) {
          if (rng.unit() < 0.75) tx.exec(kInsertSkill, {m.id, skill_key(skill), skill, ord++, created});
        }
        for (int g = 0; g < 2; ++g) {
          const char* skill = pick(rng, kGeneralSkills);
          tx.exec(kInsertSkill, {m.id, skill_key(skill), skill, ord++, created});
        }
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

  // A few weeks of posts with reactions and comments, so the feed has something to show.
  {
    std::vector<std::vector<int32_t>> ties(static_cast<size_t>(n));
    for (auto [a, b] : edges) {
      ties[a].push_back(static_cast<int32_t>(b));
      ties[b].push_back(static_cast<int32_t>(a));
    }
    DemoPostOptions po;
    po.seed = options.seed;
    po.now = options.now ? options.now : SystemClock::instance().now();
    po.days = options.post_days;
    auto posts = seed_demo_posts(db, po, ids, ties, company,
                                 std::vector<const char*>(std::begin(kCompanies), std::end(kCompanies)));
    if (!posts.ok()) return std::move(posts).error();
    report.posts = posts->posts;
    report.reactions = posts->reactions;
    report.comments = posts->comments;
  }

  // A few invitations waiting for the demo account, from members it is not connected to.
  if (n > 1) {
    std::unordered_set<int64_t> demo_ties;
    for (auto [a, b] : edges) {
      if (a == 0) demo_ties.insert(b);
    }
    auto ok = db.write<bool>([&](store::WriteTx& tx) -> Result<bool> {
      int sent = 0;
      for (int64_t j = n - 1; j > 0 && sent < 3; --j) {
        if (demo_ties.count(j)) continue;
        Micros at = kSeedEpoch + static_cast<Micros>(n + edges.size() + sent) * 60 * kMicrosPerSecond;
        tx.exec(kInsertInvitation, {ids[j], ids[0], "We met at the community meetup in Utrecht. Let's stay in touch!", at});
        ++sent;
      }
      return true;
    });
    if (!ok.ok()) return std::move(ok).error();
  }
  return report;
}

}  // namespace kring::seed

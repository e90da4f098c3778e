// The member data export: everything a member created or received, as one ZIP (GET /members/me/export).
//
// profile.json holds it all; the CSV files repeat the tabular parts for spreadsheets:
//   connections.csv, positions.csv, education.csv, skills.csv, languages.csv, certifications.csv,
//   endorsements_received.csv, endorsements_given.csv, invitations.csv
//
// Other members appear by handle and name only ({"handle", "name"}); nothing private of theirs is included:
// not the fact that they ignored the member's invitation (it shows as pending, as on the site), not whether
// they hid an endorsement the member gave, not who blocked the member or imported them as a contact, and
// profile views only as the member may see them (the viewer for "name" views, the headline for "anonymous"
// views, the time alone for "private" ones). docs/api.md ("Portability") lists every key of profile.json.
//
// CSV cells that start with =, +, - or @ get a leading apostrophe so that spreadsheets do not run them as
// formulas.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/result.h"
#include "profiles/profile_service.h"
#include "store/database.h"

namespace kring::importers {

// The contents of profile.json. kNotFound for an unknown member.
Result<nlohmann::json> export_member_data(store::Database& db, const profiles::ProfileService& profiles,
                                          profiles::MemberId member, const Clock& clock);

// The ZIP: profile.json and the CSV files.
Result<std::string> export_member_zip(store::Database& db, const profiles::ProfileService& profiles,
                                      profiles::MemberId member, const Clock& clock);

// One CSV record (RFC 4180 quoting, CRLF), with the formula guard described above.
std::string csv_record(std::initializer_list<std::string_view> fields);

}  // namespace kring::importers

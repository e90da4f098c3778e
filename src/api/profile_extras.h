// What endorsements and profile views add to GET /api/v1/members/{handle} (built in member_handlers.cpp).
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "api/app.h"
#include "profiles/profile_cache.h"

namespace kring::api {

// Adds to a profile's JSON `j`: per skill (when "skills" is present) "endorsed_by_viewer" and "highlight", and,
// when "relationship" says the viewer is connected, relationship.endorsement_basis {relationship, context}.
// The skill fields come from the cached snapshot; only the basis reads the store. Defined in
// endorsement_handlers.cpp.
Status add_endorsement_fields(App& app, std::optional<MemberId> viewer, const profiles::ProfileSnapshot& snapshot,
                              nlohmann::json& j);

// Queues a view of `member`'s profile by the request's member, in that member's profile_view_mode: nothing
// for an anonymous request, the member themselves, or an API key without Kring-As. Never writes to the store
// on the calling thread. Defined in profile_view_handlers.cpp.
void record_profile_view(App& app, const Context& ctx, MemberId member);

}  // namespace kring::api

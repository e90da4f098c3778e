// Erasing a member (DELETE /members/me): one transaction removes the member row, and with it, through
// ON DELETE CASCADE, everything that names them: account, sessions, connections, invitations, follows they
// made, blocks either way, dismissed suggestions, introductions they take part in, profile sections
// (positions, education, skills, languages, certifications, open to work, contact, visibility, handle
// redirects), endorsements and endorsement requests given and received, known contacts either way, settings,
// posts (with their comments, reactions and hashtags), comments, reactions and interests, profile views of
// them. What does not cascade is deleted explicitly: follows of the member by others (follows.target has no
// foreign key), and profile views they made of others (viewer_id would only be set to NULL, keeping their
// headline). The change log's member.created / member.updated entries for them lose their payload (names,
// headline, about); the audit log keeps ids and the handle an admin key acted as, by design.
//
// A `member.deleted` change-log entry tells every node: the member directory, the connection graph, the block
// index and the session cache (AccountService::apply) drop the member, so their connections stop listing them
// and their sessions end everywhere. Messages do not exist yet; when they do, they stay with the other side
// and show as from "deleted member".
#pragma once

#include "members/member.h"
#include "store/database.h"

namespace kring::accounts {

// Erases `member` inside `tx` and logs member.deleted. Returns false when there is no such member.
bool erase_member(store::WriteTx& tx, members::MemberId member);

}  // namespace kring::accounts

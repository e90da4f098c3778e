-- Notifications: something happened to a member (the recipient) because of another member (the actor).
-- kind: mention, comment, reply, reaction, invitation_accepted, endorsement, introduction.
-- post_id / comment_id / endorsement_id / introduction_id name what it is about; each cascades, so deleting a
-- post, a comment, an endorsement or an introduction (or either member) removes the notifications it caused.
-- Reactions aggregate: while unread, one row per post whose actor_count counts the members who reacted since
-- first_at (actor_id is the latest of them); created_at is the latest activity and orders the list.
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  recipient_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  kind            TEXT    NOT NULL,
  actor_id        INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  post_id         INTEGER REFERENCES posts(id) ON DELETE CASCADE,
  comment_id      INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  endorsement_id  INTEGER REFERENCES endorsements(id) ON DELETE CASCADE,
  introduction_id INTEGER REFERENCES introductions(id) ON DELETE CASCADE,
  actor_count     INTEGER NOT NULL DEFAULT 1,
  first_at        INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  read_at         INTEGER
);
-- The list (newest first) and the unread count.
CREATE INDEX notifications_recipient ON notifications(recipient_id, created_at, id);
CREATE INDEX notifications_unread ON notifications(recipient_id, created_at) WHERE read_at IS NULL;
-- Deletes by actor, post, comment, endorsement and introduction (cascades and explicit removals).
CREATE INDEX notifications_actor ON notifications(actor_id);
CREATE INDEX notifications_post ON notifications(post_id) WHERE post_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications(comment_id) WHERE comment_id IS NOT NULL;
CREATE INDEX notifications_endorsement ON notifications(endorsement_id) WHERE endorsement_id IS NOT NULL;
CREATE INDEX notifications_introduction ON notifications(introduction_id) WHERE introduction_id IS NOT NULL;

-- The feed: each member's remembered mode, muted members and hashtags, and impressions (a post shown in a
-- member's feed: one row per post and viewer, written in batches in the background).
-- mode: relevant, recent.
CREATE TABLE feed_settings (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  mode       TEXT    NOT NULL DEFAULT 'relevant',
  updated_at INTEGER NOT NULL
);

CREATE TABLE feed_muted_members (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  muted_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, muted_id)
);
CREATE INDEX feed_muted_members_muted ON feed_muted_members(muted_id);

-- tag: folded, without '#'.
CREATE TABLE feed_muted_hashtags (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  tag        TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, tag)
);

CREATE TABLE post_impressions (
  post_id     INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  viewer_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  impressions INTEGER NOT NULL,
  first_at    INTEGER NOT NULL,
  last_at     INTEGER NOT NULL,
  PRIMARY KEY (post_id, viewer_id)
);
CREATE INDEX post_impressions_viewer ON post_impressions(viewer_id);

-- Reshares of a post: counted in its analytics, and cleared when it is deleted.
CREATE INDEX posts_reshare_of ON posts(reshare_of);

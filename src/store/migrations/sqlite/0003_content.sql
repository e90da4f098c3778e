-- Content: posts, comments, reactions, hashtags and interests. The feed issue builds on these tables.
-- visibility: anyone, connections.
CREATE TABLE posts (
  id           INTEGER PRIMARY KEY,
  author_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  text         TEXT    NOT NULL,
  visibility   TEXT    NOT NULL DEFAULT 'anyone',
  reshare_of   INTEGER REFERENCES posts(id) ON DELETE SET NULL,
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL,
  edited_at    INTEGER
);
CREATE INDEX posts_author ON posts(author_id, created_at);

-- A reply has parent_id set to the comment it answers; post_id is always the root post.
CREATE TABLE comments (
  id           INTEGER PRIMARY KEY,
  post_id      INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  author_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  parent_id    INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  text         TEXT    NOT NULL,
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL,
  edited_at    INTEGER
);
CREATE INDEX comments_post ON comments(post_id, created_at);
CREATE INDEX comments_author ON comments(author_id);

-- type: like, celebrate, support, insightful, funny, love. One per member per post.
CREATE TABLE reactions (
  post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  type       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, member_id)
);
CREATE INDEX reactions_member ON reactions(member_id);

CREATE TABLE post_hashtags (
  post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
  tag     TEXT    NOT NULL,
  PRIMARY KEY (post_id, tag)
);
CREATE INDEX post_hashtags_tag ON post_hashtags(tag);

CREATE TABLE member_interests (
  member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  tag       TEXT    NOT NULL,
  PRIMARY KEY (member_id, tag)
);

-- Foundation: members, accounts, sessions, API keys, audit log, connections, change log.
-- Timestamps are microseconds since the Unix epoch (UTC); booleans are 0/1.
CREATE TABLE members (
  id          INTEGER PRIMARY KEY,
  handle      TEXT    NOT NULL UNIQUE,
  first_name  TEXT    NOT NULL,
  last_name   TEXT    NOT NULL,
  headline    TEXT    NOT NULL DEFAULT '',
  about       TEXT    NOT NULL DEFAULT '',
  location    TEXT    NOT NULL DEFAULT '',
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE accounts (
  member_id     INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  email         TEXT    NOT NULL UNIQUE,
  password_hash TEXT,
  created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
  token_hash  TEXT    PRIMARY KEY,
  member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  csrf_token  TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_member ON sessions(member_id);

CREATE TABLE api_keys (
  id          INTEGER PRIMARY KEY,
  name        TEXT    NOT NULL,
  key_hash    TEXT    NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);

-- Every request made with an admin API key. No foreign keys: the trail outlives what it names.
CREATE TABLE audit_log (
  id               INTEGER PRIMARY KEY,
  at               INTEGER NOT NULL,
  api_key_id       INTEGER NOT NULL,
  acting_member_id INTEGER,
  acting_handle    TEXT    NOT NULL DEFAULT '',
  method           TEXT    NOT NULL,
  path             TEXT    NOT NULL,
  status           INTEGER NOT NULL,
  remote_ip        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);

-- Undirected connections, stored once with member_a < member_b.
CREATE TABLE connections (
  member_a     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  member_b     INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  connected_at INTEGER NOT NULL,
  PRIMARY KEY (member_a, member_b),
  CHECK (member_a < member_b)
);
CREATE INDEX connections_b ON connections(member_b);

-- Transactional outbox: appended in the same transaction as the write it describes.
CREATE TABLE change_log (
  seq        INTEGER PRIMARY KEY AUTOINCREMENT,
  kind       TEXT    NOT NULL,
  entity     INTEGER NOT NULL,
  payload    TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);

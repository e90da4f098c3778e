-- The network: invitations, follows, blocks, dismissed suggestions, introductions; and the profile core that
-- "people you may know" and imports need (companies, schools, positions, education, skills, imported
-- contacts). The profiles issue grows these tables; it does not replace them.
ALTER TABLE members ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN birthday TEXT;
ALTER TABLE members ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX members_external_ref ON members(external_ref);

-- status: pending, accepted, ignored, withdrawn.
CREATE TABLE invitations (
  id           INTEGER PRIMARY KEY,
  from_member  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  to_member    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  note         TEXT    NOT NULL DEFAULT '',
  status       TEXT    NOT NULL,
  created_at   INTEGER NOT NULL,
  responded_at INTEGER
);
CREATE INDEX invitations_to ON invitations(to_member, status, created_at);
CREATE INDEX invitations_from ON invitations(from_member, created_at);
CREATE UNIQUE INDEX invitations_one_pending ON invitations(from_member, to_member) WHERE status = 'pending';

-- target_kind: member, company.
CREATE TABLE follows (
  follower    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  target_kind TEXT    NOT NULL,
  target      INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (follower, target_kind, target)
);
CREATE INDEX follows_target ON follows(target_kind, target);

CREATE TABLE blocks (
  blocker    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  blocked    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (blocker, blocked)
);
CREATE INDEX blocks_blocked ON blocks(blocked);

CREATE TABLE dismissed_suggestions (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  dismissed  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, dismissed)
);

-- status: pending (waiting for the intermediary), forwarded, declined, withdrawn.
CREATE TABLE introductions (
  id           INTEGER PRIMARY KEY,
  requester    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  intermediary INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  target       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  message      TEXT    NOT NULL,
  status       TEXT    NOT NULL,
  reply        TEXT    NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX introductions_requester ON introductions(requester, created_at);
CREATE INDEX introductions_intermediary ON introductions(intermediary, created_at);
CREATE INDEX introductions_target ON introductions(target, created_at);

CREATE TABLE companies (
  id           INTEGER PRIMARY KEY,
  handle       TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  country      TEXT    NOT NULL DEFAULT '',
  city         TEXT    NOT NULL DEFAULT '',
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL
);

CREATE TABLE schools (
  id           INTEGER PRIMARY KEY,
  handle       TEXT    NOT NULL UNIQUE,
  name         TEXT    NOT NULL,
  country      TEXT    NOT NULL DEFAULT '',
  city         TEXT    NOT NULL DEFAULT '',
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL
);

-- A position at a company page (company_id) or at a company named in free text (company_name).
CREATE TABLE positions (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  company_id   INTEGER REFERENCES companies(id) ON DELETE SET NULL,
  company_name TEXT    NOT NULL,
  title        TEXT    NOT NULL DEFAULT '',
  location     TEXT    NOT NULL DEFAULT '',
  start_year   INTEGER,
  start_month  INTEGER,
  end_year     INTEGER,
  end_month    INTEGER,
  description  TEXT    NOT NULL DEFAULT '',
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL
);
CREATE INDEX positions_member ON positions(member_id);
CREATE INDEX positions_company ON positions(company_id);

CREATE TABLE education (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  school_id    INTEGER REFERENCES schools(id) ON DELETE SET NULL,
  school_name  TEXT    NOT NULL,
  degree       TEXT    NOT NULL DEFAULT '',
  field        TEXT    NOT NULL DEFAULT '',
  start_year   INTEGER,
  end_year     INTEGER,
  external_ref TEXT    UNIQUE,
  created_at   INTEGER NOT NULL
);
CREATE INDEX education_member ON education(member_id);
CREATE INDEX education_school ON education(school_id);

-- Skills in the member's order (ord ascending); name as the member sees it, key folded for matching.
CREATE TABLE member_skills (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  skill_key  TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  ord        INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, skill_key)
);
CREATE INDEX member_skills_key ON member_skills(skill_key);

-- People a member knows elsewhere (a LinkedIn connections import) who are members here: suggestions only.
CREATE TABLE known_contacts (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  contact_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  source     TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (member_id, contact_id)
);
CREATE INDEX known_contacts_contact ON known_contacts(contact_id);

-- Per-member settings that are not profile fields.
CREATE TABLE member_settings (
  member_id         INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  hide_connections  INTEGER NOT NULL DEFAULT 0,
  updated_at        INTEGER NOT NULL
);

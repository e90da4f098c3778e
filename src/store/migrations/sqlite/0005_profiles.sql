-- Profiles: the sections of a member's professional identity, per-section visibility, handle history,
-- endorsements, profile views and the settings behind them. Builds on the tables of 0002.
ALTER TABLE members ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN country_code TEXT NOT NULL DEFAULT '';
ALTER TABLE positions ADD COLUMN employment_type TEXT NOT NULL DEFAULT '';
ALTER TABLE education ADD COLUMN activities TEXT NOT NULL DEFAULT '';
ALTER TABLE member_settings ADD COLUMN profile_view_mode TEXT NOT NULL DEFAULT 'name';
ALTER TABLE member_settings ADD COLUMN recruiter INTEGER NOT NULL DEFAULT 0;
ALTER TABLE member_settings ADD COLUMN searchable_posts INTEGER NOT NULL DEFAULT 0;

-- Up to 5 skills per position, in order; skill_key as in member_skills.
CREATE TABLE position_skills (
  position_id INTEGER NOT NULL REFERENCES positions(id) ON DELETE CASCADE,
  skill_key   TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  ord         INTEGER NOT NULL,
  PRIMARY KEY (position_id, skill_key)
);

-- proficiency: elementary, limited_working, professional_working, full_professional, native.
CREATE TABLE member_languages (
  member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  name        TEXT    NOT NULL,
  proficiency TEXT    NOT NULL DEFAULT '',
  ord         INTEGER NOT NULL,
  PRIMARY KEY (member_id, name)
);

CREATE TABLE certifications (
  id             INTEGER PRIMARY KEY,
  member_id      INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  name           TEXT    NOT NULL,
  issuer         TEXT    NOT NULL DEFAULT '',
  issued_year    INTEGER,
  issued_month   INTEGER,
  expires_year   INTEGER,
  expires_month  INTEGER,
  credential_url TEXT    NOT NULL DEFAULT '',
  created_at     INTEGER NOT NULL
);
CREATE INDEX certifications_member ON certifications(member_id);

-- roles, locations, workplace_types: JSON arrays of strings. visibility: recruiters, everyone.
CREATE TABLE open_to_work (
  member_id       INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  roles           TEXT    NOT NULL,
  locations       TEXT    NOT NULL,
  workplace_types TEXT    NOT NULL,
  visibility      TEXT    NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE contact_info (
  member_id  INTEGER PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
  email      TEXT    NOT NULL DEFAULT '',
  phone      TEXT    NOT NULL DEFAULT '',
  website    TEXT    NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);

-- section: about, location, positions, education, skills, languages, certifications, contact.
-- visibility: public, members, connections, only_me. A missing row means the section's default.
CREATE TABLE section_visibility (
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  section    TEXT    NOT NULL,
  visibility TEXT    NOT NULL,
  PRIMARY KEY (member_id, section)
);

-- Old handles answer with a redirect to the current one until expires_at.
CREATE TABLE handle_redirects (
  old_handle TEXT    PRIMARY KEY,
  member_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);

-- relationship: worked_together, studied_together, connection; context names the company or school.
CREATE TABLE endorsements (
  id           INTEGER PRIMARY KEY,
  member_id    INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  skill_key    TEXT    NOT NULL,
  endorser_id  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  relationship TEXT    NOT NULL,
  context      TEXT    NOT NULL DEFAULT '',
  hidden       INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  UNIQUE (member_id, skill_key, endorser_id)
);
CREATE INDEX endorsements_endorser ON endorsements(endorser_id);

-- status: pending, endorsed, dismissed.
CREATE TABLE endorsement_requests (
  id         INTEGER PRIMARY KEY,
  requester  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  recipient  INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  skill_key  TEXT    NOT NULL,
  message    TEXT    NOT NULL DEFAULT '',
  status     TEXT    NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX endorsement_requests_recipient ON endorsement_requests(recipient, status);

-- mode: name, anonymous, private (the viewer's choice when they looked). viewer_headline is kept for
-- anonymous views, which show only a headline.
CREATE TABLE profile_views (
  id              INTEGER PRIMARY KEY,
  viewed_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
  viewer_id       INTEGER REFERENCES members(id) ON DELETE SET NULL,
  mode            TEXT    NOT NULL,
  viewer_headline TEXT    NOT NULL DEFAULT '',
  day             INTEGER NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX profile_views_viewed ON profile_views(viewed_id, created_at);
CREATE UNIQUE INDEX profile_views_daily ON profile_views(viewed_id, viewer_id, day);

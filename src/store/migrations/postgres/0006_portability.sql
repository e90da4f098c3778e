-- Portability: the member's own LinkedIn profile URL, normalised ("linkedin.com/in/jan-de-vries"), filled by a
-- LinkedIn or JSON Resume import. Connections imported by others are matched against it (and against
-- accounts.email) to become known_contacts. Not unique: a URL two members claim matches neither.
ALTER TABLE members ADD COLUMN linkedin_url TEXT;
CREATE INDEX members_linkedin_url ON members(linkedin_url);

-- The skill taxonomy: ESCO skills loaded by `kring taxonomy import-esco` (the curated list ships in the binary).
-- One row per ESCO concept URI; alternative labels are newline-separated. Taxonomy::load_esco reads it at start.
CREATE TABLE esco_skills (
  uri           TEXT PRIMARY KEY,
  label_en      TEXT NOT NULL DEFAULT '',
  label_nl      TEXT NOT NULL DEFAULT '',
  alt_labels_en TEXT NOT NULL DEFAULT '',
  alt_labels_nl TEXT NOT NULL DEFAULT '',
  skill_type    TEXT NOT NULL DEFAULT ''
);

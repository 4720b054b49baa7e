/**
 * Versioned schema migrations. Each has the same tables in both dialects; only types differ.
 * Applied in order and recorded in schema_migrations; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

const watchlists = (serial: string) => `
CREATE TABLE datasets (
  name TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  format TEXT NOT NULL,
  current_version INTEGER
);
CREATE TABLE dataset_versions (
  id ${serial},
  dataset TEXT NOT NULL,
  format TEXT NOT NULL,
  source TEXT NOT NULL,
  file_hash TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  counts TEXT NOT NULL,
  data_date TEXT,
  imported_at TEXT NOT NULL,
  delta TEXT NOT NULL,
  actor TEXT NOT NULL
);
CREATE INDEX dataset_versions_dataset ON dataset_versions (dataset);
CREATE TABLE entities (
  id TEXT PRIMARY KEY,
  dataset TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  schema TEXT NOT NULL,
  caption TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  data TEXT NOT NULL,
  raw TEXT NOT NULL
);
CREATE INDEX entities_dataset ON entities (dataset);
CREATE TABLE entity_identifiers (
  entity_id TEXT NOT NULL,
  dataset TEXT NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX entity_identifiers_value ON entity_identifiers (type, value);
CREATE INDEX entity_identifiers_entity ON entity_identifiers (entity_id);
`;

const decisionsAndAudit = (serial: string) => `
CREATE TABLE screening_decisions (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  query_key TEXT NOT NULL,
  query_text TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  entity_hash TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX screening_decisions_lookup ON screening_decisions (office_id, query_key, entity_id);
CREATE TABLE audit_log (
  seq ${serial},
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  office_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'watchlists',
    sqlite: watchlists('INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: watchlists('BIGSERIAL PRIMARY KEY'),
  },
  {
    version: 2,
    name: 'screening decisions and audit log',
    sqlite: decisionsAndAudit('INTEGER PRIMARY KEY AUTOINCREMENT'),
    postgres: decisionsAndAudit('BIGSERIAL PRIMARY KEY'),
  },
];

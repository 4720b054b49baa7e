/** The schema as each migration creates it: one statement group per migration, for SQLite and PostgreSQL. */

/** An entity row's columns after its id: the first table and the per-version one (migration 17) have the same. */
const ENTITY_FIELDS = `  dataset TEXT NOT NULL,
  version_id INTEGER NOT NULL,
  schema TEXT NOT NULL,
  caption TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  data TEXT NOT NULL,
  raw TEXT NOT NULL`;

export const watchlists = (serial: string) => `
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
${ENTITY_FIELDS}
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

export const decisionsAndAudit = (serial: string) => `
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

export const approaches = (blob: string) => `
CREATE TABLE offices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  name TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX contacts_office ON contacts (office_id);
CREATE TABLE contact_keys (
  contact_id TEXT NOT NULL,
  office_id TEXT NOT NULL,
  key TEXT NOT NULL
);
CREATE INDEX contact_keys_key ON contact_keys (key);
CREATE INDEX contact_keys_contact ON contact_keys (contact_id);
CREATE TABLE approaches (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  date TEXT NOT NULL,
  data TEXT NOT NULL,
  assessment TEXT NOT NULL,
  catalogue_version INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX approaches_contact ON approaches (office_id, contact_id);
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  approach_id TEXT NOT NULL,
  office_id TEXT NOT NULL,
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  content ${blob} NOT NULL
);
CREATE INDEX attachments_approach ON attachments (approach_id);
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  contact_id TEXT NOT NULL,
  approach_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  routed_to TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX alerts_office ON alerts (office_id);
CREATE TABLE indicator_catalogues (
  version INTEGER PRIMARY KEY,
  data TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;

export const records = `
CREATE TABLE office_records (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  record_key TEXT NOT NULL,
  record_date TEXT NOT NULL,
  data TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX office_records_lookup ON office_records (office_id, kind, record_key);
`;

export const drills = `
CREATE TABLE drill_completions (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  drill_id TEXT NOT NULL,
  drill_version INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  total INTEGER NOT NULL,
  completed_at TEXT NOT NULL
);
CREATE INDEX drill_completions_office ON drill_completions (office_id, user_id);
`;

export const securityView = `
CREATE TABLE security_records (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  scope TEXT NOT NULL,
  data TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX security_records_kind ON security_records (kind, scope);
CREATE TABLE security_refs (
  record_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL
);
CREATE INDEX security_refs_ref ON security_refs (kind, ref);
CREATE INDEX security_refs_record ON security_refs (record_id);
CREATE TABLE graph_nodes (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  label TEXT NOT NULL,
  data TEXT NOT NULL,
  origin TEXT NOT NULL
);
CREATE TABLE graph_edges (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  origin TEXT NOT NULL
);
CREATE INDEX graph_edges_source ON graph_edges (source);
CREATE INDEX graph_edges_target ON graph_edges (target);
`;

/**
 * The resolution index kept in the store, so no server rebuilds it at start and every process sees
 * the same one: each party once (its input, where it came from, when first reported, the rules its
 * keys were made with), its block keys, the links found, and the sources still to resolve. The
 * queue starts with every contact, donor and partner package already stored.
 */
export const resolution = (serial: string, withoutRowid: string) => `
CREATE TABLE resolution_parties (
  id ${serial},
  ref TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  office_id TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  stamp TEXT NOT NULL,
  keys TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX resolution_parties_source ON resolution_parties (source);
CREATE TABLE resolution_keys (
  key TEXT NOT NULL,
  party BIGINT NOT NULL,
  PRIMARY KEY (key, party)
)${withoutRowid};
CREATE INDEX resolution_keys_party ON resolution_keys (party);
CREATE TABLE resolution_links (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  evidence TEXT NOT NULL,
  PRIMARY KEY (a, b)
);
CREATE INDEX resolution_links_b ON resolution_links (b);
CREATE TABLE resolution_queue (
  seq ${serial},
  source TEXT NOT NULL,
  queued_at TEXT NOT NULL
);
INSERT INTO resolution_queue (source, queued_at) SELECT 'contact:' || office_id || ':' || id, created_at FROM contacts ORDER BY created_at, id;
INSERT INTO resolution_queue (source, queued_at) SELECT 'donor:' || office_id || ':' || id, created_at FROM office_records WHERE kind = 'money' ORDER BY created_at, id;
INSERT INTO resolution_queue (source, queued_at) SELECT 'package:' || scope || ':' || id, created_at FROM security_records WHERE kind = 'partner-package' ORDER BY created_at, id;
`;

// Each entry names the records its change wrote with their hashes; the chain version tells the hash layout.
export const auditRecords = `
ALTER TABLE audit_log ADD COLUMN records TEXT NOT NULL DEFAULT '[]';
ALTER TABLE audit_log ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
`;

/** The migration after which audit entries carry record hashes; applying it takes existing records into the trail. */
// Who wants which digest, and which digest rounds each person has had (one claim per round, so
// several server processes never send the same digest twice).
export const reminders = `
ALTER TABLE users ADD COLUMN digest TEXT NOT NULL DEFAULT 'daily';
CREATE TABLE digest_rounds (
  round TEXT NOT NULL,
  user_id TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (round, user_id)
);
`;

// CSV screening batches started over the API, so that every server process sees their progress and result.
export const batchJobs = (blob: string, int: string) => `
CREATE TABLE batch_jobs (
  id TEXT PRIMARY KEY,
  office_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  filename TEXT NOT NULL,
  status TEXT NOT NULL,
  read_bytes ${int} NOT NULL,
  total_bytes ${int} NOT NULL,
  rows ${int} NOT NULL,
  summary TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  result ${blob}
);
CREATE INDEX batch_jobs_updated ON batch_jobs (updated_at);
`;

export const accounts = `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL,
  office_id TEXT NOT NULL,
  offices TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL,
  disabled INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);
`;

/**
 * Staged list versions: entity rows are kept per version (the key is the version and the id), and
 * the views `entities` and `entity_identifiers` show each dataset's current version only, so an
 * import can write a new version in short transactions while readers keep the current one.
 * `staged_by` names the process writing a version not yet current (NULL once it is).
 */
export const stagedVersions = `
CREATE TABLE entity_rows (
  id TEXT NOT NULL,
${ENTITY_FIELDS},
  PRIMARY KEY (version_id, id)
);
INSERT INTO entity_rows (id, dataset, version_id, schema, caption, content_hash, data, raw)
  SELECT id, dataset, version_id, schema, caption, content_hash, data, raw FROM entities;
DROP TABLE entities;
CREATE INDEX entity_rows_id ON entity_rows (id);
ALTER TABLE entity_identifiers RENAME TO entity_identifier_rows;
ALTER TABLE entity_identifier_rows ADD COLUMN version_id INTEGER NOT NULL DEFAULT 0;
UPDATE entity_identifier_rows SET version_id = (SELECT e.version_id FROM entity_rows e WHERE e.id = entity_identifier_rows.entity_id);
CREATE VIEW entities AS
  SELECT e.id, e.dataset, e.version_id, e.schema, e.caption, e.content_hash, e.data, e.raw
  FROM entity_rows e JOIN datasets d ON d.name = e.dataset AND d.current_version = e.version_id;
CREATE VIEW entity_identifiers AS
  SELECT i.entity_id, i.dataset, i.type, i.value
  FROM entity_identifier_rows i JOIN datasets d ON d.name = i.dataset AND d.current_version = i.version_id;
ALTER TABLE dataset_versions ADD COLUMN staged_by TEXT;
`;

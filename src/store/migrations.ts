import { BulwarkError } from '../errors.js';
import { accounts, approaches, auditRecords, batchJobs, decisionsAndAudit, drills, records, reminders, resolution, securityView, stagedVersions, watchlists } from './schema.js';

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

export const AUDIT_RECORDS_MIGRATION = 6;

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
  {
    version: 3,
    name: 'offices, contacts, approaches, alerts and the indicator catalogue',
    sqlite: approaches('BLOB'),
    postgres: approaches('BYTEA'),
  },
  {
    version: 4,
    name: 'office records: donations, gifts, hospitality, visits and trips',
    sqlite: records,
    postgres: records,
  },
  {
    version: 5,
    name: 'accounts: users, sessions, API tokens and login failures',
    sqlite: accounts,
    postgres: accounts,
  },
  {
    version: AUDIT_RECORDS_MIGRATION,
    name: 'audit entries carry the hashes of the records they wrote',
    sqlite: auditRecords,
    postgres: auditRecords,
  },
  {
    version: 7,
    name: 'reminders: digest choice per user and digest rounds sent',
    sqlite: reminders,
    postgres: reminders,
  },
  {
    version: 8,
    name: 'security view: clusters, cases, alerts, sharing groups, partner packages and the graph',
    sqlite: securityView,
    postgres: securityView,
  },
  {
    version: 10,
    name: 'awareness drill completions',
    sqlite: drills,
    postgres: drills,
  },
  {
    version: 11,
    name: 'the resolution index in the store: parties, block keys, links and the queue of sources to resolve',
    sqlite: resolution('INTEGER PRIMARY KEY AUTOINCREMENT', ' WITHOUT ROWID'),
    postgres: resolution('BIGSERIAL PRIMARY KEY', ''),
  },
  {
    version: 15,
    name: 'screening batches started over the API',
    sqlite: batchJobs('BLOB', 'INTEGER'),
    postgres: batchJobs('BYTEA', 'BIGINT'),
  },
  {
    // The change is in what the audit covers (audit.ts LATER_COVERED): the accounts already stored are taken into the trail.
    version: 16,
    name: 'the audit covers accounts and API tokens',
    sqlite: 'SELECT 1;',
    postgres: 'SELECT 1;',
  },
  {
    version: 17,
    name: 'list versions are staged: an import writes a version that is not yet current, and a short last transaction makes it current',
    sqlite: stagedVersions,
    postgres: stagedVersions,
  },
];

/**
 * The migrations still to apply, in order, up to `target`. A store that records a version this
 * Bulwark does not know was written by a newer one: opening it could corrupt it, so it is refused.
 */
export function pendingMigrations(done: number[], target = Infinity): Migration[] {
  const unknown = done.filter((v) => !MIGRATIONS.some((m) => m.version === v));
  if (unknown.length) {
    throw new BulwarkError(
      'BWK_ERR_STORE',
      `the store has schema version ${Math.max(...unknown)}, which this Bulwark does not know: it was written by a newer Bulwark; upgrade Bulwark before opening it`,
    );
  }
  return MIGRATIONS.filter((m) => !done.includes(m.version) && m.version <= target);
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

const config = loadConfig();

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: config.pgTestUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export const PG_AVAILABLE = await postgresAnswers();
if (!PG_AVAILABLE) {
  if (config.requirePostgres) throw new Error(`PostgreSQL does not answer at ${config.pgTestUrl}, and CI requires it`);
  console.warn(`\n*** SKIPPING PostgreSQL contract tests: no server answers at ${config.pgTestUrl} ***\n`);
}

export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  available: boolean;
  /** A fresh, migrated, empty store with its audit checkpoint in a temporary folder; dispose() removes it. */
  make(opts?: { auditKey?: string; auditCheckpoint?: string; target?: number }): Promise<{ store: Store; dispose(): Promise<void>; checkpoint: string }>;
}

let counter = 0;

export const STORES: StoreFactory[] = [
  {
    name: 'sqlite',
    available: true,
    async make(opts = {}) {
      const path = join(mkdtempSync(join(tmpdir(), 'bulwark-test-')), 'test.db');
      const store = new SqliteStore(path, opts);
      await store.migrate(opts.target);
      return { store, dispose: () => store.close(), checkpoint: opts.auditCheckpoint ?? `${path}.audit-head` };
    },
  },
  {
    name: 'postgres',
    available: PG_AVAILABLE,
    async make(opts = {}) {
      const schema = `bwk_test_${process.pid}_${Date.now()}_${counter++}`;
      const checkpoint = opts.auditCheckpoint ?? join(mkdtempSync(join(tmpdir(), 'bulwark-test-')), 'pg.audit-head');
      const store = new PostgresStore(config.pgTestUrl, schema, { ...opts, auditCheckpoint: checkpoint });
      await store.migrate(opts.target);
      return {
        store,
        checkpoint,
        dispose: async () => {
          await store.dropSchema();
          await store.close();
        },
      };
    },
  },
];

export const LISTS = new URL('../../data/lists/', import.meta.url).pathname;
export const ACTOR = { userId: 'test-admin', officeId: 'test-office', role: 'admin' as const };

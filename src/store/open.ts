import type { Config } from '../config.js';
import { guardStore } from './faults.js';
import type { Store } from './types.js';

/**
 * Opens the configured store and brings its schema up to date. Any failure of the store, now or
 * later, arrives as BWK_ERR_STORE with one sentence saying what to do. Only the adapter in use is
 * loaded (a command line started for one name should not load the other database's driver).
 */
export async function openStore(config: Config): Promise<Store> {
  const where = config.store === 'postgres' ? 'the PostgreSQL store' : `the SQLite store ${config.sqlitePath}`;
  const opts = { auditCheckpoint: config.auditCheckpoint, ...(config.auditKey ? { auditKey: config.auditKey } : {}) };
  const store = guardStore<Store>(
    config.store === 'postgres'
      ? new (await import('./postgres.js')).PostgresStore(config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/bulwark', undefined, opts)
      : new (await import('./sqlite.js')).SqliteStore(config.sqlitePath, opts),
    where,
  );
  try {
    await store.migrate();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return store;
}

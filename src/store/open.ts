import type { Config } from '../config.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { Store } from './types.js';

/** Opens the configured store and brings its schema up to date. */
export async function openStore(config: Config): Promise<Store> {
  const store: Store =
    config.store === 'postgres'
      ? new PostgresStore(config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/bulwark')
      : new SqliteStore(config.sqlitePath);
  await store.migrate();
  return store;
}

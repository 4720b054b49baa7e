import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import type { PostgresStore } from '../../src/store/postgres.js';
import type { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';

/** Raw SQL on the store's database, past Bulwark, as someone with database access would. */
export async function raw(store: Store, sqlite: string, postgres = sqlite): Promise<Record<string, unknown>[]> {
  if (store.kind === 'sqlite') {
    const db = new Database((store as SqliteStore).path);
    try {
      const st = db.prepare(sqlite);
      return st.reader ? (st.all() as Record<string, unknown>[]) : (st.run(), []);
    } finally {
      db.close();
    }
  }
  const s = store as PostgresStore;
  const c = new pg.Client({ connectionString: loadConfig().pgTestUrl });
  await c.connect();
  try {
    await c.query(`SET search_path TO ${s.schema}`);
    return (await c.query(postgres)).rows;
  } finally {
    await c.end();
  }
}

export const q = (s: string) => `'${s.replace(/'/g, "''")}'`;


import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardStore } from '../../src/store/faults.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { scratchDatabase } from '../helpers/cli.js';
import { PG_AVAILABLE } from '../helpers/stores.js';
import { startServer } from './helpers.js';

describe('a store failure in the API', () => {
  it('answers 503 with one sentence; the audit verification route reports chain, records and problems', async () => {
    const raw = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'bwk-api-fault-')), 'api.db'));
    await raw.migrate();
    const store = guardStore<Store>(raw, 'the SQLite store');
    const server = await startServer(store, ['un-sc']);
    const { cookie } = await server.session('admin');
    const ok = await server.app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, problems: [] });
    // The database goes away under the server.
    await raw.close();
    const r = await server.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie } });
    expect(r.statusCode).toBe(503);
    expect(r.json().error).toMatchObject({ code: 'BWK_ERR_STORE', message: expect.stringMatching(/^the SQLite store: .*try again/) });
    await server.app.close();
  });

  it.skipIf(!PG_AVAILABLE)('on PostgreSQL: the database gone from under a running server answers 503 with one sentence, never a 500', async () => {
    const db = await scratchDatabase(`bwk_api_fault_${process.pid}`);
    const audit = join(mkdtempSync(join(tmpdir(), 'bwk-api-fault-')), 'pg.audit-head');
    const raw = new PostgresStore(db.url, 'bwk', { auditCheckpoint: audit });
    await raw.migrate();
    const store = guardStore<Store>(raw, 'the PostgreSQL store');
    const server = await startServer(store, ['un-sc']);
    try {
      const { cookie } = await server.session('admin');
      expect((await server.app.inject({ method: 'GET', url: '/api/lists', headers: { cookie } })).statusCode).toBe(200);
      // The server's connections are ended and the database with them, as when PostgreSQL loses it or goes down.
      await db.drop();
      for (const url of ['/api/lists', '/api/audit/verify']) {
        const r = await server.app.inject({ method: 'GET', url, headers: { cookie } });
        expect(r.statusCode, r.body).toBe(503);
        const { code, message } = r.json().error as { code: string; message: string };
        expect(code).toBe('BWK_ERR_STORE');
        expect(message).toMatch(/^the PostgreSQL store: (the connection to PostgreSQL was lost; try again when the server is back|the PostgreSQL database does not exist; create it or fix BULWARK_DATABASE_URL)$/);
      }
    } finally {
      await server.close().catch(() => undefined);
      await raw.close().catch(() => undefined);
      await db.drop();
    }
  });
});

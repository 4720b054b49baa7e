import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardStore } from '../../src/store/faults.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
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
});

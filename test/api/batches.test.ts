import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from '../helpers/stores.js';
import { OFFICE_B, startServer, type TestServer } from './helpers.js';

// Real names from the UN Security Council list, and one nobody lists.
const CSV = 'name,type\nAkram Turki Hishan al-Mazidih,person\nAbdul Manan Agha,person\nHarriet Lowe,person\n';

describe.each(STORES.filter((s) => s.available))('CSV batches over the API are kept in the store, so any server process reports them ($name)', (factory) => {
  let one: TestServer;
  let two: TestServer;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const made = await factory.make();
    dispose = made.dispose;
    one = await startServer(made.store, ['un-sc']);
    // A second server process over the same store: its own services, index and memory.
    two = await startServer(made.store, []);
  }, 120_000);
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await dispose?.();
  });

  it('started on one process, followed and downloaded on the other; another office reads it as not found', async () => {
    const who = await one.session('staff');
    const started = await one.app.inject({ method: 'POST', url: '/api/screen/batch?filename=names.csv', headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'text/csv' }, payload: CSV });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json() as { id: string };
    let job: { status: string; rows: number; summary?: { rowsWithHits: number } } = { status: 'running', rows: 0 };
    await expect.poll(async () => {
      job = (await two.app.inject({ method: 'GET', url: `/api/screen/batch/${id}`, headers: { cookie: who.cookie } })).json();
      return job.status;
    }, { timeout: 30_000 }).toBe('done');
    expect(job.rows).toBe(3);
    expect(job.summary!.rowsWithHits).toBe(2);
    const result = await two.app.inject({ method: 'GET', url: `/api/screen/batch/${id}/result`, headers: { cookie: who.cookie } });
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(result.body).toMatch(/Akram Turki Hishan al-Mazidih,person,.*un-sc/);
    const other = await one.session('staff', OFFICE_B);
    const hidden = await two.app.inject({ method: 'GET', url: `/api/screen/batch/${id}`, headers: { cookie: other.cookie } });
    const missing = await two.app.inject({ method: 'GET', url: '/api/screen/batch/no-such-batch', headers: { cookie: other.cookie } });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.message.replace(id, 'X')).toBe(missing.json().error.message.replace('no-such-batch', 'X'));
  });

  it('a batch whose process stopped reads as failed, with what to do, once it has not been heard of for a while', async () => {
    const who = await one.session('staff');
    const at = one.clock().toISOString();
    await one.services.store.batches.saveJob({ id: 'orphan', officeId: 'office-a', createdBy: who.username, filename: 'big.csv', status: 'running', readBytes: 10, totalBytes: 1000, rows: 1, startedAt: at, updatedAt: at });
    const read = async () => (await two.app.inject({ method: 'GET', url: '/api/screen/batch/orphan', headers: { cookie: who.cookie } })).json();
    expect((await read()).status).toBe('running');
    two.clock.advance(3 * 60_000);
    expect(await read()).toMatchObject({ status: 'failed', error: expect.stringMatching(/stopped before it finished; start the batch again/) });
    expect((await two.app.inject({ method: 'GET', url: '/api/screen/batch/orphan/result', headers: { cookie: who.cookie } })).statusCode).toBe(400);
  });
});

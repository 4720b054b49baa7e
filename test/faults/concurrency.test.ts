import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulwarkAsync, cliTargets } from '../helpers/cli.js';
import { LISTS } from '../helpers/stores.js';

const { targets: TARGETS, cleanup } = cliTargets('conc');
afterAll(cleanup);

const donation = (n: number) => ['donation', 'add', '--donor', 'Jane Doe', '--donor-type', 'individual', '--amount', '1000', '--received', '10/11/2026', '--description', `support ${n}`, '--yes', 'on_electoral_register', '--confirm-duplicate'];

describe.each(TARGETS)('concurrent writers in separate processes: $name', (t) => {
  const maybe = t.available ? it : it.skip;

  maybe('four £1,000 donations from one donor at the same moment are checked as if one after another', async () => {
    const env = await t.env();
    expect((await bulwarkAsync(env, ['office', '--kind', 'commons', '--name', 'Office'])).code).toBe(0);
    const runs = await Promise.all([0, 1, 2, 3].map((d) => bulwarkAsync(env, donation(d))));
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), 'bwk-conc-')), 'register.csv');
    expect((await bulwarkAsync(env, ['register-export', '--out', out])).code).toBe(0);
    // All four count towards the donor's total whatever the order: one register row for the donor and year, £4,000.
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows).toHaveLength(1 + 1);
    expect(rows[1]).toMatch(/^2,2026,Jane Doe,.*,4000\.00,10\/11\/2026; 10\/11\/2026; 10\/11\/2026; 10\/11\/2026,/);
    const verify = await bulwarkAsync(env, ['audit', 'verify']);
    expect(verify.code, verify.err).toBe(0);
  }, 120_000);

  maybe('writers wait for a running import instead of failing, and two imports overlap safely', async () => {
    const env = await t.env();
    const importing = bulwarkAsync(env, ['import', 'ofac-csv', join(LISTS, 'ofac/sdn.csv'), '--dataset', 'ofac-sdn']);
    const second = bulwarkAsync(env, ['import', 'un-xml', join(LISTS, 'un/consolidated.xml'), '--dataset', 'un-sc']);
    await new Promise((r) => setTimeout(r, 1500));
    const office = await bulwarkAsync(env, ['office', '--kind', 'commons', '--name', 'Office']);
    const gift = await bulwarkAsync(env, donation(0));
    const [a, b] = await Promise.all([importing, second]);
    for (const r of [a, b, office, gift]) expect(r.code, r.err).toBe(0);
    expect((await bulwarkAsync(env, ['audit', 'verify'])).code).toBe(0);
  }, 180_000);
});

describe('processes opening one new SQLite file together', () => {
  const child = new URL('./open-store-child.ts', import.meta.url).pathname;
  const open = (path: string, at: number) =>
    new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, path, String(at)]);
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d));
      p.on('close', (code) => resolve({ code, err }));
    });

  // Switching a new file to WAL takes its lock without the busy timeout: before each process waited its turn, about
  // one round in eight on an idle machine had a process fail at once with "another process held the database's
  // write lock" (less often under load, when the processes' starts spread out).
  it('all open it, migrate it and agree on the journal mode', async () => {
    for (let round = 0; round < 12; round++) {
      const path = join(mkdtempSync(join(tmpdir(), 'bwk-open-')), 'bulwark.sqlite');
      const at = Date.now() + 1500;
      const runs = await Promise.all([0, 1, 2, 3].map(() => open(path, at)));
      for (const r of runs) expect(r.code, r.err).toBe(0);
    }
  }, 120_000);
});


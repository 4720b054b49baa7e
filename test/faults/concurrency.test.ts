import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulwarkAsync, cliTargets } from '../helpers/cli.js';
import { LISTS } from '../helpers/stores.js';

const { targets: TARGETS, cleanup } = cliTargets('conc');
afterAll(cleanup);

const donation = (n: number) => ['donation', 'add', '--donor', 'Jane Doe', '--donor-type', 'individual', '--amount', '1000', '--received', '10/11/2026', '--description', `support ${n}`, '--yes', 'on_electoral_register'];

describe.each(TARGETS)('concurrent writers in separate processes: $name', (t) => {
  const maybe = t.available ? it : it.skip;

  maybe('four £1,000 donations from one donor at the same moment are checked as if one after another', async () => {
    const env = await t.env();
    expect((await bulwarkAsync(env, ['office', '--kind', 'commons', '--name', 'Office'])).code).toBe(0);
    const runs = await Promise.all([0, 1, 2, 3].map((d) => bulwarkAsync(env, donation(d))));
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), 'bwk-conc-')), 'register.csv');
    expect((await bulwarkAsync(env, ['register-export', '--out', out])).code).toBe(0);
    // Each donation after the first takes the donor's total over the register threshold, whatever the order.
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1 + 3);
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

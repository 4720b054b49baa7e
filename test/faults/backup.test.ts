import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulwarkAsync, cliTargets } from '../helpers/cli.js';
import { LISTS } from '../helpers/stores.js';

const { targets: TARGETS, cleanup } = cliTargets('bk');
afterAll(cleanup);

const donation = (n: number) => ['donation', 'add', '--donor', `Donor ${n}`, '--donor-type', 'individual', '--amount', '600', '--received', '10/11/2026', '--description', 'support', '--yes', 'on_electoral_register'];

describe.each(TARGETS)('backup while writing, restore into an empty store: $name', (t) => {
  const maybe = t.available ? it : it.skip;

  maybe('the backup is consistent though taken during writes, and the restore is proven by counts and the audit chain', async () => {
    const live = await t.env();
    expect((await bulwarkAsync(live, ['import', 'un-xml', join(LISTS, 'un/consolidated.xml'), '--dataset', 'un-sc'])).code).toBe(0);
    expect((await bulwarkAsync(live, ['office', '--kind', 'commons', '--name', 'Office'])).code).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'bwk-bk-')), 'bulwark.backup');
    // Writers keep going in another process while the backup is taken.
    const writing = (async () => {
      for (let i = 0; i < 3; i++) expect((await bulwarkAsync(live, donation(i))).code).toBe(0);
    })();
    await new Promise((r) => setTimeout(r, 800));
    const backup = await bulwarkAsync(live, ['backup', file]);
    await writing;
    expect(backup.code, backup.err).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8')) as { counts: Record<string, number>; auditHead: { seq: number } };
    // Counted by table: a list's rows are kept per version in entity_rows (the view `entities` shows the current ones).
    expect(manifest.counts.entity_rows).toBe(1003);

    const fresh = await t.env();
    const restore = await bulwarkAsync(fresh, ['restore', file]);
    expect(restore.code, restore.err).toBe(0);
    expect(restore.out).toMatch(/rows match the backup table by table, and the audit trail verifies to entry \d+/);
    const verify = await bulwarkAsync(fresh, ['audit', 'verify']);
    expect(verify.code, verify.err).toBe(0);
    const lists = JSON.parse((await bulwarkAsync(fresh, ['lists', '--json'])).out) as { name: string; entityCount: number }[];
    expect(lists).toMatchObject([{ name: 'un-sc', entityCount: 1003 }]);
    // Into a store that holds data, nothing is restored.
    const again = await bulwarkAsync(fresh, ['restore', file]);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/restore only goes into an empty store/);
  }, 240_000);
});

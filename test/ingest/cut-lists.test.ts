import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadListSources, type ListSource } from '../../src/domain/list-sources.js';
import { BulwarkError } from '../../src/errors.js';
import { BUNDLED_LISTS_DIR, importList, importSource } from '../../src/ingest/importer.js';
import type { Store } from '../../src/store/types.js';
import { ListService } from '../../src/services/lists.js';
import { withBundledLists } from '../helpers/lists.js';
import { ACTOR, STORES } from '../helpers/stores.js';

/** The closing tag of one record, per XML format: a cut just after it leaves whole records only. */
const RECORD_END: Record<string, RegExp> = {
  'un-xml': /<\/(?:INDIVIDUAL|ENTITY)>\r?\n/g,
  'uk-xml': /<\/Designation>\r?\n/g,
  'eu-xml': /<\/sanctionEntity>\r?\n/g,
  'canada-xml': /<\/record>\r?\n/g,
};

/**
 * Cuts that no check can see. The UK identifier and country tables have no count, trailer or
 * cross-reference that a clean cut at a line boundary breaks (their rows are optional per
 * subject); FollowTheMoney JSON lines have none either, and this cluster lists its people and
 * companies first, so the cut drops only sanction records and every entity stays. A cut
 * anywhere else in these files is refused.
 */
const UNDETECTABLE = [
  'uk-fcdo uk/fcdo_derived_2026-05/subject_identifiers.csv at a line boundary',
  'uk-fcdo uk/fcdo_derived_2026-05/subject_countries.csv at a line boundary',
  'os-zala opensanctions/zala_cluster.entities.ftm.json at a line boundary',
];

/** Where to cut a file: inside a line, at a line boundary, and (XML) just after a whole record, each about half way. */
function cuts(buf: Buffer, format: string): { kind: string; at: number }[] {
  const half = Math.floor(buf.length / 2);
  const out = [{ kind: 'inside a line', at: half }, { kind: 'at a line boundary', at: buf.indexOf(0x0a, half) + 1 }];
  const re = RECORD_END[format];
  if (re) {
    const text = buf.toString('latin1');
    re.lastIndex = half;
    const m = re.exec(text);
    if (m) out.push({ kind: 'after a whole record', at: m.index + m[0].length });
  }
  return out.filter((c) => c.at > 0 && c.at < buf.length);
}

/** A staging copy of a source's files with one of them cut. */
function stageCut(src: ListSource, rel: string, at: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bwk-cut-'));
  for (const f of Object.keys(src.files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    copyFileSync(join(BUNDLED_LISTS_DIR, f), join(dir, f));
  }
  writeFileSync(join(dir, rel), readFileSync(join(BUNDLED_LISTS_DIR, rel)).subarray(0, at));
  return dir;
}

const REFUSED = ['BWK_ERR_FILE_FORMAT', 'BWK_ERR_FILE_ENCODING', 'BWK_ERR_LIST_SHRANK', 'BWK_ERR_FILE_EMPTY'];

describe.each(STORES.filter((s) => s.available))('every bundled list cut short is refused, and the current version kept ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    await withBundledLists(store);
  }, 120_000);
  afterAll(() => dispose());

  it('records every bundled list\'s data date: the file\'s own, else when the bundled copy was published', async () => {
    const dates = Object.fromEntries((await store.listDatasets()).map((d) => [d.name, d.current.dataDate]));
    // The OFAC CSV files state no date; UN's XML states its own.
    expect(dates['ofac-sdn']).toBe('2021-07-07');
    expect(dates['un-sc']).toBe('2026-02-27');
    for (const src of loadListSources().lists) expect(dates[src.dataset], src.dataset).toMatch(/^\d{4}-\d{2}-\d{2}/);
    // Their age, as the screening page shows it: a month-old list misses newer designations.
    const ages = Object.fromEntries((await new ListService(store, { clock: () => new Date('2026-03-15T12:00:00Z') }).list()).map((d) => [d.name, d]));
    expect(ages['un-sc']).toMatchObject({ ageDays: 16, stale: false });
    expect(ages['ofac-sdn']).toMatchObject({ ageDays: 1712, stale: true });
  });

  it('cuts inside a line, at a line boundary and after a whole record, in every file of every format', async () => {
    const accepted: string[] = [];
    const refusals: string[] = [];
    let tried = 0;
    const before = await store.listDatasets();
    for (const src of loadListSources().lists) {
      for (const rel of Object.keys(src.files)) {
        const buf = readFileSync(join(BUNDLED_LISTS_DIR, rel));
        for (const cut of cuts(buf, src.format)) {
          tried++;
          const label = `${src.dataset} ${rel} ${cut.kind}`;
          const err = await importSource(store, ACTOR, src, stageCut(src, rel, cut.at)).then(() => undefined, (e: unknown) => e);
          if (!err) accepted.push(label);
          else {
            expect(err, label).toBeInstanceOf(BulwarkError);
            expect(REFUSED, `${label}: ${(err as Error).message}`).toContain((err as BulwarkError).code);
            refusals.push(`${label}: ${(err as BulwarkError).code}`);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(50);
    expect(accepted).toEqual(UNDETECTABLE);
    // Nothing but the undetectable cuts changed the store.
    const after = await store.listDatasets();
    const changed = new Set(['uk-fcdo', 'os-zala']);
    expect(after.filter((d) => !changed.has(d.name))).toEqual(before.filter((d) => !changed.has(d.name)));
    expect(refusals.some((r) => r.includes('BWK_ERR_LIST_SHRANK'))).toBe(true);
  }, 600_000);

  it('refuses half of the UK names file and half of the CSL with the numbers, and takes them with a reason that is audited', async () => {
    const uk = loadListSources().lists.find((l) => l.dataset === 'uk-fcdo')!;
    const names = 'uk/fcdo_derived_2026-05/subject_names.csv';
    const buf = readFileSync(join(BUNDLED_LISTS_DIR, names));
    const err = await importSource(store, ACTOR, uk, stageCut(uk, names, buf.indexOf(0x0a, buf.length / 2) + 1)).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/subjects have no name in subject_names\.csv .*cut short/);

    const csl = loadListSources().lists.find((l) => l.dataset === 'us-csl')!;
    const cslBuf = readFileSync(join(BUNDLED_LISTS_DIR, csl.main));
    const dir = stageCut(csl, csl.main, cslBuf.indexOf(0x0a, cslBuf.length / 2) + 1);
    const req = { format: 'csl-csv', path: join(dir, csl.main), dataset: 'us-csl' };
    const refused = await importList(store, ACTOR, req).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'BWK_ERR_LIST_SHRANK' });
    expect((refused as Error).message).toMatch(/would remove \d+ of the 115 entries of "us-csl" \(\d+(\.\d)?%; at most 10% may go without a reason\)/);
    // Force alone is not enough; force with a reason is, and the reason is in the audit trail.
    await expect(importList(store, ACTOR, { ...req, force: true })).rejects.toMatchObject({ code: 'BWK_ERR_LIST_SHRANK' });
    const v = await importList(store, ACTOR, { ...req, force: true, reason: 'the BIS withdrew half of the Unverified List on 1 December' });
    expect(v.version.delta.removed).toBeGreaterThan(11);
    const entry = (await store.listAudit()).at(-1)!;
    expect(entry).toMatchObject({ action: 'lists.import', subject: 'us-csl', detail: { acceptedLoss: 'the BIS withdrew half of the Unverified List on 1 December' } });
    // A configured share lets a smaller list through without a reason.
    const back = await importList(store, ACTOR, { format: 'csl-csv', path: join(BUNDLED_LISTS_DIR, csl.main), dataset: 'us-csl' });
    expect(back.version.recordCount).toBe(115);
    expect((await importList(store, ACTOR, { ...req, maxLoss: 0.9 })).version.recordCount).toBeLessThan(115);
  }, 120_000);
});

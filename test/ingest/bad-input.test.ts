import { copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulwarkError } from '../../src/errors.js';
import { importList } from '../../src/ingest/importer.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'bwk-bad-'));
/** A damaged copy of a real list file, with the OFAC companions beside it when needed. */
function damaged(rel: string, mutate: (buf: Buffer) => Buffer | string): string {
  const sub = mkdtempSync(join(dir, 'x'));
  const out = join(sub, rel.split('/').pop()!);
  if (rel.startsWith('ofac/')) for (const f of ['add.csv', 'alt.csv', 'sdn_comments.csv']) copyFileSync(join(LISTS, 'ofac', f), join(sub, f));
  writeFileSync(out, mutate(readFileSync(join(LISTS, rel))));
  return out;
}

async function expectRefused(store: Store, req: Parameters<typeof importList>[2], code: string, message: RegExp) {
  const before = await store.listDatasets();
  const count = await store.countEntities();
  const err = await importList(store, ACTOR, req).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BulwarkError);
  expect((err as BulwarkError).code).toBe(code);
  expect((err as BulwarkError).message).toMatch(message);
  // The store is exactly as it was: same versions, same entities.
  expect(await store.listDatasets()).toEqual(before);
  expect(await store.countEntities()).toBe(count);
}

describe.each(STORES.filter((s) => s.available))('bad input leaves the $name store untouched', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    await importList(store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' });
    await importList(store, ACTOR, { format: 'ofac-csv', path: join(LISTS, 'ofac/sdn.csv'), dataset: 'ofac-sdn' });
  });
  afterAll(() => dispose());

  it('refuses truncated XML, naming the file and line', async () => {
    const path = damaged('un/consolidated.xml', (b) => b.subarray(0, Math.floor(b.length / 2)));
    await expectRefused(store, { format: 'un-xml', path, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /consolidated\.xml, line \d+: malformed XML/);
  });

  it('refuses a CSV row with a missing column, naming the line', async () => {
    const path = damaged('ofac/sdn.csv', (b) => {
      const lines = b.toString('latin1').split('\r\n');
      // Line 100 is GALINDO HERRERA; drop its quoted Remarks column.
      lines[99] = lines[99].replace(/,"[^"]*"$/, '');
      return lines.join('\r\n');
    });
    await expectRefused(store, { format: 'ofac-csv', path, dataset: 'ofac-sdn' }, 'BWK_ERR_FILE_FORMAT', /sdn\.csv, line 100: expected 12 columns, found 11/);
  });

  it('refuses a CSV without the columns it needs', async () => {
    const path = damaged('us/csl.csv', (b) => b.toString('utf8').replace('alt_names', 'other_names'));
    await expectRefused(store, { format: 'csl-csv', path, dataset: 'us-csl' }, 'BWK_ERR_FILE_FORMAT', /csl\.csv, line 1: missing column\(s\) "alt_names"/);
  });

  it('refuses a file in the wrong encoding, naming the line', async () => {
    // The real OFSI file is Windows-1252; read as UTF-8 its 0x92/0xB4 bytes are invalid.
    await expectRefused(
      store,
      { format: 'csv', path: join(LISTS, 'uk/ofsi_conlist_sample_2020.csv'), dataset: 'office', options: { map: 'name=Name 6' } },
      'BWK_ERR_FILE_ENCODING',
      /ofsi_conlist_sample_2020\.csv, line \d+: invalid UTF-8/,
    );
  });

  it('refuses an empty file and a whitespace-only file', async () => {
    const empty = damaged('un/consolidated.xml', () => '');
    await expectRefused(store, { format: 'un-xml', path: empty, dataset: 'un-sc' }, 'BWK_ERR_FILE_EMPTY', /the file is empty/);
    const blank = damaged('un/consolidated.xml', () => '\n  \n');
    await expectRefused(store, { format: 'un-xml', path: blank, dataset: 'un-sc' }, 'BWK_ERR_FILE_EMPTY', /only whitespace/);
  });

  it('refuses the same file twice, and accepts it with force', async () => {
    await expectRefused(store, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' }, 'BWK_ERR_DUPLICATE_IMPORT', /already holds this exact file/);
    const r = await importList(store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc', force: true });
    expect(r.version.delta).toMatchObject({ added: 0, removed: 0, changed: 0, unchanged: 1003 });
  });

  it('refuses 100 MB of junk quickly and without reading it as a list', async () => {
    const path = join(dir, 'junk.xml');
    const fd = openSync(path, 'w');
    const chunk = randomBytes(1024 * 1024);
    for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    closeSync(fd);
    await expectRefused(store, { format: 'un-xml', path, dataset: 'un-sc' }, 'BWK_ERR_FILE_ENCODING', /junk\.xml, line \d+: binary data/);
  });

  it('refuses hostile XML: entity declarations and absurd nesting', async () => {
    const laughs = damaged('un/consolidated.xml', (b) =>
      b.toString('utf8').replace('<CONSOLIDATED_LIST', '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<CONSOLIDATED_LIST'),
    );
    await expectRefused(store, { format: 'un-xml', path: laughs, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /line 2: the XML declares entities/);
    const deep = join(dir, 'deep.xml');
    writeFileSync(deep, `<?xml version="1.0"?><CONSOLIDATED_LIST>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</CONSOLIDATED_LIST>`);
    await expectRefused(store, { format: 'un-xml', path: deep, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /deep\.xml, line 1: XML the importer will not read: elements nested more than 64 deep/);
  });

  it('refuses an entity declaration however far into the file it comes', async () => {
    const late = damaged('un/consolidated.xml', (b) =>
      b.toString('utf8').replace('<CONSOLIDATED_LIST', `<!--${' '.repeat(200_000)}-->\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]>\n<CONSOLIDATED_LIST`),
    );
    await expectRefused(store, { format: 'un-xml', path: late, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /line 3: the XML declares entities/);
  });

  it('refuses an entity declaration split across two of the chunks the file is read in', async () => {
    // The file is read 1 MiB at a time: a comment of ASCII padding puts "<!ENTITY" across the boundary.
    const split = damaged('un/consolidated.xml', (b) => {
      const text = b.toString('utf8');
      const at = text.indexOf('<CONSOLIDATED_LIST');
      const head = `${text.slice(0, at)}<!--`;
      const doctype = '-->\n<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]>\n';
      const pad = 2 ** 20 - 4 - Buffer.byteLength(head) - doctype.indexOf('<!ENTITY');
      return `${head}${' '.repeat(pad)}${doctype}${text.slice(at)}`;
    });
    expect(readFileSync(split).indexOf('<!ENTITY')).toBe(2 ** 20 - 4);
    await expectRefused(store, { format: 'un-xml', path: split, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /line 3: the XML declares entities/);
  });

  it('refuses binary data deep into a file after many records were read, naming the line', async () => {
    const path = damaged('ofac/sdn.csv', (b) => Buffer.concat([b.subarray(0, 1_500_000), Buffer.from([0]), b.subarray(1_500_000)]));
    await expectRefused(store, { format: 'ofac-csv', path, dataset: 'ofac-sdn' }, 'BWK_ERR_FILE_ENCODING', /sdn\.csv, line \d{4}: binary data \(a NUL byte at offset 1500000\)/);
  });

  it('refuses names and remarks far beyond any real record, naming the record', async () => {
    const longName = damaged('un/consolidated.xml', (b) => b.toString('utf8').replace('<FIRST_NAME>', `<FIRST_NAME>${'A'.repeat(5_000)}`));
    await expectRefused(store, { format: 'un-xml', path: longName, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /record un-sc:\d+: a name of 50\d\d characters \(the limit is 1,000\)/);
    // A name of 5 MB is refused by the record limit while it streams in, before it is held whole.
    const bigName = damaged('un/consolidated.xml', (b) => b.toString('utf8').replace('<FIRST_NAME>', `<FIRST_NAME>${'A'.repeat(5_000_000)}`));
    await expectRefused(store, { format: 'un-xml', path: bigName, dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /consolidated\.xml, line 4: a record longer than 1,000,000 characters/);
    const csv = join(dir, 'long-name.csv');
    writeFileSync(csv, `name,remarks\n"${'B'.repeat(900_000)}",x\n`);
    await expectRefused(store, { format: 'csv', path: csv, dataset: 'office' }, 'BWK_ERR_FILE_FORMAT', /a name of 900000 characters/);
  });

  it('refuses a CSV record of absurd size', async () => {
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, `name,remarks\nIgor Girkin,"${'x'.repeat(2_000_000)}"\n`);
    await expectRefused(store, { format: 'csv', path: huge, dataset: 'office' }, 'BWK_ERR_FILE_FORMAT', /huge\.csv, line 2: a record longer than 1,000,000 characters/);
  });

  it('refuses XML of another list, saying what it found', async () => {
    await expectRefused(store, { format: 'un-xml', path: join(LISTS, 'eu/eu_fsf_sample.xml'), dataset: 'un-sc' }, 'BWK_ERR_FILE_FORMAT', /expected a <CONSOLIDATED_LIST> document, found <export>/);
  });

  it('refuses a JSON-lines file with a broken line, naming it', async () => {
    const path = damaged('opensanctions/t1_sample.entities.ftm.json', (b) => {
      const lines = b.toString('utf8').split('\n');
      lines[2] = lines[2].slice(0, 40);
      return lines.join('\n');
    });
    await expectRefused(store, { format: 'ftm-json', path, dataset: 'os' }, 'BWK_ERR_FILE_FORMAT', /line 3: not valid JSON/);
  });

  it('refuses a missing file and an unknown format', async () => {
    await expectRefused(store, { format: 'un-xml', path: join(dir, 'nope.xml'), dataset: 'un-sc' }, 'BWK_ERR_FILE_NOT_FOUND', /nope\.xml: the file does not exist/);
    await expectRefused(store, { format: 'pdf', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' }, 'BWK_ERR_INPUT', /unknown format "pdf"/);
  });

  it('refuses a companion file that names an unknown record', async () => {
    const sub = mkdtempSync(join(dir, 'o'));
    mkdirSync(sub, { recursive: true });
    for (const f of ['sdn.csv', 'add.csv', 'sdn_comments.csv']) copyFileSync(join(LISTS, 'ofac', f), join(sub, f));
    writeFileSync(join(sub, 'alt.csv'), `${readFileSync(join(LISTS, 'ofac/alt.csv'), 'latin1').replace(/\x1a\s*$/, '')}99999999,1,"aka","NOBODY",-0- \r\n\x1a`);
    await expectRefused(store, { format: 'ofac-csv', path: join(sub, 'sdn.csv'), dataset: 'ofac-sdn' }, 'BWK_ERR_FILE_FORMAT', /alt\.csv, line 11911: ent_num 99999999 is not in sdn\.csv/);
  });
});

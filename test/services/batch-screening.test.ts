import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { parseList } from '../../src/ingest/importer.js';
import { screenBatch } from '../../src/services/batch-screening.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener } from '../../src/screening/screen.js';
import { LISTS } from '../helpers/stores.js';

const entities: Entity[] = [
  ...(await parseList('ofac-csv', { path: join(LISTS, 'ofac/sdn.csv'), dataset: 'ofac-sdn' })).entities,
  ...(await parseList('un-xml', { path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' })).entities,
];
const screener = new Screener(new ScreeningIndex(entities));
const dir = mkdtempSync(join(tmpdir(), 'bwk-batch-'));
const input = join(dir, 'visitors.csv');
writeFileSync(
  input,
  [
    'name,dob,country,visitor_ref',
    'Igor Girkin,17/12/1970,Russia,V-001',
    ',1970,,V-002',
    'Sarah Jones,,,V-003',
    'أكرم تركي هاشم المزيده,,,V-004',
    '"YANUKOVYCH, Viktor",31/02/1950,,V-005',
    `${'x'.repeat(400)},,,V-006`,
  ].join('\n'),
);

describe.each([1, 2])('batch screening with %i worker(s)', (workers) => {
  it('writes one JSON line per row in order, with errors per row and the extra columns passed through', async () => {
    const out = join(dir, `out-${workers}.jsonl`);
    const summary = await screenBatch(screener, input, out, { workers });
    expect(summary).toMatchObject({ rows: 6, errors: 3, rowsWithHits: 2 });
    const all = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // The last line says the batch is complete and how many rows it holds.
    expect(all.at(-1)).toEqual({ bulwarkBatch: { complete: true, rows: 6, rowsWithHits: 2, hits: expect.any(Number), errors: 3 } });
    const lines = all.slice(0, -1);
    expect(lines.map((l) => l.input.visitor_ref)).toEqual(['V-001', 'V-002', 'V-003', 'V-004', 'V-005', 'V-006']);
    expect(lines[0].hits[0]).toMatchObject({ rank: 1, entityId: 'ofac-sdn:16961' });
    expect(lines[0].hits[0].reasons).toEqual(expect.arrayContaining(['date of birth 1970-12-17 matches exactly', 'country Russia matches']));
    expect(lines[1].error).toBe('line 3, name: the name is empty');
    expect(lines[2].hits).toEqual([]);
    expect(lines[3].hits[0].entityId).toBe('un-sc:2892251');
    expect(lines[4].error).toMatch(/^line 6, dob: "31\/02\/1950" is not a date of birth/);
    expect(lines[5].error).toMatch(/^line 7, name: the name is 400 characters long/);
  });
});

describe('batch screening options', () => {
  it('takes a threshold, a limit and possible matches, and gives the UN, UK and OFAC references', async () => {
    const out = join(dir, 'options.jsonl');
    await screenBatch(screener, input, out, { workers: 1, screen: { threshold: 0.95, limit: 2, includePossible: true } });
    // Row lines only: the batch ends with a line saying it is complete.
    const rows = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.input);
    const lines = rows(out);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.hits.length <= 2)).toBe(true);
    expect(lines[3].hits[0].references).toContain('UN QDi.276');
    expect(lines[0].hits[0].references).toContain('OFAC 16961');
    const strict = join(dir, 'strict.jsonl');
    await screenBatch(screener, input, strict, { workers: 1, screen: { threshold: 0.999 } });
    const strictLines = rows(strict);
    const scores = strictLines.flatMap((l) => l.hits.map((h: { score: number }) => h.score));
    expect(scores.length).toBeGreaterThan(0);
    expect(scores.every((x) => x >= 0.999)).toBe(true);
    // A common name agreeing on nothing else is only a possible match: shown with --include-possible, left out without.
    const common = join(dir, 'common.csv');
    writeFileSync(common, 'name\nMohammed Ali\n');
    const withPossible = join(dir, 'with-possible.jsonl');
    const withoutPossible = join(dir, 'without-possible.jsonl');
    await screenBatch(screener, common, withPossible, { workers: 1, screen: { includePossible: true } });
    await screenBatch(screener, common, withoutPossible, { workers: 1, screen: { includePossible: false } });
    expect(rows(withPossible)[0].hits.length).toBeGreaterThan(0);
    expect(rows(withPossible)[0].hits.every((h: { level: string }) => h.level === 'possible')).toBe(true);
    expect(rows(withoutPossible)[0].hits).toEqual([]);
  });
});

describe('batch screening to CSV', () => {
  it('writes one line per hit, best first, and one line for a row without hits', async () => {
    const out = join(dir, 'out.csv');
    await screenBatch(screener, input, out, { workers: 1 });
    const text = readFileSync(out, 'utf8');
    const [header, first] = text.split('\n');
    expect(header).toBe('name,dob,country,visitor_ref,error,rank,score,level,entity_id,caption,schema,dataset,matched_name,references,linked,programs,reasons');
    expect(first).toMatch(/^Igor Girkin,17\/12\/1970,Russia,V-001,,1,[01]\.\d{3},match,ofac-sdn:16961,"GIRKIN, Igor Vsevolodovich"/);
    expect(text).toContain('Sarah Jones,,,V-003,,,,,,,,,,,,,');
    expect(text.trim().split('\n').at(-1)).toBe('"# Bulwark batch complete: 6 rows screened, 2 with matches, 3 with errors"');
  });

  it('never truncates an earlier output: a failed run leaves it whole and marks its own partial file incomplete', async () => {
    const out = join(dir, 'kept.jsonl');
    writeFileSync(out, 'the earlier result\n');
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, `name,ref\n${Array.from({ length: 300 }, (_, i) => `Person ${i},R${i}`).join('\n')}\n"unclosed,R\n`);
    await expect(screenBatch(screener, broken, out, { workers: 1 })).rejects.toThrow(/malformed CSV/);
    expect(readFileSync(out, 'utf8')).toBe('the earlier result\n');
    const partial = readFileSync(`${out}.partial`, 'utf8').trim().split('\n');
    expect(JSON.parse(partial.at(-1)!)).toMatchObject({ bulwarkBatch: { complete: false, rows: 300, error: expect.stringMatching(/malformed CSV/) } });
  });

  it('neutralises spreadsheet formulas in cells that came from outside', async () => {
    const hostile = join(dir, 'hostile.csv');
    writeFileSync(hostile, 'name,ref\n"=HYPERLINK(""http://example.invalid"",""x"")",@SUM(A1)\n');
    const out = join(dir, 'hostile-out.csv');
    await screenBatch(screener, hostile, out, { workers: 1 });
    const row = readFileSync(out, 'utf8').split('\n')[1];
    expect(row.startsWith('"\'=HYPERLINK(')).toBe(true);
    expect(row).toContain(",'@SUM(A1),");
  });

  it('refuses an input without a name column, and a missing file', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'full_name,dob\nIgor Girkin,1970\n');
    await expect(screenBatch(screener, bad, join(dir, 'x.jsonl'), { workers: 1 })).rejects.toThrow(/bad\.csv, line 1: no "name" column \(columns are: full_name, dob\)/);
    await expect(screenBatch(screener, join(dir, 'none.csv'), join(dir, 'x.jsonl'))).rejects.toThrow(/does not exist/);
  });
});

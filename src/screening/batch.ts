import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { parse } from 'csv-parse';
import { BulwarkError, isBulwarkError } from '../errors.js';
import type { ScreenHit, Screener } from './screen.js';

export interface BatchSummary {
  rows: number;
  rowsWithHits: number;
  errors: number;
  hits: number;
  ms: number;
}

const HIT_COLUMNS = ['error', 'rank', 'score', 'level', 'entity_id', 'caption', 'schema', 'dataset', 'matched_name', 'programs', 'reasons'];

function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function hitCells(h: ScreenHit | undefined, rank: number, error = ''): string[] {
  if (!h) return [error, '', '', '', '', '', '', '', '', '', ''];
  return [error, String(rank), h.score.toFixed(3), h.level, h.entityId, h.caption, h.schema, h.dataset, h.matchedName.full, h.programs.join('; '), h.reasons.join(' | ')];
}

/**
 * Screens every row of a CSV (columns name, and optionally type, dob, country, id; any other
 * columns pass through). A bad row gets an error in its own output line and the batch goes on.
 * Output is JSON lines (one per input row) or CSV (one line per hit, best first, per row).
 */
export async function screenBatch(
  screener: Screener,
  inPath: string,
  outPath: string,
  opts: { onProgress?: (done: number, totalBytes: number, readBytes: number) => void; limit?: number } = {},
): Promise<BatchSummary> {
  let total: number;
  try {
    total = statSync(inPath).size;
  } catch {
    throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', 'the input file does not exist or cannot be read', { file: inPath });
  }
  const asCsv = outPath.toLowerCase().endsWith('.csv');
  const t0 = performance.now();
  const input = createReadStream(inPath);
  const parser = input.pipe(parse({ bom: true, columns: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  const out = createWriteStream(outPath);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  const summary: BatchSummary = { rows: 0, rowsWithHits: 0, errors: 0, hits: 0, ms: 0 };
  let header: string[] | undefined;
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const row = rec.record;
      if (!header) {
        header = Object.keys(row);
        if (!header.includes('name')) {
          throw new BulwarkError('BWK_ERR_FILE_FORMAT', `no "name" column (columns are: ${header.join(', ')})`, { file: inPath, line: 1 });
        }
        if (asCsv) await write(`${[...header, ...HIT_COLUMNS].map(csvCell).join(',')}\n`);
      }
      summary.rows++;
      let hits: ScreenHit[] = [];
      let error = '';
      try {
        hits = screener.screen({ name: row.name ?? '', type: row.type, dob: row.dob, country: row.country, id: row.id }, { ...(opts.limit ? { limit: opts.limit } : {}), includePossible: false }).hits;
      } catch (e) {
        if (!isBulwarkError(e)) throw e;
        error = `line ${rec.info.lines}: ${e.message}`;
        summary.errors++;
      }
      if (hits.length) summary.rowsWithHits++;
      summary.hits += hits.length;
      const passthrough = header.map((h) => row[h] ?? '');
      if (asCsv) {
        const lines = hits.length ? hits.map((h, i) => [...passthrough, ...hitCells(h, i + 1)]) : [[...passthrough, ...hitCells(undefined, 0, error)]];
        await write(lines.map((l) => `${l.map(csvCell).join(',')}\n`).join(''));
      } else {
        const inputCols = Object.fromEntries(header.map((h) => [h, row[h] ?? '']));
        const obj = {
          line: rec.info.lines,
          input: inputCols,
          ...(error ? { error } : {}),
          hits: hits.map((h, i) => ({ rank: i + 1, score: h.score, level: h.level, entityId: h.entityId, caption: h.caption, schema: h.schema, dataset: h.dataset, matchedName: h.matchedName.full, programs: h.programs, listedOn: h.listedOn, reasons: h.reasons, linked: h.linked.map((l) => l.entityId) })),
        };
        await write(`${JSON.stringify(obj)}\n`);
      }
      if (summary.rows % 500 === 0) opts.onProgress?.(summary.rows, total, input.bytesRead);
    }
  } catch (e) {
    input.destroy();
    out.end();
    if (isBulwarkError(e)) throw e;
    const err = e as { message: string; lines?: number };
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `malformed CSV: ${err.message}`, { file: inPath, ...(err.lines ? { line: err.lines } : {}) });
  }
  if (!header) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the input has no header row', { file: inPath });
  out.end();
  await once(out, 'finish');
  opts.onProgress?.(summary.rows, total, total);
  summary.ms = performance.now() - t0;
  return summary;
}

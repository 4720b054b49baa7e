import { createReadStream, createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse';
import { BulwarkError, isBulwarkError } from '../errors.js';
import { csvCell } from '../export/csv.js';
import type { ScreenHit, ScreenOptions, Screener } from '../screening/screen.js';
import { saveSnapshot } from '../screening/snapshot.js';

export interface BatchSummary {
  rows: number;
  rowsWithHits: number;
  errors: number;
  hits: number;
  ms: number;
  workers: number;
}

const HIT_COLUMNS = ['error', 'rank', 'score', 'level', 'entity_id', 'caption', 'schema', 'dataset', 'matched_name', 'references', 'linked', 'programs', 'reasons'];
const CHUNK = 250;


function hitCells(h: ScreenHit | undefined, rank: number, error = ''): string[] {
  if (!h) return [error, ...HIT_COLUMNS.slice(1).map(() => '')];
  return [error, String(rank), h.score.toFixed(3), h.level, h.entityId, h.caption, h.schema, h.dataset, h.matchedName.full, h.references.join('; '), h.linked.map((l) => l.entityId).join('; '), h.programs.join('; '), h.reasons.join(' | ')];
}

export interface Chunk {
  header: string[];
  asCsv: boolean;
  opts: ScreenOptions;
  rows: { line: number; record: Record<string, string> }[];
}

export interface ChunkResult {
  text: string;
  errors: number;
  rowsWithHits: number;
  hits: number;
}

/** Screens and formats one chunk of rows; runs on a worker thread or on this one. */
export function screenChunk(screener: Screener, chunk: Chunk): ChunkResult {
  const out: ChunkResult = { text: '', errors: 0, rowsWithHits: 0, hits: 0 };
  for (const { line, record: row } of chunk.rows) {
    let hits: ScreenHit[] = [];
    let error = '';
    try {
      hits = screener.screen({ name: row.name ?? '', type: row.type, dob: row.dob, country: row.country, id: row.id }, { includePossible: false, ...chunk.opts }).hits;
    } catch (e) {
      if (!isBulwarkError(e)) throw e;
      error = `line ${line}${e.location.field ? `, ${e.location.field}` : ''}: ${e.detail}`;
      out.errors++;
    }
    if (hits.length) out.rowsWithHits++;
    out.hits += hits.length;
    const passthrough = chunk.header.map((h) => row[h] ?? '');
    if (chunk.asCsv) {
      const lines = hits.length ? hits.map((h, i) => [...passthrough, ...hitCells(h, i + 1)]) : [[...passthrough, ...hitCells(undefined, 0, error)]];
      out.text += lines.map((l) => `${l.map(csvCell).join(',')}\n`).join('');
    } else {
      out.text += `${JSON.stringify({
        line,
        input: Object.fromEntries(chunk.header.map((h) => [h, row[h] ?? ''])),
        ...(error ? { error } : {}),
        hits: hits.map((h, i) => ({ rank: i + 1, score: h.score, level: h.level, entityId: h.entityId, caption: h.caption, schema: h.schema, dataset: h.dataset, matchedName: h.matchedName.full, references: h.references, programs: h.programs, listedOn: h.listedOn, reasons: h.reasons, linked: h.linked.map((l) => l.entityId) })),
      })}\n`;
    }
  }
  return out;
}

/** Screens chunks on worker threads, each with its own copy of the index; falls back to this thread for one core. */
class Pool {
  private workers: Worker[] = [];
  private next = 0;
  private waiting = new Map<number, (r: ChunkResult) => void>();
  private failed?: Error;

  static async start(screener: Screener, size: number): Promise<Pool> {
    const pool = new Pool();
    // Each worker loads the saved form of the index: much faster than building it again.
    const snapshot = saveSnapshot(screener.index, 'batch');
    // From the bundle (build/cli) the worker is plain JavaScript; from the TypeScript sources (tests) it registers tsx first.
    const ts = import.meta.url.endsWith('.ts');
    const url = JSON.stringify(new URL(`./batch-screening-worker.${ts ? 'ts' : 'js'}`, import.meta.url).href);
    const boot = ts ? `import('tsx/esm/api').then((m) => m.register()).then(() => import(${url}))` : `import(${url})`;
    await Promise.all(
      Array.from({ length: size }, async () => {
        const w = new Worker(boot, { eval: true, workerData: { snapshot, config: screener.config } });
        w.on('message', (m: { id?: number; result?: ChunkResult }) => {
          if (m.id !== undefined && m.result) pool.settle(m.id, m.result);
        });
        w.on('error', (e) => {
          pool.failed = e;
          for (const r of pool.waiting.values()) r({ text: '', errors: 0, rowsWithHits: 0, hits: 0 });
        });
        await once(w, 'message');
        pool.workers.push(w);
      }),
    );
    return pool;
  }

  private settle(id: number, result: ChunkResult) {
    const r = this.waiting.get(id);
    this.waiting.delete(id);
    r?.(result);
  }

  run(id: number, chunk: Chunk): Promise<ChunkResult> {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.waiting.set(id, (r) => (this.failed ? reject(this.failed) : resolve(r)));
      this.workers[this.next++ % this.workers.length].postMessage({ id, chunk });
    });
  }

  async stop() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The last line of a batch output: whether it is complete and how many rows it holds. */
function trailer(asCsv: boolean, s: { complete: boolean; rows: number; rowsWithHits?: number; hits?: number; errors?: number; error?: string }): string {
  if (!asCsv) return `${JSON.stringify({ bulwarkBatch: s })}\n`;
  const text = s.complete ? `# Bulwark batch complete: ${s.rows} rows screened, ${s.rowsWithHits} with matches, ${s.errors} with errors` : `# Bulwark batch INCOMPLETE: stopped after ${s.rows} rows: ${s.error}`;
  return `${csvCell(text)}\n`;
}

/**
 * Screens every row of a CSV (columns name, and optionally type, dob, country, id; any other
 * columns pass through). A bad row gets an error in its own output line and the batch goes on.
 * Output is JSON lines (one per input row) or CSV (one line per hit, best first, per row), in
 * input order. Rows are screened on worker threads when the machine has more than one core.
 * The output is written beside the target and renamed onto it only when complete, so an earlier
 * output is never truncated by a run that fails; its last line says how many rows were done.
 * A run that fails leaves `<out>.partial`, whose last line says it is incomplete and where it stopped.
 */
export async function screenBatch(
  screener: Screener,
  inPath: string,
  outPath: string,
  opts: { onProgress?: (done: number, totalBytes: number, readBytes: number) => void; workers?: number; screen?: ScreenOptions } = {},
): Promise<BatchSummary> {
  let total: number;
  try {
    total = statSync(inPath).size;
  } catch {
    throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', 'the input file does not exist or cannot be read', { file: inPath });
  }
  const asCsv = outPath.toLowerCase().endsWith('.csv');
  const t0 = performance.now();
  const workers = opts.workers ?? Math.max(0, Math.min(4, availableParallelism()));
  const pool = workers > 1 ? await Pool.start(screener, workers) : undefined;
  const input = createReadStream(inPath);
  const parser = input.pipe(parse({ bom: true, columns: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  const partial = `${outPath}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  const summary: BatchSummary = { rows: 0, rowsWithHits: 0, errors: 0, hits: 0, ms: 0, workers: pool ? workers : 1 };
  let header: string[] | undefined;
  // Chunks are screened in parallel but written in input order.
  const pending: Promise<ChunkResult>[] = [];
  let chunkNo = 0;
  const flush = async (keep: number) => {
    while (pending.length > keep) {
      const r = await pending.shift()!;
      summary.errors += r.errors;
      summary.rowsWithHits += r.rowsWithHits;
      summary.hits += r.hits;
      if (!out.write(r.text)) await once(out, 'drain');
      opts.onProgress?.(summary.rows, total, input.bytesRead);
    }
  };
  let rows: Chunk['rows'] = [];
  const dispatch = () => {
    if (!rows.length || !header) return;
    const chunk: Chunk = { header, asCsv, rows, opts: opts.screen ?? {} };
    pending.push(pool ? pool.run(chunkNo++, chunk) : Promise.resolve(screenChunk(screener, chunk)));
    rows = [];
  };
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!header) {
        header = Object.keys(rec.record);
        if (!header.includes('name')) {
          throw new BulwarkError('BWK_ERR_FILE_FORMAT', `no "name" column (columns are: ${header.join(', ')})`, { file: inPath, line: 1 });
        }
        if (asCsv) out.write(`${[...header, ...HIT_COLUMNS].map(csvCell).join(',')}\n`);
      }
      summary.rows++;
      rows.push({ line: rec.info.lines, record: rec.record });
      if (rows.length === CHUNK) {
        dispatch();
        await flush(Math.max(2, workers * 2));
      }
    }
    dispatch();
    await flush(0);
  } catch (e) {
    input.destroy();
    await pool?.stop();
    const err = isBulwarkError(e) ? e : new BulwarkError('BWK_ERR_FILE_FORMAT', `malformed CSV: ${(e as Error).message}`, { file: inPath, ...((e as { lines?: number }).lines ? { line: (e as { lines: number }).lines } : {}) });
    out.end(trailer(asCsv, { complete: false, rows: summary.rows, error: err.message }));
    await once(out, 'finish');
    throw err;
  }
  await pool?.stop();
  if (!header) {
    out.end();
    await once(out, 'finish');
    rmSync(partial, { force: true });
    throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the input has no header row', { file: inPath });
  }
  out.end(trailer(asCsv, { complete: true, rows: summary.rows, rowsWithHits: summary.rowsWithHits, hits: summary.hits, errors: summary.errors }));
  await once(out, 'finish');
  renameSync(partial, outPath);
  opts.onProgress?.(summary.rows, total, total);
  summary.ms = performance.now() - t0;
  return summary;
}

import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../domain/actor.js';
import { loadListSources, type ListSource } from '../domain/list-sources.js';
import { BulwarkError, isBulwarkError } from '../errors.js';
import type { Store } from '../store/types.js';
import { BUNDLED_LISTS_DIR, importSource, type ImportReport } from './importer.js';
import { LIMITS } from './read.js';

export type UpdateOutcome =
  | { dataset: string; status: 'updated'; report: ImportReport }
  | { dataset: string; status: 'unchanged' | 'skipped'; reason: string }
  | { dataset: string; status: 'failed'; error: string };

/** Connection failures (a reset, a kept-alive socket the server had closed) are tried again this many times. */
const FETCH_RETRIES = 2;

async function fetchWithRetry(url: string, timeoutMs: number): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    } catch (e) {
      if (attempt >= FETCH_RETRIES || (e as Error).name === 'TimeoutError') throw new BulwarkError('BWK_ERR_DOWNLOAD', `cannot fetch ${url}: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
    }
  }
}

async function download(url: string, to: string, timeoutMs: number): Promise<void> {
  const res = await fetchWithRetry(url, timeoutMs);
  if (!res.ok || !res.body) throw new BulwarkError('BWK_ERR_DOWNLOAD', `${url} answered HTTP ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > LIMITS.maxFileBytes) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `${url} is ${declared} bytes; the limit is ${LIMITS.maxFileBytes}`);
  mkdirSync(dirname(to), { recursive: true });
  let seen = 0;
  const body = Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > LIMITS.maxFileBytes) body.destroy(new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `${url} exceeded ${LIMITS.maxFileBytes} bytes`));
  });
  await pipeline(body, createWriteStream(to));
}

/**
 * Downloads fresh copies of the lists from the addresses in the manifest into a staging folder
 * and imports each one. A list that fails to download or parse keeps its current version.
 */
export async function updateLists(
  store: Store,
  actor: Actor,
  opts: { sourcesFile?: string; only?: string[]; timeoutMs?: number; maxLoss?: number; onOutcome?: (o: UpdateOutcome) => void } = {},
): Promise<UpdateOutcome[]> {
  const manifest = loadListSources(opts.sourcesFile);
  const lists = manifest.lists.filter((l) => !opts.only?.length || opts.only.includes(l.dataset));
  if (opts.only?.length && lists.length === 0) throw new BulwarkError('BWK_ERR_INPUT', `no list named ${opts.only.join(', ')} in the manifest`);
  const staging = mkdtempSync(join(tmpdir(), 'bulwark-update-'));
  const outcomes: UpdateOutcome[] = [];
  try {
    for (const src of lists) {
      const o = await updateOne(store, actor, src, staging, { timeoutMs: opts.timeoutMs ?? 120_000, ...(opts.maxLoss !== undefined ? { maxLoss: opts.maxLoss } : {}) });
      opts.onOutcome?.(o);
      outcomes.push(o);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return outcomes;
}

async function updateOne(store: Store, actor: Actor, src: ListSource, staging: string, { timeoutMs, maxLoss }: { timeoutMs: number; maxLoss?: number }): Promise<UpdateOutcome> {
  const urls = Object.entries(src.files);
  if (urls.every(([, u]) => u === null)) return { dataset: src.dataset, status: 'skipped', reason: 'no download address; the bundled copy stays' };
  const dir = join(staging, src.dataset);
  try {
    for (const [rel, url] of urls) {
      if (url) await download(url, join(dir, rel), timeoutMs);
      else copyFileSync(join(BUNDLED_LISTS_DIR, rel), join(dir, rel));
    }
    // A download that lost many entries is never forced in: someone must look at it.
    const report = await importSource(store, actor, src, dir, { source: src.files[src.main] ?? src.main, force: false, ...(maxLoss !== undefined ? { maxLoss } : {}) });
    return { dataset: src.dataset, status: 'updated', report };
  } catch (e) {
    if (isBulwarkError(e) && e.code === 'BWK_ERR_DUPLICATE_IMPORT') return { dataset: src.dataset, status: 'unchanged', reason: 'the published file is the one already loaded' };
    return { dataset: src.dataset, status: 'failed', error: (e as Error).message };
  }
}

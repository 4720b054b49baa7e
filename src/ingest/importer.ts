import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Actor } from '../domain/actor.js';
import { loadListSources, type ListSource } from '../domain/list-sources.js';
import { unreadableScripts } from '../domain/script.js';
import { BulwarkError } from '../errors.js';
import type { DatasetVersion, Store } from '../store/types.js';
import { FORMATS } from './formats/index.js';
import { combinedHash } from './read.js';

export interface ImportRequest {
  format: string;
  path: string;
  dataset: string;
  title?: string;
  options?: Record<string, string>;
  force?: boolean;
  /** With `force`: why a list that loses more than `maxLoss` of its entries is right (audited). */
  reason?: string;
  /** Share of the current version's entries the new one may lose without a reason (default 10%). */
  maxLoss?: number;
  /** Recorded as the version's source when the file came from elsewhere (a download URL). */
  source?: string;
}

/** A new version may lose this share of the current one's entries; more looks like a file cut short. */
export const DEFAULT_MAX_LIST_LOSS = 0.1;

export interface ImportReport {
  version: DatasetVersion;
  skipped: { record: string; reason: string }[];
  /** Names in a script no transliteration can read: imported, but they cannot match until read. */
  unreadable: { record: string; name: string; scripts: string[] }[];
  parseMs: number;
  storeMs: number;
}

/** The repository's bundled list files. */
export const BUNDLED_LISTS_DIR = resolve(fileURLToPath(new URL('../../data/lists', import.meta.url)));

/**
 * Imports one list file as a new version of a dataset. Parsing finishes before the store is
 * touched, and the store swaps versions in one transaction, so a bad file changes nothing. The
 * file checks itself (counts, companions, trailers, by format); a version that loses more than
 * `maxLoss` of the current entries is refused unless forced with a reason.
 */
export async function importList(store: Store, actor: Actor, req: ImportRequest): Promise<ImportReport> {
  const format = FORMATS[req.format];
  if (!format) {
    throw new BulwarkError('BWK_ERR_INPUT', `unknown format "${req.format}"; formats are ${Object.keys(FORMATS).join(', ')}`);
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(req.dataset)) {
    throw new BulwarkError('BWK_ERR_INPUT', `dataset name "${req.dataset}" must be lower-case letters, digits and hyphens`);
  }
  const t0 = performance.now();
  const parsed = format.parse({ path: req.path, dataset: req.dataset, ...(req.options ? { options: req.options } : {}) });
  if (parsed.entities.length === 0) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file holds no records with a name; nothing to import', { file: req.path });
  }
  const t1 = performance.now();
  const version = await store.replaceDataset({
    dataset: req.dataset,
    title: req.title ?? req.dataset,
    format: req.format,
    source: req.source ?? resolve(req.path),
    fileHash: combinedHash(parsed.files),
    ...(parsed.dataDate ? { dataDate: parsed.dataDate } : {}),
    entities: parsed.entities,
    actor: actor.userId,
    officeId: actor.officeId,
    force: req.force ?? false,
    maxLoss: req.maxLoss ?? DEFAULT_MAX_LIST_LOSS,
    ...(req.force && req.reason?.trim() ? { acceptLoss: req.reason.trim() } : {}),
  });
  const unreadable = parsed.entities.flatMap((e) =>
    e.names.flatMap((n) => {
      const scripts = n.script === 'Latin' ? [] : unreadableScripts(n.full);
      return scripts.length ? [{ record: e.id, name: n.full, scripts }] : [];
    }),
  );
  return { version, skipped: parsed.skipped, unreadable, parseMs: t1 - t0, storeMs: performance.now() - t1 };
}

export function importSource(store: Store, actor: Actor, src: ListSource, dir: string, extra: Partial<ImportRequest> = {}) {
  return importList(store, actor, { format: src.format, path: join(dir, src.main), dataset: src.dataset, title: src.title, ...(src.options ? { options: src.options } : {}), ...extra });
}

/**
 * Loads every bundled list that the store does not hold yet (first start). Lists already
 * present are left alone; `lists update` is how they change.
 */
export async function loadBundledLists(
  store: Store,
  actor: Actor,
  opts: { dir?: string; onList?: (src: ListSource, report: ImportReport) => void } = {},
): Promise<ImportReport[]> {
  const present = new Set((await store.listDatasets()).map((d) => d.name));
  const reports = [];
  for (const src of loadListSources().lists) {
    if (present.has(src.dataset)) continue;
    const r = await importSource(store, actor, src, opts.dir ?? BUNDLED_LISTS_DIR);
    opts.onList?.(src, r);
    reports.push(r);
  }
  return reports;
}

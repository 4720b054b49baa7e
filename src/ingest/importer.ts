import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { Actor } from '../domain/actor.js';
import { loadListSources, type ListSource } from '../domain/list-sources.js';
import { unreadableScripts } from '../domain/script.js';
import { BulwarkError } from '../errors.js';
import type { DatasetVersion, Store } from '../store/types.js';
import type { Entity } from '../domain/entity.js';
import type { ListFormat, ParseInput, ParseSummary } from './format.js';
import { FORMATS } from './formats/index.js';
import { combinedHash, hashFiles } from './read.js';

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
  /** The data's date where the file states none (a bundled copy's publication date, list-sources.json). */
  dataDate?: string;
}

/** A new version may lose this share of the current one's entries; more looks like a file cut short. */
export const DEFAULT_MAX_LIST_LOSS = 0.1;

export interface ImportReport {
  version: DatasetVersion;
  skipped: { record: string; reason: string }[];
  /** Names in a script no transliteration can read: imported, but they cannot match until read. */
  unreadable: { record: string; name: string; scripts: string[] }[];
  /** Time spent reading and parsing the file(s), and the rest (writing, checks, commit); the two interleave. */
  parseMs: number;
  storeMs: number;
}

/** The bundled repository's list files. */
export const BUNDLED_LISTS_DIR = resolve(fileURLToPath(new URL('../../data/lists', import.meta.url)));

function formatOf(name: string): ListFormat {
  const format = FORMATS[name];
  if (!format) throw new BulwarkError('BWK_ERR_INPUT', `unknown format "${name}"; formats are ${Object.keys(FORMATS).join(', ')}`);
  return format;
}

/**
 * Imports one list file as a new version of a dataset. The file streams through its parser into
 * the store's dataset replacement, which writes the entities in batches inside one transaction, so
 * memory holds a batch, not the file. The file checks itself as it is read (counts, companions,
 * trailers, closing tags, by format), and a version that loses more than `maxLoss` of the current
 * entries is refused unless forced with a reason: both before the commit, so a bad file changes
 * nothing. The files are hashed first, so an unchanged file is refused before it is parsed.
 */
export async function importList(store: Store, actor: Actor, req: ImportRequest): Promise<ImportReport> {
  const format = formatOf(req.format);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(req.dataset)) {
    throw new BulwarkError('BWK_ERR_INPUT', `dataset name "${req.dataset}" must be lower-case letters, digits and hyphens`);
  }
  const input: ParseInput = { path: req.path, dataset: req.dataset, ...(req.options ? { options: req.options } : {}) };
  const t0 = performance.now();
  const fileHash = await hashFiles(format.files(input));
  const parsed = format.parse(input);
  const unreadable: ImportReport['unreadable'] = [];
  let parseMs = performance.now() - t0;
  /** The parser's entities as the store takes them, timed, with the checks that need the whole file. */
  async function* entities(): AsyncGenerator<Entity> {
    const it = parsed.entities[Symbol.asyncIterator]();
    let count = 0;
    try {
      for (;;) {
        const t = performance.now();
        const next = await it.next();
        parseMs += performance.now() - t;
        if (next.done) break;
        count++;
        for (const n of next.value.names) {
          const scripts = n.script === 'Latin' ? [] : unreadableScripts(n.full);
          if (scripts.length) unreadable.push({ record: next.value.id, name: n.full, scripts });
        }
        yield next.value;
      }
    } finally {
      // A store that stops early (an error) ends the parser too: its files and spill close.
      await it.return?.();
    }
    if (count === 0) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file holds no records with a name; nothing to import', { file: req.path });
    if (combinedHash(parsed.files) !== fileHash) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file changed while it was being imported; import it again', { file: req.path });
  }
  const version = await store.replaceDataset({
    dataset: req.dataset,
    title: req.title ?? req.dataset,
    format: req.format,
    source: req.source ?? resolve(req.path),
    fileHash,
    dataDate: () => parsed.summary.dataDate ?? req.dataDate,
    entities: entities(),
    actor: actor.userId,
    officeId: actor.officeId,
    force: req.force ?? false,
    maxLoss: req.maxLoss ?? DEFAULT_MAX_LIST_LOSS,
    ...(req.force && req.reason?.trim() ? { acceptLoss: req.reason.trim() } : {}),
  });
  return { version, skipped: parsed.summary.skipped, unreadable, parseMs, storeMs: performance.now() - t0 - parseMs };
}

/** Every entity of a list file at once, with what the file says (tests, benchmarks and tools over small lists). */
export async function parseList(formatName: string, input: ParseInput): Promise<ParseSummary & { entities: Entity[] }> {
  const parsed = formatOf(formatName).parse(input);
  const entities: Entity[] = [];
  for await (const e of parsed.entities) entities.push(e);
  return { entities, ...parsed.summary };
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
  const present = new Set(Object.keys(await store.currentVersions()));
  const reports = [];
  for (const src of loadListSources().lists) {
    if (present.has(src.dataset)) continue;
    const r = await importSource(store, actor, src, opts.dir ?? BUNDLED_LISTS_DIR, src.bundledDataDate ? { dataDate: src.bundledDataDate } : {});
    opts.onList?.(src, r);
    reports.push(r);
  }
  return reports;
}

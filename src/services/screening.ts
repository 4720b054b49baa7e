import { randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../domain/actor.js';
import { BulwarkError } from '../errors.js';
import { DEFAULT_SCREENING_CONFIG, type ScreeningConfig } from '../screening/config.js';
import { Growing } from '../screening/growing.js';
import type { ScreeningIndex } from '../screening/index.js';
import { IndexStream } from '../screening/index-stream.js';
import { validateQuery, type ScreenQuery, type ValidQuery } from '../screening/query.js';
import { Screener, type ScreenHit, type ScreenOptions, type ScreenResult } from '../screening/screen.js';
import { dataFingerprint, openSnapshot } from '../screening/snapshot.js';
import { contentHash } from '../store/rows.js';
import { JUDGEMENTS, type Decision, type Judgement, type Store } from '../store/types.js';

export interface DecidedHit extends ScreenHit {
  decision?: Pick<Decision, 'decision' | 'reason' | 'actor' | 'createdAt'> & {
    /** True when the listing changed after the decision: it must be looked at again. */
    reopened: boolean;
    /** The record of the same target the decision was made on, when it is not the one shown. */
    onRecord?: string;
  };
}

export interface ServiceScreenResult extends Omit<ScreenResult, 'hits'> {
  hits: DecidedHit[];
  /** The list versions the screen ran against, for provenance. */
  listVersions: Record<string, number>;
}

interface BuiltIndex {
  signature: string;
  screener: Screener;
  versions: Record<string, number>;
  /** Entity id → content hash of the full listing (source record included), for re-opening decisions. */
  hashes: (entityId: string) => string | undefined;
}

/** The saved index's file name inside the cache folder. */
export const INDEX_FILE = 'screening-index.bin';
/** A content hash (sha1) in bytes; the saved index keeps one per entity, in entity order. */
const HASH_BYTES = 20;

/** A loaded index with its entities' content hashes, looked up by entity id. */
function withHashes(loaded: { index: ScreeningIndex; extra: unknown } | undefined): { index: ScreeningIndex; hashes: BuiltIndex['hashes'] } | undefined {
  const { index, extra } = loaded ?? {};
  if (!index || !(extra instanceof Uint8Array) || extra.length !== HASH_BYTES * index.entityCount) return undefined;
  const bytes = Buffer.from(extra.buffer, extra.byteOffset, extra.byteLength);
  return {
    index,
    hashes: (id) => {
      const i = index.entityIndex(id);
      return i === undefined ? undefined : bytes.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES);
    },
  };
}

/** The same person asked about again gets the same key, whatever the spelling order or case. */
export function queryKey(q: ValidQuery): string {
  return [q.norm.tokens.map((t) => t.simp).sort().join(' '), q.schema ?? '', q.dob ?? '', q.country ?? '', q.identifier ?? ''].join('|');
}

/**
 * Screening for callers (CLI, API): keeps the index in step with the store's list versions, and
 * attaches each office's earlier decisions to the hits. With a cache folder the built index is
 * saved there (keyed by list versions, algorithm and screening data files) and a new process loads
 * it instead of building it; a stale or unreadable file is ignored and replaced.
 */
export class ScreeningService {
  private current?: BuiltIndex;
  private building?: { signature: string; done: Promise<BuiltIndex> };
  private checkedAt = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly config: ScreeningConfig = DEFAULT_SCREENING_CONFIG,
    private readonly opts: {
      /** How long a check of the list versions holds: a server answers thousands of screens a second. */
      recheckMs?: number;
      /** Answer from the previous index while a new one builds (a server), instead of waiting for it. */
      staleWhileRebuilding?: boolean;
      /** Folder for the saved index (the store's `files`); without it every process builds its own. */
      cacheDir?: string;
      /** What tells the store from others whose index may be saved in the same folder: part of the saved index's key. */
      storeIdentity?: string;
    } = {},
  ) {}

  /**
   * The screener over the current list versions. When a list changes, a new index is built and
   * swapped in whole; a server keeps answering from the previous one until then.
   */
  async screener(): Promise<{ screener: Screener; versions: Record<string, number> }> {
    const { screener, versions } = await this.index();
    return { screener, versions };
  }

  private async index(): Promise<BuiltIndex> {
    if (this.current && performance.now() - this.checkedAt < (this.opts.recheckMs ?? 0)) return this.current;
    this.checkedAt = performance.now();
    const { versions, signature } = await this.versions();
    if (this.current?.signature === signature) return this.current;
    if (this.building?.signature !== signature) {
      const done = this.build(signature, versions);
      this.building = { signature, done };
      done.then(
        (b) => {
          if (this.building?.done === done) this.building = undefined;
          this.current = b;
        },
        () => {
          if (this.building?.done === done) this.building = undefined;
        },
      );
    }
    return this.current && this.opts.staleWhileRebuilding ? this.current : this.building!.done;
  }

  private async versions(): Promise<{ versions: Record<string, number>; signature: string }> {
    const versions = await this.store.currentVersions();
    return { versions, signature: JSON.stringify(versions) };
  }

  /**
   * Makes sure the saved index over the current list versions exists, without keeping it in this
   * process: a server starting several processes calls this first, so that they load it instead of
   * each building it. Without a cache folder (a store in memory) there is nothing to save.
   */
  async ensureSaved(): Promise<void> {
    if (!this.opts.cacheDir) return;
    const { versions, signature } = await this.versions();
    await this.build(signature, versions);
  }

  /** Checks the list versions now and waits for the index over them (after an import in this process). */
  async refresh(): Promise<void> {
    this.checkedAt = -Infinity;
    const wait = this.opts.staleWhileRebuilding;
    this.opts.staleWhileRebuilding = false;
    try {
      await this.index();
    } finally {
      this.opts.staleWhileRebuilding = wait;
    }
  }

  private async build(signature: string, versions: Record<string, number>): Promise<BuiltIndex> {
    const key = `${signature}|${dataFingerprint()}|${this.opts.storeIdentity ?? ''}`;
    const file = this.opts.cacheDir ? join(this.opts.cacheDir, INDEX_FILE) : undefined;
    const saved = file ? this.open(file, key) : undefined;
    if (saved) return { signature, versions, screener: new Screener(saved.index, this.config), hashes: saved.hashes };
    // Built straight into the file a later process loads (in the temporary folder without a cache folder), entity
    // by entity from the store: records stay in the file, parsed when a hit needs them, so memory holds the names.
    const { fd, tmp, target } = this.tempFile(file);
    try {
      await this.write(fd, key);
      const built = withHashes(openSnapshot(fd, key));
      if (!built) throw new Error('the screening index just written cannot be read');
      // Renamed into place whole, so no reader ever sees half a file; the open index reads on from the file either way.
      try {
        if (target) renameSync(tmp, target);
      } catch {
        // A cache that cannot be written only costs the next process a rebuild.
      }
      rmSync(tmp, { force: true });
      return { signature, versions, screener: new Screener(built.index, this.config), hashes: built.hashes };
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      throw e;
    }
  }

  /** Writes the index over the store's entities to `fd`; what it builds with is let go when it returns. */
  private async write(fd: number, key: string): Promise<void> {
    const stream = new IndexStream(fd);
    const hashes = new Growing(new Uint8Array(HASH_BYTES << 10));
    await this.store.scanEntities((e) => {
      stream.add(e);
      for (const byte of Buffer.from(contentHash(e), 'hex')) hashes.push(byte);
    });
    stream.finish(key, hashes.done());
  }

  /** The saved index over these list versions, or undefined when there is none or it is stale or unreadable. */
  private open(file: string, key: string): ReturnType<typeof withHashes> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    const saved = withHashes(openSnapshot(fd, key));
    if (!saved) closeSync(fd);
    return saved;
  }

  /** A new file beside the saved index, or in the temporary folder when there is no cache folder or it cannot be written. */
  private tempFile(file?: string): { fd: number; tmp: string; target?: string } {
    const name = `${INDEX_FILE}.${process.pid}.${randomUUID()}.tmp`;
    if (file) {
      try {
        mkdirSync(this.opts.cacheDir!, { recursive: true });
        const tmp = join(this.opts.cacheDir!, name);
        return { fd: openSync(tmp, 'w+'), tmp, target: file };
      } catch {
        // Built in the temporary folder instead, and not saved.
      }
    }
    const tmp = join(tmpdir(), name);
    return { fd: openSync(tmp, 'w+'), tmp };
  }

  async screen(actor: Actor, query: ScreenQuery, opts: ScreenOptions = {}): Promise<ServiceScreenResult> {
    const { screener, versions, hashes } = await this.index();
    const valid = validateQuery(query);
    const result = screener.screenValid(valid, opts);
    const key = queryKey(valid);
    // A decision made on any record of a hit's target (the hit shows the best-evidenced one) stands for the hit.
    const records = (h: ScreenHit) => [h.entityId, ...h.linked.map((l) => l.entityId)];
    const decisions = await this.store.latestDecisions(actor.officeId, key, result.hits.flatMap(records));
    const hits: DecidedHit[] = result.hits.map((h) => {
      const on = records(h).find((id) => decisions.has(id));
      if (!on) return h;
      const d = decisions.get(on)!;
      return { ...h, decision: { decision: d.decision, reason: d.reason, actor: d.actor, createdAt: d.createdAt, reopened: d.entityHash !== hashes(on), ...(on !== h.entityId ? { onRecord: on } : {}) } };
    });
    return { ...result, hits, listVersions: versions };
  }

  /** Records a reviewer's decision on one hit; later screens of the same query show it. */
  async decide(actor: Actor, input: { query: ScreenQuery; entityId: string; decision: string; reason: string }): Promise<Decision> {
    if (!JUDGEMENTS.includes(input.decision as Judgement)) {
      throw new BulwarkError('BWK_ERR_INPUT', `decision must be one of ${JUDGEMENTS.join(', ')}`, { field: 'decision' });
    }
    if (!input.reason?.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'a decision needs a reason', { field: 'reason' });
    const q = validateQuery(input.query);
    const entity = await this.store.getEntity(input.entityId);
    if (!entity) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no listed entity "${input.entityId}"`, { field: 'entityId' });
    const decision: Decision = {
      id: randomUUID(),
      officeId: actor.officeId,
      queryKey: queryKey(q),
      queryText: q.name,
      entityId: entity.id,
      entityHash: contentHash(entity),
      decision: input.decision as Judgement,
      reason: input.reason.trim(),
      actor: actor.userId,
      createdAt: new Date().toISOString(),
    };
    await this.store.addDecision(decision, { actor: actor.userId, officeId: actor.officeId, action: 'screening.decide', subject: entity.id, detail: { query: q.name, decision: decision.decision, reason: decision.reason } });
    return decision;
  }
}

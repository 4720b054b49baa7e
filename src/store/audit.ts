import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BulwarkError } from '../errors.js';
import type { AuditEntry, AuditInput, AuditReport, RecordRef } from './types.js';

/**
 * The audit chain and what it protects: each entry links to the one before by hash and carries the
 * hashes of the records its change wrote, so editing a record directly in the database shows.
 * The chain head is checkpointed in a file beside the store (signed with the server key when one
 * is configured), so entries cut from the end or a rewritten chain show too.
 */

export const GENESIS_HASH = '0'.repeat(64);

/** The columns of each record table that the audit covers, and the column naming a record. */
export const COVERED: Record<string, { id: string; columns: string[] }> = {
  offices: { id: 'id', columns: ['id', 'name', 'kind', 'created_at'] },
  contacts: { id: 'id', columns: ['id', 'office_id', 'name', 'data', 'created_at', 'updated_at'] },
  approaches: { id: 'id', columns: ['id', 'office_id', 'contact_id', 'date', 'data', 'assessment', 'catalogue_version', 'created_by', 'created_at'] },
  attachments: { id: 'id', columns: ['id', 'approach_id', 'office_id', 'filename', 'media_type', 'sha256', 'size', 'content'] },
  alerts: { id: 'id', columns: ['id', 'office_id', 'contact_id', 'approach_id', 'kind', 'level', 'message', 'routed_to', 'created_at'] },
  indicator_catalogues: { id: 'version', columns: ['version', 'data', 'actor', 'note', 'created_at'] },
  screening_decisions: { id: 'id', columns: ['id', 'office_id', 'query_key', 'query_text', 'entity_id', 'entity_hash', 'decision', 'reason', 'actor', 'created_at'] },
  office_records: { id: 'id', columns: ['id', 'office_id', 'kind', 'record_key', 'record_date', 'data', 'created_by', 'created_at', 'updated_at'] },
  dataset_versions: { id: 'id', columns: ['id', 'dataset', 'format', 'source', 'file_hash', 'record_count', 'counts', 'data_date', 'imported_at', 'delta', 'actor'] },
  // Who may do what: a role, an office or a password hash changed in the database must show. Sessions, sign-in
  // failures, a token's last use and the digest choice change without an audited action and are left out.
  users: { id: 'id', columns: ['id', 'username', 'display_name', 'email', 'role', 'office_id', 'offices', 'password_hash', 'must_change_password', 'disabled', 'created_at'] },
  api_tokens: { id: 'id', columns: ['id', 'user_id', 'name', 'token_hash', 'scopes', 'created_at', 'revoked_at'] },
};
/** Tables the audit began to cover later: their records are taken into the trail by the migration that names them. */
export const LATER_COVERED: Record<number, string[]> = { 16: ['users', 'api_tokens'] };
/** A dataset's entities are covered as one digest (an import writes thousands at once). */
export const ENTITY_COLUMNS = ['id', 'dataset', 'version_id', 'schema', 'caption', 'content_hash', 'data', 'raw'];

/** Both drivers return the same stored value in different types (BIGINT as string, BLOB as Buffer): hash one form. */
function norm(v: unknown): string {
  if (v === null || v === undefined) return '\u0000null';
  if (v instanceof Uint8Array) return `bytes:${createHash('sha256').update(v).digest('hex')}`;
  return String(v);
}

/** The hash of a stored record's covered columns. */
export function rowHash(row: Record<string, unknown>, columns: string[]): string {
  return createHash('sha256').update(JSON.stringify(columns.map((c) => [c, norm(row[c])]))).digest('hex');
}

/** One digest of a dataset's entity rows, independent of the order they were read in. */
export function entitiesDigest(rows: Record<string, unknown>[]): string {
  return digestLines(rows.map((r) => digestLine(String(r.id), rowHash(r, ENTITY_COLUMNS))).sort());
}

const digestLine = (id: string, hash: string) => `${id}\t${hash}`;
const digestLines = (sorted: string[]) => createHash('sha256').update(sorted.join('\n')).digest('hex');

/**
 * `entitiesDigest` fed one row hash at a time in id order, as an import reads them back from the
 * store, so no dataset is held in memory. The store orders ids by their bytes and the digest by
 * UTF-16 units; in the rare case the two disagree (ids with characters above U+FFFF), `digest`
 * says so and the caller sorts the lines itself.
 */
export class OrderedEntitiesDigest {
  private readonly hash = createHash('sha256');
  private last?: string;
  private ordered = true;

  add(id: string, rowHashHex: string): void {
    const line = digestLine(id, rowHashHex);
    if (this.last !== undefined) {
      if (this.last > line) this.ordered = false;
      this.hash.update('\n');
    }
    this.hash.update(line);
    this.last = line;
  }

  /** The digest, or undefined when the rows did not come in the digest's order. */
  digest(): string | undefined {
    return this.ordered ? this.hash.digest('hex') : undefined;
  }
}

/** `entitiesDigest` of rows given as (id, row hash) pairs in any order. */
export function digestOfHashes(rows: { id: string; hash: string }[]): string {
  return digestLines(rows.map((r) => digestLine(r.id, r.hash)).sort());
}

/** SELECT of the covered columns of some records of a table, by id, with the dialect's placeholders. */
export function refsSql(table: string, placeholders: string[]): string {
  const spec = COVERED[table];
  return `SELECT ${spec.columns.join(', ')} FROM ${table} WHERE ${spec.id} IN (${placeholders.join(', ')})`;
}

export function rowRefs(table: string, rows: Record<string, unknown>[]): RecordRef[] {
  const spec = COVERED[table];
  return rows.map((r) => ({ table, id: String(r[spec.id]), hash: rowHash(r, spec.columns) }));
}

/** Every covered record's current hash (or only those of `tables`), from the rows `all` reads (every row of a table, the named columns). */
export function recordHashes(all: (table: string, columns: string[]) => Record<string, unknown>[], tables?: string[]): RecordRef[] {
  const out = Object.keys(COVERED).filter((t) => !tables || tables.includes(t)).flatMap((table) => rowRefs(table, all(table, COVERED[table].columns).filter(notStaged)));
  if (tables && !tables.includes('entities')) return out;
  const byDataset = new Map<string, Record<string, unknown>[]>();
  for (const r of all('entities', ENTITY_COLUMNS)) {
    const ds = String(r.dataset);
    if (!byDataset.has(ds)) byDataset.set(ds, []);
    byDataset.get(ds)!.push(r);
  }
  for (const [ds, rows] of byDataset) out.push({ table: 'entities', id: ds, hash: entitiesDigest(rows) });
  return out;
}

/**
 * A list version still being written (`staged_by` set, read when the adapter selects every column)
 * is no record yet: the import's audit entry covers it when it becomes current.
 */
const notStaged = (r: Record<string, unknown>) => r.staged_by === undefined || r.staged_by === null;

/** The tables `recordHashes` reads, with their columns (for adapters that fetch asynchronously first). */
export const HASHED_TABLES: [string, string[]][] = [...Object.entries(COVERED).map(([t, s]): [string, string[]] => [t, s.columns]), ['entities', ENTITY_COLUMNS]];

export const recordKey = (r: Pick<RecordRef, 'table' | 'id'>) => `${r.table}:${r.id}`;

/** An entry's fields as the chain hashes them: detail and records in their stored JSON text. */
type ChainFields = Pick<AuditEntry, 'seq' | 'at' | 'actor' | 'officeId' | 'action' | 'subject' | 'chainVersion'> & { detail: string; records: string };

/**
 * The chain hash of an audit entry. Version 1 (before record hashes) covers the entry's own fields;
 * version 2 adds its sequence number and record hashes, so a renumbered or re-pointed entry shows.
 */
export function auditHash(prevHash: string, e: ChainFields): string {
  const fields = e.chainVersion === 1
    ? [prevHash, e.at, e.actor, e.officeId, e.action, e.subject, e.detail]
    : [2, prevHash, e.seq, e.at, e.actor, e.officeId, e.action, e.subject, e.detail, e.records];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** An audit row ready to insert after the last one (`seq` is given, never left to the database, so a gap means a deletion). */
export function auditRowAfter(last: { seq: number; hash: string } | undefined, e: AuditInput, records: RecordRef[], at = new Date().toISOString()) {
  const row: ChainFields = {
    seq: (last?.seq ?? 0) + 1, at, actor: e.actor, officeId: e.officeId, action: e.action, subject: e.subject,
    detail: JSON.stringify(e.detail ?? null), records: JSON.stringify(records), chainVersion: 2,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  return { ...row, prevHash, hash: auditHash(prevHash, row) };
}

const chainFields = (e: AuditEntry): ChainFields => ({
  seq: e.seq, at: e.at, actor: e.actor, officeId: e.officeId, action: e.action, subject: e.subject,
  detail: JSON.stringify(e.detail ?? null), records: JSON.stringify(e.records), chainVersion: e.chainVersion,
});

/** Checks an audit chain from its start: every hash recomputes, links to the one before, and numbers follow on. */
export function verifyAuditChain(entries: AuditEntry[]): { ok: true } | { ok: false; seq: number; problem: string } {
  let prev: AuditEntry | undefined;
  for (const e of entries) {
    if (e.prevHash !== (prev?.hash ?? GENESIS_HASH)) return { ok: false, seq: e.seq, problem: 'does not link to the entry before it' };
    if (e.chainVersion > 1 && prev && prev.chainVersion > 1 && e.seq !== prev.seq + 1) {
      return { ok: false, seq: e.seq, problem: `entries ${prev.seq + 1}–${e.seq - 1} are missing` };
    }
    if (auditHash(e.prevHash, chainFields(e)) !== e.hash) return { ok: false, seq: e.seq, problem: 'its contents no longer match its hash' };
    prev = e;
  }
  return { ok: true };
}

export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  /** HMAC-SHA256 of seq and hash with the server's audit key, when one is configured. */
  sig?: string;
}

const sign = (key: string, seq: number, hash: string) => createHmac('sha256', key).update(`${seq}:${hash}`).digest('hex');

/** The chain head written beside the store after each change, so a shortened or rewritten chain shows. */
export class AuditCheckpoint {
  constructor(readonly path: string, private readonly key?: string) {}

  read(): Checkpoint | null {
    if (!existsSync(this.path)) return null;
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Checkpoint;
    } catch {
      return { seq: -1, hash: 'unreadable', at: '' };
    }
  }

  /**
   * Moves the checkpoint to the new head, but only forward, and only while the entry it names
   * still holds the hash it recorded: evidence of tampering is never overwritten.
   */
  async advance(head: { seq: number; hash: string }, hashAt: (seq: number) => Promise<string | undefined>): Promise<void> {
    const cur = this.read();
    if (cur && (cur.seq >= head.seq || (await hashAt(cur.seq)) !== cur.hash)) return;
    const cp: Checkpoint = { seq: head.seq, hash: head.hash, at: new Date().toISOString(), ...(this.key ? { sig: sign(this.key, head.seq, head.hash) } : {}) };
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      writeFileSync(tmp, `${JSON.stringify(cp)}\n`, { mode: 0o600 });
      chmodSync(tmp, 0o600);
      renameSync(tmp, this.path);
    } catch (e) {
      throw new BulwarkError('BWK_ERR_STORE', `the change is saved, but the audit checkpoint ${this.path} cannot be written (${(e as NodeJS.ErrnoException).code ?? e}); check that folder and its permissions, or set BULWARK_AUDIT_CHECKPOINT`);
    }
  }

  /** Problems of the checkpoint against the entries, if any. */
  check(entries: AuditEntry[]): string[] {
    const cp = this.read();
    if (!cp) return entries.length ? [`the audit checkpoint ${this.path} is missing although the trail has entries`] : [];
    const problems: string[] = [];
    if (this.key) {
      const want = Buffer.from(sign(this.key, cp.seq, cp.hash));
      if (!cp.sig || cp.sig.length !== want.length || !timingSafeEqual(Buffer.from(cp.sig), want)) problems.push('the audit checkpoint is not signed with this server\'s audit key: it was written elsewhere or altered');
    }
    const last = entries.at(-1);
    const at = entries.find((e) => e.seq === cp.seq);
    if (!at) {
      problems.push(`the checkpoint records entry ${cp.seq}, but the trail ${last ? `ends at entry ${last.seq}` : 'is empty'}: entries were cut from it`);
    } else if (at.hash !== cp.hash) {
      problems.push(`entry ${cp.seq} no longer holds the hash the checkpoint recorded: the chain was rewritten`);
    }
    return problems;
  }
}

/**
 * Compares every record's current hash with the hash its latest audit entry recorded. A record
 * changed, deleted or added outside Bulwark shows here even when the chain itself is intact.
 */
export function recordProblems(entries: AuditEntry[], current: Map<string, string>): string[] {
  const expected = new Map<string, { hash: string; seq: number }>();
  for (const e of entries) for (const r of e.records) expected.set(recordKey(r), { hash: r.hash, seq: e.seq });
  const problems: string[] = [];
  for (const [k, want] of expected) {
    const have = current.get(k);
    if (have === undefined) problems.push(`record ${k} was deleted outside Bulwark (audit entry ${want.seq} wrote it)`);
    else if (have !== want.hash) problems.push(`record ${k} was changed outside Bulwark (it no longer matches audit entry ${want.seq})`);
  }
  for (const k of current.keys()) if (!expected.has(k)) problems.push(`record ${k} is not in the audit trail: it was added outside Bulwark`);
  return problems;
}

/** The whole check: chain, checkpoint and records. */
export function auditReport(entries: AuditEntry[], current: Map<string, string>, checkpoint?: AuditCheckpoint): AuditReport {
  const chain = verifyAuditChain(entries);
  const problems = [
    ...(chain.ok ? [] : [`audit entry ${chain.seq} ${chain.problem}`]),
    ...(checkpoint ? checkpoint.check(entries) : []),
    ...recordProblems(entries, current),
  ];
  return { ok: problems.length === 0, entries: entries.length, records: current.size, checkpoint: checkpoint?.read() ?? null, problems };
}

/**
 * The resolution index as stored rows, shared by both adapters: parties with their block keys, the
 * links found between them, and the queue of sources (a contact, a donor, a partner package) still
 * to resolve. The queue row is written in the same transaction as its source, so a report is
 * resolved reliably after it is stored, by whichever process gets there first.
 */

/** A record resolved across offices, as the index keeps it. */
export interface ResolutionParty {
  /** Assigned by the store; block keys point at it. */
  id: number;
  ref: string;
  /** The stored record it was read from: resolving the source again replaces its parties. */
  source: string;
  officeId: string;
  /** When its source was first reported: a cluster is named after its earliest member. */
  firstSeen: string;
  /** The rules and normaliser its keys were made with; another stamp means the keys are made again. */
  stamp: string;
  keys: string[];
  data: Record<string, unknown>;
}

export interface ResolutionLink {
  a: string;
  b: string;
  score: number;
  evidence: unknown[];
}

export interface QueuedSource {
  seq: number;
  source: string;
}

/** What one resolution writes, in the same transaction as the alerts it raises. */
export interface ResolutionChange {
  /** Parties written (new or replaced) with their block keys. */
  put?: Omit<ResolutionParty, 'id'>[];
  /** Parties their source no longer holds: removed with their keys and links. */
  remove?: string[];
  /** Parties resolved again: their links are dropped before `links` are written. */
  relink?: string[];
  links?: ResolutionLink[];
  /** Queue rows this change resolved. */
  done?: number[];
}

export interface ResolutionReads {
  /** Sources waiting, oldest first: all of them up to `limit`, or those of `sources`. */
  resolutionQueue(opts: { limit?: number; sources?: string[] }): Promise<QueuedSource[]>;
  /**
   * The parties under some block keys: every one under `always` (identifiers), and under `voting`
   * (name words, employers) only for blocks of at most `cap` parties (common words say little).
   */
  resolutionBlocks(always: string[], voting: string[], cap: number): Promise<{ key: string; party: number }[]>;
  resolutionParties(by: { ids?: number[]; refs?: string[]; source?: string; notStamp?: string; limit?: number }): Promise<ResolutionParty[]>;
  /** Every link, or those touching some parties. */
  resolutionLinks(refs?: string[]): Promise<ResolutionLink[]>;
}

const marks = (n: number) => Array(n).fill('?').join(', ');
const PARTY_OF = 'SELECT id FROM resolution_parties WHERE ref = ?';

/** A source to resolve, queued inside the transaction that stores it. */
export const queueStatement = (source: string): [string, unknown[]] => ['INSERT INTO resolution_queue (source, queued_at) VALUES (?, ?)', [source, new Date().toISOString()]];

/** The statements a change becomes, in `?` placeholders; both adapters run them inside one transaction. */
export function resolutionStatements(c: ResolutionChange): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const ref of c.remove ?? []) {
    out.push([`DELETE FROM resolution_keys WHERE party IN (${PARTY_OF})`, [ref]], ['DELETE FROM resolution_links WHERE a = ? OR b = ?', [ref, ref]], ['DELETE FROM resolution_parties WHERE ref = ?', [ref]]);
  }
  for (const ref of c.relink ?? []) out.push(['DELETE FROM resolution_links WHERE a = ? OR b = ?', [ref, ref]]);
  for (const p of c.put ?? []) {
    out.push([
      `INSERT INTO resolution_parties (ref, source, office_id, first_seen, stamp, keys, data) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (ref) DO UPDATE SET source = excluded.source, office_id = excluded.office_id, first_seen = excluded.first_seen, stamp = excluded.stamp, keys = excluded.keys, data = excluded.data`,
      [p.ref, p.source, p.officeId, p.firstSeen, p.stamp, JSON.stringify(p.keys), JSON.stringify(p.data)],
    ]);
    out.push([`DELETE FROM resolution_keys WHERE party IN (${PARTY_OF})`, [p.ref]]);
    // VALUES names its column column1 in both SQLite and PostgreSQL.
    if (p.keys.length) out.push([`INSERT INTO resolution_keys (key, party) SELECT v.column1, p.id FROM (VALUES ${p.keys.map(() => '(?)').join(', ')}) AS v, resolution_parties p WHERE p.ref = ?`, [...p.keys, p.ref]]);
  }
  for (const l of c.links ?? []) {
    out.push(['INSERT INTO resolution_links (a, b, score, evidence) VALUES (?, ?, ?, ?) ON CONFLICT (a, b) DO UPDATE SET score = excluded.score, evidence = excluded.evidence', [l.a, l.b, l.score, JSON.stringify(l.evidence)]]);
  }
  if (c.done?.length) out.push([`DELETE FROM resolution_queue WHERE seq IN (${marks(c.done.length)})`, c.done]);
  return out;
}

/** The reads, in `?` placeholders, with their parameters. */
export const RESOLUTION_SQL = {
  queue: (o: { limit?: number; sources?: string[] }): [string, unknown[]] =>
    o.sources ? [`SELECT seq, source FROM resolution_queue WHERE source IN (${marks(o.sources.length)}) ORDER BY seq`, o.sources] : ['SELECT seq, source FROM resolution_queue ORDER BY seq LIMIT ?', [o.limit ?? 100]],
  blocks: (always: string[], voting: string[], cap: number): [string, unknown[]] => {
    const parts: string[] = [];
    if (always.length) parts.push(`SELECT key, party FROM resolution_keys WHERE key IN (${marks(always.length)})`);
    // Each voting block is read in key index order only up to cap + 1 rows (smallBlocks drops the full
    // ones): a common word costs no more than a rare one to rule out, and no plan can scan the table (a
    // join over a list of keys let PostgreSQL's planner do that: 80 ms at 100,000 contacts).
    const keys = [...new Set(voting)];
    for (let i = 0; i < keys.length; i++) parts.push('SELECT key, party FROM (SELECT key, party FROM resolution_keys WHERE key = ? ORDER BY party LIMIT ?) AS b');
    return [parts.join(' UNION ALL '), [...always, ...keys.flatMap((k) => [k, cap + 1])]];
  },
  parties: (by: { ids?: number[]; refs?: string[]; source?: string; notStamp?: string; limit?: number }): [string, unknown[]] => {
    if (by.ids) return [`SELECT * FROM resolution_parties WHERE id IN (${marks(by.ids.length)})`, by.ids];
    if (by.refs) return [`SELECT * FROM resolution_parties WHERE ref IN (${marks(by.refs.length)})`, by.refs];
    if (by.source !== undefined) return ['SELECT * FROM resolution_parties WHERE source = ? ORDER BY id', [by.source]];
    return ['SELECT * FROM resolution_parties WHERE stamp <> ? ORDER BY id LIMIT ?', [by.notStamp ?? '', by.limit ?? 100]];
  },
  links: (refs?: string[]): [string, unknown[]] =>
    refs ? [`SELECT * FROM resolution_links WHERE a IN (${marks(refs.length)}) OR b IN (${marks(refs.length)}) ORDER BY a, b`, [...refs, ...refs]] : ['SELECT * FROM resolution_links ORDER BY a, b', []],
};

export interface PartyRow { id: number | string; ref: string; source: string; office_id: string; first_seen: string; stamp: string; keys: string; data: string }
export interface LinkRow { a: string; b: string; score: number | string; evidence: string }

export const rowParty = (r: PartyRow): ResolutionParty => ({ id: Number(r.id), ref: r.ref, source: r.source, officeId: r.office_id, firstSeen: r.first_seen, stamp: r.stamp, keys: JSON.parse(r.keys), data: JSON.parse(r.data) });
export const rowLink = (r: LinkRow): ResolutionLink => ({ a: r.a, b: r.b, score: Number(r.score), evidence: JSON.parse(r.evidence) });
export const rowQueued = (r: { seq: number | string; source: string }): QueuedSource => ({ seq: Number(r.seq), source: r.source });
export const rowBlock = (r: { key: string; party: number | string }) => ({ key: r.key, party: Number(r.party) });

/** The rows of `RESOLUTION_SQL.blocks` without the voting blocks that hold more than `cap` parties. */
export function smallBlocks(rows: { key: string; party: number }[], always: string[], cap: number): { key: string; party: number }[] {
  const fixed = new Set(always);
  const size = new Map<string, number>();
  for (const r of rows) if (!fixed.has(r.key)) size.set(r.key, (size.get(r.key) ?? 0) + 1);
  return rows.filter((r) => fixed.has(r.key) || size.get(r.key)! <= cap);
}

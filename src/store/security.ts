import type { AuditEntry, AuditInput, ContactRecord, OfficeRecord } from './types.js';
import { rowAudit, rowContact, rowRecord, type AuditRow, type ContactRow, type RecordRow } from './rows.js';
import { queueStatement, resolutionStatements, type ResolutionChange, type ResolutionReads } from './resolution.js';

/**
 * A security-team document (cluster decision, case, alert, notice, sharing group, share, partner package),
 * typed by the service that owns its kind. `scope` is the office or group it belongs to, or "security"
 * for the cross-office view; `refs` are what it can be found by (a contact, a case, a group member).
 */
export interface SecurityRecord<T = Record<string, unknown>> {
  id: string;
  kind: string;
  scope: string;
  refs: string[];
  data: T;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface GraphNodeRecord {
  id: string;
  type: string;
  label: string;
  data: Record<string, unknown>;
  /** The import or service that wrote it, so a re-import replaces its own rows. */
  origin: string;
}

export interface GraphEdgeRecord {
  id: string;
  source: string;
  target: string;
  type: string;
  data: Record<string, unknown>;
  origin: string;
}

export interface SecurityBatch {
  records?: SecurityRecord[];
  nodes?: GraphNodeRecord[];
  edges?: GraphEdgeRecord[];
  /** Graph rows of these origins are removed first (a re-imported register file replaces the old one). */
  replaceOrigins?: string[];
  /** Changes to the resolution index (with the alerts they raise, in `records`). */
  resolution?: ResolutionChange;
  /** Sources written by this batch, queued for resolution (a partner package). */
  queue?: string[];
  audit: AuditInput[];
}

/** The security team's view: documents, the graph, and cross-office reads. Everything a batch holds commits together. */
export interface SecurityStore extends ResolutionReads {
  writeSecurity(batch: SecurityBatch): Promise<void>;
  getSecurityRecord(kind: string, id: string): Promise<SecurityRecord | null>;
  listSecurityRecords(kind: string, opts?: { scope?: string; ref?: string }): Promise<SecurityRecord[]>;
  loadGraph(): Promise<{ nodes: GraphNodeRecord[]; edges: GraphEdgeRecord[] }>;
  /** Every office's contacts (the security team's graph reads across offices; callers enforce roles). */
  allContacts(): Promise<ContactRecord[]>;
  /** Every office's records of a kind. */
  allRecords(kind: string): Promise<OfficeRecord[]>;
  /** The audit entries about one subject, oldest first (a case's timeline). */
  auditFor(subjects: string[]): Promise<AuditEntry[]>;
}

/** The statements a batch becomes, in `?` placeholders; both adapters run them inside one transaction. */
export function securityStatements(b: SecurityBatch): [string, unknown[]][] {
  const out: [string, unknown[]][] = [];
  for (const o of b.replaceOrigins ?? []) out.push(['DELETE FROM graph_edges WHERE origin = ?', [o]], ['DELETE FROM graph_nodes WHERE origin = ?', [o]]);
  for (const r of b.records ?? []) {
    out.push([
      `INSERT INTO security_records (id, kind, scope, data, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, data = excluded.data, updated_at = excluded.updated_at`,
      [r.id, r.kind, r.scope, JSON.stringify(r.data), r.createdBy, r.createdAt, r.updatedAt],
    ]);
    out.push(['DELETE FROM security_refs WHERE record_id = ?', [r.id]]);
    for (const ref of new Set(r.refs)) out.push(['INSERT INTO security_refs (record_id, kind, ref) VALUES (?, ?, ?)', [r.id, r.kind, ref]]);
  }
  for (const n of b.nodes ?? []) {
    out.push(['INSERT INTO graph_nodes (id, type, label, data, origin) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET type = excluded.type, label = excluded.label, data = excluded.data, origin = excluded.origin', [n.id, n.type, n.label, JSON.stringify(n.data), n.origin]]);
  }
  for (const e of b.edges ?? []) {
    out.push(['INSERT INTO graph_edges (id, source, target, type, data, origin) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, origin = excluded.origin', [e.id, e.source, e.target, e.type, JSON.stringify(e.data), e.origin]]);
  }
  if (b.resolution) out.push(...resolutionStatements(b.resolution));
  for (const s of b.queue ?? []) out.push(queueStatement(s));
  return out;
}

export const SECURITY_SQL = {
  record: 'SELECT * FROM security_records WHERE kind = ? AND id = ?',
  refsOfRecord: 'SELECT record_id, ref FROM security_refs WHERE record_id = ? ORDER BY ref',
  refsOfKind: 'SELECT record_id, ref FROM security_refs WHERE kind = ? ORDER BY ref',
  list: (opts: { scope?: string; ref?: string }) =>
    `SELECT * FROM security_records WHERE kind = ?${opts.scope !== undefined ? ' AND scope = ?' : ''}${opts.ref !== undefined ? ' AND id IN (SELECT record_id FROM security_refs WHERE kind = ? AND ref = ?)' : ''} ORDER BY created_at, id`,
  listParams: (kind: string, opts: { scope?: string; ref?: string }) => [kind, ...(opts.scope !== undefined ? [opts.scope] : []), ...(opts.ref !== undefined ? [kind, opts.ref] : [])],
  nodes: 'SELECT * FROM graph_nodes ORDER BY id',
  edges: 'SELECT * FROM graph_edges ORDER BY id',
  contacts: 'SELECT * FROM contacts ORDER BY office_id, id',
  records: 'SELECT * FROM office_records WHERE kind = ? ORDER BY office_id, record_date, id',
  audit: (n: number) => `SELECT * FROM audit_log WHERE subject IN (${Array(n).fill('?').join(',')}) ORDER BY seq`,
};

export interface SecurityRow { id: string; kind: string; scope: string; data: string; created_by: string; created_at: string; updated_at: string }

export function rowSecurity(r: SecurityRow, refs: { record_id: string; ref: string }[]): SecurityRecord {
  return { id: r.id, kind: r.kind, scope: r.scope, refs: refs.filter((x) => x.record_id === r.id).map((x) => x.ref), data: JSON.parse(r.data), createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at };
}

export const rowNode = (r: { id: string; type: string; label: string; data: string; origin: string }): GraphNodeRecord => ({ ...r, data: JSON.parse(r.data) });
export const rowEdge = (r: { id: string; source: string; target: string; type: string; data: string; origin: string }): GraphEdgeRecord => ({ ...r, data: JSON.parse(r.data) });

/** `?` placeholders → PostgreSQL's `$n`. */
export const pgSql = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

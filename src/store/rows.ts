import { createHash } from 'node:crypto';
import { normIdentifier, type Entity, type IdentifierType } from '../domain/entity.js';
import type { DrillCompletion, OfficeRecord, AlertRecord, ApproachRecord, AuditEntry, CatalogueVersion, ContactRecord, DatasetVersion, Decision, Delta, Judgement, Office, ReplaceDatasetInput } from './types.js';

/** Shared by both adapters: how entities become rows and rows become versions. */


export function contentHash(e: Entity): string {
  return createHash('sha1').update(JSON.stringify(e)).digest('hex');
}

export interface EntityRow {
  id: string;
  dataset: string;
  schema: string;
  caption: string;
  content_hash: string;
  data: string;
  raw: string;
}

export function entityRow(e: Entity): EntityRow {
  const { raw, ...data } = e;
  return {
    id: e.id,
    dataset: e.dataset,
    schema: e.schema,
    caption: e.caption,
    content_hash: contentHash(e),
    data: JSON.stringify(data),
    raw: JSON.stringify(raw ?? null),
  };
}

export function rowEntity(data: string, raw: string): Entity {
  return { ...(JSON.parse(data) as Omit<Entity, 'raw'>), raw: JSON.parse(raw) };
}

export function identifierRows(e: Entity): { type: string; value: string }[] {
  const seen = new Set<string>();
  const out = [];
  for (const i of e.identifiers) {
    const value = normIdentifier(i.value);
    const k = `${i.type}|${value}`;
    if (!value || seen.has(k)) continue;
    seen.add(k);
    out.push({ type: i.type, value });
  }
  return out;
}

export function computeDelta(previous: Map<string, string>, next: EntityRow[]): Delta {
  const d: Delta = { added: 0, removed: 0, changed: 0, unchanged: 0, sample: { added: [], removed: [], changed: [] } };
  const nextIds = new Set<string>();
  for (const r of next) {
    nextIds.add(r.id);
    const old = previous.get(r.id);
    if (old === undefined) {
      d.added++;
      if (d.sample.added.length < 50) d.sample.added.push(r.id);
    } else if (old !== r.content_hash) {
      d.changed++;
      if (d.sample.changed.length < 50) d.sample.changed.push(r.id);
    } else d.unchanged++;
  }
  for (const id of previous.keys()) {
    if (!nextIds.has(id)) {
      d.removed++;
      if (d.sample.removed.length < 50) d.sample.removed.push(id);
    }
  }
  return d;
}

export function schemaCounts(entities: Entity[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const e of entities) c[e.schema] = (c[e.schema] ?? 0) + 1;
  return c;
}

/** Rejects two entities with one id in a single import: the second would silently replace the first. */
export function assertUniqueIds(input: ReplaceDatasetInput): void {
  const seen = new Set<string>();
  for (const e of input.entities) {
    if (e.dataset !== input.dataset) throw new Error(`entity ${e.id} belongs to dataset ${e.dataset}, not ${input.dataset}`);
    if (seen.has(e.id)) throw new Error(`entity id ${e.id} appears twice in one import`);
    seen.add(e.id);
  }
}

export interface VersionRow {
  id: number | string;
  dataset: string;
  format: string;
  source: string;
  file_hash: string;
  record_count: number;
  counts: string;
  data_date: string | null;
  imported_at: string;
  delta: string;
  actor: string;
}

export function rowVersion(r: VersionRow): DatasetVersion {
  return {
    id: Number(r.id),
    dataset: r.dataset,
    format: r.format,
    source: r.source,
    fileHash: r.file_hash,
    recordCount: Number(r.record_count),
    counts: JSON.parse(r.counts),
    ...(r.data_date ? { dataDate: r.data_date } : {}),
    importedAt: r.imported_at,
    delta: JSON.parse(r.delta),
    actor: r.actor,
  };
}

/** Groups link rows by the other entity and loads each once. */
export async function groupLinks(
  rows: { other: string; type: IdentifierType; value: string }[],
  load: (id: string) => Promise<Entity | null>,
) {
  const by = new Map<string, { type: IdentifierType; value: string }[]>();
  for (const r of rows) {
    const list = by.get(r.other) ?? [];
    if (!list.some((v) => v.type === r.type && v.value === r.value)) list.push({ type: r.type, value: r.value });
    by.set(r.other, list);
  }
  const out = [];
  for (const [other, via] of by) {
    const entity = await load(other);
    if (entity) out.push({ entity, via });
  }
  return out;
}

export interface DecisionRow {
  id: string;
  office_id: string;
  query_key: string;
  query_text: string;
  entity_id: string;
  entity_hash: string;
  decision: string;
  reason: string;
  actor: string;
  created_at: string;
}

export function decisionRow(d: Decision): DecisionRow {
  return { id: d.id, office_id: d.officeId, query_key: d.queryKey, query_text: d.queryText, entity_id: d.entityId, entity_hash: d.entityHash, decision: d.decision, reason: d.reason, actor: d.actor, created_at: d.createdAt };
}

export function rowDecision(r: DecisionRow): Decision {
  return { id: r.id, officeId: r.office_id, queryKey: r.query_key, queryText: r.query_text, entityId: r.entity_id, entityHash: r.entity_hash, decision: r.decision as Judgement, reason: r.reason, actor: r.actor, createdAt: r.created_at };
}

export interface AuditRow {
  seq: number | string;
  at: string;
  actor: string;
  office_id: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The chain hash of an audit entry: it covers the previous hash, so an edit anywhere breaks every later link. */
export function auditHash(prevHash: string, e: { at: string; actor: string; officeId: string; action: string; subject: string; detail: string }): string {
  return createHash('sha256').update(JSON.stringify([prevHash, e.at, e.actor, e.officeId, e.action, e.subject, e.detail])).digest('hex');
}

export function rowAudit(r: AuditRow): AuditEntry {
  return { seq: Number(r.seq), at: r.at, actor: r.actor, officeId: r.office_id, action: r.action, subject: r.subject, detail: JSON.parse(r.detail), prevHash: r.prev_hash, hash: r.hash };
}

export const GENESIS_HASH = '0'.repeat(64);

/** Checks an audit chain from its start: every hash recomputes and links to the one before. */
export function verifyAuditChain(entries: AuditEntry[]): { ok: true } | { ok: false; seq: number; problem: string } {
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, problem: 'does not link to the entry before it' };
    const h = auditHash(prev, { at: e.at, actor: e.actor, officeId: e.officeId, action: e.action, subject: e.subject, detail: JSON.stringify(e.detail ?? null) });
    if (h !== e.hash) return { ok: false, seq: e.seq, problem: 'its contents no longer match its hash' };
    prev = e.hash;
  }
  return { ok: true };
}

export const rowOffice = (r: { id: string; name: string; kind: string; created_at: string }): Office => ({ id: r.id, name: r.name, kind: r.kind, createdAt: r.created_at });

export interface ContactRow {
  id: string;
  office_id: string;
  name: string;
  data: string;
  created_at: string;
  updated_at: string;
}
export const rowContact = (r: ContactRow): ContactRecord => ({ id: r.id, officeId: r.office_id, name: r.name, data: JSON.parse(r.data), createdAt: r.created_at, updatedAt: r.updated_at });

export interface ApproachRow {
  id: string;
  office_id: string;
  contact_id: string;
  date: string;
  data: string;
  assessment: string;
  catalogue_version: number | string;
  created_by: string;
  created_at: string;
}
export const rowApproach = (r: ApproachRow): ApproachRecord => ({
  id: r.id, officeId: r.office_id, contactId: r.contact_id, date: r.date, data: JSON.parse(r.data), assessment: JSON.parse(r.assessment),
  catalogueVersion: Number(r.catalogue_version), createdBy: r.created_by, createdAt: r.created_at,
});

export interface AlertRow {
  id: string;
  office_id: string;
  contact_id: string;
  approach_id: string;
  kind: string;
  level: string;
  message: string;
  routed_to: string;
  created_at: string;
}
export const rowAlert = (r: AlertRow): AlertRecord => ({
  id: r.id, officeId: r.office_id, contactId: r.contact_id, approachId: r.approach_id, kind: r.kind, level: r.level, message: r.message, routedTo: JSON.parse(r.routed_to), createdAt: r.created_at,
});

export const rowCatalogue = (r: { version: number | string; data: string; actor: string; note: string; created_at: string }): CatalogueVersion => ({
  version: Number(r.version), data: JSON.parse(r.data), actor: r.actor, note: r.note, createdAt: r.created_at,
});

/** An audit row ready to insert after `prevHash`. */
export function auditRowAfter(prevHash: string, e: { actor: string; officeId: string; action: string; subject: string; detail: unknown }) {
  const row = { at: new Date().toISOString(), actor: e.actor, officeId: e.officeId, action: e.action, subject: e.subject, detail: JSON.stringify(e.detail ?? null) };
  return { ...row, prevHash, hash: auditHash(prevHash, row) };
}

export interface RecordRow {
  id: string;
  office_id: string;
  kind: string;
  record_key: string;
  record_date: string;
  data: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export const rowRecord = (r: RecordRow): OfficeRecord => ({
  id: r.id, officeId: r.office_id, kind: r.kind, key: r.record_key, date: r.record_date, data: JSON.parse(r.data), createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
});
export const recordParams = (r: OfficeRecord) => [r.id, r.officeId, r.kind, r.key, r.date, JSON.stringify(r.data), r.createdBy, r.createdAt, r.updatedAt];

export interface DrillRow { id: string; office_id: string; user_id: string; drill_id: string; drill_version: number; correct: number; total: number; completed_at: string }
export const rowDrill = (r: DrillRow): DrillCompletion => ({
  id: r.id, officeId: r.office_id, userId: r.user_id, drillId: r.drill_id, drillVersion: Number(r.drill_version), correct: Number(r.correct), total: Number(r.total), completedAt: r.completed_at,
});
export const drillParams = (c: DrillCompletion) => [c.id, c.officeId, c.userId, c.drillId, c.drillVersion, c.correct, c.total, c.completedAt];
export const DRILL_INSERT = 'INSERT INTO drill_completions (id, office_id, user_id, drill_id, drill_version, correct, total, completed_at) VALUES ';

/** The audit entry of a dataset import, written inside the import's transaction. */
export function importAudit(input: ReplaceDatasetInput, v: DatasetVersion) {
  return {
    actor: input.actor,
    officeId: input.officeId,
    action: 'lists.import',
    subject: input.dataset,
    detail: { version: v.id, source: v.source, fileHash: v.fileHash, records: v.recordCount, added: v.delta.added, removed: v.delta.removed, changed: v.delta.changed },
  };
}

/** Rows of (key, office, contact) grouped by key. */
export function groupSharedKeys(rows: { key: string; office_id: string; contact_id: string }[]) {
  const out = new Map<string, { officeId: string; contactId: string }[]>();
  for (const r of rows) out.set(r.key, [...(out.get(r.key) ?? []), { officeId: r.office_id, contactId: r.contact_id }]);
  return [...out].map(([key, contacts]) => ({ key, contacts }));
}

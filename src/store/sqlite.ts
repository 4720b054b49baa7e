import type Database from 'better-sqlite3';
import { LINKING_IDENTIFIER_TYPES, normIdentifier, type Entity, type IdentifierType } from '../domain/entity.js';
import { SqliteBase } from './sqlite-base.js';
import { SqliteAccounts } from './sqlite-accounts.js';
import { SqliteBatches } from './sqlite-batches.js';
import { sqliteImport } from './sqlite-import.js';
import { stagedImport, sweepVersions } from './staged-import.js';
import {
  assertNoNul, decisionRow, groupLinks, groupSharedKeys, recordParams, rowAlert, rowApproach, rowRecord, type RecordRow, rowCatalogue, rowContact, rowDecision, rowEntity, rowOffice, rowVersion,
  type AlertRow, type ApproachRow, type ContactRow, type DecisionRow, type VersionRow, type AuditRow, rowAudit, DRILL_INSERT, type DrillRow, drillParams, rowDrill, LIST_DATASETS_SQL,
} from './rows.js';
import type {
  AuditEntry, DrillCompletion, OfficeRecord, AlertRecord, ApproachRecord, AttachmentRecord, AuditInput, CatalogueVersion, ContactRecord, DatasetSummary, DatasetVersion, Decision, Office,
  ReplaceDatasetInput, Store, StoreOptions,
} from './types.js';
import { queueStatement, RESOLUTION_SQL as RQ, rowBlock, rowLink, rowParty, rowQueued, smallBlocks, type LinkRow, type PartyRow, type QueuedSource, type ResolutionLink, type ResolutionParty } from './resolution.js';
import { rowEdge, rowNode, rowSecurity, SECURITY_SQL as Q, securityStatements, type SecurityBatch, type SecurityRecord, type SecurityRow } from './security.js';

/** The embedded store: one SQLite file through better-sqlite3 (synchronous, wrapped in the async interface). */
export class SqliteStore extends SqliteBase implements Store {
  readonly accounts: SqliteAccounts;
  readonly batches: SqliteBatches;

  constructor(path: string, opts: StoreOptions = {}) {
    super(path, opts);
    this.accounts = new SqliteAccounts(this.db, (e, covers) => this.audit(e, covers ? this.refs(covers.table, [covers.id]) : []), (fn) => this.write(fn));
    this.batches = new SqliteBatches(this.db, (fn) => this.write(fn));
  }

  async replaceDataset(input: ReplaceDatasetInput): Promise<DatasetVersion> {
    // A connection of its own: its temporary tables, and the main connection's readers untouched.
    const db = this.path === ':memory:' ? this.db : SqliteBase.connect(this.path, this.busyTimeoutMs);
    try {
      const c = sqliteImport(db, { queued: (run) => this.queued(run), audit: (e, records) => void this.audit(e, records, db), refs: (table, ids) => this.refs(table, ids, db) });
      const version = await stagedImport(c, input);
      await this.advanceCheckpoint();
      // The replaced version's rows are invisible already; what a failure here leaves, the next import removes.
      await sweepVersions(c).catch(() => undefined);
      return version;
    } finally {
      if (db !== this.db) db.close();
    }
  }

  async listDatasets(): Promise<DatasetSummary[]> {
    const rows = this.db
      .prepare(
        LIST_DATASETS_SQL,
      )
      .all() as (VersionRow & { name: string; title: string; entity_count: number })[];
    return rows.map((r) => ({ name: r.name, title: r.title, format: r.format, current: rowVersion(r), entityCount: Number(r.entity_count) }));
  }

  async currentVersions(): Promise<Record<string, number>> {
    const rows = this.statement('SELECT name, current_version FROM datasets ORDER BY name').all() as { name: string; current_version: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.current_version)]));
  }

  async datasetHistory(dataset: string): Promise<DatasetVersion[]> {
    return (this.db.prepare('SELECT * FROM dataset_versions WHERE dataset = ? AND staged_by IS NULL ORDER BY imported_at DESC, id DESC').all(dataset) as VersionRow[]).map(rowVersion);
  }

  async getEntity(id: string): Promise<Entity | null> {
    const r = this.db.prepare('SELECT data, raw FROM entities WHERE id = ?').get(id) as { data: string; raw: string } | undefined;
    return r ? rowEntity(r.data, r.raw) : null;
  }

  async scanEntities(visit: (e: Entity) => void, datasets?: string[]): Promise<void> {
    // One statement read through synchronously: one consistent read, and the connection is free again after it.
    const rows = (datasets?.length
      ? this.db.prepare(`SELECT data, raw FROM entities WHERE dataset IN (${datasets.map(() => '?').join(',')}) ORDER BY id`).iterate(...datasets)
      : this.db.prepare('SELECT data, raw FROM entities ORDER BY id').iterate()) as IterableIterator<{ data: string; raw: string }>;
    for (const r of rows) visit(rowEntity(r.data, r.raw));
  }

  async countEntities(dataset?: string): Promise<number> {
    const r = (dataset
      ? this.db.prepare('SELECT COUNT(*) AS n FROM entities WHERE dataset = ?').get(dataset)
      : this.db.prepare('SELECT COUNT(*) AS n FROM entities').get()) as { n: number };
    return Number(r.n);
  }

  async entitiesByIdentifier(type: IdentifierType, value: string): Promise<Entity[]> {
    const rows = this.db
      .prepare('SELECT e.data, e.raw FROM entities e WHERE e.id IN (SELECT entity_id FROM entity_identifiers WHERE type = ? AND value = ?) ORDER BY e.id')
      .all(type, normIdentifier(value)) as { data: string; raw: string }[];
    return rows.map((r) => rowEntity(r.data, r.raw));
  }

  async linkedEntities(id: string) {
    const types = LINKING_IDENTIFIER_TYPES;
    const rows = this.db
      .prepare(
        `SELECT o.entity_id AS other, s.type, s.value FROM entity_identifiers s
         JOIN entity_identifiers o ON o.type = s.type AND o.value = s.value AND o.entity_id <> s.entity_id
         WHERE s.entity_id = ? AND s.type IN (${types.map(() => '?').join(',')}) ORDER BY o.entity_id`,
      )
      .all(id, ...types) as { other: string; type: IdentifierType; value: string }[];
    return groupLinks(rows, (i) => this.getEntity(i));
  }

  async addDecision(d: Decision, audit: AuditInput): Promise<void> {
    const r = decisionRow(d);
    assertNoNul(r);
    await this.write(() => {
      this.db
        .prepare(
          `INSERT INTO screening_decisions (id, office_id, query_key, query_text, entity_id, entity_hash, decision, reason, actor, created_at)
           VALUES (@id, @office_id, @query_key, @query_text, @entity_id, @entity_hash, @decision, @reason, @actor, @created_at)`,
        )
        .run(r);
      this.audit(audit, this.refs('screening_decisions', [d.id]));
    });
  }

  async latestDecisions(officeId: string, queryKey: string, entityIds: string[]): Promise<Map<string, Decision>> {
    const out = new Map<string, Decision>();
    if (!entityIds.length) return out;
    // Every screen asks this: the statement for each number of hits is compiled once.
    const rows = this.statement(
      `SELECT * FROM screening_decisions WHERE office_id = ? AND query_key = ? AND entity_id IN (${entityIds.map(() => '?').join(',')})
         ORDER BY created_at, id`,
    ).all(officeId, queryKey, ...entityIds) as DecisionRow[];
    for (const r of rows) out.set(r.entity_id, rowDecision(r));
    return out;
  }

  async getOffice(id: string): Promise<Office | null> {
    const r = this.db.prepare('SELECT * FROM offices WHERE id = ?').get(id) as Parameters<typeof rowOffice>[0] | undefined;
    return r ? rowOffice(r) : null;
  }

  async listOffices(): Promise<Office[]> {
    return (this.db.prepare('SELECT * FROM offices ORDER BY id').all() as Parameters<typeof rowOffice>[0][]).map(rowOffice);
  }

  async saveOffice(o: Office, audit: AuditInput): Promise<void> {
    assertNoNul(o);
    await this.write(() => {
      this.db
        .prepare('INSERT INTO offices (id, name, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind')
        .run(o.id, o.name, o.kind, o.createdAt);
      this.audit(audit, this.refs('offices', [o.id]));
    });
  }

  async recordApproach(input: { contact: ContactRecord; keys: string[]; approach: ApproachRecord; attachments: AttachmentRecord[]; alerts: AlertRecord[]; audit: AuditInput; queue?: string[] }): Promise<void> {
    const { contact: c, approach: a } = input;
    assertNoNul(input);
    await this.write(() => {
      this.db
        .prepare(
          `INSERT INTO contacts (id, office_id, name, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at`,
        )
        .run(c.id, c.officeId, c.name, JSON.stringify(c.data), c.createdAt, c.updatedAt);
      this.db.prepare('DELETE FROM contact_keys WHERE contact_id = ?').run(c.id);
      const key = this.db.prepare('INSERT INTO contact_keys (contact_id, office_id, key) VALUES (?, ?, ?)');
      for (const k of input.keys) key.run(c.id, c.officeId, k);
      this.db
        .prepare('INSERT INTO approaches (id, office_id, contact_id, date, data, assessment, catalogue_version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(a.id, a.officeId, a.contactId, a.date, JSON.stringify(a.data), JSON.stringify(a.assessment), a.catalogueVersion, a.createdBy, a.createdAt);
      const att = this.db.prepare('INSERT INTO attachments (id, approach_id, office_id, filename, media_type, sha256, size, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      for (const f of input.attachments) att.run(f.id, f.approachId, f.officeId, f.filename, f.mediaType, f.sha256, f.size, f.content);
      const al = this.db.prepare('INSERT INTO alerts (id, office_id, contact_id, approach_id, kind, level, message, routed_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const x of input.alerts) al.run(x.id, x.officeId, x.contactId, x.approachId, x.kind, x.level, x.message, JSON.stringify(x.routedTo), x.createdAt);
      this.run((input.queue ?? []).map(queueStatement));
      this.audit(input.audit, [
        ...this.refs('contacts', [c.id]), ...this.refs('approaches', [a.id]),
        ...this.refs('attachments', input.attachments.map((f) => f.id)), ...this.refs('alerts', input.alerts.map((x) => x.id)),
      ]);
    });
  }

  async getContact(officeId: string, id: string): Promise<ContactRecord | null> {
    const r = this.db.prepare('SELECT * FROM contacts WHERE office_id = ? AND id = ?').get(officeId, id) as ContactRow | undefined;
    return r ? rowContact(r) : null;
  }

  async listContacts(officeId: string): Promise<ContactRecord[]> {
    return (this.db.prepare('SELECT * FROM contacts WHERE office_id = ? ORDER BY updated_at DESC, id').all(officeId) as ContactRow[]).map(rowContact);
  }

  async approachesFor(officeId: string, contactId: string): Promise<ApproachRecord[]> {
    return (this.db.prepare('SELECT * FROM approaches WHERE office_id = ? AND contact_id = ? ORDER BY date, created_at, id').all(officeId, contactId) as ApproachRow[]).map(rowApproach);
  }

  async getApproach(officeId: string, id: string): Promise<ApproachRecord | null> {
    const r = this.db.prepare('SELECT * FROM approaches WHERE office_id = ? AND id = ?').get(officeId, id) as ApproachRow | undefined;
    return r ? rowApproach(r) : null;
  }

  async attachmentsFor(officeId: string, approachId: string): Promise<Omit<AttachmentRecord, 'content'>[]> {
    const rows = this.db.prepare('SELECT id, approach_id, office_id, filename, media_type, sha256, size FROM attachments WHERE office_id = ? AND approach_id = ? ORDER BY filename, id').all(officeId, approachId) as {
      id: string; approach_id: string; office_id: string; filename: string; media_type: string; sha256: string; size: number;
    }[];
    return rows.map((r) => ({ id: r.id, approachId: r.approach_id, officeId: r.office_id, filename: r.filename, mediaType: r.media_type, sha256: r.sha256, size: Number(r.size) }));
  }

  async sharedContactKeys(): Promise<{ key: string; contacts: { officeId: string; contactId: string }[] }[]> {
    const rows = this.db.prepare('SELECT key, office_id, contact_id FROM contact_keys WHERE key IN (SELECT key FROM contact_keys GROUP BY key HAVING COUNT(DISTINCT office_id) > 1) ORDER BY key, office_id, contact_id').all() as { key: string; office_id: string; contact_id: string }[];
    return groupSharedKeys(rows);
  }

  async contactsWithKeys(keys: string[], exceptOffice: string): Promise<{ officeId: string; contactId: string; key: string }[]> {
    if (!keys.length) return [];
    const rows = this.db
      .prepare(`SELECT DISTINCT office_id, contact_id, key FROM contact_keys WHERE key IN (${keys.map(() => '?').join(',')}) AND office_id <> ? ORDER BY office_id, contact_id, key`)
      .all(...keys, exceptOffice) as { office_id: string; contact_id: string; key: string }[];
    return rows.map((r) => ({ officeId: r.office_id, contactId: r.contact_id, key: r.key }));
  }

  async listAlerts(officeId: string): Promise<AlertRecord[]> {
    return (this.db.prepare('SELECT * FROM alerts WHERE office_id = ? ORDER BY created_at DESC, id').all(officeId) as AlertRow[]).map(rowAlert);
  }

  async latestCatalogue(): Promise<CatalogueVersion | null> {
    const r = this.db.prepare('SELECT * FROM indicator_catalogues ORDER BY version DESC LIMIT 1').get() as Parameters<typeof rowCatalogue>[0] | undefined;
    return r ? rowCatalogue(r) : null;
  }

  async saveCatalogue(c: CatalogueVersion, audit: AuditInput): Promise<void> {
    assertNoNul(c);
    await this.write(() => {
      this.db.prepare('INSERT INTO indicator_catalogues (version, data, actor, note, created_at) VALUES (?, ?, ?, ?, ?)').run(c.version, JSON.stringify(c.data), c.actor, c.note, c.createdAt);
      this.audit(audit, this.refs('indicator_catalogues', [c.version]));
    });
  }

  async putRecords(records: OfficeRecord[], audit: AuditInput, queue: string[] = []): Promise<void> {
    assertNoNul(records);
    await this.write(() => {
      this.run(queue.map(queueStatement));
      const put = this.db.prepare(
        `INSERT INTO office_records (id, office_id, kind, record_key, record_date, data, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET record_key = excluded.record_key, record_date = excluded.record_date, data = excluded.data, updated_at = excluded.updated_at
         WHERE office_records.office_id = excluded.office_id`,
      );
      for (const r of records) put.run(...recordParams(r));
      this.audit(audit, this.refs('office_records', records.map((r) => r.id)));
    });
  }

  async getRecord(officeId: string, kind: string, id: string): Promise<OfficeRecord | null> {
    const r = this.db.prepare('SELECT * FROM office_records WHERE office_id = ? AND kind = ? AND id = ?').get(officeId, kind, id) as RecordRow | undefined;
    return r ? rowRecord(r) : null;
  }

  async listRecords(officeId: string, kind: string): Promise<OfficeRecord[]> {
    return (this.db.prepare('SELECT * FROM office_records WHERE office_id = ? AND kind = ? ORDER BY record_date, created_at, id').all(officeId, kind) as RecordRow[]).map(rowRecord);
  }

  async recordDrillCompletion(c: DrillCompletion, audit: AuditInput): Promise<void> {
    await this.write(() => {
      this.db.prepare(`${DRILL_INSERT}(?, ?, ?, ?, ?, ?, ?, ?)`).run(...drillParams(c));
      this.audit(audit);
    });
  }

  async drillCompletions(officeId: string, userId?: string): Promise<DrillCompletion[]> {
    const rows = userId
      ? this.db.prepare('SELECT * FROM drill_completions WHERE office_id = ? AND user_id = ? ORDER BY completed_at, id').all(officeId, userId)
      : this.db.prepare('SELECT * FROM drill_completions WHERE office_id = ? ORDER BY completed_at, id').all(officeId);
    return (rows as DrillRow[]).map(rowDrill);
  }

  async writeSecurity(b: SecurityBatch): Promise<void> {
    await this.write(() => {
      this.run(securityStatements(b));
      for (const a of b.audit) this.audit(a);
    });
  }

  /** Compiled statements by text: resolving a report runs the same dozen statements every time. */
  private readonly statements = new Map<string, Database.Statement>();

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      if (this.statements.size >= 500) this.statements.clear();
      this.statements.set(sql, (st = this.db.prepare(sql)));
    }
    return st;
  }

  private run(statements: [string, unknown[]][]): void {
    for (const [sql, params] of statements) this.statement(sql).run(...params);
  }

  private all<R>([sql, params]: [string, unknown[]]): R[] {
    return this.statement(sql).all(...params) as R[];
  }

  async resolutionQueue(opts: { limit?: number; sources?: string[] }): Promise<QueuedSource[]> {
    return opts.sources?.length === 0 ? [] : this.all<Parameters<typeof rowQueued>[0]>(RQ.queue(opts)).map(rowQueued);
  }

  async resolutionBlocks(always: string[], voting: string[], cap: number): Promise<{ key: string; party: number }[]> {
    return always.length + voting.length ? smallBlocks(this.all<Parameters<typeof rowBlock>[0]>(RQ.blocks(always, voting, cap)).map(rowBlock), always, cap) : [];
  }

  async resolutionParties(by: { ids?: number[]; refs?: string[]; source?: string; notStamp?: string; limit?: number }): Promise<ResolutionParty[]> {
    return by.ids?.length === 0 || by.refs?.length === 0 ? [] : this.all<PartyRow>(RQ.parties(by)).map(rowParty);
  }

  async resolutionLinks(refs?: string[]): Promise<ResolutionLink[]> {
    return refs?.length === 0 ? [] : this.all<LinkRow>(RQ.links(refs)).map(rowLink);
  }

  async getSecurityRecord(kind: string, id: string): Promise<SecurityRecord | null> {
    const r = this.db.prepare(Q.record).get(kind, id) as SecurityRow | undefined;
    return r ? rowSecurity(r, this.db.prepare(Q.refsOfRecord).all(id) as { record_id: string; ref: string }[]) : null;
  }

  async listSecurityRecords(kind: string, opts: { scope?: string; ref?: string } = {}): Promise<SecurityRecord[]> {
    const refs = this.db.prepare(Q.refsOfKind).all(kind) as { record_id: string; ref: string }[];
    return (this.db.prepare(Q.list(opts)).all(...Q.listParams(kind, opts)) as SecurityRow[]).map((r) => rowSecurity(r, refs));
  }

  async loadGraph() {
    return { nodes: (this.db.prepare(Q.nodes).all() as Parameters<typeof rowNode>[0][]).map(rowNode), edges: (this.db.prepare(Q.edges).all() as Parameters<typeof rowEdge>[0][]).map(rowEdge) };
  }

  async allContacts(): Promise<ContactRecord[]> {
    return (this.db.prepare(Q.contacts).all() as ContactRow[]).map(rowContact);
  }

  async allRecords(kind: string): Promise<OfficeRecord[]> {
    return (this.db.prepare(Q.records).all(kind) as RecordRow[]).map(rowRecord);
  }

  async auditFor(subjects: string[]): Promise<AuditEntry[]> {
    return subjects.length ? (this.db.prepare(Q.audit(subjects.length)).all(...subjects) as AuditRow[]).map(rowAudit) : [];
  }
}

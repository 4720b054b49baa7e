import type pg from 'pg';
import { LINKING_IDENTIFIER_TYPES, normIdentifier, type Entity, type IdentifierType } from '../domain/entity.js';
import { PostgresBase } from './postgres-base.js';
import { PostgresAccounts } from './postgres-accounts.js';
import { PostgresBatches } from './postgres-batches.js';
import { postgresImport } from './postgres-import.js';
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
import { pgSql, rowEdge, rowNode, rowSecurity, SECURITY_SQL as Q, securityStatements, type SecurityBatch, type SecurityRecord, type SecurityRow } from './security.js';

/** Runs statements written with `?` placeholders on one connection, in order. */
async function run(c: pg.PoolClient, statements: [string, unknown[]][]): Promise<void> {
  for (const [sql, params] of statements) await c.query(pgSql(sql), params);
}

/** Entities fetched per page when the screening index is built. */
const SCAN_PAGE = 2000;

/** The institutional store: PostgreSQL through pg, same tables and behaviour as SQLite. */
export class PostgresStore extends PostgresBase implements Store {
  readonly accounts: PostgresAccounts;
  readonly batches: PostgresBatches;

  constructor(url: string, schema?: string, opts: StoreOptions = {}) {
    super(url, schema, opts);
    this.accounts = new PostgresAccounts((fn) => this.tx(fn), async (c, e, covers) => this.audit(c, e, covers ? await this.refs(c, covers.table, [covers.id]) : []));
    this.batches = new PostgresBatches((fn) => this.tx(fn));
  }

  async replaceDataset(input: ReplaceDatasetInput): Promise<DatasetVersion> {
    const c = await this.pool.connect();
    try {
      if (this.schema) await c.query(`SET search_path TO ${this.schema}`);
      const imp = await postgresImport(c, { audit: (cl, e, records) => this.audit(cl, e, records), refs: (cl, table, ids) => this.refs(cl, table, ids) });
      const version = await stagedImport(imp, input);
      await this.advanceCheckpoint();
      // The replaced version's rows are invisible already; what a failure here leaves, the next import removes.
      await sweepVersions(imp).catch(() => undefined);
      return version;
    } finally {
      c.release();
    }
  }

  async listDatasets(): Promise<DatasetSummary[]> {
    const rows = await this.q<VersionRow & { name: string; title: string; entity_count: string }>(
      LIST_DATASETS_SQL,
    );
    return rows.map((r) => ({ name: r.name, title: r.title, format: r.format, current: rowVersion(r), entityCount: Number(r.entity_count) }));
  }

  async currentVersions(): Promise<Record<string, number>> {
    const rows = await this.q<{ name: string; current_version: string }>('SELECT name, current_version FROM datasets ORDER BY name');
    return Object.fromEntries(rows.map((r) => [r.name, Number(r.current_version)]));
  }

  async datasetHistory(dataset: string): Promise<DatasetVersion[]> {
    return (await this.q<VersionRow>('SELECT * FROM dataset_versions WHERE dataset = $1 AND staged_by IS NULL ORDER BY imported_at DESC, id DESC', [dataset])).map(rowVersion);
  }

  async getEntity(id: string): Promise<Entity | null> {
    const r = await this.q<{ data: string; raw: string }>('SELECT data, raw FROM entities WHERE id = $1', [id]);
    return r[0] ? rowEntity(r[0].data, r[0].raw) : null;
  }

  async scanEntities(visit: (e: Entity) => void, datasets?: string[]): Promise<void> {
    // A cursor in one read-only snapshot: a page of rows in memory at a time, and no import half seen.
    await this.tx(async (c) => {
      await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await c.query(`DECLARE entity_scan NO SCROLL CURSOR FOR SELECT data, raw FROM entities${datasets?.length ? ' WHERE dataset = ANY($1)' : ''} ORDER BY id COLLATE "C"`, datasets?.length ? [datasets] : []);
      for (let page = await c.query<{ data: string; raw: string }>(`FETCH ${SCAN_PAGE} FROM entity_scan`); page.rows.length; page = await c.query(`FETCH ${SCAN_PAGE} FROM entity_scan`)) {
        for (const r of page.rows) visit(rowEntity(r.data, r.raw));
      }
    });
  }

  async countEntities(dataset?: string): Promise<number> {
    const r = dataset
      ? await this.q<{ n: string }>('SELECT COUNT(*) AS n FROM entities WHERE dataset = $1', [dataset])
      : await this.q<{ n: string }>('SELECT COUNT(*) AS n FROM entities');
    return Number(r[0].n);
  }

  async entitiesByIdentifier(type: IdentifierType, value: string): Promise<Entity[]> {
    const rows = await this.q<{ data: string; raw: string }>(
      'SELECT e.data, e.raw FROM entities e WHERE e.id IN (SELECT entity_id FROM entity_identifiers WHERE type = $1 AND value = $2) ORDER BY e.id COLLATE "C"',
      [type, normIdentifier(value)],
    );
    return rows.map((r) => rowEntity(r.data, r.raw));
  }

  async linkedEntities(id: string) {
    const rows = await this.q<{ other: string; type: IdentifierType; value: string }>(
      `SELECT o.entity_id AS other, s.type, s.value FROM entity_identifiers s
       JOIN entity_identifiers o ON o.type = s.type AND o.value = s.value AND o.entity_id <> s.entity_id
       WHERE s.entity_id = $1 AND s.type = ANY($2) ORDER BY o.entity_id COLLATE "C"`,
      [id, LINKING_IDENTIFIER_TYPES],
    );
    return groupLinks(rows, (i) => this.getEntity(i));
  }

  async addDecision(d: Decision, audit: AuditInput): Promise<void> {
    const r = decisionRow(d);
    assertNoNul(r);
    await this.write(async (c) => {
      await c.query(
        `INSERT INTO screening_decisions (id, office_id, query_key, query_text, entity_id, entity_hash, decision, reason, actor, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [r.id, r.office_id, r.query_key, r.query_text, r.entity_id, r.entity_hash, r.decision, r.reason, r.actor, r.created_at],
      );
      await this.audit(c, audit, await this.refs(c, 'screening_decisions', [d.id]));
    });
  }

  async latestDecisions(officeId: string, queryKey: string, entityIds: string[]): Promise<Map<string, Decision>> {
    const out = new Map<string, Decision>();
    if (!entityIds.length) return out;
    const rows = await this.q<DecisionRow>(
      'SELECT * FROM screening_decisions WHERE office_id = $1 AND query_key = $2 AND entity_id = ANY($3) ORDER BY created_at, id COLLATE "C"',
      [officeId, queryKey, entityIds],
    );
    for (const r of rows) out.set(r.entity_id, rowDecision(r));
    return out;
  }
  async getOffice(id: string): Promise<Office | null> {
    const r = await this.q<Parameters<typeof rowOffice>[0]>('SELECT * FROM offices WHERE id = $1', [id]);
    return r[0] ? rowOffice(r[0]) : null;
  }

  async listOffices(): Promise<Office[]> {
    return (await this.q<Parameters<typeof rowOffice>[0]>('SELECT * FROM offices ORDER BY id COLLATE "C"')).map(rowOffice);
  }

  async saveOffice(o: Office, audit: AuditInput): Promise<void> {
    assertNoNul(o);
    await this.write(async (c) => {
      await c.query('INSERT INTO offices (id, name, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind', [o.id, o.name, o.kind, o.createdAt]);
      await this.audit(c, audit, await this.refs(c, 'offices', [o.id]));
    });
  }

  async recordApproach(input: { contact: ContactRecord; keys: string[]; approach: ApproachRecord; attachments: AttachmentRecord[]; alerts: AlertRecord[]; audit: AuditInput; queue?: string[] }): Promise<void> {
    const { contact: ct, approach: a } = input;
    assertNoNul(input);
    await this.write(async (c) => {
      await c.query(
        `INSERT INTO contacts (id, office_id, name, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data, updated_at = excluded.updated_at`,
        [ct.id, ct.officeId, ct.name, JSON.stringify(ct.data), ct.createdAt, ct.updatedAt],
      );
      await c.query('DELETE FROM contact_keys WHERE contact_id = $1', [ct.id]);
      for (const k of input.keys) await c.query('INSERT INTO contact_keys (contact_id, office_id, key) VALUES ($1, $2, $3)', [ct.id, ct.officeId, k]);
      await c.query(
        'INSERT INTO approaches (id, office_id, contact_id, date, data, assessment, catalogue_version, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [a.id, a.officeId, a.contactId, a.date, JSON.stringify(a.data), JSON.stringify(a.assessment), a.catalogueVersion, a.createdBy, a.createdAt],
      );
      for (const f of input.attachments) {
        await c.query('INSERT INTO attachments (id, approach_id, office_id, filename, media_type, sha256, size, content) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [f.id, f.approachId, f.officeId, f.filename, f.mediaType, f.sha256, f.size, f.content]);
      }
      for (const x of input.alerts) {
        await c.query('INSERT INTO alerts (id, office_id, contact_id, approach_id, kind, level, message, routed_to, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [x.id, x.officeId, x.contactId, x.approachId, x.kind, x.level, x.message, JSON.stringify(x.routedTo), x.createdAt]);
      }
      await run(c, (input.queue ?? []).map(queueStatement));
      await this.audit(c, input.audit, [
        ...(await this.refs(c, 'contacts', [ct.id])), ...(await this.refs(c, 'approaches', [a.id])),
        ...(await this.refs(c, 'attachments', input.attachments.map((f) => f.id))), ...(await this.refs(c, 'alerts', input.alerts.map((x) => x.id))),
      ]);
    });
  }

  async getContact(officeId: string, id: string): Promise<ContactRecord | null> {
    const r = await this.q<ContactRow>('SELECT * FROM contacts WHERE office_id = $1 AND id = $2', [officeId, id]);
    return r[0] ? rowContact(r[0]) : null;
  }

  async listContacts(officeId: string): Promise<ContactRecord[]> {
    return (await this.q<ContactRow>('SELECT * FROM contacts WHERE office_id = $1 ORDER BY updated_at DESC, id COLLATE "C"', [officeId])).map(rowContact);
  }

  async approachesFor(officeId: string, contactId: string): Promise<ApproachRecord[]> {
    return (await this.q<ApproachRow>('SELECT * FROM approaches WHERE office_id = $1 AND contact_id = $2 ORDER BY date, created_at, id COLLATE "C"', [officeId, contactId])).map(rowApproach);
  }

  async getApproach(officeId: string, id: string): Promise<ApproachRecord | null> {
    const [r] = await this.q<ApproachRow>('SELECT * FROM approaches WHERE office_id = $1 AND id = $2', [officeId, id]);
    return r ? rowApproach(r) : null;
  }

  async attachmentsFor(officeId: string, approachId: string): Promise<Omit<AttachmentRecord, 'content'>[]> {
    const rows = await this.q<{ id: string; approach_id: string; office_id: string; filename: string; media_type: string; sha256: string; size: number }>(
      'SELECT id, approach_id, office_id, filename, media_type, sha256, size FROM attachments WHERE office_id = $1 AND approach_id = $2 ORDER BY filename COLLATE "C", id COLLATE "C"',
      [officeId, approachId],
    );
    return rows.map((r) => ({ id: r.id, approachId: r.approach_id, officeId: r.office_id, filename: r.filename, mediaType: r.media_type, sha256: r.sha256, size: Number(r.size) }));
  }

  async sharedContactKeys(): Promise<{ key: string; contacts: { officeId: string; contactId: string }[] }[]> {
    const rows = await this.q<{ key: string; office_id: string; contact_id: string }>('SELECT key, office_id, contact_id FROM contact_keys WHERE key IN (SELECT key FROM contact_keys GROUP BY key HAVING COUNT(DISTINCT office_id) > 1) ORDER BY key COLLATE "C", office_id COLLATE "C", contact_id COLLATE "C"');
    return groupSharedKeys(rows);
  }

  async contactsWithKeys(keys: string[], exceptOffice: string): Promise<{ officeId: string; contactId: string; key: string }[]> {
    if (!keys.length) return [];
    const rows = await this.q<{ office_id: string; contact_id: string; key: string }>(
      'SELECT DISTINCT office_id, contact_id, key FROM contact_keys WHERE key = ANY($1) AND office_id <> $2 ORDER BY office_id, contact_id, key',
      [keys, exceptOffice],
    );
    return rows.map((r) => ({ officeId: r.office_id, contactId: r.contact_id, key: r.key }));
  }

  async listAlerts(officeId: string): Promise<AlertRecord[]> {
    return (await this.q<AlertRow>('SELECT * FROM alerts WHERE office_id = $1 ORDER BY created_at DESC, id COLLATE "C"', [officeId])).map(rowAlert);
  }

  async latestCatalogue(): Promise<CatalogueVersion | null> {
    const r = await this.q<Parameters<typeof rowCatalogue>[0]>('SELECT * FROM indicator_catalogues ORDER BY version DESC LIMIT 1');
    return r[0] ? rowCatalogue(r[0]) : null;
  }

  async saveCatalogue(cv: CatalogueVersion, audit: AuditInput): Promise<void> {
    assertNoNul(cv);
    await this.write(async (c) => {
      await c.query('INSERT INTO indicator_catalogues (version, data, actor, note, created_at) VALUES ($1, $2, $3, $4, $5)', [cv.version, JSON.stringify(cv.data), cv.actor, cv.note, cv.createdAt]);
      await this.audit(c, audit, await this.refs(c, 'indicator_catalogues', [cv.version]));
    });
  }

  async putRecords(records: OfficeRecord[], audit: AuditInput, queue: string[] = []): Promise<void> {
    assertNoNul(records);
    await this.write(async (c) => {
      await run(c, queue.map(queueStatement));
      for (const r of records) {
        await c.query(
          `INSERT INTO office_records (id, office_id, kind, record_key, record_date, data, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
           ON CONFLICT (id) DO UPDATE SET record_key = excluded.record_key, record_date = excluded.record_date, data = excluded.data, updated_at = excluded.updated_at
           WHERE office_records.office_id = excluded.office_id`,
          recordParams(r),
        );
      }
      await this.audit(c, audit, await this.refs(c, 'office_records', records.map((r) => r.id)));
    });
  }

  async getRecord(officeId: string, kind: string, id: string): Promise<OfficeRecord | null> {
    const r = await this.q<RecordRow>('SELECT * FROM office_records WHERE office_id = $1 AND kind = $2 AND id = $3', [officeId, kind, id]);
    return r[0] ? rowRecord(r[0]) : null;
  }

  async listRecords(officeId: string, kind: string): Promise<OfficeRecord[]> {
    return (await this.q<RecordRow>('SELECT * FROM office_records WHERE office_id = $1 AND kind = $2 ORDER BY record_date, created_at, id COLLATE "C"', [officeId, kind])).map(rowRecord);
  }

  async recordDrillCompletion(c: DrillCompletion, audit: AuditInput): Promise<void> {
    await this.write(async (cl) => {
      await cl.query(`${DRILL_INSERT}($1, $2, $3, $4, $5, $6, $7, $8)`, drillParams(c));
      await this.audit(cl, audit);
    });
  }

  async drillCompletions(officeId: string, userId?: string): Promise<DrillCompletion[]> {
    const rows = userId
      ? await this.q<DrillRow>('SELECT * FROM drill_completions WHERE office_id = $1 AND user_id = $2 ORDER BY completed_at, id COLLATE "C"', [officeId, userId])
      : await this.q<DrillRow>('SELECT * FROM drill_completions WHERE office_id = $1 ORDER BY completed_at, id COLLATE "C"', [officeId]);
    return rows.map(rowDrill);
  }

  async writeSecurity(b: SecurityBatch): Promise<void> {
    await this.write(async (c) => {
      await run(c, securityStatements(b));
      for (const a of b.audit) await this.audit(c, a);
    });
  }

  private async all<R extends pg.QueryResultRow>([sql, params]: [string, unknown[]]): Promise<R[]> {
    return this.q<R>(pgSql(sql), params);
  }

  async resolutionQueue(opts: { limit?: number; sources?: string[] }): Promise<QueuedSource[]> {
    return opts.sources?.length === 0 ? [] : (await this.all<Parameters<typeof rowQueued>[0]>(RQ.queue(opts))).map(rowQueued);
  }

  async resolutionBlocks(always: string[], voting: string[], cap: number): Promise<{ key: string; party: number }[]> {
    return always.length + voting.length ? smallBlocks((await this.all<Parameters<typeof rowBlock>[0]>(RQ.blocks(always, voting, cap))).map(rowBlock), always, cap) : [];
  }

  async resolutionParties(by: { ids?: number[]; refs?: string[]; source?: string; notStamp?: string; limit?: number }): Promise<ResolutionParty[]> {
    return by.ids?.length === 0 || by.refs?.length === 0 ? [] : (await this.all<PartyRow>(RQ.parties(by))).map(rowParty);
  }

  async resolutionLinks(refs?: string[]): Promise<ResolutionLink[]> {
    return refs?.length === 0 ? [] : (await this.all<LinkRow>(RQ.links(refs))).map(rowLink);
  }

  async getSecurityRecord(kind: string, id: string): Promise<SecurityRecord | null> {
    const [r] = await this.q<SecurityRow>(pgSql(Q.record), [kind, id]);
    return r ? rowSecurity(r, await this.q<{ record_id: string; ref: string }>(pgSql(Q.refsOfRecord), [id])) : null;
  }

  async listSecurityRecords(kind: string, opts: { scope?: string; ref?: string } = {}): Promise<SecurityRecord[]> {
    const refs = await this.q<{ record_id: string; ref: string }>(pgSql(Q.refsOfKind), [kind]);
    return (await this.q<SecurityRow>(pgSql(Q.list(opts)), Q.listParams(kind, opts))).map((r) => rowSecurity(r, refs));
  }

  async loadGraph() {
    return { nodes: (await this.q<Parameters<typeof rowNode>[0]>(Q.nodes)).map(rowNode), edges: (await this.q<Parameters<typeof rowEdge>[0]>(Q.edges)).map(rowEdge) };
  }

  async allContacts(): Promise<ContactRecord[]> {
    return (await this.q<ContactRow>(Q.contacts)).map(rowContact);
  }

  async allRecords(kind: string): Promise<OfficeRecord[]> {
    return (await this.q<RecordRow>(pgSql(Q.records), [kind])).map(rowRecord);
  }

  async auditFor(subjects: string[]): Promise<AuditEntry[]> {
    return subjects.length ? (await this.q<AuditRow>(pgSql(Q.audit(subjects.length)), subjects)).map(rowAudit) : [];
  }
}

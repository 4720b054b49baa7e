import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseList } from '../../src/ingest/importer.js';
import { auditHash, GENESIS_HASH } from '../../src/store/audit.js';
import { AUDIT_RECORDS_MIGRATION, MIGRATIONS } from '../../src/store/migrations.js';
import { entityRow } from '../../src/store/rows.js';
import type { Store } from '../../src/store/types.js';
import { q, raw } from '../helpers/raw.js';
import { LISTS, STORES } from '../helpers/stores.js';

const ukXml = await parseList('uk-xml', { path: join(LISTS, 'uk/uk_sanctions_list_sample.xml'), dataset: 'uk-fcdo-xml' });
const at = '2026-06-01T09:00:00.000Z';

/** Rows as an earlier Bulwark wrote them, for every table that existed at schema version `v`. */
async function writeAsVersion(store: Store, v: number): Promise<void> {
  await raw(store, `INSERT INTO dataset_versions (dataset, format, source, file_hash, record_count, counts, data_date, imported_at, delta, actor)
    VALUES ('uk-fcdo-xml', 'uk-xml', 'old', 'f1', 4, '{"Person":4}', NULL, ${q(at)}, '{"added":4,"removed":0,"changed":0,"unchanged":0,"sample":{"added":[],"removed":[],"changed":[]}}', 'old-admin')`);
  await raw(store, `INSERT INTO datasets (name, title, format, current_version) VALUES ('uk-fcdo-xml', 'UK', 'uk-xml', 1)`);
  for (const e of ukXml.entities) {
    const r = entityRow(e);
    await raw(store, `INSERT INTO entities (id, dataset, version_id, schema, caption, content_hash, data, raw) VALUES (${[r.id, r.dataset].map(q).join(', ')}, 1, ${[r.schema, r.caption, r.content_hash, r.data, r.raw].map(q).join(', ')})`);
  }
  if (v < 2) return;
  await raw(store, `INSERT INTO screening_decisions (id, office_id, query_key, query_text, entity_id, entity_hash, decision, reason, actor, created_at)
    VALUES ('d1', 'o1', 'k', 'q', ${q(ukXml.entities[0].id)}, 'h', 'unsure', 'check the date of birth', 'old-admin', ${q(at)})`);
  // Two entries of the first chain layout, as version 2 to 5 wrote them.
  let prev = GENESIS_HASH;
  for (const [seq, action] of [[1, 'lists.import'], [2, 'screening.decide']] as const) {
    const e = { seq, at, actor: 'old-admin', officeId: 'o1', action, subject: 's', detail: '{}', records: '[]', chainVersion: 1 };
    const hash = auditHash(prev, e);
    await raw(store, `INSERT INTO audit_log (at, actor, office_id, action, subject, detail, prev_hash, hash) VALUES (${[at, 'old-admin', 'o1', action, 's', '{}', prev, hash].map(q).join(', ')})`);
    prev = hash;
  }
  if (v < 3) return;
  await raw(store, `INSERT INTO offices (id, name, kind, created_at) VALUES ('o1', 'Office', 'commons', ${q(at)})`);
  await raw(store, `INSERT INTO contacts (id, office_id, name, data, created_at, updated_at) VALUES ('c1', 'o1', 'Helena Varga', '{}', ${q(at)}, ${q(at)})`);
  await raw(store, `INSERT INTO approaches (id, office_id, contact_id, date, data, assessment, catalogue_version, created_by, created_at) VALUES ('a1', 'o1', 'c1', '2026-05-01', '{}', '{}', 1, 'old-admin', ${q(at)})`);
  if (v < 4) return;
  await raw(store, `INSERT INTO office_records (id, office_id, kind, record_key, record_date, data, created_by, created_at, updated_at) VALUES ('m1', 'o1', 'money', 'donor', '2026-05-02', '{"value":500}', 'old-admin', ${q(at)}, ${q(at)})`);
}

describe.each(STORES)('migrations from every earlier schema version, with data: $name', (factory) => {
  const open: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of open) await d();
  });
  const maybe = factory.available ? it : it.skip;
  const earlier = MIGRATIONS.map((m) => m.version).filter((v) => v < AUDIT_RECORDS_MIGRATION);

  maybe.each(earlier)('from version %i: data kept, existing records taken into the audit trail, which verifies', async (v) => {
    const { store, dispose } = await factory.make({ target: v });
    open.push(dispose);
    await writeAsVersion(store, v);
    const applied = await store.migrate();
    expect(applied).toEqual(MIGRATIONS.map((m) => m.version).filter((x) => x > v));
    expect(await store.getEntity(ukXml.entities[0].id)).toEqual(ukXml.entities[0]);
    if (v >= 3) expect((await store.getContact('o1', 'c1'))?.name).toBe('Helena Varga');
    if (v >= 4) expect((await store.getRecord('o1', 'money', 'm1'))?.data).toEqual({ value: 500 });
    const audit = await store.listAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'store.baseline', seq: v >= 2 ? 3 : 1 });
    const report = await store.verifyAudit();
    expect(report.problems).toEqual([]);
    // New writes continue the chain and are covered.
    await store.putRecords([{ id: 'm2', officeId: 'o1', kind: 'money', key: 'donor', date: '2026-07-01', data: { value: 1 }, createdBy: 'x', createdAt: at, updatedAt: at }], { actor: 'x', officeId: 'o1', action: 'money.add', subject: 'm2', detail: {} });
    expect((await store.verifyAudit()).ok).toBe(true);
  });

  // Stores written by a Bulwark whose audit already covered records: the rows of every table that version had, and
  // a record it wrote with its audit entry. (The tables no audit entry covers are filled as that version wrote them.)
  const later = MIGRATIONS.map((m) => m.version).filter((v) => v >= AUDIT_RECORDS_MIGRATION && v < MIGRATIONS.at(-1)!.version);

  maybe.each(later)('from version %i: data kept in every table it had, the audit trail continues and verifies', async (v) => {
    const { store, dispose } = await factory.make({ target: AUDIT_RECORDS_MIGRATION - 1 });
    open.push(dispose);
    await writeAsVersion(store, AUDIT_RECORDS_MIGRATION - 1);
    await raw(store, `INSERT INTO users (id, username, display_name, email, role, office_id, offices, password_hash, must_change_password, disabled, created_at, updated_at)
      VALUES ('u1', 'casey', 'Casey', NULL, 'staff', 'o1', '[]', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 0, 0, ${q(at)}, ${q(at)})`);
    expect(await store.migrate(v)).toEqual(MIGRATIONS.map((m) => m.version).filter((x) => x >= AUDIT_RECORDS_MIGRATION && x <= v));
    if (v >= 8) await raw(store, `INSERT INTO security_records (id, kind, scope, data, created_by, created_at, updated_at) VALUES ('case1', 'case', 'security', '{"title":"x"}', 'old-admin', ${q(at)}, ${q(at)})`);
    if (v >= 10) await raw(store, `INSERT INTO drill_completions (id, office_id, user_id, drill_id, drill_version, correct, total, completed_at) VALUES ('dr1', 'o1', 'u1', 'phishing', 1, 4, 5, ${q(at)})`);
    if (v >= 15) await raw(store, `INSERT INTO batch_jobs (id, office_id, created_by, filename, status, read_bytes, total_bytes, rows, started_at, updated_at) VALUES ('b1', 'o1', 'u1', 'names.csv', 'done', 10, 10, 1, ${q(at)}, ${q(at)})`);
    // A donation that version wrote, audited with the hash of the record as written.
    await store.putRecords([{ id: 'm2', officeId: 'o1', kind: 'money', key: 'donor', date: '2026-07-01', data: { value: 2 }, createdBy: 'x', createdAt: at, updatedAt: at }], { actor: 'x', officeId: 'o1', action: 'money.add', subject: 'm2', detail: {} });
    expect((await store.verifyAudit()).problems).toEqual([]);

    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.version).filter((x) => x > v));
    expect(await store.getEntity(ukXml.entities[0].id)).toEqual(ukXml.entities[0]);
    expect(await store.countEntities()).toBe(ukXml.entities.length);
    expect((await store.getContact('o1', 'c1'))?.name).toBe('Helena Varga');
    expect((await store.getRecord('o1', 'money', 'm2'))?.data).toEqual({ value: 2 });
    expect((await store.accounts.getUser('u1'))?.username).toBe('casey');
    if (v >= 8) expect((await store.getSecurityRecord('case', 'case1'))?.data).toEqual({ title: 'x' });
    // Migration 11 queued every contact and donor stored before it for resolution.
    if (v < 11) expect((await store.resolutionQueue({ limit: 10 })).map((e) => e.source)).toEqual(['contact:o1:c1', 'donor:o1:m1', 'donor:o1:m2']);
    // The records written before the audit covered them were taken in at version 6, and the accounts again at version 16.
    expect((await store.listAudit()).filter((e) => e.action === 'store.baseline')).toHaveLength(2);
    expect((await store.verifyAudit()).problems).toEqual([]);
    // Tampering is still caught across the upgrade, and new writes continue the chain.
    await store.putRecords([{ id: 'm3', officeId: 'o1', kind: 'money', key: 'donor', date: '2026-08-01', data: { value: 3 }, createdBy: 'x', createdAt: at, updatedAt: at }], { actor: 'x', officeId: 'o1', action: 'money.add', subject: 'm3', detail: {} });
    expect((await store.verifyAudit()).ok).toBe(true);
    await raw(store, `UPDATE office_records SET data = '{"value":20}' WHERE id = 'm2'`);
    await raw(store, `UPDATE entity_rows SET caption = 'Someone Else' WHERE id = ${q(ukXml.entities[1].id)}`);
    const problems = (await store.verifyAudit()).problems.join('\n');
    expect(problems).toMatch(/record office_records:m2 was changed outside Bulwark/);
    expect(problems).toMatch(/record entities:uk-fcdo-xml was changed outside Bulwark/);
  });

  maybe('accounts stored before the audit covered them are taken into the trail, and from then on a changed role shows', async () => {
    const { store, dispose } = await factory.make({ target: 15 });
    open.push(dispose);
    await raw(store, `INSERT INTO users (id, username, display_name, email, role, office_id, offices, password_hash, must_change_password, disabled, digest, created_at, updated_at)
      VALUES ('u1', 'casey', 'Casey', NULL, 'staff', 'o1', '[]', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 0, 0, 'daily', ${q(at)}, ${q(at)})`);
    await raw(store, `INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at) VALUES ('t1', 'u1', 'case system', 'th', '["read"]', ${q(at)})`);
    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.version).filter((x) => x > 15));
    expect((await store.listAudit()).at(-1)).toMatchObject({ action: 'store.baseline', records: [expect.objectContaining({ table: 'users', id: 'u1' }), expect.objectContaining({ table: 'api_tokens', id: 't1' })] });
    expect((await store.verifyAudit()).problems).toEqual([]);
    await raw(store, `UPDATE users SET role = 'admin' WHERE id = 'u1'`);
    expect((await store.verifyAudit()).problems).toEqual([expect.stringMatching(/record users:u1 was changed outside Bulwark/)]);
  });

  maybe('a store of a schema version this Bulwark does not know is refused, not written', async () => {
    const { store, dispose } = await factory.make();
    open.push(dispose);
    await raw(store, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from the future', ${q(at)})`);
    await expect(store.migrate()).rejects.toMatchObject({ code: 'BWK_ERR_STORE', message: /schema version 99, which this Bulwark does not know: it was written by a newer Bulwark/ });
  });
});

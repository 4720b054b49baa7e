import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseList } from '../../src/ingest/importer.js';
import { auditHash, rowHash, COVERED } from '../../src/store/audit.js';
import type { Store } from '../../src/store/types.js';
import { q, raw } from '../helpers/raw.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

const ukXml = await parseList('uk-xml', { path: join(LISTS, 'uk/uk_sanctions_list_sample.xml'), dataset: 'uk-fcdo-xml' });
const audit = (action: string, subject: string) => ({ actor: ACTOR.userId, officeId: ACTOR.officeId, action, subject, detail: { n: subject } });
const now = '2026-11-20T10:00:00.000Z';

/** A store with every kind of covered record and 60 audit entries. */
async function populate(store: Store): Promise<void> {
  await store.replaceDataset({ dataset: 'uk-fcdo-xml', title: 'UK', format: 'uk-xml', source: 'test', fileHash: 'x1', entities: ukXml.entities, actor: ACTOR.userId, officeId: ACTOR.officeId });
  await store.saveOffice({ id: ACTOR.officeId, name: 'Office', kind: 'commons', createdAt: now }, audit('office.set', ACTOR.officeId));
  await store.recordApproach({
    contact: { id: 'c1', officeId: ACTOR.officeId, name: 'Helena Varga', data: { kind: 'person' }, createdAt: now, updatedAt: now },
    keys: ['email:helena@example.net'],
    approach: { id: 'a1', officeId: ACTOR.officeId, contactId: 'c1', date: '2026-11-02', data: { asked: 'lunch' }, assessment: { score: 30 }, catalogueVersion: 1, createdBy: ACTOR.userId, createdAt: now },
    attachments: [{ id: 'f1', approachId: 'a1', officeId: ACTOR.officeId, filename: 'invite.txt', mediaType: 'text/plain', sha256: 'x', size: 5, content: Buffer.from('hello') }],
    alerts: [],
    audit: audit('approach.add', 'a1'),
  });
  await store.addDecision(
    { id: 'd1', officeId: ACTOR.officeId, queryKey: 'k', queryText: 'q', entityId: ukXml.entities[0].id, entityHash: 'h', decision: 'false_positive', reason: 'born 1990', actor: ACTOR.userId, createdAt: now },
    audit('screening.decide', 'd1'),
  );
  await store.accounts.saveUser({
    id: 'u1', username: 'casey', displayName: 'Casey', role: 'staff', officeId: ACTOR.officeId, offices: [], passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y',
    mustChangePassword: false, disabled: false, digest: 'daily', createdAt: now, updatedAt: now,
  }, audit('user.create', 'casey'));
  await store.accounts.saveToken({ id: 't1', userId: 'u1', name: 'case system', tokenHash: 'th', scopes: ['read'], createdAt: now }, audit('token.create', 't1'));
  for (let i = 0; i < 54; i++) {
    await store.putRecords([{ id: `m${i}`, officeId: ACTOR.officeId, kind: 'money', key: 'donor', date: '2026-11-01', data: { value: 1000 + i }, createdBy: ACTOR.userId, createdAt: now, updatedAt: now }], audit('money.add', `m${i}`));
  }
}

/** Recomputes every chain hash from `fromSeq` on, as a forger who knows the algorithm would. */
async function rechain(store: Store): Promise<void> {
  const rows = await raw(store, 'SELECT * FROM audit_log ORDER BY seq');
  let prev = '0'.repeat(64);
  for (const r of rows) {
    const fields = { seq: Number(r.seq), at: String(r.at), actor: String(r.actor), officeId: String(r.office_id), action: String(r.action), subject: String(r.subject), detail: String(r.detail), records: String(r.records), chainVersion: Number(r.chain_version) };
    const hash = auditHash(prev, fields);
    await raw(store, `UPDATE audit_log SET prev_hash = ${q(prev)}, hash = ${q(hash)} WHERE seq = ${Number(r.seq)}`);
    prev = hash;
  }
}

describe.each(STORES)('audit trail against direct tampering: $name', (factory) => {
  const open: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of open) await d();
  });
  const maybe = factory.available ? it : it.skip;
  const fresh = async (opts: { auditKey?: string } = {}) => {
    const made = await factory.make(opts);
    open.push(made.dispose);
    await populate(made.store);
    return made;
  };
  const problems = async (store: Store) => (await store.verifyAudit()).problems.join('\n');

  maybe('an untouched store verifies: chain, checkpoint and every record', async () => {
    const { store } = await fresh();
    const r = await store.verifyAudit();
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, entries: 60, checkpoint: { seq: 60 } });
    // offices 1, contacts 1, approaches 1, attachments 1, decisions 1, money 56, dataset version 1, entity digest 1
    expect(r.records).toBe(63);
  });

  maybe('deleting the last entry, the last 50 or all of them is detected', async () => {
    for (const [where, want] of [['seq = 60', /records entry 60, but the trail ends at entry 59/], ['seq > 10', /ends at entry 10/], ['1 = 1', /trail is empty/]] as const) {
      const { store } = await fresh();
      await raw(store, `DELETE FROM audit_log WHERE ${where}`);
      expect(await problems(store)).toMatch(want);
    }
  });

  maybe('a cut stays detected after Bulwark writes again', async () => {
    const { store } = await fresh();
    await raw(store, 'DELETE FROM audit_log WHERE seq > 55');
    for (let i = 0; i < 8; i++) await store.appendAudit(audit('note', `after-${i}`));
    expect(await problems(store)).toMatch(/entry 60 no longer holds the hash the checkpoint recorded: the chain was rewritten/);
  });

  maybe('an edited, a deleted and a reordered entry are detected', async () => {
    const edited = (await fresh()).store;
    await raw(edited, `UPDATE audit_log SET detail = '{"n":"nothing happened"}' WHERE seq = 30`);
    expect(await problems(edited)).toMatch(/audit entry 30 its contents no longer match its hash/);
    const deleted = (await fresh()).store;
    await raw(deleted, 'DELETE FROM audit_log WHERE seq = 30');
    expect(await problems(deleted)).toMatch(/audit entry 31 does not link to the entry before it/);
    const reordered = (await fresh()).store;
    await raw(reordered, 'UPDATE audit_log SET seq = 1000 WHERE seq = 30');
    await raw(reordered, 'UPDATE audit_log SET seq = 30 WHERE seq = 31');
    await raw(reordered, 'UPDATE audit_log SET seq = 31 WHERE seq = 1000');
    expect(await problems(reordered)).toMatch(/audit entry 30 does not link/);
  });

  maybe('records edited, deleted or added directly in the database are detected', async () => {
    const { store } = await fresh();
    await raw(store, `UPDATE approaches SET data = '{"asked":"nothing"}' WHERE id = 'a1'`);
    await raw(store, `UPDATE office_records SET data = '{"value":10}' WHERE id = 'm3'`);
    await raw(store, `UPDATE entity_rows SET caption = 'Someone Else' WHERE id = ${q(ukXml.entities[1].id)}`);
    await raw(store, `UPDATE screening_decisions SET decision = 'true_match' WHERE id = 'd1'`);
    await raw(store, `DELETE FROM attachments WHERE id = 'f1'`);
    await raw(store, `INSERT INTO offices (id, name, kind, created_at) VALUES ('ghost', 'Ghost', 'commons', ${q(now)})`);
    // Who may do what: a role raised, or a token slipped in, straight in the database.
    await raw(store, `UPDATE users SET role = 'admin' WHERE id = 'u1'`);
    await raw(store, `UPDATE api_tokens SET scopes = '["read","write"]' WHERE id = 't1'`);
    await raw(store, `INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at) VALUES ('t2', 'u1', 'backdoor', 'th2', '["write"]', ${q(now)})`);
    // Using a token is not an audited change: its last use may move freely.
    await raw(store, `UPDATE api_tokens SET last_used_at = ${q(now)} WHERE id = 't1'`);
    const p = await problems(store);
    expect(p).toMatch(/record users:u1 was changed outside Bulwark/);
    expect(p).toMatch(/record api_tokens:t1 was changed outside Bulwark/);
    expect(p).toMatch(/record api_tokens:t2 is not in the audit trail/);
    expect(p).toMatch(/record approaches:a1 was changed outside Bulwark/);
    expect(p).toMatch(/record office_records:m3 was changed outside Bulwark/);
    expect(p).toMatch(/record entities:uk-fcdo-xml was changed outside Bulwark/);
    expect(p).toMatch(/record screening_decisions:d1 was changed outside Bulwark/);
    expect(p).toMatch(/record attachments:f1 was deleted outside Bulwark/);
    expect(p).toMatch(/record offices:ghost is not in the audit trail/);
    expect(p).not.toMatch(/contacts:c1/);
  });

  maybe('a rewritten chain that hides an edit is caught by the checkpoint', async () => {
    const { store } = await fresh();
    await raw(store, `UPDATE approaches SET data = '{"asked":"nothing"}' WHERE id = 'a1'`);
    const [row] = await raw(store, "SELECT * FROM approaches WHERE id = 'a1'");
    const [entry] = await raw(store, "SELECT seq, records FROM audit_log WHERE subject = 'a1'");
    const records = (JSON.parse(String(entry.records)) as { table: string; id: string; hash: string }[]).map((r) => (r.table === 'approaches' ? { ...r, hash: rowHash(row, COVERED.approaches.columns) } : r));
    await raw(store, `UPDATE audit_log SET records = ${q(JSON.stringify(records))} WHERE seq = ${Number(entry.seq)}`);
    await rechain(store);
    expect(await problems(store)).toBe('entry 60 no longer holds the hash the checkpoint recorded: the chain was rewritten');
  });

  maybe('with a server key, a checkpoint rewritten to match a forged chain is caught too', async () => {
    const { store, checkpoint } = await fresh({ auditKey: 'a-server-secret-of-some-length' });
    expect((await store.verifyAudit()).ok).toBe(true);
    await raw(store, `UPDATE office_records SET data = '{"value":1}' WHERE id = 'm0'`);
    await raw(store, "DELETE FROM audit_log WHERE seq > 3");
    await rechain(store);
    const [last] = await raw(store, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const cp = JSON.parse(readFileSync(checkpoint, 'utf8'));
    writeFileSync(checkpoint, JSON.stringify({ ...cp, seq: Number(last.seq), hash: last.hash }));
    expect(await problems(store)).toMatch(/not signed with this server's audit key/);
  });
});

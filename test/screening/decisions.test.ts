import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importList } from '../../src/ingest/importer.js';
import { parseList } from '../../src/ingest/importer.js';
import { ScreeningService } from '../../src/services/screening.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

describe.each(STORES.filter((s) => s.available))('screening decisions ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let service: ScreeningService;
  const query = { name: 'Akram Turki Hishan al-Mazidih' };
  const other = { ...ACTOR, officeId: 'another-office' };
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    await importList(store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' });
    service = new ScreeningService(store);
  });
  afterAll(() => dispose());

  it('remembers a false positive for the same query in the same office only', async () => {
    await service.decide(ACTOR, { query, entityId: 'un-sc:2892251', decision: 'false_positive', reason: 'visitor is a UK-born architect, passport checked' });
    // Same person typed differently: word order and case do not matter.
    const again = await service.screen(ACTOR, { name: 'AL-MAZIDIH, Akram Turki Hishan' });
    const hit = again.hits.find((h) => h.entityId === 'un-sc:2892251')!;
    expect(hit.decision).toMatchObject({ decision: 'false_positive', reason: 'visitor is a UK-born architect, passport checked', reopened: false });
    const elsewhere = await service.screen(other, query);
    expect(elsewhere.hits.find((h) => h.entityId === 'un-sc:2892251')!.decision).toBeUndefined();
    expect(again.listVersions['un-sc']).toBeGreaterThan(0);
  });

  it('re-opens the decision when the listing changes', async () => {
    const parsed = await parseList('un-xml', { path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' });
    const changed = parsed.entities.map((e) => (e.id === 'un-sc:2892251' ? { ...e, remarks: [...e.remarks, 'New passport number added'] } : e));
    await store.replaceDataset({ dataset: 'un-sc', title: 'UN', format: 'un-xml', source: 'test', fileHash: 'changed', entities: changed, actor: ACTOR.userId, officeId: ACTOR.officeId });
    const r = await service.screen(ACTOR, query);
    expect(r.hits.find((h) => h.entityId === 'un-sc:2892251')!.decision).toMatchObject({ decision: 'false_positive', reopened: true });
  });

  it('refuses a decision without a reason, of an unknown kind, or on an unknown entity', async () => {
    await expect(service.decide(ACTOR, { query, entityId: 'un-sc:2892251', decision: 'false_positive', reason: ' ' })).rejects.toThrow(/needs a reason/);
    await expect(service.decide(ACTOR, { query, entityId: 'un-sc:2892251', decision: 'maybe', reason: 'x' })).rejects.toThrow(/decision must be one of/);
    await expect(service.decide(ACTOR, { query, entityId: 'un-sc:nope', decision: 'true_match', reason: 'x' })).rejects.toThrow(/no listed entity/);
  });

  it('audits imports and decisions in an intact hash chain, and detects tampering', async () => {
    const entries = await store.listAudit();
    expect(entries.map((e) => e.action)).toEqual(['lists.import', 'screening.decide', 'lists.import']);
    expect(verifyAuditChain(entries)).toEqual({ ok: true });
    const tampered = entries.map((e, i) => (i === 0 ? { ...e, detail: { ...(e.detail as object), records: 1 } } : e));
    expect(verifyAuditChain(tampered)).toMatchObject({ ok: false, seq: entries[0].seq });
  });

  it('shows a decision made on another list\'s record of the same target on the hit, naming that record', async () => {
    // The UK list's record of the same person carries the UN reference: one hit, the other record among its linked ones.
    await importList(store, ACTOR, { format: 'uk-xml', path: join(LISTS, 'uk/uk_sanctions_list_sample.xml'), dataset: 'uk-fcdo-xml' });
    const office = { ...ACTOR, officeId: 'third-office' };
    const records = ['un-sc:2892251', 'uk-fcdo-xml:AQD0128'];
    const before = (await service.screen(office, query)).hits.find((h) => records.includes(h.entityId))!;
    const notShown = records.find((id) => id !== before.entityId)!;
    expect(before.linked.map((l) => l.entityId)).toContain(notShown);
    expect(before.decision).toBeUndefined();
    await service.decide(office, { query, entityId: notShown, decision: 'true_match', reason: 'the same passport number' });
    const hit = (await service.screen(office, query)).hits.find((h) => h.entityId === before.entityId)!;
    expect(hit.decision).toMatchObject({ decision: 'true_match', reason: 'the same passport number', onRecord: notShown, reopened: false });
  });
});

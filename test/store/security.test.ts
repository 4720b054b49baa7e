import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityRecord } from '../../src/store/security.js';
import type { Store } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const audit = (subject: string) => ({ actor: 'officer', officeId: 'sec', action: 'test.write', subject, detail: {} });
const rec = (id: string, over: Partial<SecurityRecord> = {}): SecurityRecord => ({
  id, kind: 'case', scope: 'security', refs: [], data: { title: id }, createdBy: 'officer', createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...over,
});

describe.each(STORES)('security store contract: $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    if (factory.available) ({ store, dispose } = await factory.make());
  });
  afterAll(async () => dispose?.());
  const maybe = factory.available ? it : it.skip;

  maybe('writes records with refs, graph rows and audit entries together, and finds records by scope and ref', async () => {
    await store.writeSecurity({
      records: [rec('c1', { refs: ['contact:a:1', 'contact:b:2'] }), rec('c2', { scope: 'office-b', refs: ['contact:b:2'] })],
      nodes: [{ id: 'company:1', type: 'company', label: 'Ltd', data: {}, origin: 'reg-1' }, { id: 'person:x', type: 'person', label: 'X', data: {}, origin: 'reg-1' }],
      edges: [{ id: 'e1', source: 'person:x', target: 'company:1', type: 'director-of', data: { from: '2020' }, origin: 'reg-1' }],
      audit: [audit('c1'), audit('c2')],
    });
    expect((await store.getSecurityRecord('case', 'c1'))!.refs).toEqual(['contact:a:1', 'contact:b:2']);
    expect((await store.listSecurityRecords('case', { ref: 'contact:b:2' })).map((r) => r.id)).toEqual(['c1', 'c2']);
    expect((await store.listSecurityRecords('case', { scope: 'office-b' })).map((r) => r.id)).toEqual(['c2']);
    expect((await store.auditFor(['c1', 'c2'])).map((a) => a.subject)).toEqual(['c1', 'c2']);
    const g = await store.loadGraph();
    expect(g.edges).toEqual([{ id: 'e1', source: 'person:x', target: 'company:1', type: 'director-of', data: { from: '2020' }, origin: 'reg-1' }]);
  });

  maybe('a batch that fails part-way leaves nothing behind', async () => {
    const bad = rec('c3', { createdBy: null as unknown as string });
    await expect(store.writeSecurity({ records: [rec('c4'), bad], audit: [audit('c4')] })).rejects.toThrow();
    expect(await store.getSecurityRecord('case', 'c4')).toBeNull();
    expect(await store.auditFor(['c4'])).toEqual([]);
  });

  maybe('replacing an origin removes its old graph rows in the same transaction', async () => {
    await store.writeSecurity({ replaceOrigins: ['reg-1'], nodes: [{ id: 'company:2', type: 'company', label: 'New Ltd', data: {}, origin: 'reg-1' }], audit: [audit('reg-1')] });
    const g = await store.loadGraph();
    expect(g.nodes.map((n) => n.id)).toEqual(['company:2']);
    expect(g.edges).toEqual([]);
  });
});

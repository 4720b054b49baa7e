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

  const party = (ref: string, keys: string[], over: Record<string, unknown> = {}) => ({ ref, source: ref, officeId: ref.split(':')[1], firstSeen: '2026-11-01T00:00:00.000Z', stamp: 's1', keys, data: { ref, name: ref }, ...over });

  maybe('keeps the resolution index: parties by id, ref and source, blocks with their cap, links, and the queue', async () => {
    // 4 parties share the name word "ivan"; 2 share "petrov"; one gives a phone.
    const put = [
      party('contact:a:1', ['n:ivan', 'n:petrov', 'p:+447700900123']), party('contact:b:1', ['n:ivan', 'n:petrov']),
      party('contact:c:1', ['n:ivan']), party('contact:d:1', ['n:ivan', 'p:+447700900123'], { stamp: 's0' }),
    ];
    await store.writeSecurity({ resolution: { put, links: [{ a: 'contact:a:1', b: 'contact:b:1', score: 0.9, evidence: [{ feature: 'name' }] }] }, queue: ['contact:a:1', 'contact:b:1'], audit: [] });
    const byRef = await store.resolutionParties({ refs: ['contact:a:1', 'contact:d:1'] });
    expect(byRef.map((p) => [p.ref, p.keys, p.data])).toEqual([['contact:a:1', put[0].keys, put[0].data], ['contact:d:1', put[3].keys, put[3].data]]);
    expect((await store.resolutionParties({ ids: [byRef[0].id] })).map((p) => p.ref)).toEqual(['contact:a:1']);
    expect((await store.resolutionParties({ source: 'contact:c:1' })).map((p) => p.officeId)).toEqual(['c']);
    expect((await store.resolutionParties({ notStamp: 's1' })).map((p) => p.ref)).toEqual(['contact:d:1']);
    const ids = new Map(byRef.map((p) => [p.id, p.ref]));
    const refsOf = async (always: string[], voting: string[], cap: number) => {
      const rows = await store.resolutionBlocks(always, voting, cap);
      const all = new Map((await store.resolutionParties({ ids: rows.map((r) => r.party) })).map((p) => [p.id, p.ref]));
      return rows.map((r) => `${r.key}=${all.get(r.party) ?? ids.get(r.party)}`).sort();
    };
    // A block of more than `cap` parties is not read for a vote; an identifier block always is.
    expect(await refsOf(['p:+447700900123'], ['n:ivan', 'n:petrov'], 3)).toEqual(['n:petrov=contact:a:1', 'n:petrov=contact:b:1', 'p:+447700900123=contact:a:1', 'p:+447700900123=contact:d:1']);
    expect(await refsOf([], ['n:ivan'], 4)).toHaveLength(4);
    expect((await store.resolutionLinks(['contact:b:1'])).map((l) => [l.a, l.b, l.score])).toEqual([['contact:a:1', 'contact:b:1', 0.9]]);
    const queued = await store.resolutionQueue({ limit: 10 });
    expect(queued.map((q) => q.source)).toEqual(['contact:a:1', 'contact:b:1']);
    expect(await store.resolutionQueue({ sources: ['contact:b:1'] })).toEqual([queued[1]]);
    // Resolving again replaces keys, drops the old links, removes a party its source lost, and takes the source off the queue.
    await store.writeSecurity({ resolution: { put: [party('contact:a:1', ['n:ivan'])], relink: ['contact:a:1'], remove: ['contact:d:1'], done: [queued[0].seq] }, audit: [] });
    expect(await refsOf(['p:+447700900123'], [], 1)).toEqual([]);
    expect(await store.resolutionLinks()).toEqual([]);
    expect(await store.resolutionParties({ refs: ['contact:d:1'] })).toEqual([]);
    expect((await store.resolutionQueue({ limit: 10 })).map((q) => q.source)).toEqual(['contact:b:1']);
  });

  maybe('a source is queued in the transaction that stores it, or not at all', async () => {
    const at = '2026-11-02T00:00:00.000Z';
    const money = { id: 'gift-1', officeId: 'office-q', kind: 'money', key: 'donor', date: '2026-11-01', data: {}, createdBy: 'x', createdAt: at, updatedAt: at };
    await store.putRecords([money], audit('gift-1'), ['donor:office-q:gift-1']);
    await expect(store.putRecords([{ ...money, id: 'gift-2', createdBy: null as unknown as string }], audit('gift-2'), ['donor:office-q:gift-2'])).rejects.toThrow();
    const contact = { id: 'c-1', officeId: 'office-q', name: 'Ivan Petrov', data: {}, createdAt: at, updatedAt: at };
    const approach = { id: 'a-1', officeId: 'office-q', contactId: 'c-1', date: '2026-11-01', data: {}, assessment: {}, catalogueVersion: 1, createdBy: 'x', createdAt: at };
    await store.recordApproach({ contact, keys: [], approach, attachments: [], alerts: [], audit: audit('a-1'), queue: ['contact:office-q:c-1'] });
    await expect(store.recordApproach({ contact: { ...contact, id: 'c-2' }, keys: [], approach, attachments: [], alerts: [], audit: audit('a-1'), queue: ['contact:office-q:c-2'] })).rejects.toThrow();
    const queued = (await store.resolutionQueue({ limit: 100 })).map((q) => q.source);
    expect(queued).toEqual(expect.arrayContaining(['donor:office-q:gift-1', 'contact:office-q:c-1']));
    expect(queued).not.toContain('donor:office-q:gift-2');
    expect(queued).not.toContain('contact:office-q:c-2');
  });

  maybe('replacing an origin removes its old graph rows in the same transaction', async () => {
    await store.writeSecurity({ replaceOrigins: ['reg-1'], nodes: [{ id: 'company:2', type: 'company', label: 'New Ltd', data: {}, origin: 'reg-1' }], audit: [audit('reg-1')] });
    const g = await store.loadGraph();
    expect(g.nodes.map((n) => n.id)).toEqual(['company:2']);
    expect(g.edges).toEqual([]);
  });
});

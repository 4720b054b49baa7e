import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { parseList } from '../../src/ingest/importer.js';
import type { Store } from '../../src/store/types.js';
import { raw } from '../helpers/raw.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

const un = await parseList('un-xml', { path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' });
const ukXml = await parseList('uk-xml', { path: join(LISTS, 'uk/uk_sanctions_list_sample.xml'), dataset: 'uk-fcdo-xml' });
const base = (entities: Entity[], fileHash: string) => ({
  dataset: 'un-sc', title: 'UN', format: 'un-xml', source: 'test', fileHash, entities, actor: ACTOR.userId, officeId: ACTOR.officeId,
});

/** Entity rows of every version, current or not, read past Bulwark. */
const rowCount = async (store: Store) => Number((await raw(store, 'SELECT COUNT(*) AS n FROM entity_rows'))[0].n);

/** The entities as a stream that stops before the n-th until resumed, like a parser part way through a large file. */
function pausedAt(entities: Entity[], n: number) {
  let paused!: () => void;
  const reached = new Promise<void>((r) => (paused = r));
  let resume!: () => void;
  const gate = new Promise<void>((r) => (resume = r));
  async function* stream() {
    for (const [i, e] of entities.entries()) {
      if (i === n) {
        paused();
        await gate;
      }
      yield e;
    }
  }
  return { stream: stream(), reached, resume };
}

describe.each(STORES)('store contract: $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    if (!factory.available) return;
    ({ store, dispose } = await factory.make());
  });
  afterAll(async () => {
    if (dispose) await dispose();
  });
  const maybe = factory.available ? it : it.skip;

  maybe('migrations are recorded and re-running them does nothing', async () => {
    expect(await store.migrate()).toEqual([]);
  });

  maybe('stores a dataset version with counts, data date and every entity verbatim', async () => {
    const v = await store.replaceDataset({ ...base(un.entities, 'h1'), dataDate: '2026-02-27' });
    expect(v).toMatchObject({ dataset: 'un-sc', recordCount: 1003, counts: { Person: 730, Organization: 273 }, dataDate: '2026-02-27', fileHash: 'h1' });
    expect(v.delta).toMatchObject({ added: 1003, removed: 0, changed: 0 });
    const akram = un.entities.find((e) => e.sourceId === '2892251')!;
    expect(await store.getEntity('un-sc:2892251')).toEqual(akram);
    expect(await store.countEntities('un-sc')).toBe(1003);
    const [summary] = await store.listDatasets();
    expect(summary).toMatchObject({ name: 'un-sc', entityCount: 1003, current: { id: v.id } });
    expect(await store.currentVersions()).toEqual({ 'un-sc': v.id });
  });

  maybe('reports the delta of a replacement and keeps ids stable', async () => {
    const fewer = un.entities.slice(10);
    const changed = fewer.map((e, i) => (i === 0 ? { ...e, remarks: [...e.remarks, 'changed'] } : e));
    const v = await store.replaceDataset(base(changed, 'h2'));
    expect(v.delta).toMatchObject({ added: 0, removed: 10, changed: 1, unchanged: 992 });
    expect(new Set(v.delta.sample.removed)).toEqual(new Set(un.entities.slice(0, 10).map((e) => e.id)));
    expect(v.delta.sample.changed).toEqual([changed[0].id]);
    expect(await store.getEntity(un.entities[0].id)).toBeNull();
    const back = await store.replaceDataset(base(un.entities, 'h3'));
    expect(back.delta).toMatchObject({ added: 10, removed: 0, changed: 1 });
    expect((await store.datasetHistory('un-sc')).map((h) => h.fileHash)).toEqual(['h3', 'h2', 'h1']);
  });

  maybe('refuses the current file again unless forced', async () => {
    await expect(store.replaceDataset(base(un.entities, 'h3'))).rejects.toMatchObject({ code: 'BWK_ERR_DUPLICATE_IMPORT' });
    const forced = await store.replaceDataset({ ...base(un.entities, 'h3'), force: true });
    expect(forced.delta.unchanged).toBe(1003);
  });

  maybe('a failure in the middle of a replacement leaves the previous version whole', async () => {
    const before = await store.listDatasets();
    // The 501st row violates NOT NULL part way through writing the new version.
    const broken = un.entities.map((e, i) => (i === 500 ? ({ ...e, caption: null } as unknown as Entity) : e));
    await expect(store.replaceDataset(base(broken, 'h4'))).rejects.toThrow();
    expect(await store.listDatasets()).toEqual(before);
    expect(await store.currentVersions()).toEqual({ 'un-sc': before[0].current.id });
    expect(await store.countEntities('un-sc')).toBe(1003);
    expect((await store.datasetHistory('un-sc')).some((h) => h.fileHash === 'h4')).toBe(false);
    // Its rows written before the failure are gone too.
    expect(await rowCount(store)).toBe(1003);
    // The audit entry commits with the import, or not at all.
    const audit = await store.listAudit();
    expect(audit.filter((a) => a.action === 'lists.import').map((a) => (a.detail as { fileHash: string }).fileHash)).toEqual(['h1', 'h2', 'h3', 'h3']);
    expect((await store.verifyAudit()).problems).toEqual([]);
  });

  maybe('refuses a version that loses more than the allowed share, unless a reason accepts it', async () => {
    const half = un.entities.slice(0, 500);
    await expect(store.replaceDataset({ ...base(half, 'h6'), maxLoss: 0.1 })).rejects.toMatchObject({
      code: 'BWK_ERR_LIST_SHRANK',
      message: expect.stringMatching(/would remove 503 of the 1003 entries of "un-sc" \(50\.1%; at most 10% may go without a reason\) and add 0/),
    });
    expect(await store.countEntities('un-sc')).toBe(1003);
    const v = await store.replaceDataset({ ...base(half, 'h6'), maxLoss: 0.1, acceptLoss: 'test of a real shrink' });
    expect(v.delta.removed).toBe(503);
    expect((await store.listAudit()).at(-1)?.detail).toMatchObject({ acceptedLoss: 'test of a real shrink', removed: 503 });
    await store.replaceDataset(base(un.entities, 'h7'));
  });

  maybe('a version being imported is invisible until its last transaction, and other writes go through meanwhile', async () => {
    const copies = [0, 1, 2].flatMap((n) => un.entities.map((e) => ({ ...e, id: `${e.id}:${n}` })));
    const { stream, reached, resume } = pausedAt(copies, 2500);
    const importing = store.replaceDataset({ ...base([], 'h8'), entities: stream });
    await reached;
    // Batches of the new version are committed, and no reader sees them.
    expect(await rowCount(store)).toBeGreaterThan(1003);
    expect(await store.countEntities('un-sc')).toBe(1003);
    expect(await store.getEntity(copies[0].id)).toBeNull();
    expect((await store.datasetHistory('un-sc'))[0].fileHash).toBe('h7');
    expect((await store.verifyAudit()).problems).toEqual([]);
    // A write made now is stored now, not after the import.
    const now = new Date().toISOString();
    await store.saveOffice({ id: 'o-during', name: 'During', kind: 'commons', createdAt: now }, { actor: 'a', officeId: 'o-during', action: 'office.set', subject: 'o-during', detail: {} });
    expect(await store.getOffice('o-during')).toMatchObject({ name: 'During' });
    resume();
    const v = await importing;
    expect(v.delta).toMatchObject({ added: 3009, removed: 1003 });
    expect(await store.countEntities('un-sc')).toBe(3009);
    // The replaced version's rows are removed once the new one is current.
    expect(await rowCount(store)).toBe(3009);
    expect((await store.verifyAudit()).problems).toEqual([]);
    await store.replaceDataset(base(un.entities, 'h9'));
  });

  maybe('two imports of one list at once: each becomes current in turn, the later counted against the earlier', async () => {
    const copies = un.entities.map((e) => ({ ...e, id: `${e.id}:late` }));
    const { stream, reached, resume } = pausedAt(copies, 900);
    const late = store.replaceDataset({ ...base([], 'h10'), entities: stream });
    await reached;
    // The other import starts after and finishes first; the paused one's staged rows are left alone.
    const early = await store.replaceDataset(base(un.entities.slice(0, 1000), 'h11'));
    expect(early.delta).toMatchObject({ added: 0, removed: 3 });
    resume();
    expect((await late).delta).toMatchObject({ added: 1003, removed: 1000, changed: 0 });
    expect(await store.countEntities('un-sc')).toBe(1003);
    expect(await rowCount(store)).toBe(1003);
    expect((await store.datasetHistory('un-sc')).slice(0, 2).map((h) => h.fileHash)).toEqual(['h10', 'h11']);
    expect((await store.verifyAudit()).problems).toEqual([]);
    await store.replaceDataset(base(un.entities, 'h12'));
  });

  maybe('refuses NUL in any text on both stores alike, writing nothing', async () => {
    const now = new Date().toISOString();
    await expect(store.saveOffice({ id: 'o-nul', name: 'Office\u0000', kind: 'commons', createdAt: now }, { actor: 'a', officeId: 'o-nul', action: 'office.set', subject: 'o-nul', detail: {} }))
      .rejects.toMatchObject({ code: 'BWK_ERR_INPUT', message: expect.stringMatching(/field name: the text contains a NUL character/) });
    await expect(store.putRecords([{ id: 'r-nul', officeId: 'o', kind: 'money', key: 'k', date: '2026-01-01', data: { donor: 'A\u0000B' }, createdBy: 'a', createdAt: now, updatedAt: now }], { actor: 'a', officeId: 'o', action: 'money.add', subject: 'r', detail: {} }))
      .rejects.toMatchObject({ code: 'BWK_ERR_INPUT' });
    expect(await store.getOffice('o-nul')).toBeNull();
    expect(await store.getRecord('o', 'money', 'r-nul')).toBeNull();
  });

  maybe('serializes read-then-write sections in one process, more of them than the pool has connections', async () => {
    const at = new Date().toISOString();
    const put = (n: number) => store.putRecords([{ id: 'counter', officeId: 'o', kind: 'count', key: 'k', date: '2026-01-01', data: { n }, createdBy: 'a', createdAt: at, updatedAt: at }], { actor: 'a', officeId: 'o', action: 'count', subject: 'counter', detail: { n } });
    await put(0);
    await Promise.all(Array.from({ length: 12 }, () => store.serialize('count:o', async () => {
      const cur = (await store.getRecord('o', 'count', 'counter'))!.data.n as number;
      await new Promise((r) => setTimeout(r, 5));
      await put(cur + 1);
    })));
    expect((await store.getRecord('o', 'count', 'counter'))!.data).toEqual({ n: 12 });
  });

  maybe('rejects two entities with one id in an import', async () => {
    await expect(store.replaceDataset(base([un.entities[0], un.entities[0]], 'h5'))).rejects.toThrow(/appears twice/);
  });

  maybe('links the same target across lists by UN reference number', async () => {
    await store.replaceDataset({ ...base(ukXml.entities, 'uk1'), dataset: 'uk-fcdo-xml', title: 'UK', format: 'uk-xml' });
    const links = await store.linkedEntities('un-sc:2892251');
    expect(links.map((l) => l.entity.id)).toEqual(['uk-fcdo-xml:AQD0128']);
    expect(links[0].via).toEqual([{ type: 'un_ref', value: 'QDI276' }]);
    const back = await store.linkedEntities('uk-fcdo-xml:AQD0128');
    expect(back.map((l) => l.entity.id)).toEqual(['un-sc:2892251']);
    const byRef = await store.entitiesByIdentifier('un_ref', 'qdi.276');
    expect(byRef.map((e) => e.id)).toEqual(['uk-fcdo-xml:AQD0128', 'un-sc:2892251']);
  });

  maybe('reads entities one at a time in one stable order, optionally per dataset', async () => {
    const all: Entity[] = [];
    await store.scanEntities((e) => all.push(e));
    expect(all).toHaveLength(1007);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(all.find((e) => e.id === 'un-sc:2892251')).toEqual(await store.getEntity('un-sc:2892251'));
    const uk: string[] = [];
    await store.scanEntities((e) => uk.push(e.dataset), ['uk-fcdo-xml']);
    expect(uk).toEqual(['uk-fcdo-xml', 'uk-fcdo-xml', 'uk-fcdo-xml', 'uk-fcdo-xml']);
  });
});

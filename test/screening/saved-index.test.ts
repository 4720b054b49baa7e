import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isFtmRecord } from '../../src/domain/entity.js';
import { toFtm } from '../../src/export/ftm.js';
import { importList } from '../../src/ingest/importer.js';
import { MatchService } from '../../src/services/matching.js';
import { createServices } from '../../src/services/container.js';
import { INDEX_FILE, ScreeningService } from '../../src/services/screening.js';
import { loadConfig } from '../../src/config.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

const sqlite = STORES.find((s) => s.name === 'sqlite')!;

describe('the screening index saved beside the store', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  const dir = mkdtempSync(join(tmpdir(), 'bwk-index-'));
  const file = join(dir, INDEX_FILE);
  beforeAll(async () => {
    ({ store, dispose } = await sqlite.make());
    await importList(store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc' });
  });
  afterAll(() => dispose());

  it('is written by the first process and loaded by the next, with the same results and decisions', async () => {
    const first = new ScreeningService(store, undefined, { cacheDir: dir });
    const built = await first.screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(existsSync(file)).toBe(true);
    await first.decide(ACTOR, { query: { name: 'Akram Turki Hishan al-Mazidih' }, entityId: 'un-sc:2892251', decision: 'unsure', reason: 'asked for a passport' });
    const second = new ScreeningService(store, undefined, { cacheDir: dir });
    const loaded = await second.screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(loaded.hits.map((h) => [h.entityId, h.score])).toEqual(built.hits.map((h) => [h.entityId, h.score]));
    // The content hash saved with the index keeps a decision closed while the listing is unchanged.
    expect(loaded.hits.find((h) => h.entityId === 'un-sc:2892251')!.decision).toMatchObject({ decision: 'unsure', reopened: false });
  });

  it('a server about to start several processes saves the index first, once, without keeping it', async () => {
    rmSync(file, { force: true });
    const s = new ScreeningService(store, undefined, { cacheDir: dir });
    await s.ensureSaved();
    const saved = statSync(file);
    // Asked again over the same list versions, it finds the file and leaves it as it is.
    await s.ensureSaved();
    expect(statSync(file)).toMatchObject({ ino: saved.ino, mtimeMs: saved.mtimeMs });
    // Without a cache folder (PostgreSQL) there is nothing to save and nothing goes wrong.
    await new ScreeningService(store).ensureSaved();
  });

  it('an import reports the names in a script nothing can read', async () => {
    const csv = join(dir, 'office.csv');
    writeFileSync(csv, 'id,name\n1,Igor Girkin\n2,ܥ\n');
    const r = await importList(store, ACTOR, { format: 'csv', path: csv, dataset: 'office-list' });
    expect(r.unreadable).toEqual([{ record: 'office-list:2', name: 'ܥ', scripts: ['Syriac'] }]);
  });

  it('a damaged file is ignored and replaced; a new list version is a new index', async () => {
    writeFileSync(file, 'not an index');
    const s = new ScreeningService(store, undefined, { cacheDir: dir });
    expect((await s.screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' })).hits[0].entityId).toBe('un-sc:2892251');
    expect(readFileSync(file).length).toBeGreaterThan(1000);
    const before = readFileSync(file);
    await importList(store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'un-sc', force: true });
    await s.screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(readFileSync(file).equals(before)).toBe(false);
  });

  it('keeps FollowTheMoney records, so yente-shaped answers give the same ids and properties after a restart', async () => {
    await importList(store, ACTOR, { format: 'ftm-json', path: join(LISTS, 'opensanctions/zala_cluster.entities.ftm.json'), dataset: 'os-zala' });
    rmSync(file, { force: true });
    const built = (await new ScreeningService(store, undefined, { cacheDir: dir }).screener()).screener.index;
    expect(existsSync(file)).toBe(true);
    const loaded = (await new ScreeningService(store, undefined, { cacheDir: dir }).screener()).screener.index;
    const zala = built.entities.filter((e) => e.dataset === 'os-zala');
    expect(zala.length).toBeGreaterThan(10);
    for (const e of zala) {
      const answer = toFtm(loaded.entity(loaded.entityIndex(e.id)!));
      expect(answer).toEqual(toFtm(e));
      expect(answer.id).not.toMatch(/^os-zala:/);
    }
  });

  it('finds an entity by its FollowTheMoney id on a saved index without parsing the other records', async () => {
    const zala = (await new ScreeningService(store, undefined, { cacheDir: dir }).screener()).screener.index.entities.filter((e) => e.dataset === 'os-zala' && isFtmRecord(e.raw));
    expect(zala.length).toBeGreaterThan(10);
    const screening = new ScreeningService(store, undefined, { cacheDir: dir });
    const index = (await screening.screener()).screener.index;
    // Loaded from the saved file: every read of all the entities parses them all again.
    expect(index.entities).not.toBe(index.entities);
    const parsed = vi.spyOn(index, 'entity');
    const all = vi.spyOn(index, 'entities', 'get');
    const matching = new MatchService(screening);
    for (const e of zala) {
      parsed.mockClear();
      expect(await matching.entity((e.raw as { id: string }).id)).toEqual(toFtm(e));
      // One record read per list holding that id, and the answer: never the whole list.
      expect(parsed.mock.calls.length).toBeLessThanOrEqual(2);
    }
    expect(all).not.toHaveBeenCalled();
    expect((await screening.screener()).screener.index).toBe(index);
    // By Bulwark id too; an id no list holds is not found.
    expect(await matching.entity(zala[0].id)).toEqual(toFtm(zala[0]));
    await expect(matching.entity('NK-nothing')).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
  });
});

describe.each(STORES.filter((s) => s.available))('a new process loads the index saved with the store\'s files instead of building it ($name)', (factory) => {
  const open: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const d of open) await d();
  });
  const services = (store: Store) => {
    const made = createServices(store, loadConfig());
    made.batches.close();
    return made.screening;
  };

  it('built once, loaded by the next process without reading the store\'s entities, and never taken for another store\'s', async () => {
    const shared = mkdtempSync(join(tmpdir(), 'bwk-files-'));
    const one = await factory.make({ auditCheckpoint: join(shared, 'one.audit-head') });
    open.push(one.dispose);
    await importList(one.store, ACTOR, { format: 'un-xml', path: join(LISTS, 'un/consolidated.xml'), dataset: 'watch' });
    const dir = one.store.files!.dir;
    const built = await services(one.store).screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(built.hits[0]).toMatchObject({ dataset: 'watch', caption: expect.stringMatching(/AKRAM TURKI HISHAN AL-MAZIDIH/i) });
    expect(existsSync(join(dir, INDEX_FILE))).toBe(true);
    const scan = vi.spyOn(one.store, 'scanEntities');
    const loaded = await services(one.store).screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(loaded.hits.map((h) => [h.entityId, h.score])).toEqual(built.hits.map((h) => [h.entityId, h.score]));
    expect(scan).not.toHaveBeenCalled();

    // Another store whose files share the folder, with a list of the same name at the same version number.
    const two = await factory.make({ auditCheckpoint: join(shared, 'two.audit-head') });
    open.push(two.dispose);
    if (factory.name === 'sqlite') expect(two.store.files!.dir).not.toBe(dir);
    await importList(two.store, ACTOR, { format: 'canada-xml', path: join(LISTS, 'canada/sema-lmes.xml'), dataset: 'watch' });
    expect(await two.store.currentVersions()).toEqual(await one.store.currentVersions());
    const other = await services(two.store).screen(ACTOR, { name: 'Akram Turki Hishan al-Mazidih' });
    expect(other.hits.filter((h) => h.score >= 0.9)).toEqual([]);
  });
});

import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadListSources } from '../../src/domain/list-sources.js';
import { importList } from '../../src/ingest/importer.js';
import { updateLists } from '../../src/ingest/update.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR, LISTS, STORES } from '../helpers/stores.js';

/** Serves the real bundled files over HTTP; `override` swaps in other bytes for a path. */
let server: Server;
let base = '';
const override = new Map<string, Buffer>();
/** Paths whose next request has its connection dropped, as a flaky publisher or proxy does. */
const dropOnce = new Set<string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').slice(1));
    if (dropOnce.delete(rel)) return req.socket.destroy();
    try {
      const body = override.get(rel) ?? readFileSync(join(LISTS, rel));
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The bundled manifest with its official addresses pointed at the local server. */
function localManifest(datasets: string[]): string {
  const m = loadListSources();
  m.lists = m.lists
    .filter((l) => datasets.includes(l.dataset))
    .map((l) => ({ ...l, files: Object.fromEntries(Object.keys(l.files).map((rel) => [rel, `${base}${rel}`])) }));
  const file = join(mkdtempSync(join(tmpdir(), 'bwk-src-')), 'sources.json');
  writeFileSync(file, JSON.stringify(m));
  return file;
}

describe.each(STORES.filter((s) => s.available))('lists update over HTTP ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    // Start from an older UN list: the real file without its first 30 individuals.
    const xml = readFileSync(join(LISTS, 'un/consolidated.xml'), 'utf8');
    const parts = xml.split('<INDIVIDUAL>');
    const older = [parts[0], ...parts.slice(31)].join('<INDIVIDUAL>');
    const path = join(mkdtempSync(join(tmpdir(), 'bwk-old-')), 'consolidated.xml');
    writeFileSync(path, older);
    await importList(store, ACTOR, { format: 'un-xml', path, dataset: 'un-sc' });
  });
  afterAll(() => dispose());

  it('downloads the published files and imports what changed, with the delta', async () => {
    const outcomes = await updateLists(store, ACTOR, { sourcesFile: localManifest(['un-sc', 'ofac-sdn']) });
    expect(outcomes.map((o) => [o.dataset, o.status])).toEqual([['ofac-sdn', 'updated'], ['un-sc', 'updated']]);
    const un = outcomes[1];
    if (un.status !== 'updated') throw new Error('expected an update');
    expect(un.report.version.delta).toMatchObject({ added: 30, removed: 0 });
    expect(un.report.version.source).toBe(`${base}un/consolidated.xml`);
    expect(await store.countEntities('un-sc')).toBe(1003);
    expect(await store.countEntities('ofac-sdn')).toBe(8976);
  });

  it('leaves an unchanged list alone, even when the connection drops once on the way', async () => {
    dropOnce.add('un/consolidated.xml');
    const [o] = await updateLists(store, ACTOR, { sourcesFile: localManifest(['un-sc']) });
    expect(dropOnce.size).toBe(0);
    expect(o.status).toBe('unchanged');
  });

  it('keeps the current version when the published file is truncated or missing', async () => {
    const before = await store.listDatasets();
    override.set('un/consolidated.xml', readFileSync(join(LISTS, 'un/consolidated.xml')).subarray(0, 500_000));
    const [bad] = await updateLists(store, ACTOR, { sourcesFile: localManifest(['un-sc']) });
    override.delete('un/consolidated.xml');
    expect(bad.status).toBe('failed');
    if (bad.status === 'failed') expect(bad.error).toMatch(/consolidated\.xml, line \d+: malformed XML/);
    const m = loadListSources(localManifest(['un-sc']));
    m.lists[0].files['un/consolidated.xml'] = `${base}un/missing.xml`;
    const f = join(mkdtempSync(join(tmpdir(), 'bwk-src-')), 's.json');
    writeFileSync(f, JSON.stringify(m));
    const [missing] = await updateLists(store, ACTOR, { sourcesFile: f });
    expect(missing.status).toBe('failed');
    if (missing.status === 'failed') expect(missing.error).toMatch(/HTTP 404/);
    expect(await store.listDatasets()).toEqual(before);
  });

  it('never forces in a published file that lost many entries, however well-formed: it reports the numbers and keeps the current version', async () => {
    const before = await store.listDatasets();
    const xml = readFileSync(join(LISTS, 'un/consolidated.xml'), 'utf8');
    const parts = xml.split('<INDIVIDUAL>');
    override.set('un/consolidated.xml', Buffer.from([parts[0], ...parts.slice(201)].join('<INDIVIDUAL>')));
    const [shrunk] = await updateLists(store, ACTOR, { sourcesFile: localManifest(['un-sc']) });
    override.delete('un/consolidated.xml');
    expect(shrunk.status).toBe('failed');
    if (shrunk.status === 'failed') expect(shrunk.error).toMatch(/would remove 200 of the 1003 entries of "un-sc" \(19\.9%; at most 10% may go without a reason\)/);
    expect(await store.listDatasets()).toEqual(before);
    expect(await store.countEntities('un-sc')).toBe(1003);
  });

  it('skips lists that have no download address', async () => {
    const m = loadListSources();
    const [o] = await updateLists(store, ACTOR, { only: [m.lists.find((l) => Object.values(l.files).every((u) => u === null))!.dataset] });
    expect(o.status).toBe('skipped');
  });
});

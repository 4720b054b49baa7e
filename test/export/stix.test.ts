import { describe, expect, it } from 'vitest';
import { packageToStix, stixToPackage } from '../../src/export/stix/bundle.js';
import { STIX_TYPES, validateStixObject } from '../../src/export/stix/schema.js';
import { BulwarkError } from '../../src/errors.js';
import { plain, samplePackage } from '../helpers/exchange.js';

const exported = () => packageToStix(samplePackage()).bundle;
const text = (b: unknown) => JSON.stringify(b);
const importError = (b: unknown): BulwarkError => {
  try {
    stixToPackage(typeof b === 'string' ? b : text(b));
  } catch (e) {
    return e as BulwarkError;
  }
  throw new Error('the bundle was accepted');
};

describe('STIX 2.1 export', () => {
  it('writes every object type the issue names, each passing the project schemas strictly', () => {
    const b = exported();
    const types = new Set(b.objects.map((o) => o.type));
    for (const t of ['identity', 'threat-actor', 'indicator', 'observed-data', 'relationship', 'note', 'marking-definition', 'email-addr', 'url']) expect(types, t).toContain(t);
    for (const o of b.objects) expect(validateStixObject(o, true), o.id).toEqual({ ok: true });
    expect(b.objects.filter((o) => o.type !== 'marking-definition' && o.type !== 'email-addr' && o.type !== 'url' && o.id !== b.objects[0].id).every((o) => (o.object_marking_refs as string[])[0] === 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421')).toBe(true);
  });

  it('gives identical ids on two exports, and cyber-observable ids as the specification derives them', () => {
    expect(text(exported())).toBe(text(exported()));
    const email = exported().objects.find((o) => o.type === 'email-addr')!;
    // UUIDv5 in the STIX namespace over {"value": ...}; version nibble 5.
    expect(email.id).toMatch(/^email-addr--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab]/);
  });

  it('a campaign becomes an intrusion-set', () => {
    const p = samplePackage();
    const b = packageToStix({ ...p, actors: [{ ...p.actors[0], kind: 'campaign' }] }).bundle;
    expect(b.objects.some((o) => o.type === 'intrusion-set')).toBe(true);
  });

  it('round-trips: export → import gives the same content, apart from what the loss report names', () => {
    const p = samplePackage();
    const { bundle, losses } = packageToStix(p);
    expect(losses.map((l) => l.field)).toEqual(['title']);
    const back = stixToPackage(text(bundle));
    expect(back.skipped).toEqual([]);
    expect(plain({ ...back.pkg, title: p.title })).toEqual(plain(p));
  });

  it('the schemas catch what the specification forbids', () => {
    const ind = exported().objects.find((o) => o.type === 'indicator')!;
    expect(validateStixObject({ ...ind, created: '2026-11-20T09:30:00Z' })).toMatchObject({ ok: false, field: 'created' });
    expect(validateStixObject({ ...ind, id: 'indicator--1234' })).toMatchObject({ ok: false, field: 'id' });
    expect(validateStixObject({ ...ind, labels: [] })).toMatchObject({ ok: false, field: 'labels' });
    expect(validateStixObject({ ...ind, x_extra: 1 }, true)).toMatchObject({ ok: false });
    expect(STIX_TYPES).toContain('intrusion-set');
  });
});

describe('STIX 2.1 import of hostile bundles', () => {
  const objects = () => exported().objects;
  const bundle = (objs: unknown[]) => ({ type: 'bundle', id: 'bundle--0b5e7e44-3d7b-4d0f-9f6b-2f0a8d3c1e11', objects: objs });

  it('wrong property types name the object and field', () => {
    const o = objects();
    const ta = o.find((x) => x.type === 'threat-actor')!;
    const e = importError(bundle(o.map((x) => (x === ta ? { ...ta, aliases: 'not a list' } : x))));
    expect(e.code).toBe('BWK_ERR_FILE_FORMAT');
    expect(e.location).toMatchObject({ record: ta.id, field: 'aliases' });
  });

  it('refuses a 100 MB bundle before parsing it', () => {
    const big = `{"type":"bundle","id":"bundle--0b5e7e44-3d7b-4d0f-9f6b-2f0a8d3c1e11","objects":[{"type":"note","content":"${'x'.repeat(100_000_000)}"}]}`;
    expect(importError(big).code).toBe('BWK_ERR_FILE_TOO_LARGE');
  });

  it('references to missing objects name the referring object', () => {
    const o = objects().filter((x) => x.type !== 'identity' || x.identity_class !== 'organization' || x.name !== 'Horizon Talent Partners Ltd');
    const rel = o.find((x) => x.type === 'relationship' && x.relationship_type === 'employed-by')!;
    const e = importError(bundle(o));
    expect(e.location).toMatchObject({ record: rel.id, field: 'target_ref' });
    expect(e.message).toMatch(/not in the bundle/);
  });

  it('cycles of notes referring to each other are refused', () => {
    const base = objects().find((x) => x.type === 'note' && !String(x.abstract ?? '').startsWith('Approach'))!;
    const a = { ...base, id: 'note--11111111-1111-4111-8111-111111111111', object_refs: ['note--22222222-2222-4222-8222-222222222222'] };
    const b = { ...base, id: 'note--22222222-2222-4222-8222-222222222222', object_refs: ['note--11111111-1111-4111-8111-111111111111'] };
    const e = importError(bundle([...objects(), a, b]));
    expect(e.message).toMatch(/cycle: note--1111.* → note--2222.* → note--1111/);
  });

  it('scripts in text are refused, naming the object and field', () => {
    const o = objects();
    const note = o.find((x) => x.type === 'note' && !String(x.abstract ?? '').startsWith('Approach'))!;
    const e = importError(bundle(o.map((x) => (x === note ? { ...note, content: 'see <script>alert(1)</script>' } : x))));
    expect(e.location).toMatchObject({ record: note.id, field: 'content' });
    expect(e.message).toMatch(/markup or script/);
  });

  it('duplicate ids are refused by id', () => {
    const o = objects();
    const e = importError(bundle([...o, o[3]]));
    expect(e.location.record).toBe(o[3].id);
    expect(e.message).toMatch(/share this id/);
  });

  it('not a bundle, not JSON, empty', () => {
    expect(importError('{"type":"report"}').message).toMatch(/not a STIX 2.1 bundle/);
    expect(importError('{oops').code).toBe('BWK_ERR_FILE_FORMAT');
    expect(importError('').code).toBe('BWK_ERR_FILE_EMPTY');
  });

  it('reads a partner bundle with TLP 1.0 markings and unknown object types, reporting what it skipped', () => {
    const ta = { type: 'threat-actor', spec_version: '2.1', id: 'threat-actor--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'Partner actor', object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'] };
    const malware = { type: 'malware', spec_version: '2.1', id: 'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z', name: 'x', is_family: false };
    const r = stixToPackage(text(bundle([ta, malware])));
    expect(r.pkg.tlp).toBe('red');
    expect(r.pkg.actors[0].name).toBe('Partner actor');
    expect(r.skipped).toEqual([{ id: malware.id, type: 'malware' }]);
  });
});

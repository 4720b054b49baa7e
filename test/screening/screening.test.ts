import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { parseList } from '../../src/ingest/importer.js';
import { BUNDLED_LISTS_DIR } from '../../src/ingest/importer.js';
import { FEATURES } from '../../src/screening/features.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener, type ScreenHit } from '../../src/screening/screen.js';
import { BulwarkError } from '../../src/errors.js';

const entities: Entity[] = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset })))).flatMap((p) => p.entities);
const screener = new Screener(new ScreeningIndex(entities));
const cases = JSON.parse(readFileSync(new URL('../cases/screening.json', import.meta.url), 'utf8')) as {
  matches: { query: { name: string; type?: string; dob?: string }; expect: string[]; reason: string; why: string }[];
  innocent: string[];
};
const matches = (hits: ScreenHit[]) => hits.filter((h) => h.level === 'match');
let ofac: Screener | undefined;
const ofacOnly = () => (ofac ??= new Screener(new ScreeningIndex(entities.filter((e) => e.dataset === 'ofac-sdn'))));
const idsOf = (hits: ScreenHit[]) => hits.flatMap((h) => [h.entityId, ...h.linked.map((l) => l.entityId)]);

describe('screening real listed parties across scripts and spellings', () => {
  it.each(cases.matches)('$why: $query.name', ({ query, expect: ids, reason }) => {
    const r = screener.screen(query);
    const found = matches(r.hits);
    // Records of one target on several lists come back as one hit that lists them all.
    for (const id of ids) {
      const hit = found.find((h) => h.entityId === id || h.linked.some((l) => l.entityId === id));
      expect(hit, `${id} among ${found.map((h) => h.entityId).join(', ')}`).toBeDefined();
      expect(hit!.reasons.join(' | ')).toContain(reason);
      expect(hit!.score).toBeGreaterThanOrEqual(r.threshold);
    }
  });

  it.each(cases.innocent)('does not match an innocent name: %s', (name) => {
    expect(matches(screener.screen({ name }).hits)).toEqual([]);
  });
});

describe('explanations and features', () => {
  it('explains which alias matched, on which list, with programme, listing date and links to other lists', () => {
    const hit = screener.screen({ name: 'Akram Turki Hishan al-Mazidih' }).hits.find((h) => h.entityId === 'un-sc:2892251')!;
    expect(hit.reasons[0]).toBe('matched the primary name "AKRAM TURKI HISHAN AL-MAZIDIH"');
    expect(hit.programs).toEqual(['Al-Qaida']);
    expect(hit.listedOn).toBe('2010-03-11');
    expect(hit.linked.map((l) => l.entityId)).toEqual(expect.arrayContaining(['uk-fcdo:AQD0128', 'uk-fcdo-xml:AQD0128']));
    expect(hit.linked[0].via[0]).toMatch(/^un_ref QDi\.276$/);
  });

  it('lowers the score when the date of birth clearly differs, and says so', () => {
    // One list only: with every list, the same target's record without a date of birth would lead the hit.
    const screener = ofacOnly();
    const plain = screener.screen({ name: 'Viktor Fedorovych Yanukovych' }).hits.find((h) => h.entityId === 'ofac-sdn:16641')!;
    const wrong = screener.screen({ name: 'Viktor Fedorovych Yanukovych', dob: '1982' }, { limit: 50 }).hits.find((h) => h.entityId === 'ofac-sdn:16641')!;
    expect(wrong.score).toBeLessThan(plain.score - 0.1);
    expect(wrong.reasons).toContain('date of birth differs: listed 1950-07-09, given 1982');
  });

  it('treats an exact identifier as decisive, whatever the name', () => {
    const hit = screener.screen({ name: 'Ivan Petrov', id: '4506460961' }).hits[0];
    expect(hit).toMatchObject({ entityId: 'ofac-sdn:16961', score: 1, level: 'match' });
    expect(hit.reasons).toContain('passport 4506460961 is an exact match');
  });

  it('penalises the wrong kind of party', () => {
    const screener = ofacOnly();
    const asOrg = screener.screen({ name: 'Kalashnikov Concern', type: 'organisation' }).hits.find((h) => h.entityId === 'ofac-sdn:16911')!;
    const asPerson = screener.screen({ name: 'Kalashnikov Concern', type: 'person' }).hits.find((h) => h.entityId === 'ofac-sdn:16911');
    expect(asOrg.score).toBe(1);
    expect(asPerson?.level ?? 'none').not.toBe('match');
  });

  it('every feature has a description, and every feature that fires gives a reason', () => {
    for (const f of FEATURES) expect(f.description.length).toBeGreaterThan(20);
    const queries = [{ name: 'Viktor Yanukovych', dob: '1950-07-09', country: 'Ukraine' }, { name: 'Viktor Yanukovych', dob: '1970', country: 'France' }, { name: 'Abu Jarrah', type: 'person' }, { name: 'Ivan', id: '4506460961' }];
    let fired = 0;
    for (const q of queries) {
      for (const h of screener.screen(q, { limit: 50 }).hits) {
        for (const f of h.features) {
          fired++;
          expect(f.detail.length).toBeGreaterThan(5);
          expect(h.reasons).toContain(f.detail);
        }
      }
    }
    expect(fired).toBeGreaterThan(5);
  });

  it('no feature adds more than the most it declares, so candidates left unscored could not have reached the floor', () => {
    const queries = [{ name: 'Viktor Yanukovych', dob: '1950-07-09', country: 'Ukraine' }, { name: 'Viktor Yanukovych', dob: '1950-07', country: 'Ukraine' }, { name: 'Viktor Yanukovych', dob: '1970', country: 'France' }, { name: 'Abu Jarrah', type: 'person' }, { name: 'Ivan', id: '4506460961' }];
    let added = 0;
    for (const q of queries) {
      for (const h of screener.screen(q, { limit: 50, includePossible: true, floor: 0 }).hits) {
        for (const f of h.features) {
          const feature = FEATURES.find((x) => x.id === f.id);
          if (!feature) continue;
          const most = feature.most({ ...(q.dob ? { dob: q.dob } : {}), ...(q.country ? { country: q.country === 'Ukraine' ? 'UA' : 'FR' } : {}), ...(q.id ? { identifier: q.id } : {}), ...(q.type ? { schema: 'Person' as const } : {}) }, screener.config);
          expect(f.score, `${f.id} on ${h.entityId}`).toBeLessThanOrEqual(most);
          if (f.score > 0) added++;
        }
      }
    }
    // Dates of birth and countries that agree, and an identifier, did lift scores.
    expect(added).toBeGreaterThan(2);
  });
});

describe('bad queries get clear errors, never a crash or a silent empty result', () => {
  const refuse = (q: Parameters<Screener['screen']>[0], message: RegExp, field: string) => {
    const err = (() => {
      try {
        screener.screen(q);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as BulwarkError).message).toMatch(message);
    expect((err as BulwarkError).location.field).toBe(field);
  };
  it('refuses empty, blank, punctuation-only and 10,000-character names', () => {
    refuse({ name: '' }, /the name is empty/, 'name');
    refuse({ name: '   \t ' }, /the name is empty/, 'name');
    refuse({ name: '?!.—' }, /has no letters or digits/, 'name');
    refuse({ name: 'a'.repeat(10_000) }, /10000 characters long; the limit is 300/, 'name');
  });
  it('refuses invalid dates, future dates, unknown types and countries', () => {
    refuse({ name: 'Igor Girkin', dob: '31/02/1970' }, /not a date of birth/, 'dob');
    refuse({ name: 'Igor Girkin', dob: '2099' }, /in the future/, 'dob');
    refuse({ name: 'Igor Girkin', type: 'robot' }, /unknown type "robot"/, 'type');
    refuse({ name: 'Igor Girkin', country: 'Atlantis' }, /unknown country "Atlantis"/, 'country');
  });
  it('removes control characters with a warning, and handles mixed scripts', () => {
    const r = screener.screen({ name: 'Igor\u0000 Gir\u200bkin\u0007' });
    expect(r.warnings).toEqual(['control characters were removed from the name']);
    expect(idsOf(matches(r.hits))).toContain('uk-fcdo:RUS0097');
    // One word alone is told it may miss longer names; a full name is not.
    expect(screener.screen({ name: 'Girkin' }).warnings).toEqual([expect.stringMatching(/^only one word was given/)]);
    expect(screener.screen({ name: 'al Girkin' }).warnings).toEqual([expect.stringMatching(/^only one word was given/)]);
    const mixed = screener.screen({ name: 'Igor Гиркин' });
    expect(idsOf(matches(mixed.hits))).toContain('ofac-sdn:16961');
  });
});

import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, parseList } from '../../src/ingest/importer.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener, type ScreenHit } from '../../src/screening/screen.js';

/** Namesakes written in other scripts (a listed word with another given name or surname), against the lists' Latin names only. */
const entities: Entity[] = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset })))).flatMap((p) => p.entities);
const latinOnly = new Screener(new ScreeningIndex(entities.map((e) => ({ ...e, names: e.names.filter((n) => n.script === 'Latin') })).filter((e) => e.names.length)));
const ids = (h: ScreenHit) => [h.entityId, ...h.linked.map((l) => l.entityId)];
const levelOf = (name: string, id: string) => latinOnly.screen({ name }, { limit: 10, includePossible: true }).hits.find((h) => ids(h).includes(id))?.level ?? 'none';

describe('a name of two words whose common word agrees only roughly is a possible match on the name alone', () => {
  it.each([
    // Hafez Aziz against ASSAD, Hafez (アジズ ~ Assad only roughly); Hossam Shiba against Hossein Zebhi (הוסם ~ Hossein).
    ['ハフェズ・アジズ', 'ofac-sdn:29279'],
    ['הוסם שיבה', 'uk-fcdo:IRN0041'],
  ])('%s', (name, id) => {
    expect(levelOf(name, id)).toBe('possible');
  });

  it.each([
    // The same listed names written closely stay matches, as does a common word that agrees closely beside a rarer one.
    ['ハーフェズ・アサド', 'ofac-sdn:29279'],
    ['חאפז אל-אסד', 'ofac-sdn:29279'],
    ['호세인 제브히', 'uk-fcdo:IRN0041'],
    ['מוהמד מוגהיסה', 'uk-fcdo:IRN0052'],
  ])('%s', (name, id) => {
    expect(levelOf(name, id)).toBe('match');
  });
});

describe('the word after Abu or Umm is the kunya’s own, not a middle name', () => {
  it.each([
    // Abu Sharif is another kunya than Abu Makaburi; Abu Ahmad another than Abu Waheed.
    ['Абу Ал-шариф', 'un-sc:6908044'],
    ['Abu-Ahmad ARSHAD', 'un-sc:2832887'],
  ])('%s', (name, id) => {
    expect(levelOf(name, id)).not.toBe('match');
  });

  it('the listed kunya itself is still a match, and the kunya alone is still found', () => {
    expect(levelOf('Абу Макабури Шариф', 'un-sc:6908044')).toBe('match');
    expect(levelOf('Abu Makaburi', 'un-sc:6908044')).not.toBe('none');
  });
});

describe('a syllabic transcription is no national spelling of itself', () => {
  it('its national keys count only where the transcription measure finds the words close: 로우이에 "rouie" is not Rouji', () => {
    expect(levelOf('모하메드 로우이에', 'ofac-sdn:27153')).not.toBe('match');
    // Where the transcription is close, the keys still say the same spelling (함쇼 "hamsyo" is Hamsho, キンギェ Qingye).
    expect(levelOf('아리 무하마드 함쇼', 'ofac-sdn:29070')).toBe('match');
    expect(levelOf('キンギェ・スン', 'ofac-sdn:30967')).toBe('match');
  });
});

import anyAscii from 'any-ascii';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, parseList } from '../../src/ingest/importer.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener, type ScreenHit } from '../../src/screening/screen.js';
import { normaliseName } from '../../src/screening/normalize.js';

/** Organisations' names in Cyrillic languages, whose kind-of-body words the lists translate, against the lists' Latin names only. */
const entities: Entity[] = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset })))).flatMap((p) => p.entities);
const latinOnly = new Screener(new ScreeningIndex(entities.map((e) => ({ ...e, names: e.names.filter((n) => n.script === 'Latin') })).filter((e) => e.names.length)));
const ids = (h: ScreenHit) => [h.entityId, ...h.linked.map((l) => l.entityId)];
const screen = (name: string) => latinOnly.screen({ name }, { limit: 10, includePossible: true }).hits;
const found = (name: string, id: string) => screen(name).find((h) => ids(h).includes(id));
const words = (name: string) => normaliseName(name).tokens.map((t) => t.text);
const meaning = (word: string) => normaliseName(word).tokens[0].foreignIn;

describe('Cyrillic words the lists translate in organisations\' names (translatedWords cyrillic)', () => {
  it.each([
    ['Мрежата на ал-Заркауи', 'uk-fcdo:AQD0028', 'network'],
    [anyAscii('Мрежата на ал-Заркауи'), 'uk-fcdo:AQD0028', 'network'],
    ['Ислямска държава в Ирак', 'un-sc:113966', 'state'],
    ['Исламское государство Ирака', 'un-sc:113966', 'islamic'],
  ])('%s', (name, id, translated) => {
    expect(found(name, id)?.words.find((w) => w.matched === translated)?.how).toBe('translation');
  });

  it('reads a Bulgarian or Macedonian word with its postfixed article, and adjectives in every gender (мрежа, мрежата; ислямски, ислямският)', () => {
    expect(meaning('мрежата')).toEqual(meaning('мрежа'));
    expect(meaning('Pobedniyat')).toBeUndefined();
    for (const w of ['ислямският', 'ислямската', 'исламская', 'ісламська', 'исламскиот', 'Islamska', 'drzava', 'darzhava', 'narodny', 'narodnyj']) expect(meaning(w)).toBeDefined();
  });

  it('strips no article from other words: -та, -то and -а end names (Рената, Abu Seta), and Persian va is not в', () => {
    for (const w of ['Рената', 'Seta', 'Пето', 'va', 'vv', 'vina']) expect(meaning(w)).toBeUndefined();
  });

  it('translates numerals and the generic words of geographical names in a name translated whole (the Land of the Two Rivers)', () => {
    for (const name of ['Кайда на джихад в страната на двете реки', anyAscii('Кайда на джихад в страната на двете реки')]) {
      const hit = found(name, 'uk-fcdo:AQD0028');
      expect(hit?.level).toBe('match');
      for (const english of ['two', 'rivers', 'land']) expect(hit?.words.find((w) => w.matched === english)?.how).toBe('translation');
    }
    expect(found('Организацията на основата на джихад/Страната на двете реки', 'uk-fcdo:AQD0028')?.words.find((w) => w.matched === 'base')?.how).toBe('translation');
  });

  it('leaves out the readings that are other words or names on the lists', () => {
    for (const w of ['Edna', 'Eden', 'Odin', 'Osama', 'pet', 'try', 'more', 'Ostrov', 'Zaliv', 'Ricky', 'Bazi', 'Zahid', 'Sever', 'Severny', 'Yuzhny', 'Zapad']) expect(meaning(w)).toBeUndefined();
    for (const w of ['dvete', 'dve', 'reki', 'reka', 'osnovata', 'planina', 'ezeroto']) expect(meaning(w)).toBeDefined();
  });

  it('drops the Slavic prepositions and conjunctions only in a name holding such a word', () => {
    expect(words('Мрежата на ал-Заркауи')).toEqual(['mrezhata', 'al', 'zarkaui']);
    expect(words('Ислямска държава в Ирак и в Изтока')).toEqual(['islyamska', 'drzhava', 'v', 'irak', 'v', 'iztoka']);
    expect(words('Ли На')).toEqual(['li', 'na']);
    expect(words('Front za Kosovo')).toEqual(['front', 'za', 'kosovo']);
    expect(words('Front za Oslobodjenje Kosova')).toEqual(['front', 'oslobodjenje', 'kosova']);
  });

  it('a name translated scores no higher than the English one, and one of common words alone stays a possible match', () => {
    for (const [translated, english] of [['Ислямска армия', 'Islamic Army'], ['Исламское государство', 'Islamic State'], ['Демократическая партия', 'Democratic Party'], ['Международный банк', 'International Bank']]) {
      const [t, e] = [screen(translated)[0], screen(english)[0]];
      expect(t.score).toBeLessThanOrEqual(e.score);
      if (translated !== 'Демократическая партия') expect(t.level).toBe('possible');
    }
  });
});

describe('Hebrew words the lists translate, and the article and conjunction Hebrew joins to a word', () => {
  it.each([
    ['חזית הנוסרה', 'ofac-sdn:16937', 'front'],
    ['קרן אל-אקצא', 'ofac-sdn:7637', 'foundation'],
    ['הג\'יהאד האסלאמי', 'ofac-sdn:4697', 'islamic'],
  ])('%s', (name, id, translated) => {
    expect(found(name, id)?.words.find((w) => w.matched === translated)?.how).toBe('translation');
  });

  it('reads ה and וה off a word only where the rest is such a word, or in a name holding one', () => {
    expect(words("ארגון התוח'יד והג'האד")).toEqual(['argvn', 'tvkhyd', 'jhad']);
    expect(words('הארגון')).toEqual(['argvn']);
    expect(words('הנייה')).toEqual(['hnyyh']);
    expect(words("ג'מאעה אלתוחיד ואלג'האד")).toEqual(['jmah', 'al', 'tvkhyd', 'valjhad']);
  });
});

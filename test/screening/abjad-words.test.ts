import anyAscii from 'any-ascii';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, parseList } from '../../src/ingest/importer.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener, type ScreenHit } from '../../src/screening/screen.js';
import { normaliseName } from '../../src/screening/normalize.js';
import { validateQuery } from '../../src/screening/query.js';
import { tokenSim } from '../../src/screening/word-sim.js';
import { compareNames, lengthWeight } from '../../src/screening/name-match.js';

/** Words of Arabic, Persian and transcribed names as their writers and libraries write them, against the lists' Latin names only. */
const entities: Entity[] = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset })))).flatMap((p) => p.entities);
const latinOnly = new Screener(new ScreeningIndex(entities.map((e) => ({ ...e, names: e.names.filter((n) => n.script === 'Latin') })).filter((e) => e.names.length)));
const ids = (h: ScreenHit) => [h.entityId, ...h.linked.map((l) => l.entityId)];
/** The hit for the expected record among the first ten, possible matches included. */
const found = (name: string, id: string): ScreenHit | undefined => latinOnly.screen({ name }, { limit: 10, includePossible: true }).hits.find((h) => ids(h).includes(id));
const words = (name: string, schema?: 'Person') => normaliseName(name, schema).tokens.map((t) => t.text);

describe('titles and honorifics as Arabic and Persian names write them', () => {
  it('an Arabic word read without its vowels is not a Latin abbreviation (عمر "mr" is Omar, آدم "adm" Adam)', () => {
    expect(words('عمر يونس')).toEqual(['mr', 'ywns']);
    expect(words(anyAscii('عمر البشير'))).toEqual(['mr', 'lbshyr']);
    expect(words('Mr Smith')).toEqual(['smith']);
    // The listing's Omar Younous and Oumar Younous are equally close: either name's given name pairs with "mr".
    expect(found('عمر يونس', 'un-sc:6908466')?.words.find((w) => w.query === 'mr')?.matched).toMatch(/^ou?mar$/);
    expect(found('آدم خان اچکزی', 'un-sc:3016479')?.level).toBe('match');
  });

  it('Amir, a title that is also a given name, stays on a listed person of two words (AMIR RAHIMI, AMIR ABDULLAH)', () => {
    expect(words('AMIR RAHIMI', 'Person')).toEqual(['amir', 'rahimi']);
    expect(words('Amir Khan Muttaqi', 'Person')).toEqual(['khan', 'muttaqi']);
    expect(found('امیر رحیمی', 'un-sc:110417')?.level).toBe('match');
    // "ABDULLAH, Amir" on one list and "AMIR ABDULLAH" on another are copies of one name, kept together at the candidate limit.
    expect(found('امیر عبد الله', 'un-sc:2913551')).toBeDefined();
  });

  it('a title taken off the listed name that the query says is matched by it (امیر خان متقی: AMIR KHAN MOTAQI)', () => {
    const hit = found('امیر خان متقی', 'un-sc:111042');
    expect(hit?.level).toBe('match');
    expect(hit?.words.find((w) => w.matched === 'amir')?.query).toBe('amyr');
  });
});

describe('words the lists translate in organisations\' names (name-rules.json translatedWords)', () => {
  it.each([
    ['شبكة الزرقاوي', 'ofac-sdn:8759', 'network'],
    ['شبكة خزعلي', 'ofac-sdn:28283', 'network'],
    ['صرافة حنيفة', 'ofac-sdn:21124', 'exchange'],
    [anyAscii('الجهاد الاسلامي المصري'), 'un-sc:113236', 'egyptian'],
  ])('%s', (name, id, translated) => {
    const hit = found(name, id);
    expect(hit?.words.find((w) => w.matched === translated)?.how).toBe('translation');
  });

  it('only across scripts: a Latin word is not its own translation', () => {
    expect(found('Shabaka Haqqani', 'ofac-sdn:15484')?.words.find((w) => w.matched === 'network')).toBeUndefined();
  });
});

describe('Katakana as a library reads it: English stop words and parts after a slash', () => {
  it('ザ・オーガナイゼーション・ベース・オブ・ジハード／メソポタミア is The Organization Base of Jihad/Mesopotamia', () => {
    const reading = 'za-oganaizeshiyon-besu-obu-jihado/mesopotamia';
    // オーガナイゼーション, a trade word of the Katakana table, as the library reads it is its English word (D65).
    expect(normaliseName(reading).tokens.map((t) => [t.text, t.mode])).toEqual([['organization', undefined], ...['besu', 'jihado', 'mesopotamia'].map((w) => [w, 'syllabic'])]);
    expect(found(reading, 'os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL')?.level).toBe('match');
  });

  it('the stop words go in Katakana too (アル・カーイダ・オブ・ジハード・イン・ザ・ランド…)', () => {
    expect(words('アル・カーイダ・オブ・ジハード・イン・ザ・ランド・オブ・ザ・ツー・リバーズ')).toEqual(['aru', 'kaida', 'jihado', 'in', 'rando', 'tsu', 'ribazu']);
    expect(found('aru-kaida-obu-jihado-in-za-rando-obu-za-tsu-ribazu', 'os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL')).toBeDefined();
  });
});

describe('letters and words of an Arabic name in the places Latin writes them', () => {
  it('a final ta marbuta is said t before the next word, and a library\'s final dh may be d and the ta marbuta (القاعدة في جزيرة العرب)', () => {
    const hit = found(anyAscii('القاعدة في جزيرة العرب'), 'un-sc:2881836');
    expect(hit?.words.find((w) => w.matched === 'jazirat')?.sim).toBeGreaterThanOrEqual(0.9);
    // قاعدة as a library reads it without the article: q, d and the ta marbuta's h (not ذ dh).
    const [qaida] = normaliseName(anyAscii('قاعدة جهاد')).tokens;
    expect(qaida.text).toBe('qdh');
    expect(tokenSim(qaida, normaliseName("Qa'idat").tokens[0]).sim).toBeGreaterThanOrEqual(0.9);
  });

  it('a library\'s hamza seats (ئ i\', ؤ u\') are the yod and waw they sit on: ابراهیم رئیسی as "brhym ri\'ysy" is RAISI, Ebrahim', () => {
    const query = anyAscii('ابراهیم رئیسی');
    expect(query).toBe("brhym ri'ysy");
    expect(words(query)).toEqual(['brhym', 'ryysy']);
    expect(found(query, 'ofac-sdn:27844')?.level).toBe('match');
    // A Latin spelling with an apostrophe after i or u is left as written.
    expect(words("Mu'ammar al-Qadhafi")).toEqual(['muammar', 'al', 'qadhafi']);
  });

  it('a short word a library reads with its ta marbuta\'s h is also looked up with the t it is said with (جماعة الدعوة "jm`h ld`wh": Jamaat-ud-Dawa)', () => {
    const query = anyAscii('جماعة الدعوة');
    expect(query).toBe('jm`h ld`wh');
    expect(found(query, 'un-sc:114076')?.level).toBe('match');
    // The t is a key to look the word up by, not a letter of the word: it still reads jmh.
    expect(words(query)).toEqual(['jmh', 'ldwh']);
  });

  it('a library reads ض as d, which Persian and Urdu say z: against a Latin z its d may be ض, not against an s', () => {
    expect(found(anyAscii('فیض الله خان نورزی'), 'un-sc:2975510')?.level).toBe('match');
    const [fyd] = normaliseName(anyAscii('فیض محمد')).tokens;
    expect(fyd.origin).toBe('library');
    expect(tokenSim(fyd, normaliseName('Faiz').tokens[0]).sim).toBeGreaterThanOrEqual(0.85);
    expect(tokenSim(fyd, normaliseName('Fais').tokens[0]).sim).toBeLessThan(0.85);
    // Bulwark's own table reads ض dh: the Arabic script is not a library's reading.
    expect(normaliseName('فیض محمد').tokens[0].origin).not.toBe('library');
  });

  it('the article written apart is not read as a word of a Latin name: محمد الحربي is not KHARROUBI, Ali Mohamed by ال ~ Ali', () => {
    const hit = found('محمد الحربي', 'ofac-sdn:12463');
    expect(hit?.words.some((w) => w.query === 'al')).toBe(false);
    expect(hit?.level).not.toBe('match');
    // The article still pairs with a listed article, and علي with Ali.
    expect(found('ذکی الرحمن لکھوی', 'ofac-sdn:10690')?.words.find((w) => w.query === 'al')?.matched).toBe('al');
    expect(found('علي الحربي', 'ofac-sdn:12463')?.words.find((w) => w.matched === 'ali')?.query).toBe('ly');
    // A European particle an abjad's reading happens to spell is a word of the name: على (Ali as Egypt writes it) reads "la".
    const [la] = normaliseName('على حسن').tokens;
    expect([la.text, la.particle]).toEqual(['la', false]);
    expect(normaliseName('محمد الحربي').tokens.map((t) => t.particle)).toEqual([false, true, false]);
    const cmp = compareNames(normaliseName('على حسن'), normaliseName('Ali Hassan'), lengthWeight, 0.72);
    expect(cmp.pairs.find((p) => p.query === 'la')?.matched).toBe('ali');
  });

  it('of two listed Abduls the one in the same place pairs with the query\'s, leaving the other to its compound', () => {
    const hit = found('عبدالغنی برادر عبد الاحمد ترک', 'un-sc:111040');
    expect(hit?.level).toBe('match');
    expect(hit?.words.find((w) => w.query === 'bdalghny')?.matched).toBe('abdul ghani');
  });
});

describe('a name that holds its aliases, as the UN list writes its original-script fields', () => {
  it('is screened as each name it holds too, and the hit says which', () => {
    const hit = found('حسن غول (Hassan Ghul; Hassan Gul; Hasan Gul)', 'un-sc:2983746');
    expect(hit?.level).toBe('match');
    expect(hit?.reasons.join(' ')).toContain('one of the names the query holds');
    expect(found('Abubakar (original script: Абубакар)', 'un-sc:6908547')?.level).toBe('match');
    expect(validateQuery({ name: 'Abubakar (original script: Абубакар)' }).alternatives.map((a) => a.original)).toEqual(['Abubakar', 'Абубакар']);
  });
});

import { describe, expect, it } from 'vitest';
import type { Entity } from '../../src/domain/entity.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { parseList } from '../../src/ingest/importer.js';
import { BUNDLED_LISTS_DIR } from '../../src/ingest/importer.js';
import { ScreeningIndex } from '../../src/screening/index.js';
import { Screener, type ScreenHit } from '../../src/screening/screen.js';
import { normaliseName } from '../../src/screening/normalize.js';
import { validateQuery } from '../../src/screening/query.js';

// The bundled lists with their Latin names only: the lists also hold these names in kana, Hangul and Chinese
// characters, which would be found as they are written; here they must be found by reading them.
const entities: Entity[] = (await Promise.all(loadListSources().lists.map((s) => parseList(s.format, { path: `${BUNDLED_LISTS_DIR}/${s.main}`, dataset: s.dataset }))))
  .flatMap((p) => p.entities)
  .map((e) => ({ ...e, names: e.names.filter((n) => n.script === 'Latin') }))
  .filter((e) => e.names.length);
const screener = new Screener(new ScreeningIndex(entities));
const hits = (name: string, type?: string) => screener.screen({ name, ...(type ? { type } : {}) }, { limit: 10 }).hits;
const ids = (h: ScreenHit) => [h.entityId, ...h.linked.map((l) => l.entityId)];
const rankOf = (name: string, id: string, type?: string) => hits(name, type).findIndex((h) => ids(h).includes(id));

describe('Hangul and Katakana write w and y in the vowel', () => {
  it('a w left out or written as a vowel is a vowel difference, and a vowel written twice a hiatus: 파아즈 is Fawaz, 아리드 Walid, ウイリアム William', () => {
    expect(rankOf('무스타파 파아즈', 'ofac-sdn:16452')).toBe(0);
    expect(rankOf('아리드 무아렘', 'ofac-sdn:12880')).toBe(0);
    expect(rankOf('모하마드 자아드 아지리', 'uk-fcdo:AFG0035')).toBe(0);
    expect(normaliseName('ウイリアム').tokens[0].fold).toEqual(normaliseName('ウィリアム').tokens[0].fold);
  });
});

describe('a transcribed word is found by every spelling of the listed word', () => {
  it('라우히 is Rawhi, though the lists also spell the word Rawi', () => {
    expect(rankOf('라우히 무시타하', 'ofac-sdn:18527')).toBe(0);
  });

  it('a final h after a vowel, written 흐, is also looked up without it: 수마야흐 is Sumayyah (Sumaya)', () => {
    expect(rankOf('아부 수마야흐', 'ofac-sdn:18593')).toBe(0);
  });

  it('a long word whose consonants the transcription writes alike (포포브, "p") still finds Popov', () => {
    expect(rankOf('데니스 헤나디오비크 포포브', 'uk-fcdo:RUS2398')).toBeGreaterThanOrEqual(0);
  });
});

describe('a Latin c said ts, and the Arabic article el written into a Katakana or Hangul word', () => {
  it('a c of a Polish, Czech, Serbo-Croatian or Hungarian spelling is ㅊ or ツ, as the Korean loanword tables write it (외래어 표기법)', () => {
    expect(rankOf('네리 파루텐초바', 'uk-fcdo:GAC0074')).toBe(0);
    // The Balkan names on the lists are written without their diacritics (KOVACEVIC, JELISIC: Kovačević, Jelisić).
    const kovacevic = hits('블라디미르 코바체비치').find((h) => ids(h).includes('ofac-sdn:7710'));
    expect(kovacevic?.level).toBe('match');
    expect(rankOf('ゴラン・イェリシッチ', 'ofac-sdn:7699')).toBe(0);
  });

  it('a namesake is not made a match by it: Vladimir Kovač is not KOVACEVIC, Vladimir', () => {
    expect(hits('블라디미르 코바치').filter((h) => h.level === 'match')).toEqual([]);
  });

  it('el glued to the word after it votes and compares as al does: 엘바르나오우이 is EL-BARNAOUI, エラトウ El-Atou', () => {
    expect(rankOf('하레드 엘바르나오우이', 'ofac-sdn:15011')).toBe(0);
    expect(rankOf('アフメド・エルジャロウチ', 'uk-fcdo:SYR0248')).toBe(0);
    expect(rankOf('ファウワズ・エラトウ', 'uk-fcdo:SYR0043')).toBe(0);
  });

  it('another Khaled El-… is not Khaled El-Barnaoui', () => {
    expect(hits('하레드 엘바시르').filter((h) => h.level === 'match')).toEqual([]);
  });
});

describe('Japanese names: kana read, trade words in English, other kanji words and particles left out', () => {
  it('a space before a small kana is a break in the source (イジ ュマシュ), and kanji words are not read as Mandarin', () => {
    expect(normaliseName('公開株式会社イジ ュマシュ', 'Organization').tokens.map((t) => t.text)).toEqual(['ijumashu']);
    expect(normaliseName('株式会社学術生産団体イジュマシュ', 'Organization').tokens.map((t) => t.text)).toEqual(['scientific', 'production', 'association', 'ijumashu']);
    expect(normaliseName('イジェフスク機械製造工場地区').tokens.map((t) => t.text)).toEqual(['ijefusuku', 'machinery', 'manufacturing', 'plant']);
    expect(rankOf('株式会社学術生産団体イジュマシュ', 'os-zala:NK-nR5AXM9AVPq4pQaSPSaVam', 'Organization')).toBe(0);
  });

  it('hiragana particles separate words (イラクとレバント地方のイスラム国 is Islamic State of Iraq and the Levant)', () => {
    expect(normaliseName('イラクとレバント地方のイスラム国').tokens.map((t) => t.text)).toEqual(['iraku', 'levant', 'isuramu', 'state']);
    expect(rankOf('イラクとレバント地方のイスラム国', 'os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL', 'Organization')).toBe(0);
  });

  it('trade words in kanji and as Katakana loanwords are read as the English name writes them (航空 aero, システムズ systems, コンツェルン concern)', () => {
    expect(normaliseName('エーレベル航空システムズCST有限会社').tokens.map((t) => t.text)).toEqual(['ereberu', 'aero', 'systems', 'cst']);
    const hit = hits('株式会社カラシニコフ・コンツェルン')[0];
    expect(ids(hit)).toContain('os-zala:NK-nR5AXM9AVPq4pQaSPSaVam');
    expect(hit.level).toBe('match');
    // The other English words of the same meaning pair at the translation level (航空 aviation, Air).
    expect(hits('ザラ航空').find((h) => ids(h).includes('os-zala:NK-abdzbEBkqyT29GyREbiURZ'))?.words.find((w) => w.query === 'aero')?.matched).toBe('aero');
  });

  it('a library\'s reading glues the kana to the characters\' pinyin: the kana are a word of their own, read as kana are, its trade words in English', () => {
    // 株式会社カラシニコフ・コンツェルン and 公開株式会社 イジェフスク機械製造工場 as any-ascii reads them.
    expect(normaliseName('ZhuShiHuiShekarashinikofu-kontsuerun', 'Organization').tokens.map((t) => t.text)).toEqual(['karashinikofu', 'concern']);
    expect(normaliseName('ijiefusukuJiXieZhiZaoGongChang').tokens[0].text).toBe('ijiefusuku');
    const hit = hits('ZhuShiHuiShekarashinikofu-kontsuerun', 'Organization')[0];
    expect(ids(hit)).toContain('os-zala:NK-nR5AXM9AVPq4pQaSPSaVam');
    expect(hit.level).toBe('match');
    // Glued Latin names that only look so stay whole: two whole syllables first, and no kana word begins with a doubled consonant.
    expect(normaliseName('ZhangHengShe').tokens.map((t) => t.text)).toEqual(['zhang', 'heng', 'she']);
    expect(normaliseName('DiMaggio').tokens.map((t) => t.text)).toEqual(['dimaggio']);
    expect(normaliseName('LaToya').tokens.map((t) => t.text)).toEqual(['latoya']);
    expect(normaliseName('DeLaRosa DeLaHoya').tokens.map((t) => t.text)).toEqual(['delarosa', 'delahoya']);
    // The Katakana trade words are English only in a reading of kana: "senta" and "marin" elsewhere are names.
    expect(normaliseName('Senta Marin').tokens.map((t) => t.text)).toEqual(['senta', 'marin']);
    // Two parts of a library's Katakana with its dot as a hyphen are kana when one is such a trade word (カラシニコフ・コンツェルン).
    expect(normaliseName('karashinikofu-kontsuerun').tokens.map((t) => [t.text, t.mode])).toEqual([['karashinikofu', 'syllabic'], ['concern', undefined]]);
    expect(normaliseName('Ana-Maria').tokens.map((t) => t.mode)).toEqual([undefined, undefined]);
  });

  it('a library writes kana in lower case and its yōon as two kana: such a name is kana, read as Hepburn writes the yōon (イジュマシュ "ijiyumashiyu")', () => {
    // イジュマシュ R&D センター as any-ascii reads it: ジュ "jiyu", シュ "shiyu"; the Latin R&D stays Latin.
    expect(normaliseName('ijiyumashiyu R&D senta', 'Organization').tokens.map((t) => [t.text, t.mode])).toEqual([['ijumashu', 'syllabic'], ['rd', undefined], ['center', undefined]]);
    const hit = hits('ijiyumashiyu R&D senta', 'Organization')[0];
    expect(ids(hit)).toContain('os-zala:NK-nR5AXM9AVPq4pQaSPSaVam');
    expect(hit.level).toBe('match');
    // Two words joined by the middle dot's hyphen, in lower case, are kana too: ヴィクトル・ヤヌコーヴィチ, ジュール・ムテブシ.
    expect(hits('bikutoru-yanukobichi')[0]?.matchedName.full).toBe('Viktor Yanukovych');
    expect(rankOf('jiyuresu-mutebushi', 'un-sc:6908009')).toBe(0);
    // A name written with capitals is a Latin name, whatever its syllables.
    expect(normaliseName('Bikutoru-Yanukobichi').tokens.map((t) => t.mode)).toEqual([undefined, undefined]);
    expect(normaliseName('Kiyoshi Miyazaki').tokens.map((t) => [t.text, t.mode])).toEqual([['kiyoshi', undefined], ['miyazaki', undefined]]);
    // A word is the whole of it between spaces: the Persian ezafe after an apostrophe is no word in lower case (a listed name).
    expect(normaliseName("Bonyad-e Ta'avon-e Sepah").tokens.map((t) => t.mode)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('trade words alone do not make a match: a company of another proper name is not one (Izhevsk and Arzamas machine-building plants)', () => {
    expect(hits('公開株式会社 イジェフスク機械製造工場', 'Organization').filter((h) => h.level === 'match')).toEqual([]);
    expect(hits('ヴォルガ航空システムズ有限会社', 'Organization').filter((h) => h.level === 'match')).toEqual([]);
    expect(hits('ウラル・テクノロジー・グループ', 'Organization').filter((h) => h.level === 'match')).toEqual([]);
  });

  it('an acronym spelt by its letters\' Katakana names is the acronym (エー・キュー・アイ AQI), in kana and as a library reads it', () => {
    expect(normaliseName('エー・キュー・アイ').tokens.map((t) => t.text)).toEqual(['aqi']);
    expect(normaliseName('e-kiyu-ai').tokens.map((t) => t.text)).toEqual(['aqi']);
    // One letter name beside a word is a word (アイ・ラブ), and so are two read by a library ("ai-bi").
    expect(normaliseName('アイ・ラブ').tokens.map((t) => t.text)).toEqual(['ai', 'rabu']);
    expect(normaliseName('ai-bi').tokens.map((t) => t.text)).toEqual(['ai', 'bi']);
    expect(rankOf('エー・キュー・アイ', 'os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL')).toBe(0);
  });

  it('an alias list in full-width brackets after 別称, the names parted by the ideographic comma, is each name it holds', () => {
    const name = '（別称、有限会社TsST、有限会社CST、ザラ・アエロ）';
    expect(validateQuery({ name }).alternatives.filter((a) => a.alias).map((a) => a.original)).toEqual(['有限会社TsST', '有限会社CST', 'ザラ・アエロ']);
    // A part that is only a legal form is no name: 華信船務(香港)有限公司 holds its place in brackets.
    expect(validateQuery({ name: '華信船務(香港)有限公司' }).alternatives.filter((a) => a.alias).map((a) => a.original)).toEqual(['華信船務', '香港']);
    // LLC CST (ZALA Aero Group): the OpenSanctions record or the UK list's.
    const hit = hits(name)[0];
    expect(['os-zala:NK-abdzbEBkqyT29GyREbiURZ', 'uk-fcdo:RUS1712']).toContain(hit.entityId);
    expect(hit.level).toBe('match');
  });

  it('an English r after a vowel and before none is not said, and Katakana writes the vowel long (リバーズ Rivers)', () => {
    for (const name of ['アル・カーイダ・オブ・ジハード・イン・ザ・ランド・オブ・ザ・ツー・リバーズ', 'aru-kaida-obu-jihado-in-za-rando-obu-za-tsu-ribazu']) {
      const hit = hits(name, 'Organization').find((h) => ids(h).includes('os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL'));
      expect(hit?.level).toBe('match');
      expect(hit?.words.find((w) => w.query === 'ribazu')?.matched).toBe('rivers');
    }
  });

  it('English words a Katakana rendering writes out (オブ, ザ) are those words', () => {
    const name = 'カーイダ・オブ・ザ・ジハード・イン・ザ・ランド・オブ・ザ・ツー・リバーズ';
    expect(normaliseName(name).tokens.map((t) => t.text)).not.toContain('obu');
    expect(rankOf(name, 'os-delta-sample:NK-2T3S8Hu29ktYnKSTgQp2wL', 'Organization')).toBeGreaterThanOrEqual(0);
    // ザ inside a word is za: ザラ・アエロ is Zala Aero.
    expect(normaliseName('ザラ・アエロ').tokens.map((t) => t.text)).toEqual(['zara', 'aero']);
  });
});

describe('a Chinese company name is also read with its trade words translated', () => {
  it.each([
    ['沈忠國際海運有限公司', 'un-sc:6908696'],
    ['華信船務(香港)有限公司', 'un-sc:6908693'],
  ])('%s', (name, id) => {
    const hit = hits(name, 'Organization')[0];
    expect(ids(hit)).toContain(id);
    expect(hit.level).toBe('match');
    expect(hit.reasons.join(' ')).toContain('trade words translated');
  });

  it('a name without trade words is not read again (李明秀 keeps its readings), nor one as short as a person\'s (张国际, ZhangGuoJi)', () => {
    expect(hits('李明秀').some((h) => h.reasons.join(' ').includes('trade words'))).toBe(false);
    expect(validateQuery({ name: '张国际' }).alternatives.some((a) => a.readAs?.includes('trade words'))).toBe(false);
    expect(validateQuery({ name: 'ZhangGuoJi' }).alternatives.some((a) => a.readAs?.includes('trade words'))).toBe(false);
  });

  it('as a library reads it, its pinyin syllables glued (ShenZhongGuoJiHaiYunYouXianGongSi: GuoJi international, HaiYun shipping)', () => {
    const hit = hits('ShenZhongGuoJiHaiYunYouXianGongSi')[0];
    expect(ids(hit)).toContain('un-sc:6908696');
    expect(hit.level).toBe('match');
    expect(hit.reasons.join(' ')).toContain('pinyin with its trade words translated');
    // A place is read only where the name begins: ZhongGuo here is the trade name's 忠 and 國際's 國, not 中国 China.
    expect(validateQuery({ name: 'ShenZhongGuoJiHaiYunYouXianGongSi' }).alternatives.find((a) => a.readAs)?.tokens.map((t) => t.text)).toEqual(['shen', 'zhong', 'international', 'shipping']);
  });

  it('trade words alone do not make a match: Great Wall International Shipping is not Shen Zhong International Shipping', () => {
    for (const name of ['长城国际海运有限公司', 'ChangChengGuoJiHaiYunYouXianGongSi']) expect(hits(name).filter((h) => h.level === 'match')).toEqual([]);
    // Nor a place and a trade word: 中国银行, "china bank", is not SINA BANK.
    expect(hits('中国银行').filter((h) => h.level === 'match')).toEqual([]);
  });
});

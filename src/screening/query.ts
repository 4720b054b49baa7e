import type { Schema } from '../domain/entity.js';
import { countryCode } from '../domain/countries.js';
import { BulwarkError } from '../errors.js';
import { MAX_FIELD_LENGTH, MAX_NAME_LENGTH } from '../domain/text.js';
import { parseDates } from '../domain/dates.js';
import { unreadableScripts } from '../domain/script.js';
import { cantoneseReadings, koreanReading, TRADE_ENGLISH, translatedPinyin, translatedReading } from './han.js';
import { japaneseReadings } from './japanese.js';
import { greekFromLibrary, hebrewFromLibrary, scriptReadings } from './transliterate.js';
import { heldNames, heldReadings } from './held-names.js';
import { normaliseName, type NormalisedName } from './normalize.js';

/** The most names a query holding its aliases is screened as (each is a screening of its own). */
const MAX_ALIASES = 8;

const scriptList = (scripts: string[]) => `the ${scripts.join(' and ')} script${scripts.length > 1 ? 's' : ''}`;

/** A screening request as a person or a CSV row gives it. */
export interface ScreenQuery {
  name: string;
  type?: string;
  dob?: string;
  country?: string;
  id?: string;
}

export interface ValidQuery {
  name: string;
  norm: NormalisedName;
  /** Other readings of the same name, screened too (a Hangul name that may be a foreign one; Chinese characters read as Korean). */
  alternatives: NormalisedName[];
  schema?: Schema;
  dob?: string;
  country?: string;
  identifier?: string;
  warnings: string[];
}

/** Checks and normalises a query; every problem is a BWK_ERR_INPUT naming the field. */
export function validateQuery(q: ScreenQuery): ValidQuery {
  const warnings: string[] = [];
  if (typeof q.name !== 'string' || !q.name.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'the name is empty', { field: 'name' });
  // Control characters come from copy-and-paste; they are removed, and the user told.
  if (/[\p{Cc}\p{Cf}]/u.test(q.name.replace(/[\t\n\r]/g, ' '))) warnings.push('control characters were removed from the name');
  let name = q.name.replace(/[\p{Cc}\p{Cf}]/gu, (c) => (/\s/.test(c) ? ' ' : ''));
  name = name.replace(/\s+/g, ' ').trim();
  if (!name) throw new BulwarkError('BWK_ERR_INPUT', 'the name holds only control characters', { field: 'name' });
  // A field holding several names (a list's original-script field pasted whole) may be longer than one name may be.
  const holds = heldNames(name);
  if (name.length > MAX_NAME_LENGTH && (name.length > MAX_FIELD_LENGTH || !holds.length || holds.some((p) => p.length > MAX_NAME_LENGTH))) {
    throw new BulwarkError('BWK_ERR_INPUT', `the name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH} for a name, ${MAX_FIELD_LENGTH} for several in brackets or after semicolons, each at most ${MAX_NAME_LENGTH}`, { field: 'name' });
  }
  const schema = q.type ? schemaOf(q.type) : undefined;
  if (q.type && !schema) throw new BulwarkError('BWK_ERR_INPUT', `unknown type "${q.type}" (use person, organisation, vessel or aircraft)`, { field: 'type' });
  const norm = normaliseName(name, schema);
  // Hangul and Chinese characters without a dot may be a local name read syllable by syllable or a foreign
  // name transcribed ("마림 살만" is Maalim Salman): both readings are screened.
  const alternatives: NormalisedName[] = (norm.script === 'Hangul' || norm.script === 'Han') && !norm.transcription ? [normaliseName(name, schema, 'transcription')] : [];
  // Chinese characters may write a Korean name (金正恩, Kim Jong Un), a Hong Kong one (林鄭月娥, Lam Cheng Yuet-ngor) or a Japanese one: read each way too;
  // a company's name with its trade words translated (沈忠國際海運, Shen Zhong International Shipping).
  if (norm.script === 'Han' && !norm.transcription) {
    const korean = koreanReading(name);
    if (korean) alternatives.push({ ...normaliseName(korean, schema), readAs: 'Korean' });
    for (const other of cantoneseReadings(name)) alternatives.push({ ...normaliseName(other, schema), readAs: 'Cantonese' });
    // A Japanese name in kanji (高山清司, Takayama Kiyoshi), read by a dictionary of Japanese names.
    if (schema === undefined || schema === 'Person') for (const r of japaneseReadings(name)) alternatives.push({ ...normaliseName(r, schema), readAs: 'Japanese' });
    const translated = translatedReading(name);
    if (translated) alternatives.push({ ...normaliseName(translated, schema), readAs: 'Chinese with its trade words translated', translated: TRADE_ENGLISH });
  }
  // Greek as a library reads it, letter by letter ("Moyamant Gkalemp"), is read as the Greek letters are (Μουχαμάντ Γκάλεμπ, Muhamad Ghaleb).
  const greek = norm.script === 'Latin' ? greekFromLibrary(name) : undefined;
  if (greek) alternatives.push({ ...normaliseName(greek, schema), readAs: 'Greek a library wrote letter by letter' });
  // Letters a script writes a foreign sound with and its own too are read both ways (Μουχαμάντ Muhammad, Άντον Anton).
  for (const r of scriptReadings(name, norm.script)) {
    const n = normaliseName(r.text, schema);
    if (n.script === norm.script) alternatives.push({ ...n, original: n.tokens.map((t) => t.text).join(' '), readAs: r.readAs });
  }
  // Hebrew as a library reads it, letter by letter ("mvhmd"), is read as the Hebrew letters are (מוהמד, Muhammad).
  const hebrew = norm.script === 'Latin' && !greek ? hebrewFromLibrary(name) : undefined;
  if (hebrew) alternatives.push({ ...normaliseName(hebrew, schema), readAs: 'Hebrew a library wrote letter by letter' });
  // A library's reading of a Chinese company's name, its pinyin syllables glued, with its trade words ("GuoJi" international).
  const pinyinTranslated = norm.script === 'Latin' ? translatedPinyin(name) : undefined;
  if (pinyinTranslated) alternatives.push({ ...normaliseName(pinyinTranslated, schema), readAs: 'Chinese pinyin with its trade words translated', translated: TRADE_ENGLISH });
  // A name that holds its aliases in brackets or after semicolons, as the UN list writes its original-script fields
  // ("جبهة النصرة (the Victory Front; Jabhat al-Nusrah)", "Abubakar (original script: Абубакар)"), or after the
  // ideographic comma, as Japanese and Chinese lists do ("（別称、有限会社TsST、ザラ・アエロ）"), is screened as each of the
  // names it holds too.
  alternatives.push(...heldReadings(holds, schema, MAX_ALIASES));
  const unreadable = unreadableScripts(name);
  if (!norm.tokens.length) {
    const why = unreadable.length ? `it is written in ${scriptList(unreadable)}, which Bulwark cannot read into Latin letters` : 'it has no letters or digits to match';
    throw new BulwarkError('BWK_ERR_INPUT', `the name "${name}" cannot be screened: ${why}`, { field: 'name' });
  }
  if (unreadable.length) warnings.push(`the part of the name in ${scriptList(unreadable)} could not be read and was left out`);
  // One word is thin evidence: a listed name of more words scores below the level shown, so no hit is not "not listed".
  if (norm.tokens.filter((t) => !t.particle).length === 1 && !q.id?.trim()) warnings.push('only one word was given: listed names with more words score lower and may not be shown; screen the full name');
  let dob: string | undefined;
  if (q.dob?.trim()) {
    const d = parseDates(q.dob.trim());
    if (d.length !== 1) throw new BulwarkError('BWK_ERR_INPUT', `"${q.dob}" is not a date of birth (use DD/MM/YYYY, YYYY-MM-DD, MM/YYYY or YYYY)`, { field: 'dob' });
    if (d[0] > new Date().toISOString().slice(0, d[0].length)) throw new BulwarkError('BWK_ERR_INPUT', `date of birth ${q.dob} is in the future`, { field: 'dob' });
    dob = d[0];
  }
  let country: string | undefined;
  if (q.country?.trim()) {
    country = countryCode(q.country);
    if (!country) throw new BulwarkError('BWK_ERR_INPUT', `unknown country "${q.country}" (use a name or a two-letter ISO code)`, { field: 'country' });
  }
  const identifier = q.id?.trim() || undefined;
  return { name, norm, alternatives: alternatives.filter((a) => a.tokens.length), ...(schema ? { schema } : {}), ...(dob ? { dob } : {}), ...(country ? { country } : {}), ...(identifier ? { identifier } : {}), warnings };
}

/** The kind of party a query names, in Bulwark's words or FollowTheMoney's. */
export function schemaOf(text: string | undefined): Schema | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  if (['person', 'individual', 'people'].includes(t)) return 'Person';
  // FollowTheMoney's schema names (LegalEntity, Company, PublicBody, Airplane) are accepted as they are written.
  if (['organization', 'organisation', 'entity', 'company', 'org', 'legalentity', 'publicbody'].includes(t)) return 'Organization';
  if (['vessel', 'ship'].includes(t)) return 'Vessel';
  if (['aircraft', 'airplane', 'plane'].includes(t)) return 'Aircraft';
  return undefined;
}

import { describe, expect, it } from 'vitest';
import { parseList } from '../../src/ingest/importer.js';
import { LISTS } from '../helpers/stores.js';

const parse = (format: string, path: string, options?: Record<string, string>) =>
  parseList(format, { path: LISTS + path, dataset: 'test', ...(options ? { options } : {}) });
type Parsed = Awaited<ReturnType<typeof parse>>;
const byId = (r: Parsed, sourceId: string) => {
  const e = r.entities.find((x) => x.sourceId === sourceId);
  if (!e) throw new Error(`no ${sourceId}`);
  return e;
};
const schemaCounts = (r: Parsed) =>
  r.entities.reduce<Record<string, number>>((m, e) => ({ ...m, [e.schema]: (m[e.schema] ?? 0) + 1 }), {});

const sdn = await parse('ofac-csv', 'ofac/sdn.csv');
describe('OFAC legacy CSV', () => {
  it('reads every SDN record with the published type counts', async () => {
    expect(sdn.entities).toHaveLength(8976);
    expect(schemaCounts(sdn)).toEqual({ Person: 4620, Organization: 3673, Vessel: 406, Aircraft: 277 });
  });
  it('parses DOB, birthplace and programme from the remarks', async () => {
    const y = byId(sdn, '16641');
    expect(y.caption).toBe('YANUKOVYCH, Viktor Fedorovych');
    expect(y.names[0]).toMatchObject({ family: 'YANUKOVYCH', given: 'Viktor Fedorovych' });
    expect(y.birthDates).toEqual(['1950-07-09']);
    expect(y.birthPlaces[0]).toContain('Yenakiyeve');
    expect(y.programs).toEqual(['UKRAINE-EO13660']);
  });
  it('splits programmes joined by "] [" and reads identifiers with their country', async () => {
    const g = byId(sdn, '16961');
    expect(g.identifiers).toContainEqual(expect.objectContaining({ type: 'passport', value: '4506460961' }));
    expect(g.countries).toContainEqual({ role: 'citizenship', code: 'RU', name: 'Russia' });
    const galindo = byId(sdn, '4324');
    expect(galindo.identifiers).toContainEqual(expect.objectContaining({ type: 'passport', value: 'AF127300', country: 'Colombia' }));
    expect(galindo.identifiers).toContainEqual(expect.objectContaining({ type: 'national_id', value: '31538790' }));
    const multi = sdn.entities.find((e) => e.programs.length > 1)!;
    expect(multi.programs.every((p) => !p.includes(']'))).toBe(true);
  });
  it('joins aliases, addresses and the comments overflow by ent_num', async () => {
    const cubana = byId(sdn, '36');
    expect(cubana.schema).toBe('Organization');
    expect(cubana.names.map((n) => n.full)).toContain('AERO-CARIBBEAN');
    expect(cubana.addresses[0]).toMatchObject({ city: 'Havana', countryCode: 'CU' });
    const lazarus = byId(sdn, '28263');
    expect(lazarus.remarks.join(' ')).toContain('Linked To: LAZARUS GROUP');
    const raw = lazarus.raw as { comments: string[] };
    expect(raw.comments).toHaveLength(1);
  });
  it('reads the non-SDN consolidated set with its own companions', async () => {
    const cons = await parse('ofac-csv', 'ofac/cons_prim.csv');
    expect(cons.entities).toHaveLength(442);
    expect(schemaCounts(cons)).toEqual({ Person: 79, Organization: 363 });
  });
});

const un = await parse('un-xml', 'un/consolidated.xml');
describe('UN consolidated XML', () => {
  it('reads 730 individuals and 273 entities with the generation date', async () => {
    expect(schemaCounts(un)).toEqual({ Person: 730, Organization: 273 });
    expect(un.dataDate).toBe('2026-02-27');
  });
  it('keeps the reference number, original script and alias quality', async () => {
    const akram = byId(un, '2892251');
    expect(akram.caption).toBe('AKRAM TURKI HISHAN AL-MAZIDIH');
    expect(akram.identifiers).toContainEqual({ type: 'un_ref', value: 'QDi.276' });
    expect(akram.names.find((n) => n.script === 'Arabic')?.full).toBe('أكرم تركي هاشم المزيده');
    expect(akram.names.find((n) => n.full === 'Abu Jarrah')?.strength).toBe('weak');
    expect(akram.names.find((n) => n.full === 'Akram Turki Al-Hishan')?.strength).toBe('strong');
    expect(akram.listedOn).toBe('2010-03-11');
  });
  it('keeps approximate years of birth', async () => {
    const mansur = un.entities.find((e) => e.identifiers.some((i) => i.value === 'TAi.007'))!;
    expect(mansur.birthDates).toContain('1968');
  });
});

describe('UK lists', () => {
  it('reads the official FCDO XML with its placeholders, padded ids and leading zeros', async () => {
    const uk = await parse('uk-xml', 'uk/uk_sanctions_list_sample.xml');
    expect(uk.entities.map((e) => `${e.sourceId}:${e.schema}`)).toEqual(['AFG0011:Person', 'AQD0128:Person', 'AQD0377:Organization', 'DPR0075:Vessel']);
    const afg = byId(uk, 'AFG0011');
    expect(afg.birthDates).toEqual(['1968', '1967-11-12']);
    expect(afg.identifiers).toContainEqual(expect.objectContaining({ type: 'passport', value: 'D0009720' }));
    const aqd = byId(uk, 'AQD0128');
    expect(aqd.names[0].kind).toBe('primary');
    expect(aqd.caption).toBe('AKRAM TURKI HISHAN AL-MAZIDIH');
    expect(aqd.birthDates).toEqual(expect.arrayContaining(['1974', '1975', '1979', '1958-09', '1985']));
    expect(aqd.identifiers).toContainEqual(expect.objectContaining({ type: 'national_id', value: '0075258' }));
    expect(aqd.identifiers).toContainEqual({ type: 'un_ref', value: 'QDi.276' });
    expect(byId(uk, 'DPR0075').identifiers).toContainEqual({ type: 'imo', value: '9562233' });
    expect(uk.dataDate).toBe('2026-08-14');
  });
  it('reads the whole derived UK list: 6,046 designations and their names', async () => {
    const uk = await parse('uk-fcdo-derived', 'uk/fcdo_derived_2026-05');
    expect(schemaCounts(uk)).toEqual({ Person: 3883, Organization: 1531, Vessel: 632 });
    const girkin = byId(uk, 'RUS0097');
    expect(girkin.caption).toBe('Igor Vsevolodovich Girkin');
    expect(girkin.names.map((n) => n.full)).toEqual(expect.arrayContaining(['Igor STRELKOV', 'Shooter']));
    expect(uk.entities.every((e) => e.identifiers.every((i) => !i.value.startsWith("'")))).toBe(true);
  });
  it('reads the legacy OFSI ConList in Windows-1252, grouping names by Group ID', async () => {
    const ofsi = await parse('ofsi-csv', 'uk/ofsi_conlist_sample_2020.csv');
    expect(ofsi.entities).toHaveLength(41);
    const qahtani = byId(ofsi, '13349');
    expect(qahtani.identifiers).toContainEqual({ type: 'un_ref', value: 'QDe.004' });
    expect(qahtani.birthDates).toEqual(['1980', '1981']);
    expect(qahtani.countries).toContainEqual({ role: 'nationality', code: 'QA', name: 'Qatar' });
    // Windows-1252 bytes decode to the right characters (0xB4 is the acute accent), never to U+FFFD.
    const raw = JSON.stringify(ofsi.entities.map((e) => e.raw));
    expect(raw).not.toContain('\ufffd');
    expect(raw).toContain('Lugansk People\u00b4s Republic');
  });
});

describe('EU, Canada, US and OpenSanctions', () => {
  it('reads EU entities with every language version of a name', async () => {
    const eu = await parse('eu-xml', 'eu/eu_fsf_sample.xml');
    expect(eu.entities.map((e) => e.sourceId)).toEqual(['13', '191', '980', '330']);
    const saddam = byId(eu, '13');
    expect(saddam.names.map((n) => n.full)).toEqual(expect.arrayContaining(['Saddam Hussein Al-Tikriti', 'Abou Ali']));
    expect(saddam.birthDates).toEqual(['1937-04-28']);
    expect(saddam.countries).toContainEqual({ role: 'citizenship', code: 'IQ', name: 'Iraq' });
  });
  it('reads the Canadian list, trimming padded names', async () => {
    const ca = await parse('canada-xml', 'canada/sema-lmes.xml');
    expect(schemaCounts(ca)).toEqual({ Person: 985, Organization: 384 });
    const girkin = ca.entities.find((e) => e.caption === 'Igor GIRKIN')!;
    expect(girkin.names.map((n) => n.full)).toContain('Igor STRELKOV');
    expect(girkin.countries[0].code).toBe('RU');
  });
  it('reads both Consolidated Screening List layouts', async () => {
    expect((await parse('csl-csv', 'us/csl.csv')).entities).toHaveLength(115);
    const csl25 = await parse('csl-csv', 'us/csl_2025_sample.csv');
    expect(csl25.entities).toHaveLength(13);
    expect(csl25.entities[0].sourceId).toBe('233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b');
    const csl = await parse('csl-csv', 'us/csl.csv');
    expect(csl.entities.find((e) => e.caption === 'ADRIAN MANUEL HERNANDEZ')).toBeDefined();
  });
  it('reads the Denied Persons List, reporting exact duplicate rows instead of dropping them silently', async () => {
    const dpl = await parse('dpl-tsv', 'us/dpl.txt');
    expect(dpl.entities.length + dpl.skipped.length).toBe(581);
    expect(dpl.skipped.every((s) => s.reason.startsWith('duplicate'))).toBe(true);
    expect(dpl.dataDate).toBe('2022-09-02');
  });
  it('reads FollowTheMoney entities and deltas, attaching sanctions and cross-list referents', async () => {
    const zala = await parse('ftm-json', 'opensanctions/zala_cluster.entities.ftm.json');
    expect(schemaCounts(zala)).toEqual({ Person: 6, Organization: 11 });
    const osetrova = zala.entities.find((e) => e.caption === 'Maria Aleksandrovna Osetrova')!;
    expect(osetrova.names.some((n) => n.script === 'Cyrillic')).toBe(true);
    expect(osetrova.identifiers).toContainEqual({ type: 'uk_ref', value: 'RUS2053' });
    expect(osetrova.programs.length).toBeGreaterThan(0);
    expect((await parse('ftm-json', 'opensanctions/t2_sample.entities.delta.json')).entities).toHaveLength(2);
  });
  it('reads an office list through the generic CSV importer with a column mapping', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/bwk-`);
    // Rows copied from real listings (UN QDi.276 and OFAC 16961), laid out as an office would keep them.
    writeFileSync(`${dir}/alert.csv`, 'Full name,Born,Kind,Notes\nAKRAM TURKI HISHAN AL-MAZIDIH,1974,person,UN Ref QDi.276\n"GIRKIN, Igor Vsevolodovich",17/12/1970,person,\n');
    const r = await parseList('csv', { path: `${dir}/alert.csv`, dataset: 'office', options: { map: 'name=Full name,dob=Born,type=Kind,remarks=Notes' } });
    expect(r.entities).toHaveLength(2);
    expect(r.entities[0].identifiers).toContainEqual({ type: 'un_ref', value: 'QDi.276' });
    expect(r.entities[1].birthDates).toEqual(['1970-12-17']);
  });
  it('a repeated id in a CSV list is the same party: its other names become aliases', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/bwk-`);
    // OFAC 16961's names, one row per name as many exports write them; LegalEntity as FollowTheMoney names it.
    writeFileSync(`${dir}/aliases.csv`, 'id,name,type,dob\n16961,"GIRKIN, Igor Vsevolodovich",person,17/12/1970\n16961,STRELKOV Igor,person,\n16911,KALASHNIKOV CONCERN,LegalEntity,\n');
    const r = await parseList('csv', { path: `${dir}/aliases.csv`, dataset: 'office' });
    expect(r.entities).toHaveLength(2);
    expect(r.skipped).toEqual([]);
    expect(r.entities[0].names.map((n) => [n.full, n.kind])).toEqual([['GIRKIN, Igor Vsevolodovich', 'primary'], ['STRELKOV Igor', 'alias']]);
    expect(r.entities[0].birthDates).toEqual(['1970-12-17']);
    expect(r.entities[1].schema).toBe('Organization');
  });
});

import { basename, dirname, join } from 'node:path';
import type { IdentifierType, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { buildAll, clean, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { csvRows, readListFile, type LoadedFile } from '../read.js';

/** OFAC's null marker is the literal "-0-" (written "-0- " with a trailing space). */
function val(s: string | undefined): string {
  const v = clean(s);
  return v === '-0-' ? '' : v;
}

/** OFAC's remarks column holds 1,000 characters; longer remarks continue in the comments file. */
const REMARKS_WIDTH = 1000;

const SDN_TYPES: Record<string, Schema> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Aircraft', '': 'Organization' };

/** Remark labels that introduce an identifier, longest first, and the type each one is. */
const ID_LABELS: [RegExp, IdentifierType][] = [
  [/^Passport\b/i, 'passport'],
  [/^(?:National ID No\.|Cedula No\.|Identification Number|C\.U\.R\.P\.|SSN|Personal ID Card|Citizen's Card Number|Kenyan ID No\.|Bosnian Personal ID No\.|NIE|DNI|C\.I\.F\.|Residency Number)/i, 'national_id'],
  [/^(?:Tax ID No\.|RFC|NIT #|R\.U\.C\. #|RUC #|CUIT|VAT Number|Tax ID|INN|TIN)/i, 'tax_id'],
  [/^(?:Vessel Registration Identification IMO|IMO)\b/i, 'imo'],
  [/^MMSI\b/i, 'mmsi'],
  [/^SWIFT\/BIC\b/i, 'swift'],
  [/^(?:Registration ID|Registration Number|Company Number|Business Registration Document #|Business Registration Number|Commercial Registry Number|Government Gazette Number|Public Registration Number|Legal Entity Number|Certificate of Incorporation Number|Trade License No\.|UK Company Number|Chamber of Commerce Number|Matricula Mercantil No|Enterprise Number|D-U-N-S Number|Unified Social Credit Code \(USCC\))/i, 'registration'],
  [/^Aircraft (?:Manufacturer's Serial Number \(MSN\)|Construction Number \(also called L\/N or S\/N or F\/N\))/i, 'serial'],
  [/^Aircraft Tail Number/i, 'registration'],
];

/** Parses OFAC's semi-structured remarks ("DOB …; POB …; Passport … (Iran); a.k.a. '…'") into the builder. */
export function applyOfacRemarks(b: EntityBuilder, remarks: string): void {
  for (const rawPart of remarks.split(/;\s*/)) {
    const part = clean(rawPart).replace(/\.$/, '');
    if (!part) continue;
    const p = part.replace(/^alt\.\s+/i, '');
    let m: RegExpMatchArray | null;
    if ((m = p.match(/^DOB\s+(.+)$/i))) b.birthDate(m[1]);
    else if ((m = p.match(/^POB\s+(.+)$/i))) {
      b.birthPlace(m[1]);
      const last = m[1].split(',').pop();
      b.country(last, 'birth');
    } else if ((m = p.match(/^nationality\s+(.+)$/i))) b.country(m[1], 'nationality');
    else if ((m = p.match(/^citizen\s+(.+)$/i))) b.country(m[1], 'citizenship');
    else if ((m = p.match(/^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$/i))) b.name(m[1], { kind: 'alias', strength: 'weak' });
    else {
      const id = ID_LABELS.find(([re]) => re.test(p));
      if (id) {
        const rest = p.replace(id[0], '').trim();
        const mm = rest.match(/^([^\s(]+(?:\s+[^\s(]+)?)(?:\s+\(([^)]+)\))?/);
        if (mm) {
          // Values are one or two tokens ("AB 123456"); keep two only when the second is numeric.
          const tokens = mm[1].split(/\s+/);
          const value = tokens.length === 2 && /\d/.test(tokens[1]) && !/\d/.test(tokens[0]) ? mm[1] : tokens[0];
          b.identifier(id[1], value, mm[2], rest);
        }
      }
    }
  }
  b.remark(remarks);
}

/** Companion files of an OFAC legacy CSV set: sdn.csv → add.csv/alt.csv/sdn_comments.csv; cons_prim.csv → cons_*. */
export function ofacCompanions(path: string): { add: string; alt: string; comments: string } {
  const dir = dirname(path);
  const base = basename(path).toLowerCase();
  const prefix = base.startsWith('cons_') ? 'cons_' : '';
  return {
    add: join(dir, `${prefix}add.csv`),
    alt: join(dir, `${prefix}alt.csv`),
    comments: join(dir, prefix ? 'cons_comments.csv' : 'sdn_comments.csv'),
  };
}

function rowsOf(file: LoadedFile, width: number, trailer: boolean) {
  // OFAC ends its files with a lone Ctrl-Z (0x1A) end-of-file byte: without it the file was cut short.
  if (trailer && !/\x1a\s*$/.test(file.text)) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file does not end with OFAC\'s end-of-file mark (Ctrl-Z): it is cut short or was re-saved; download it again', { file: file.path });
  }
  const text = file.text.replace(/\x1a\s*$/, '');
  const rows = csvRows({ ...file, text }, { relax_quotes: true, skip_empty_lines: true });
  for (const r of rows) {
    if (r.cells.length !== width) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${width} columns, found ${r.cells.length}`, {
        file: file.path,
        line: r.line,
      });
    }
    if (!/^\d+$/.test(clean(r.cells[0]))) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num "${clean(r.cells[0]).slice(0, 40)}" is not a number`, {
        file: file.path,
        line: r.line,
      });
    }
  }
  return rows;
}

function parseOfac(input: ParseInput): ParseResult {
  const main = readListFile(input.path);
  const comp = ofacCompanions(input.path);
  const add = readListFile(comp.add);
  const alt = readListFile(comp.alt);
  const comments = readListFile(comp.comments);
  const files = [main, add, alt, comments];

  const builders = new Map<string, { b: EntityBuilder; remarks: string }>();
  for (const { cells, line } of rowsOf(main, 12, true)) {
    const [entNum, name, type, program, title, callSign, vessType, tonnage, grt, flag, owner, remarks] = cells.map(val);
    const schema = SDN_TYPES[type.toLowerCase()];
    if (!schema) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown SDN_Type "${type}"`, { file: main.path, line, record: entNum });
    }
    if (builders.has(entNum)) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num ${entNum} appears twice`, { file: main.path, line, record: entNum });
    }
    const raw = { sdn: cells, add: [] as string[][], alt: [] as string[][], comments: [] as string[] };
    const b = new EntityBuilder(input.dataset, entNum, schema, raw);
    const comma = name.indexOf(', ');
    const family = schema === 'Person' && comma > 0 ? name.slice(0, comma) : undefined;
    const given = family ? name.slice(comma + 2) : undefined;
    b.name(name, { kind: 'primary', given, family });
    for (const p of program.split('] [')) b.program(p.replace(/^\[|\]$/g, ''));
    if (callSign) b.identifier('call_sign', callSign);
    if (flag) b.country(flag, 'flag');
    if (title) b.remark(`Title: ${title}`);
    if (vessType || tonnage || grt || owner) {
      b.remark([vessType && `Vessel type ${vessType}`, tonnage && `Tonnage ${tonnage}`, grt && `GRT ${grt}`, owner && `Owner ${owner}`].filter(Boolean).join('; '));
    }
    builders.set(entNum, { b, remarks });
  }
  const find = (file: LoadedFile, entNum: string, line: number) => {
    const e = builders.get(entNum);
    if (!e) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num ${entNum} is not in ${basename(main.path)}`, { file: file.path, line });
    return e;
  };
  for (const { cells, line } of rowsOf(comments, 2, false)) {
    const e = find(comments, val(cells[0]), line);
    (e.b.entity.raw as { comments: string[] }).comments.push(cells[1]);
    // The overflow text continues mid-word.
    e.remarks += cells[1] === '-0- ' ? '' : cells[1];
  }
  // A remark that fills its column continues in the comments file; a missing continuation means that file was cut.
  const unfinished = [...builders].filter(([, e]) => (e.b.entity.raw as { sdn: string[]; comments: string[] }).sdn[11].length >= REMARKS_WIDTH && !(e.b.entity.raw as { comments: string[] }).comments.length);
  if (unfinished.length) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${unfinished.length} record(s) have remarks that fill the ${REMARKS_WIDTH}-character column but no continuation here (first: ent_num ${unfinished[0][0]}): the comments file is incomplete or cut short`, { file: comments.path });
  }
  for (const { b, remarks } of builders.values()) if (remarks) applyOfacRemarks(b, remarks);
  for (const { cells, line } of rowsOf(alt, 5, true)) {
    const [entNum, , altType, altName, altRemarks] = cells.map(val);
    const e = find(alt, entNum, line);
    (e.b.entity.raw as { alt: string[][] }).alt.push(cells);
    const kind = altType.toLowerCase() === 'fka' ? 'former' : 'alias';
    const comma = altName.indexOf(', ');
    const isPerson = e.b.entity.schema === 'Person' && comma > 0;
    e.b.name(altName, {
      kind,
      strength: /weak/i.test(altRemarks) ? 'weak' : 'strong',
      ...(isPerson ? { family: altName.slice(0, comma), given: altName.slice(comma + 2) } : {}),
    });
  }
  for (const { cells, line } of rowsOf(add, 6, true)) {
    const [entNum, , address, cityState, country, addRemarks] = cells.map(val);
    const e = find(add, entNum, line);
    (e.b.entity.raw as { add: string[][] }).add.push(cells);
    e.b.address([address, cityState, country], country, cityState);
    if (addRemarks) e.b.remark(addRemarks);
  }
  const { entities, skipped } = buildAll([...builders].map(([id, v]) => [id, v.b] as [string, EntityBuilder]));
  return { entities, files, skipped };
}

export const ofacCsv: ListFormat = {
  name: 'ofac-csv',
  description: 'OFAC legacy CSV set: sdn.csv (or cons_prim.csv) with its add, alt and comments files beside it',
  parse: parseOfac,
};

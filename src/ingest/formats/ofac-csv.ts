import { basename, dirname, join } from 'node:path';
import type { Entity, IdentifierType, Schema } from '../../domain/entity.js';
import { BulwarkError } from '../../errors.js';
import { clean, EntityBuilder } from '../build.js';
import { finish, streamed, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import { csvStream, ListFile } from '../read.js';
import { Spill, type SpilledRow } from '../spill.js';

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

type OfacFile = 'sdn' | 'comments' | 'alt' | 'add';

/** Columns of each file of the set, and whether it ends with OFAC's Ctrl-Z end-of-file mark. */
const LAYOUT: Record<OfacFile, { width: number; trailer: boolean }> = {
  sdn: { width: 12, trailer: true },
  comments: { width: 2, trailer: false },
  alt: { width: 5, trailer: true },
  add: { width: 6, trailer: true },
};

/** The rows of one file of the set, checked for width, a numeric ent_num and (where it has one) the end-of-file mark. */
async function* rowsOf(file: ListFile, kind: OfacFile) {
  const { width, trailer } = LAYOUT[kind];
  for await (const r of csvStream(file, { relax_quotes: true, skip_empty_lines: true, relax_column_count: true })) {
    if (r.cells.length === 1 && /^\x1a\s*$/.test(r.cells[0])) continue;
    if (r.cells.length !== width) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${width} columns, found ${r.cells.length}`, { file: file.path, line: r.line });
    if (!/^\d+$/.test(clean(r.cells[0]))) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num "${clean(r.cells[0]).slice(0, 40)}" is not a number`, { file: file.path, line: r.line });
    }
    yield r;
  }
  // OFAC ends its files with a lone Ctrl-Z (0x1A) end-of-file byte: without it the file was cut short.
  if (trailer && !/\x1a\s*$/.test(file.tail)) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the file does not end with OFAC\'s end-of-file mark (Ctrl-Z): it is cut short or was re-saved; download it again', { file: file.path });
  }
}

/**
 * The SDN (or consolidated) records with their companions joined by ent_num. Every file streams
 * into the import's spill file first, since a companion row may name any record; the records are
 * then built one at a time.
 */
async function* records(files: Record<OfacFile, ListFile>, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const spill = new Spill();
  try {
    for await (const { cells, line } of rowsOf(files.sdn, 'sdn')) {
      const entNum = val(cells[0]);
      if (!SDN_TYPES[val(cells[2]).toLowerCase()]) {
        throw new BulwarkError('BWK_ERR_FILE_FORMAT', `unknown SDN_Type "${val(cells[2])}"`, { file: files.sdn.path, line, record: entNum });
      }
      if (spill.occurrence(entNum) > 1) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num ${entNum} appears twice`, { file: files.sdn.path, line, record: entNum });
      spill.add('sdn', entNum, line, cells);
      // A remark that fills its column continues in the comments file.
      if (cells[11].length >= REMARKS_WIDTH) spill.add('full', entNum, line, null);
    }
    for (const kind of ['comments', 'alt', 'add'] as const) {
      for await (const { cells, line } of rowsOf(files[kind], kind)) spill.add(kind, val(cells[0]), line, cells);
    }
    spill.seal();
    const orphan = spill.orphan('sdn');
    if (orphan) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `ent_num ${orphan.key} is not in ${basename(files.sdn.path)}`, { file: files[orphan.kind as OfacFile].path, line: orphan.line });
    }
    // A missing continuation means the comments file was cut.
    const unfinished = spill.without('full', 'comments');
    if (unfinished.count) {
      throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${unfinished.count} record(s) have remarks that fill the ${REMARKS_WIDTH}-character column but no continuation here (first: ent_num ${unfinished.first}): the comments file is incomplete or cut short`, { file: files.comments.path });
    }
    for (const { key, rows } of spill.groups<string[]>('sdn')) {
      const e = finish(build(input.dataset, rows), key, summary);
      if (e) yield e;
    }
  } finally {
    spill.close();
  }
}

/** One record from its rows: the SDN row, then its comments, aliases and addresses in file order. */
function build(dataset: string, rows: SpilledRow<string[]>[]): EntityBuilder {
  const of = (kind: OfacFile) => rows.filter((r) => r.kind === kind).map((r) => r.data);
  const sdn = of('sdn')[0];
  const [entNum, name, type, program, title, callSign, vessType, tonnage, grt, flag, owner, firstRemarks] = sdn.map(val);
  const schema = SDN_TYPES[type.toLowerCase()];
  const raw = { sdn, add: of('add'), alt: of('alt'), comments: of('comments').map((c) => c[1]) };
  const b = new EntityBuilder(dataset, entNum, schema, raw);
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
  // The overflow text continues mid-word.
  const remarks = firstRemarks + raw.comments.map((c) => (c === '-0- ' ? '' : c)).join('');
  if (remarks) applyOfacRemarks(b, remarks);
  for (const cells of raw.alt) {
    const [, , altType, altName, altRemarks] = cells.map(val);
    const kind = altType.toLowerCase() === 'fka' ? 'former' : 'alias';
    const c = altName.indexOf(', ');
    const isPerson = schema === 'Person' && c > 0;
    b.name(altName, {
      kind,
      strength: /weak/i.test(altRemarks) ? 'weak' : 'strong',
      ...(isPerson ? { family: altName.slice(0, c), given: altName.slice(c + 2) } : {}),
    });
  }
  for (const cells of raw.add) {
    const [, , address, cityState, country, addRemarks] = cells.map(val);
    b.address([address, cityState, country], country, cityState);
    if (addRemarks) b.remark(addRemarks);
  }
  return b;
}

export const ofacCsv: ListFormat = {
  name: 'ofac-csv',
  description: 'OFAC legacy CSV set: sdn.csv (or cons_prim.csv) with its add, alt and comments files beside it',
  files: (input) => {
    const c = ofacCompanions(input.path);
    return [input.path, c.add, c.alt, c.comments];
  },
  parse: (input) => {
    const c = ofacCompanions(input.path);
    const files = { sdn: new ListFile(input.path), add: new ListFile(c.add), alt: new ListFile(c.alt), comments: new ListFile(c.comments) };
    return streamed([files.sdn, files.add, files.alt, files.comments], (summary) => records(files, input, summary));
  },
};

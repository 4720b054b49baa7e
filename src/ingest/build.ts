import {
  emptyEntity,
  type CountryRole,
  type Entity,
  type EntityName,
  type IdentifierType,
  type Schema,
} from '../domain/entity.js';
import { countryCode, countryName } from '../domain/countries.js';
import { detectScript } from '../domain/script.js';
import { parseDates } from '../domain/dates.js';
import { BulwarkError } from '../errors.js';
import { LIMITS } from './read.js';

/** Collapses whitespace and trims; the lists pad names and values with spaces. */
export function clean(s: string | undefined | null): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** The longest name and text an import accepts (data/limits.json): far beyond is junk or an attack on memory. */
const MAX_NAME_CHARS = LIMITS.maxNameChars;
const MAX_TEXT_CHARS = LIMITS.maxTextChars;

function limit(s: string, max: number, what: string, record: string): string {
  if (s.length > max) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `a ${what} of ${s.length} characters (the limit is ${max.toLocaleString('en-GB')}): not a list record`, { record });
  return s;
}

/** UN reference numbers: QDi.276, TAe.010, KPi.033; old style QE.A.146.14 is kept as given. */
export const UN_REF_RE = /\b([A-Z]{2}[ie]\.\d{3})\b/g;

/**
 * Builds one Entity from a source record, de-duplicating names, dates, countries and
 * identifiers as they are added, so every importer normalises in the same way.
 */
export class EntityBuilder {
  readonly entity: Entity;

  constructor(dataset: string, sourceId: string, schema: Schema, raw: unknown) {
    this.entity = emptyEntity(dataset, clean(sourceId), schema);
    this.entity.raw = raw;
  }

  name(full: string | undefined | null, opts: Partial<Omit<EntityName, 'full' | 'script'>> = {}): this {
    const f = limit(clean(full), MAX_NAME_CHARS, 'name', this.entity.id);
    if (!f) return this;
    const existing = this.entity.names.find((n) => n.full.toLowerCase() === f.toLowerCase());
    const kind = opts.kind ?? (this.entity.names.length === 0 ? 'primary' : 'alias');
    if (existing) {
      // A repeated name keeps its strongest reading.
      if (kind === 'primary') existing.kind = 'primary';
      if (opts.strength === 'strong') existing.strength = 'strong';
      return this;
    }
    const name: EntityName = { full: f, kind, strength: opts.strength ?? 'strong', script: detectScript(f) };
    if (opts.given) name.given = clean(opts.given);
    if (opts.family) name.family = clean(opts.family);
    if (opts.lang) name.lang = opts.lang;
    this.entity.names.push(name);
    return this;
  }

  birthDate(text: string | undefined | null): this {
    for (const d of parseDates(text)) if (!this.entity.birthDates.includes(d)) this.entity.birthDates.push(d);
    return this;
  }

  birthPlace(text: string | undefined | null): this {
    const p = clean(text);
    if (p && !this.entity.birthPlaces.includes(p)) this.entity.birthPlaces.push(p);
    return this;
  }

  country(text: string | undefined | null, role: CountryRole): this {
    const n = clean(text);
    if (!n || n === '00' || /^unknown$/i.test(n)) return this;
    const code = countryCode(n);
    const name = code && n.length === 2 ? countryName(code) : n;
    if (!this.entity.countries.some((c) => c.role === role && (code ? c.code === code : c.name === name))) {
      this.entity.countries.push(code ? { role, code, name } : { role, name });
    }
    return this;
  }

  address(parts: (string | undefined | null)[], country?: string | null, city?: string | null): this {
    const full = parts.map(clean).filter(Boolean).join(', ');
    if (!full && !clean(country)) return this;
    const code = countryCode(country ?? undefined);
    const text = full || clean(country);
    if (this.entity.addresses.some((a) => a.full === text)) return this;
    this.entity.addresses.push({
      full: text,
      ...(clean(city) ? { city: clean(city) } : {}),
      ...(code ? { countryCode: code } : {}),
      ...(clean(country) ? { country: clean(country) } : {}),
    });
    if (clean(country)) this.country(country, 'address');
    return this;
  }

  identifier(type: IdentifierType, value: string | undefined | null, country?: string | null, note?: string | null): this {
    // Excel text guards (') and padding come from the sources; ID numbers stay strings.
    const v = limit(clean(value).replace(/^'+/, ''), MAX_NAME_CHARS, 'identifier', this.entity.id);
    if (!v) return this;
    if (this.entity.identifiers.some((i) => i.type === type && i.value === v)) return this;
    this.entity.identifiers.push({
      type,
      value: v,
      ...(clean(country) ? { country: clean(country) } : {}),
      ...(clean(note) ? { note: clean(note) } : {}),
    });
    return this;
  }

  /** Records every UN reference number mentioned in free text (old OFSI files keep them in remarks). */
  unRefsFrom(text: string | undefined | null): this {
    for (const m of (text ?? '').matchAll(UN_REF_RE)) this.identifier('un_ref', m[1]);
    return this;
  }

  program(p: string | undefined | null): this {
    const v = clean(p);
    if (v && !this.entity.programs.includes(v)) this.entity.programs.push(v);
    return this;
  }

  remark(r: string | undefined | null): this {
    const v = limit((r ?? '').trim(), MAX_TEXT_CHARS, 'remark', this.entity.id);
    if (v && !this.entity.remarks.includes(v)) this.entity.remarks.push(v);
    return this;
  }

  listedOn(date: string | undefined | null): this {
    const d = parseDates(date ?? '')[0];
    if (d && (!this.entity.listedOn || d < this.entity.listedOn)) this.entity.listedOn = d;
    return this;
  }

  /** The finished entity, or undefined when the record carried no name (nothing to screen against). */
  build(): Entity | undefined {
    const e = this.entity;
    if (e.names.length === 0) return undefined;
    if (!e.names.some((n) => n.kind === 'primary')) e.names[0].kind = 'primary';
    const primary = e.names.find((n) => n.kind === 'primary' && n.script === 'Latin') ?? e.names.find((n) => n.kind === 'primary')!;
    e.caption = primary.full;
    return e;
  }
}

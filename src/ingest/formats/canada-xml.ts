import { buildAll, EntityBuilder } from '../build.js';
import type { ListFormat, ParseInput, ParseResult } from '../format.js';
import { parseXml, readListFile, xmlList, xmlText } from '../read.js';

/** Canada's consolidated autonomous sanctions list (SEMA and JVCFOR). Records are keyed by country/schedule/item. */
function parseCanada(input: ParseInput): ParseResult {
  const file = readListFile(input.path);
  const doc = parseXml(file, new Set(['record']), 'data-set');
  const builders: [string, EntityBuilder][] = [];
  const skipped: { record: string; reason: string }[] = [];
  const seen = new Map<string, number>();
  for (const r of xmlList((doc['data-set'] as Record<string, unknown>).record)) {
    const country = xmlText(r.Country);
    const base = `${country.split('/')[0].trim()}-${xmlText(r.Schedule)}-${xmlText(r.Item)}`.replace(/\s+/g, '_');
    // A few items repeat within a country; a counter keeps ids stable in file order.
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base}-${n}`;
    const entityName = xmlText(r.Entity);
    const b = new EntityBuilder(input.dataset, id, entityName ? 'Organization' : 'Person', r);
    if (entityName) b.name(entityName, { kind: 'primary' });
    else {
      const given = xmlText(r.GivenName);
      const family = xmlText(r.LastName);
      b.name([given, family].filter(Boolean).join(' '), { kind: 'primary', given, family });
    }
    // Aliases are comma-joined; organisation aliases can contain ", Ltd." so split only before a capital word.
    for (const a of xmlText(r.Aliases).split(/,\s+(?=[A-Z\p{Lu}])(?!(?:Ltd|LLC|Inc|Co|SA|S\.A|JSC|OJSC|CJSC|PJSC|LLP)\b)/u)) b.name(a, { kind: 'alias' });
    b.birthDate(xmlText(r.DateOfBirth));
    b.program(country);
    b.country(country, 'country');
    b.remark(xmlText(r.Title));
    builders.push([id, b]);
  }
  const built = buildAll(builders);
  return { entities: built.entities, files: [file], skipped: [...skipped, ...built.skipped] };
}

export const canadaXml: ListFormat = {
  name: 'canada-xml',
  description: 'Canada Consolidated Autonomous Sanctions List XML (SEMA/JVCFOR data-set)',
  parse: parseCanada,
};

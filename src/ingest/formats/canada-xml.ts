import type { Entity } from '../../domain/entity.js';
import { EntityBuilder } from '../build.js';
import { finish, oneFile, type ListFormat, type ParseInput, type ParseSummary } from '../format.js';
import type { ListFile } from '../read.js';
import { Spill } from '../spill.js';
import { xmlRecords, xmlText } from '../xml-stream.js';

const LAYOUT = { root: 'data-set', records: new Set(['record']), arrays: new Set<string>() };

/** Canada's consolidated autonomous sanctions list (SEMA and JVCFOR). Records are keyed by country/schedule/item. */
async function* records(file: ListFile, input: ParseInput, summary: ParseSummary): AsyncGenerator<Entity> {
  const seen = new Spill();
  try {
    for await (const { node: r } of xmlRecords(file, LAYOUT)) {
      const country = xmlText(r.Country);
      const base = `${country.split('/')[0].trim()}-${xmlText(r.Schedule)}-${xmlText(r.Item)}`.replace(/\s+/g, '_');
      // A few items repeat within a country; a counter keeps ids stable in file order.
      const n = seen.occurrence(base);
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
      const e = finish(b, id, summary);
      if (e) yield e;
    }
  } finally {
    seen.close();
  }
}

export const canadaXml: ListFormat = {
  name: 'canada-xml',
  description: 'Canada Consolidated Autonomous Sanctions List XML (SEMA/JVCFOR data-set)',
  ...oneFile(records),
};

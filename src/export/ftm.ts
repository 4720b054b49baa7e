import { isFtmRecord as isFtm, type Entity } from '../domain/entity.js';

/** An entity as FollowTheMoney clients (yente's API) expect it. */
export interface FtmEntityView {
  id: string;
  caption: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  referents: string[];
  target: boolean;
  first_seen?: string;
  last_seen?: string;
  last_change?: string;
}

const FTM_IDENTIFIERS: Record<string, string> = {
  passport: 'passportNumber', national_id: 'idNumber', tax_id: 'taxNumber', registration: 'registrationNumber', imo: 'imoNumber', mmsi: 'mmsi', swift: 'swiftBic', call_sign: 'callSign',
};

/** The id a FollowTheMoney client knows: entities that came from FtM data keep their own. */
export function ftmId(e: Entity): string {
  return isFtm(e.raw) ? e.raw.id : e.id;
}

/**
 * FtM records pass through verbatim (their own id, schema and properties); records from other
 * lists are mapped property by property from Bulwark's entity model.
 */
export function toFtm(e: Entity): FtmEntityView {
  if (isFtm(e.raw)) {
    const r = e.raw;
    return {
      id: r.id, caption: e.caption, schema: r.schema, properties: r.properties, datasets: [e.dataset], referents: [e.id], target: true,
      ...(r.first_seen ? { first_seen: r.first_seen } : {}), ...(r.last_seen ? { last_seen: r.last_seen } : {}), ...(r.last_change ? { last_change: r.last_change } : {}),
    };
  }
  const props: Record<string, string[]> = {};
  const add = (k: string, v: string | undefined) => {
    if (v) (props[k] ??= []).includes(v) || props[k].push(v);
  };
  for (const n of e.names) add(n.kind === 'primary' ? 'name' : n.strength === 'weak' ? 'weakAlias' : n.kind === 'former' ? 'previousName' : 'alias', n.full);
  for (const d of e.birthDates) add(e.schema === 'Person' ? 'birthDate' : 'incorporationDate', d);
  for (const p of e.birthPlaces) add('birthPlace', p);
  for (const c of e.countries) add(c.role === 'nationality' || c.role === 'citizenship' ? 'nationality' : c.role === 'jurisdiction' ? 'jurisdiction' : 'country', c.code?.toLowerCase() ?? c.name);
  for (const a of e.addresses) add('address', a.full);
  for (const i of e.identifiers) add(FTM_IDENTIFIERS[i.type] ?? 'idNumber', i.value);
  for (const p of e.programs) add('program', p);
  for (const r of e.remarks) add('notes', r);
  add('topics', 'sanction');
  return { id: e.id, caption: e.caption, schema: e.schema === 'Aircraft' ? 'Airplane' : e.schema, properties: props, datasets: [e.dataset], referents: [], target: true, ...(e.listedOn ? { first_seen: e.listedOn } : {}) };
}

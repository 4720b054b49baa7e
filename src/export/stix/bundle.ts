import { type ExchangePackage, type Loss } from '../../domain/exchange.js';
import { deterministicId } from '../../domain/ids.js';
import { stricter, type TlpLevel } from '../../domain/tlp.js';
import { BulwarkError } from '../../errors.js';
import { assertNoScripts, EXCHANGE_LIMITS, findCycle, parsePackage, readPartnerJson } from '../guard.js';
import { keyOf, producerId, stixId, str, strs, type StixContext } from './common.js';
import { partyFromStix, partyToStix, producerToStix } from './identity.js';
import { indicatorFromStix, indicatorToStix } from './indicator.js';
import { markingToStix, tlpOfMarking } from './marking.js';
import { noteFromStix, noteToStix } from './note.js';
import { approachFromStix, approachToStix, isApproachNote } from './observed-data.js';
import { linkFromStix, linkToStix } from './relationship.js';
import { BundleSchema, validateStixObject, type StixObject } from './schema.js';
import { actorFromStix, actorToStix } from './threat-actor.js';

/** What STIX 2.1 cannot carry of a package (a bundle has no title; an indicator points only at actors). */
export function stixLosses(p: ExchangePackage): Loss[] {
  const out: Loss[] = [{ format: 'stix', field: 'title', reason: 'a STIX bundle has no title; the importer names it after the producer' }];
  p.indicators.forEach((i, n) => {
    if (i.indicates && !p.actors.some((a) => a.key === i.indicates)) out.push({ format: 'stix', field: `indicators[${n}].indicates`, key: i.key, reason: 'indicates must point at an actor in the package' });
  });
  return out;
}

/** Drops JSON-undefined properties so validation sees exactly what is written. */
const clean = (o: StixObject): StixObject => JSON.parse(JSON.stringify(o)) as StixObject;

/** A package → a STIX 2.1 bundle; every object validated by Bulwark's schemas (strictly) before it leaves. */
export function packageToStix(p: ExchangePackage): { bundle: { type: 'bundle'; id: string; objects: StixObject[] }; losses: Loss[] } {
  const ctx: StixContext = { created: new Date(p.created).toISOString(), producerId: producerId(p.producer), tlp: p.tlp };
  const types = new Map<string, string>();
  p.actors.forEach((a) => types.set(a.key, a.kind === 'campaign' ? 'intrusion-set' : 'threat-actor'));
  p.parties.forEach((x) => types.set(x.key, 'identity'));
  p.indicators.forEach((x) => types.set(x.key, 'indicator'));
  p.approaches.forEach((x) => types.set(x.key, 'note'));
  p.notes.forEach((x) => types.set(x.key, 'note'));
  const idOf = (key: string) => {
    const t = types.get(key);
    if (!t) throw new BulwarkError('BWK_ERR_INPUT', `the package refers to ${key}, which it does not contain`, { record: key });
    return stixId(t, key);
  };
  const party = (key: string) => p.parties.find((x) => x.key === key) ?? (idOf(key), undefined)!;
  const objects = [
    producerToStix(p.producer, ctx.producerId, ctx.created),
    markingToStix(p.tlp),
    ...p.actors.map((a) => actorToStix(a, ctx)),
    ...p.parties.map((x) => partyToStix(x, ctx)),
    ...p.indicators.flatMap((i) => indicatorToStix({ ...i, indicates: types.get(i.indicates ?? '')?.match(/threat-actor|intrusion-set/) ? i.indicates : undefined }, ctx, (k) => types.get(k)!)),
    ...p.approaches.flatMap((a) => approachToStix(a, party(a.party), ctx)),
    ...p.links.map((l) => linkToStix(l, ctx, idOf)),
    ...p.notes.map((n) => noteToStix(n, ctx, idOf)),
  ].map(clean);
  const seen = new Set<string>();
  const unique = objects.filter((o) => !seen.has(o.id) && seen.add(o.id));
  for (const o of unique) {
    const v = validateStixObject(o, true);
    if (!v.ok) throw new BulwarkError('BWK_ERR_INPUT', `the exported ${o.type} fails STIX validation: ${v.problem}`, { record: o.id, field: v.field });
  }
  return { bundle: { type: 'bundle', id: `bundle--${p.key}`, objects: unique }, losses: stixLosses(p) };
}

const REF_FIELDS = (o: StixObject) => [
  ...['created_by_ref', 'source_ref', 'target_ref'].flatMap((f) => (typeof o[f] === 'string' ? [[f, o[f] as string]] : [])),
  ...['object_refs', 'object_marking_refs'].flatMap((f) => strs(o[f]).map((r, i) => [`${f}[${i}]`, r])),
] as [string, string][];

/** Every check a partner bundle must pass before anything is read from it; errors name the object. */
function checkBundle(raw: unknown): { id: string; objects: StixObject[] } {
  const b = BundleSchema.safeParse(raw);
  if (!b.success) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `not a STIX 2.1 bundle: ${b.error.issues[0].message}`, { field: b.error.issues[0].path.join('.') || undefined });
  const objects = b.data.objects as StixObject[];
  if (objects.length > EXCHANGE_LIMITS.maxObjects) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the bundle holds ${objects.length} objects; the limit is ${EXCHANGE_LIMITS.maxObjects}`);
  const byId = new Map<string, StixObject>();
  for (const o of objects) {
    if (byId.has(o.id)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'two objects in the bundle share this id', { record: o.id });
    byId.set(o.id, o);
  }
  for (const o of objects) {
    assertNoScripts(o, o.id);
    const v = validateStixObject(o);
    if (!v.ok && v.field !== 'type') throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${o.type}: ${v.problem}`, { record: o.id, field: v.field });
    for (const [field, ref] of REF_FIELDS(o)) {
      if (!byId.has(ref) && !(field.startsWith('object_marking_refs') && tlpOfMarking(ref))) {
        throw new BulwarkError('BWK_ERR_FILE_FORMAT', `refers to ${ref}, which is not in the bundle`, { record: o.id, field });
      }
    }
  }
  // Embedded references (not relationships, which may legitimately run both ways) must not loop.
  const embedded = new Map(objects.filter((o) => o.type !== 'relationship').map((o) => [o.id, REF_FIELDS(o).filter(([f, r]) => !f.startsWith('object_marking') && r !== o.id).map(([, r]) => r)]));
  const cycle = findCycle(embedded);
  if (cycle) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `the objects refer to each other in a cycle: ${cycle.join(' → ')}`, { record: cycle[0] });
  return { id: b.data.id, objects };
}

/** A partner's STIX 2.1 bundle → a package, or a clear error naming the object; nothing is kept from a bad file. */
export function stixToPackage(input: string | Buffer): { pkg: ExchangePackage; skipped: { id: string; type: string }[] } {
  const { id: bundleId, objects } = checkBundle(readPartnerJson(input, 'STIX bundle'));
  const creators = new Set(objects.map((o) => str(o.created_by_ref)).filter(Boolean));
  const producer = objects.find((o) => o.type === 'identity' && creators.has(o.id));
  let tlp: TlpLevel | undefined;
  for (const o of objects) for (const m of strs(o.object_marking_refs)) {
    const l = tlpOfMarking(m);
    if (l) tlp = tlp ? stricter(tlp, l) : l;
  }
  const of = (...t: string[]) => objects.filter((o) => t.includes(o.type));
  const indicates = new Map(of('relationship').filter((r) => r.relationship_type === 'indicates').map((r) => [keyOf(String(r.source_ref)), keyOf(String(r.target_ref))]));
  const handled = new Set(['identity', 'threat-actor', 'intrusion-set', 'indicator', 'observed-data', 'relationship', 'note', 'marking-definition', 'email-addr', 'url', 'domain-name']);
  const times = objects.map((o) => str(o.created)).filter((t): t is string => !!t).sort();
  const draft = {
    key: keyOf(bundleId),
    title: `STIX bundle from ${str(producer?.name) ?? 'an unnamed producer'}`,
    // Unmarked content is treated as AMBER: a missing marking must never widen who sees it.
    tlp: tlp ?? 'amber',
    producer: str(producer?.name) ?? 'unknown producer',
    created: str(producer?.created) ?? times[0] ?? new Date(0).toISOString(),
    actors: of('threat-actor', 'intrusion-set').map(actorFromStix),
    parties: of('identity').filter((o) => o !== producer).map(partyFromStix),
    indicators: of('indicator').map((o) => ({ ...indicatorFromStix(o), indicates: indicates.get(keyOf(o.id)) })),
    approaches: of('note').filter(isApproachNote).map(approachFromStix),
    links: of('relationship').filter((r) => r.relationship_type !== 'indicates').map(linkFromStix),
    notes: of('note').filter((o) => !isApproachNote(o)).map(noteFromStix),
  };
  return { pkg: parsePackage(draft, bundleId), skipped: objects.filter((o) => !handled.has(o.type)).map((o) => ({ id: o.id, type: o.type })) };
}

/** The id a package gets when built from a case or selection: stable for the same contents. */
export const packageKey = (scope: string, id: string) => deterministicId('package', [scope, id]);

import { LINK_TYPES, type ExchangePackage, type Loss } from '../../domain/exchange.js';
import { deterministicId } from '../../domain/ids.js';
import { stricter, tlpFromLabel, tlpInfo, TLP, type TlpLevel } from '../../domain/tlp.js';
import { BulwarkError } from '../../errors.js';
import { assertNoScripts, EXCHANGE_LIMITS, parsePackage, readPartnerJson } from '../guard.js';
import { categoryOf, MispEventSchema, type MispAttribute, type MispObject } from './common.js';
import { organizationFromMisp, organizationToMisp } from './organization.js';
import { personFromMisp, personToMisp } from './person.js';

const INDICATOR_TYPE = { email: 'email-src', url: 'url', domain: 'domain' } as const;
const APPROACH = /^approach by ([a-z_]+)$/;
const profileUuid = (party: string, url: string) => deterministicId('profile', [party, url]);
const attr = (a: Omit<MispAttribute, 'category'>): MispAttribute => ({ ...a, category: categoryOf(a.type) });

/** Fields MISP's core format cannot carry for this package, named one by one. */
export function mispLosses(p: ExchangePackage): Loss[] {
  const parties = new Set(p.parties.map((x) => x.key));
  const out: Loss[] = [];
  const add = (field: string, reason: string, key?: string) => out.push({ format: 'misp', field, key, reason });
  if (new Date(p.created).getUTCMilliseconds()) add('created', 'MISP timestamps are whole seconds');
  p.actors.forEach((a, i) => a.aliases.length && add(`actors[${i}].aliases`, 'a threat-actor attribute has one value; aliases need a galaxy cluster, which is not core format', a.key));
  p.parties.forEach((x, i) => {
    if (x.kind === 'organisation' && x.country) add(`parties[${i}].country`, 'the organization template has no country field', x.key);
    if (x.kind === 'organisation' && x.dob) add(`parties[${i}].dob`, 'the organization template has no date of birth', x.key);
    if (x.kind === 'person' && x.companyNumber) add(`parties[${i}].companyNumber`, 'the person template has no company number', x.key);
  });
  p.indicators.forEach((x, i) => x.indicates && add(`indicators[${i}].indicates`, 'an attribute cannot point at another attribute', x.key));
  p.links.forEach((l, i) => !parties.has(l.from) && !parties.has(l.to) && add(`links[${i}]`, 'references start from an object; neither end is a person or organisation', l.key));
  p.notes.forEach((n, i) => n.about.some((k) => !parties.has(k)) && add(`notes[${i}].about`, 'only persons and organisations can point at a note', n.key));
  return out;
}

/** A package → a MISP event (core JSON): parties as person/organization objects, the rest as attributes. */
export function packageToMisp(p: ExchangePackage): { event: { Event: Record<string, unknown> }; losses: Loss[] } {
  const parties = new Set(p.parties.map((x) => x.key));
  const objects = new Map<string, MispObject>(p.parties.map((x) => [x.key, x.kind === 'person' ? personToMisp(x) : organizationToMisp(x)]));
  const ref = (on: string, to: string, type: string, uuid: string, comment = '') => objects.get(on)!.ObjectReference!.push({ uuid, referenced_uuid: to, relationship_type: type, comment });
  const attributes: MispAttribute[] = [
    ...p.actors.map((a) => attr({ uuid: a.key, type: a.kind === 'campaign' ? 'campaign-name' : 'threat-actor', value: a.name, to_ids: false, comment: a.description ?? '' })),
    ...p.indicators.map((i) => attr({ uuid: i.key, type: INDICATOR_TYPE[i.kind], value: i.value, to_ids: true, comment: '', first_seen: `${i.validFrom}T00:00:00.000000+00:00` })),
    ...p.approaches.map((a) => attr({ uuid: a.key, type: 'text', value: a.summary, to_ids: false, comment: `approach by ${a.channel}`, first_seen: `${a.date}T00:00:00.000000+00:00` })),
    ...p.notes.map((n) => attr({ uuid: n.key, type: 'comment', value: n.content, to_ids: false, comment: n.author ? `note by ${n.author}` : 'note' })),
    ...p.parties.flatMap((x) => x.profiles.map((u) => attr({ uuid: profileUuid(x.key, u), type: 'link', value: u, to_ids: false, comment: '' }))),
  ];
  for (const x of p.parties) for (const u of x.profiles) ref(x.key, profileUuid(x.key, u), 'has-profile', deterministicId('misp-ref', [x.key, u]));
  for (const a of p.approaches) ref(a.party, a.key, 'made-approach', deterministicId('misp-ref', [a.party, a.key]));
  for (const l of p.links) {
    if (parties.has(l.from)) ref(l.from, l.to, l.type, l.key, l.description ?? '');
    else if (parties.has(l.to)) ref(l.to, l.from, l.type, l.key, `reverse${l.description ? `: ${l.description}` : ''}`);
  }
  for (const n of p.notes) for (const k of n.about.filter((k) => parties.has(k))) ref(k, n.key, 'annotated-by', deterministicId('misp-ref', [k, n.key]));
  const t = tlpInfo(p.tlp);
  const event = {
    uuid: p.key, info: p.title, date: p.created.slice(0, 10), timestamp: String(Math.floor(new Date(p.created).getTime() / 1000)),
    threat_level_id: '4', analysis: '2', distribution: String(t.mispDistribution), published: false,
    Orgc: { name: p.producer, uuid: deterministicId('producer', [p.producer.toLowerCase()]) },
    Tag: [{ name: t.mispTag }], Attribute: attributes, Object: [...objects.values()],
  };
  return { event: { Event: event }, losses: mispLosses(p) };
}

function checkEvent(raw: unknown) {
  const r = MispEventSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `not a MISP event: ${issue.message}`, { field: issue.path.join('.') });
  }
  const e = r.data.Event;
  const all = [...e.Attribute, ...e.Object, ...e.Object.flatMap((o) => o.Attribute)];
  if (all.length > EXCHANGE_LIMITS.maxObjects) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the event holds ${all.length} attributes and objects; the limit is ${EXCHANGE_LIMITS.maxObjects}`);
  const seen = new Set<string>();
  for (const x of all) {
    if (seen.has(x.uuid)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'two attributes or objects share this uuid', { record: x.uuid });
    seen.add(x.uuid);
    assertNoScripts(x, x.uuid);
  }
  assertNoScripts({ info: e.info, org: e.Orgc.name }, e.uuid);
  for (const o of e.Object) for (const ref of o.ObjectReference) {
    if (!seen.has(ref.referenced_uuid)) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `refers to ${ref.referenced_uuid}, which is not in the event`, { record: o.uuid, field: `ObjectReference ${ref.uuid}` });
    if (ref.referenced_uuid === o.uuid) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'an object refers to itself', { record: o.uuid });
  }
  return e;
}

/** A partner's MISP event → a package, or a clear error naming the attribute or object. */
export function mispToPackage(input: string | Buffer): { pkg: ExchangePackage; skipped: { id: string; type: string }[] } {
  const e = checkEvent(readPartnerJson(input, 'MISP event'));
  const refs = e.Object.flatMap((o) => o.ObjectReference.map((r) => ({ ...r, from: o.uuid })));
  const byUuid = new Map(e.Attribute.map((a) => [a.uuid, a]));
  const partyObjects = e.Object.filter((o) => o.name === 'person' || o.name === 'organization');
  const partyKeys = new Set(partyObjects.map((o) => o.uuid));
  const profiles = new Set(refs.filter((r) => r.relationship_type === 'has-profile').map((r) => r.referenced_uuid));
  const made = new Map(refs.filter((r) => r.relationship_type === 'made-approach').map((r) => [r.referenced_uuid, r.from]));
  let tlp: TlpLevel | undefined;
  for (const t of e.Tag) {
    const l = tlpFromLabel(t.name);
    if (l && t.name.toLowerCase().startsWith('tlp:')) tlp = tlp ? stricter(tlp, l) : l;
  }
  const used = new Set<string>();
  const take = <T>(a: { uuid: string }, v: T) => (used.add(a.uuid), v);
  const attrs = (pred: (a: (typeof e.Attribute)[number]) => boolean) => e.Attribute.filter((a) => !used.has(a.uuid) && pred(a));
  const day = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : e.date);
  const draft = {
    key: e.uuid, title: e.info, tlp: tlp ?? TLP.levels[2].level, producer: e.Orgc.name, created: new Date(Number(e.timestamp) * 1000).toISOString(),
    actors: attrs((a) => a.type === 'threat-actor' || a.type === 'campaign-name').map((a) => take(a, { key: a.uuid, kind: a.type === 'campaign-name' ? 'campaign' : 'actor', name: a.value, aliases: [], description: a.comment || undefined })),
    parties: partyObjects.map((o) => ({ ...(o.name === 'person' ? personFromMisp(o) : organizationFromMisp(o)), profiles: refs.filter((r) => r.from === o.uuid && r.relationship_type === 'has-profile').map((r) => take(byUuid.get(r.referenced_uuid)!, byUuid.get(r.referenced_uuid)!.value)) })),
    indicators: attrs((a) => a.to_ids && ['email-src', 'url', 'domain'].includes(a.type) && !profiles.has(a.uuid)).map((a) => take(a, { key: a.uuid, kind: a.type === 'email-src' ? 'email' : a.type, value: a.value, validFrom: day(a.first_seen) })),
    approaches: attrs((a) => a.type === 'text' && APPROACH.test(a.comment) && made.has(a.uuid)).map((a) => take(a, { key: a.uuid, party: made.get(a.uuid)!, date: day(a.first_seen), channel: a.comment.match(APPROACH)![1], summary: a.value })),
    links: refs.filter((r) => LINK_TYPES.includes(r.relationship_type as never)).map((r) => {
      const reverse = r.comment.startsWith('reverse');
      const description = reverse ? r.comment.replace(/^reverse(: )?/, '') : r.comment;
      return { key: r.uuid, type: r.relationship_type, from: reverse ? r.referenced_uuid : r.from, to: reverse ? r.from : r.referenced_uuid, description: description || undefined };
    }),
    notes: attrs((a) => a.type === 'comment').flatMap((a) => {
      const about = refs.filter((r) => r.relationship_type === 'annotated-by' && r.referenced_uuid === a.uuid && partyKeys.has(r.from)).map((r) => r.from);
      return about.length ? [take(a, { key: a.uuid, about, content: a.value, author: a.comment.match(/^note by (.+)$/)?.[1] })] : [];
    }),
  };
  const skipped = [...e.Attribute.filter((a) => !used.has(a.uuid)).map((a) => ({ id: a.uuid, type: a.type })), ...e.Object.filter((o) => !partyKeys.has(o.uuid)).map((o) => ({ id: o.uuid, type: o.name }))];
  return { pkg: parsePackage(draft, e.uuid), skipped };
}

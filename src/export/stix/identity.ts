import { PartySchema, type Party } from '../../domain/exchange.js';
import { BulwarkError } from '../../errors.js';
import { keyOf, kvAll, kvLines, kvOne, nonEmpty, parseKv, sdo, str, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

const COMPANY_REGISTER = 'companies-house';

/** The producing organisation: named as created_by_ref on every object. */
export function producerToStix(name: string, id: string, created: string): StixObject {
  return { type: 'identity', spec_version: '2.1', id, created, modified: created, name, identity_class: 'organization' };
}

/** A person or organisation → identity; contact details in contact_information, the rest in description lines. */
export function partyToStix(p: Party, ctx: StixContext): StixObject {
  return {
    ...sdo('identity', p.key, ctx),
    name: p.name,
    identity_class: p.kind === 'person' ? 'individual' : 'organization',
    description: kvLines([...p.aliases.map((a) => ['alias', a] as [string, string]), ['country', p.country], ['date of birth', p.dob], ['address', p.address]]),
    contact_information: kvLines([...p.emails.map((e) => ['email', e] as [string, string]), ...p.phones.map((x) => ['phone', x] as [string, string]), ...p.profiles.map((x) => ['profile', x] as [string, string])]),
    external_references: nonEmpty(p.companyNumber ? [{ source_name: COMPANY_REGISTER, external_id: p.companyNumber }] : []),
  };
}

export function partyFromStix(o: StixObject): Party {
  const d = parseKv(o.description);
  const c = parseKv(o.contact_information);
  const refs = Array.isArray(o.external_references) ? (o.external_references as { source_name: string; external_id?: string }[]) : [];
  const r = PartySchema.safeParse({
    key: keyOf(o.id), kind: o.identity_class === 'individual' ? 'person' : 'organisation', name: o.name,
    aliases: kvAll(d, 'alias'), country: kvOne(d, 'country'), dob: kvOne(d, 'date of birth'), address: kvOne(d, 'address'),
    emails: kvAll(c, 'email'), phones: kvAll(c, 'phone'), profiles: kvAll(c, 'profile'),
    companyNumber: refs.find((x) => x.source_name === COMPANY_REGISTER)?.external_id,
  });
  if (!r.success) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `identity "${str(o.name)}": ${r.error.issues[0].message}`, { record: o.id, field: r.error.issues[0].path.join('.') });
  return r.data;
}

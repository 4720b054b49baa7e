import type { ExchangePackage } from '../domain/exchange.js';
import type { PartyInput } from '../risk/resolution/match.js';
import type { ContactRecord, OfficeRecord } from '../store/types.js';
import type { StoredMoney } from './money.js';

const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const ORGANISATION_DONORS = ['company', 'llp', 'foreign_company', 'unincorporated_association', 'trade_union'];

export const contactRef = (officeId: string, id: string) => `contact:${officeId}:${id}`;
export const donorRef = (officeId: string, id: string) => `donor:${officeId}:${id}`;
export const refOffice = (ref: string) => ref.split(':')[1];

/** An office's contact as a party to resolve; screening matches (not possibles) count as listed. */
export function partyOfContact(c: ContactRecord): PartyInput {
  const d = c.data;
  const hits = ((d.screening as { hits?: { entityId: string; caption: string; score: number; level: string }[] } | undefined)?.hits ?? []).filter((h) => h.level === 'match');
  return {
    ref: contactRef(c.officeId, c.id), officeId: c.officeId, kind: d.kind === 'organisation' ? 'organisation' : 'person', name: c.name,
    emails: list(d.emails), phones: list(d.phones), profiles: list(d.profiles), employer: text(d.employer) ?? text(d.claimedAffiliation),
    listed: hits.map((h) => ({ entityId: h.entityId, caption: h.caption, score: h.score })),
  };
}

/** A donation's donor as a party: companies by their number, people by name and address. */
export function partyOfDonor(r: OfficeRecord): PartyInput {
  return partyOfMoney(donorRef(r.officeId, r.id), r.officeId, r.data as unknown as StoredMoney);
}

export function partyOfMoney(ref: string, officeId: string, { entry, screening }: StoredMoney): PartyInput {
  const d = entry.donor;
  return {
    ref, officeId, kind: ORGANISATION_DONORS.includes(d.type) ? 'organisation' : 'person', name: d.name,
    companyNumber: d.companyNumber, address: [d.address, d.postcode].filter(Boolean).join(' ') || undefined,
    listed: (screening ?? []).filter((s) => s.level === 'match' && s.name === d.name).map((s) => ({ entityId: '', caption: s.summary, score: 1 })),
  };
}

/** A partner's party (from an imported STIX or MISP package), held in the importing office's scope. */
export function partiesOfPackage(officeId: string, pkg: ExchangePackage): PartyInput[] {
  return pkg.parties.map((p) => ({
    ref: `partner:${officeId}:${pkg.key}/${p.key}`, officeId, kind: p.kind, name: p.name, aliases: p.aliases, emails: p.emails, phones: p.phones, profiles: p.profiles,
    address: p.address, companyNumber: p.companyNumber, dob: p.dob,
  }));
}

import type { ExchangePackage } from '../domain/exchange.js';
import type { PartyInput } from '../risk/resolution/match.js';
import type { ContactRecord, OfficeRecord, Store } from '../store/types.js';
import { MONEY_RECORD, type StoredMoney } from './money.js';

const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const ORGANISATION_DONORS = ['company', 'llp', 'foreign_company', 'unincorporated_association', 'trade_union'];

export const contactRef = (officeId: string, id: string) => `contact:${officeId}:${id}`;
export const donorRef = (officeId: string, id: string) => `donor:${officeId}:${id}`;
/** A partner package held by an office: the source of its parties, actors and indicators. */
export const packageRef = (officeId: string, key: string) => `package:${officeId}:${key}`;
export const refOffice = (ref: string) => ref.split(':')[1];
/** Partner packages (stored by the exchange service) whose parties take part in resolution. */
export const PARTNER_PACKAGE_KIND = 'partner-package';

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

/**
 * What a partner shared, as parties held in the importing office's scope: its people and organisations,
 * its actors under their names and aliases (campaigns are no one's name), and each email or web address
 * it gave as an indicator, so an office's contact matching any of them is found.
 */
export function partiesOfPackage(officeId: string, pkg: ExchangePackage): PartyInput[] {
  const partner = { package: pkg.key, title: pkg.title, producer: pkg.producer, tlp: pkg.tlp };
  const ref = (key: string) => `partner:${officeId}:${pkg.key}/${key}`;
  return [
    ...pkg.parties.map((p): PartyInput => ({
      ref: ref(p.key), officeId, kind: p.kind, name: p.name, aliases: p.aliases, emails: p.emails, phones: p.phones, profiles: p.profiles,
      address: p.address, companyNumber: p.companyNumber, dob: p.dob, partner,
    })),
    ...pkg.actors.filter((a) => a.kind === 'actor').map((a): PartyInput => ({ ref: ref(a.key), officeId, kind: 'person', name: a.name, aliases: a.aliases, partner })),
    ...pkg.indicators.filter((i) => i.kind !== 'domain').map((i): PartyInput => ({ ref: ref(i.key), officeId, kind: 'person', name: '', ...(i.kind === 'email' ? { emails: [i.value] } : { profiles: [i.value] }), partner })),
  ];
}

/** The parties a queued source holds now, and when it was first stored; undefined when it is gone. */
export async function partiesOfSource(store: Store, source: string): Promise<{ parties: PartyInput[]; firstSeen: string } | undefined> {
  const [kind, officeId, ...rest] = source.split(':');
  const id = rest.join(':');
  if (kind === 'contact') {
    const c = await store.getContact(officeId, id);
    return c ? { parties: [partyOfContact(c)], firstSeen: c.createdAt } : undefined;
  }
  if (kind === 'donor') {
    const r = await store.getRecord(officeId, MONEY_RECORD, id);
    return r && (r.data as Partial<StoredMoney>).entry?.donor ? { parties: [partyOfDonor(r)], firstSeen: r.createdAt } : undefined;
  }
  const r = kind === 'package' ? await store.getSecurityRecord(PARTNER_PACKAGE_KIND, id) : null;
  return r && r.scope === officeId ? { parties: partiesOfPackage(officeId, r.data.pkg as ExchangePackage), firstSeen: r.createdAt } : undefined;
}

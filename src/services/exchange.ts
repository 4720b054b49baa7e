import { actorOffices, type Actor } from '../domain/actor.js';
import type { ExchangeLink, ExchangePackage, Loss, Party } from '../domain/exchange.js';
import { deterministicId } from '../domain/ids.js';
import { assertMayReach, fitsUnder, recordTlp, TlpSchema, tlpInfo, type Reach, type TlpLevel } from '../domain/tlp.js';
import { BulwarkError } from '../errors.js';
import { packageToCsv } from '../export/exchange-csv.js';
import { mispToPackage, packageToMisp } from '../export/misp/event.js';
import { packageToStix, stixToPackage } from '../export/stix/bundle.js';
import { RESOLUTION_CONFIG } from '../risk/resolution/config.js';
import { normPhone } from '../risk/resolution/keys.js';
import { normaliseName } from '../screening/normalize.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import type { CaseService } from './cases.js';
import { MONEY_RECORD, type StoredMoney } from './money.js';
import { clusterNamed } from '../risk/resolution/clusters.js';
import { packageRef, PARTNER_PACKAGE_KIND, partyOfMoney, refOffice } from './parties.js';
import { requireSecurity, type ResolutionService } from './resolution.js';

export const EXCHANGE_FORMATS = ['stix', 'misp', 'csv'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];
/** A record left out of a package because it is marked stricter than the package. */
interface Withheld {
  ref: string;
  tlp: TlpLevel;
  what: 'contact' | 'approach';
}

const CONTENT_TYPE: Record<ExchangeFormat, string> = { stix: 'application/stix+json;version=2.1', misp: 'application/json', csv: 'text/csv; charset=utf-8' };

const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const validEmail = (e: string) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e);
const orgKey = (name: string) => deterministicId('organisation', [normaliseName(name, 'Organization').tokens.map((t) => t.simp).join(' ')]);

/**
 * Exchange with partners: a case or a selection of records becomes an exchange package (only records
 * of offices the officer protects), written as STIX 2.1, MISP or CSV when its TLP lets it reach the
 * audience; partner STIX bundles and MISP events are read, checked and kept whole or not at all.
 */
export class ExchangeService {
  /** What each package built here left out for its marking: reported with its export's losses, never part of its content. */
  private readonly withheld = new WeakMap<ExchangePackage, Withheld[]>();

  constructor(private readonly store: Store, private readonly resolution: ResolutionService, private readonly cases: CaseService, private readonly clock: Clock) {}

  /** The package for a case: its clusters and contacts, their approaches and indicators, and its notes. */
  async packageForCase(actor: Actor, caseId: string): Promise<ExchangePackage> {
    const c = await this.cases.get(actor, caseId);
    const clusterIds = c.links.filter((l) => l.kind === 'cluster').map((l) => l.ref);
    const refs = c.links.filter((l) => l.kind === 'contact').map((l) => l.ref);
    const pkg = await this.build(actor, { key: deterministicId('package', ['case', c.id]), title: c.title, tlp: c.tlp, created: c.openedAt, clusterIds, refs });
    const about = pkg.actors.length ? pkg.actors.map((a) => a.key) : pkg.parties.map((p) => p.key);
    return { ...pkg, notes: about.length ? c.notes.map((n) => ({ key: deterministicId('note', [n.id]), about, content: n.text, author: n.by })) : [] };
  }

  /** The package for a hand-picked selection of clusters and records. */
  async packageForSelection(actor: Actor, sel: { title: string; tlp: TlpLevel; clusterIds?: string[]; refs?: string[] }): Promise<ExchangePackage> {
    const tlp = TlpSchema.parse(sel.tlp);
    const ids = [...(sel.clusterIds ?? []), ...(sel.refs ?? [])].sort();
    return this.build(actor, { key: deterministicId('package', ['selection', ...ids]), title: sel.title, tlp, created: this.clock().toISOString(), clusterIds: sel.clusterIds ?? [], refs: sel.refs ?? [] });
  }

  private async build(actor: Actor, o: { key: string; title: string; tlp: TlpLevel; created: string; clusterIds: string[]; refs: string[] }): Promise<ExchangePackage> {
    requireSecurity(actor);
    const visible = new Set(actorOffices(actor));
    const all = await this.resolution.clusters(actor);
    const named = o.clusterIds.map((id) => [id, clusterNamed(all, id, (c) => c.members.map((m) => m.ref))] as const);
    const missing = named.find(([, c]) => !c);
    if (missing) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no cluster ${missing[0]} in the offices you protect`);
    const clusters = [...new Set(named.map(([, c]) => c!))];
    const refs = [...new Set([...clusters.flatMap((c) => c.members.map((m) => m.ref)), ...o.refs])].filter((r) => visible.has(refOffice(r)));
    const pkg: ExchangePackage = { key: o.key, title: o.title, tlp: o.tlp, producer: (await this.store.getOffice(actor.officeId))?.name ?? actor.officeId, created: o.created, actors: [], parties: [], indicators: [], approaches: [], links: [], notes: [] };
    const partyKey = (ref: string) => deterministicId('party', [ref]);
    const withheld: Withheld[] = [];
    const firstSeen = new Map<string, string>();
    for (const ref of refs) {
      const [kind, officeId, id] = ref.split(':');
      if (kind === 'donor') {
        const r = await this.store.getRecord(officeId, MONEY_RECORD, id);
        if (!r) continue;
        const d = partyOfMoney(ref, officeId, r.data as unknown as StoredMoney);
        pkg.parties.push({ key: partyKey(ref), kind: d.kind, name: d.name, aliases: [], emails: [], phones: [], profiles: [], companyNumber: d.companyNumber, address: d.address });
        continue;
      }
      if (kind !== 'contact') continue;
      const c = await this.store.getContact(officeId, id);
      if (!c) continue;
      // What is marked stricter than the package stays out of it, and the export says so.
      if (!fitsUnder(recordTlp(c.data), o.tlp)) {
        withheld.push({ ref, tlp: recordTlp(c.data), what: 'contact' });
        continue;
      }
      const party: Party = {
        key: partyKey(ref), kind: c.data.kind === 'organisation' ? 'organisation' : 'person', name: c.name, aliases: [],
        emails: list(c.data.emails).filter(validEmail), phones: [...new Set(list(c.data.phones).map((p) => normPhone(p, RESOLUTION_CONFIG)).filter((p): p is string => !!p))],
        profiles: list(c.data.profiles), country: typeof c.data.country === 'string' ? c.data.country : undefined,
      };
      pkg.parties.push(party);
      const employer = typeof c.data.employer === 'string' ? c.data.employer : typeof c.data.claimedAffiliation === 'string' ? c.data.claimedAffiliation : undefined;
      if (employer) {
        const key = orgKey(employer);
        if (!pkg.parties.some((p) => p.key === key)) pkg.parties.push({ key, kind: 'organisation', name: employer, aliases: [], emails: [], phones: [], profiles: [] });
        pkg.links.push({ key: deterministicId('link', [party.key, 'employed-by', key]), type: 'employed-by', from: party.key, to: key });
      }
      for (const a of await this.store.approachesFor(officeId, id)) {
        if (!fitsUnder(recordTlp(a.data), o.tlp)) {
          withheld.push({ ref: `approach:${officeId}:${a.id}`, tlp: recordTlp(a.data), what: 'approach' });
          continue;
        }
        pkg.approaches.push({ key: deterministicId('approach', [a.id]), party: party.key, date: a.date, channel: String(a.data.channel), summary: String(a.data.asked) });
        if (!firstSeen.has(party.key) || a.date < firstSeen.get(party.key)!) firstSeen.set(party.key, a.date);
      }
    }
    for (const c of clusters) {
      const members = c.members.filter((m) => refs.includes(m.ref));
      const names = [...new Set(members.map((m) => m.name))];
      const actorKey = deterministicId('actor', [c.id]);
      pkg.actors.push({ key: actorKey, kind: 'actor', name: names[0], aliases: names.slice(1), description: `The same actor reported to ${c.offices} office(s): ${c.links.flatMap((l) => l.evidence.map((e) => e.detail)).slice(0, 6).join('; ')}` });
      for (const m of members) {
        const p = pkg.parties.find((x) => x.key === partyKey(m.ref));
        if (!p) continue;
        pkg.links.push({ key: deterministicId('link', [actorKey, 'attributed-to', p.key]), type: 'attributed-to', from: actorKey, to: p.key } satisfies ExchangeLink);
        const since = firstSeen.get(p.key) ?? o.created.slice(0, 10);
        for (const [kind, value] of [...p.emails.map((e) => ['email', e] as const), ...p.profiles.map((u) => ['url', u] as const)]) {
          const key = deterministicId('indicator', [kind, value.toLowerCase()]);
          if (!pkg.indicators.some((i) => i.key === key)) pkg.indicators.push({ key, kind, value, indicates: actorKey, validFrom: since });
        }
      }
    }
    this.withheld.set(pkg, withheld);
    return pkg;
  }

  /** Writes a package in a format, if its TLP lets it reach the audience; the export and its losses are audited. */
  async export(actor: Actor, pkg: ExchangePackage, format: ExchangeFormat, audience: Reach): Promise<{ body: string; contentType: string; losses: Loss[] }> {
    requireSecurity(actor);
    assertMayReach(pkg.tlp, audience, `"${pkg.title}"`);
    const out = format === 'stix' ? (({ bundle, losses }) => ({ body: JSON.stringify(bundle, null, 2), losses }))(packageToStix(pkg))
      : format === 'misp' ? (({ event, losses }) => ({ body: JSON.stringify(event, null, 2), losses }))(packageToMisp(pkg))
        : (({ csv, losses }) => ({ body: csv, losses }))(packageToCsv(pkg));
    for (const w of this.withheld.get(pkg) ?? []) {
      out.losses.push({ format, field: `${w.what}s`, key: w.ref, reason: `withheld: the ${w.what} is marked ${tlpInfo(w.tlp).label}, stricter than the package's ${tlpInfo(pkg.tlp).label}` });
    }
    await this.store.appendAudit({ actor: actor.userId, officeId: actor.officeId, action: 'exchange.export', subject: pkg.key, detail: { format, audience, tlp: pkg.tlp, parties: pkg.parties.length, losses: out.losses.map((l) => l.field) } });
    return { ...out, contentType: CONTENT_TYPE[format] };
  }

  /**
   * Reads a partner's STIX bundle or MISP event; a bad file is refused whole, naming the object at fault.
   * An accepted one is held by the importing office, and its parties and indicators are resolved against
   * every office's records at once: a match alerts the office concerned.
   */
  async import(actor: Actor, format: 'stix' | 'misp', content: string | Buffer): Promise<{ pkg: ExchangePackage; skipped: { id: string; type: string }[] }> {
    requireSecurity(actor);
    const r = format === 'stix' ? stixToPackage(content) : mispToPackage(content);
    const now = this.clock().toISOString();
    // One record per office and package: another office importing the same package keeps its own.
    const id = deterministicId('partner-package', [actor.officeId, r.pkg.key]);
    const source = packageRef(actor.officeId, id);
    await this.store.writeSecurity({
      queue: [source],
      records: [{ id, kind: PARTNER_PACKAGE_KIND, scope: actor.officeId, refs: r.pkg.indicators.map((i) => `${i.kind}:${i.value.toLowerCase()}`), data: { format, pkg: r.pkg, skipped: r.skipped }, createdBy: actor.userId, createdAt: now, updatedAt: now }],
      audit: [{ actor: actor.userId, officeId: actor.officeId, action: 'exchange.import', subject: id, detail: { format, producer: r.pkg.producer, tlp: r.pkg.tlp, actors: r.pkg.actors.length, parties: r.pkg.parties.length, indicators: r.pkg.indicators.length, skipped: r.skipped.length } }],
    });
    await this.resolution.settle([source]);
    return r;
  }

  async partnerPackages(actor: Actor): Promise<ExchangePackage[]> {
    requireSecurity(actor);
    const out: ExchangePackage[] = [];
    for (const o of actorOffices(actor)) out.push(...(await this.store.listSecurityRecords(PARTNER_PACKAGE_KIND, { scope: o })).map((r) => r.data.pkg as ExchangePackage));
    return out;
  }
}

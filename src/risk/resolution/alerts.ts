import { deterministicId } from '../../domain/ids.js';
import { mayReach, tlpInfo, type TlpLevel } from '../../domain/tlp.js';
import type { Cluster } from './clusters.js';
import type { ResolutionConfig } from './config.js';
import type { Evidence, PartyInput } from './match.js';

/** What an office's security officers are told: this office's records, and why they matter. */
export interface SecurityAlert {
  reason: 'offices' | 'listed' | 'partner';
  /** The cluster (offices, listed); a partner match names the partner instead. */
  clusterId?: string;
  message: string;
  /** This office's records (never another office's). */
  refs: string[];
  /** Offices with records in the cluster (this one included). */
  offices: number;
  listed: string[];
  partner?: { package: string; title: string; producer: string; tlp: string };
  /** What the office's record shares with the partner's. */
  evidence?: string[];
  at: string;
}

/** What a reporting office is told: that its report is part of something larger, and nothing about who else. */
export interface OfficeNotice {
  ref: string;
  name: string;
  message: string;
  at: string;
}

/** An alert or notice for one office, with the id that makes it idempotent. */
export type Raised = { id: string; officeId: string; refs: string[] } & ({ kind: 'alert'; data: SecurityAlert } | { kind: 'notice'; data: OfficeNotice });

const isPartner = (p: PartyInput) => !!p.partner;

/**
 * A cluster that spans `alertOffices` offices, or holds a party the screening engine matched to a
 * listed entity, alerts the security officers of each office in it (naming only that office's
 * records) and tells each reporting office that its report is part of something larger. Partner
 * records take part in the cluster but are no office's report: they are neither counted nor told.
 */
export function clusterAlerts(c: Cluster, members: PartyInput[], cfg: ResolutionConfig, at: string): Raised[] {
  const reports = members.filter((p) => !isPartner(p));
  const offices = [...new Set(reports.map((p) => p.officeId))].sort();
  const listed = [...new Set(reports.flatMap((p) => (p.listed ?? []).map((l) => l.caption)))];
  const reasons = [...(offices.length >= cfg.alertOffices ? ['offices' as const] : []), ...(listed.length ? ['listed' as const] : [])];
  const out: Raised[] = [];
  for (const officeId of reasons.length ? offices : []) {
    const mine = reports.filter((p) => p.officeId === officeId);
    const names = mine.map((p) => p.name).join(', ');
    for (const reason of reasons) {
      const message = reason === 'offices'
        ? `${names}, reported to this office, is the same actor as records in ${offices.length - 1} other office(s)`
        : `${names} is in a cluster that contains a listed party: ${listed.join('; ')}`;
      const refs = mine.map((p) => p.ref);
      out.push({ id: deterministicId('security-alert', [c.id, officeId, reason]), officeId, refs, kind: 'alert', data: { clusterId: c.id, reason, refs, offices: offices.length, listed, message, at } });
    }
    for (const p of mine.filter((x) => x.ref.startsWith('contact:'))) {
      const message = `Your report about ${p.name} is part of something larger: the same person has been reported elsewhere. Your security team has been told and may contact you.`;
      out.push({ id: deterministicId('office-notice', [p.ref]), officeId, refs: [p.ref], kind: 'notice', data: { ref: p.ref, name: p.name, message, at } });
    }
  }
  return out;
}

/**
 * An office's record that matches a partner's (an email, phone or profile shared, or the name alone
 * strongly enough to be a possible match) alerts that office's security officers on its own, however
 * many offices reported it. The importing office is always told; another office only when the partner's
 * marking lets it travel that far (resolution.json partnerReach). One alert per record and package.
 */
export function partnerAlerts(matches: { record: PartyInput; partner: PartyInput; strength: 'link' | 'possible'; evidence: Evidence[] }[], cfg: ResolutionConfig, at: string): Raised[] {
  const byAlert = new Map<string, Raised & { kind: 'alert' }>();
  for (const { record, partner, strength, evidence } of matches) {
    const from = partner.partner!;
    if (record.officeId !== partner.officeId && !mayReach(from.tlp as TlpLevel, cfg.partnerReach)) continue;
    const id = deterministicId('security-alert', [record.ref, from.package, 'partner']);
    const details = evidence.filter((e) => !e.feature.startsWith('conflict')).map((e) => e.detail);
    const seen = byAlert.get(id);
    if (seen) {
      seen.data.evidence = [...new Set([...seen.data.evidence!, ...details])];
      continue;
    }
    const message = `${record.name}, reported to this office, ${strength === 'link' ? 'matches' : 'may match'} what ${from.producer} shared ("${from.title}", ${tlpInfo(from.tlp as TlpLevel).label})`;
    byAlert.set(id, { id, officeId: record.officeId, refs: [record.ref], kind: 'alert', data: { reason: 'partner', refs: [record.ref], offices: 1, listed: [], partner: from, evidence: details, message, at } });
  }
  return [...byAlert.values()];
}

import { actorOffices, type Actor } from '../domain/actor.js';
import { deterministicId } from '../domain/ids.js';
import type { Cluster } from '../risk/resolution/clusters.js';
import type { ResolutionIndex } from '../risk/resolution/index.js';
import type { SecurityRecord } from '../store/security.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { requireSecurity, type ResolutionService } from './resolution.js';

export const ALERT_KIND = 'security-alert';
export const NOTICE_KIND = 'office-notice';

/** What an office's security officers are told: this office's records in the cluster, and why it matters. */
export interface SecurityAlert {
  clusterId: string;
  reason: 'offices' | 'listed';
  message: string;
  /** This office's records in the cluster (never another office's). */
  refs: string[];
  offices: number;
  listed: string[];
  at: string;
}

/** What a reporting office is told: that its report is part of something larger, and nothing about who else. */
export interface OfficeNotice {
  ref: string;
  name: string;
  message: string;
  at: string;
}

/**
 * Alerts across offices: a cluster that reaches N offices (resolution.json alertOffices) or holds a
 * listed party alerts the security officers of each office in it, and each reporting office gets a
 * notice that its report is part of something larger, without learning which other offices are in it.
 * Evaluated before every read, and idempotent: one alert per office, cluster and reason.
 */
export class SecurityAlertService {
  constructor(private readonly store: Store, private readonly resolution: ResolutionService, private readonly clock: Clock, private readonly minOffices: number) {}

  async evaluate(): Promise<void> {
    const { clusters, index } = await this.resolution.allClusters();
    const existing = new Set([...(await this.store.listSecurityRecords(ALERT_KIND)), ...(await this.store.listSecurityRecords(NOTICE_KIND))].map((r) => `${r.id}|${JSON.stringify(r.data.refs ?? r.data.ref)}|${r.data.offices ?? ''}`));
    const records = clusters.flatMap((c) => this.recordsFor(c, index)).filter((r) => !existing.has(`${r.id}|${JSON.stringify(r.data.refs ?? r.data.ref)}|${r.data.offices ?? ''}`));
    if (!records.length) return;
    await this.store.writeSecurity({
      records,
      audit: records.filter((r) => r.kind === ALERT_KIND).map((r) => ({ actor: 'bulwark', officeId: r.scope, action: 'security.alert', subject: r.id, detail: { cluster: r.data.clusterId, reason: r.data.reason, offices: r.data.offices } })),
    });
  }

  private recordsFor(c: Cluster, index: ResolutionIndex): SecurityRecord[] {
    const parties = c.members.map((r) => index.party(r)!);
    const offices = [...new Set(parties.map((p) => p.officeId))].sort();
    const listed = [...new Set(parties.flatMap((p) => (p.listed ?? []).map((l) => l.caption)))];
    const reasons: SecurityAlert['reason'][] = [...(offices.length >= this.minOffices ? ['offices' as const] : []), ...(listed.length ? ['listed' as const] : [])];
    const now = this.clock().toISOString();
    const out: SecurityRecord[] = [];
    for (const officeId of offices) {
      const mine = parties.filter((p) => p.officeId === officeId);
      for (const reason of reasons) {
        const alert: SecurityAlert = {
          clusterId: c.id, reason, refs: mine.map((p) => p.ref), offices: offices.length, listed, at: now,
          message: reason === 'offices'
            ? `${mine.map((p) => p.name).join(', ')}, reported to this office, is the same actor as records in ${offices.length - 1} other office(s)`
            : `${mine.map((p) => p.name).join(', ')} is in a cluster that contains a listed party: ${listed.join('; ')}`,
        };
        out.push(this.rec(deterministicId('security-alert', [c.id, officeId, reason]), ALERT_KIND, officeId, alert.refs, alert));
      }
      if (!reasons.length) continue;
      for (const p of mine.filter((x) => x.ref.startsWith('contact:'))) {
        const notice: OfficeNotice = { ref: p.ref, name: p.name, at: now, message: `Your report about ${p.name} is part of something larger: the same person has been reported elsewhere. Your security team has been told and may contact you.` };
        out.push(this.rec(deterministicId('office-notice', [p.ref]), NOTICE_KIND, officeId, [p.ref], notice));
      }
    }
    return out;
  }

  private rec(id: string, kind: string, scope: string, refs: string[], data: object): SecurityRecord {
    const now = this.clock().toISOString();
    return { id, kind, scope, refs, data: data as Record<string, unknown>, createdBy: 'bulwark', createdAt: now, updatedAt: now };
  }

  /** Alerts for the offices a security officer protects, newest first. */
  async alerts(actor: Actor): Promise<(SecurityAlert & { id: string; officeId: string })[]> {
    requireSecurity(actor);
    await this.evaluate();
    const out = [];
    for (const o of actorOffices(actor)) for (const r of await this.store.listSecurityRecords(ALERT_KIND, { scope: o })) out.push({ ...(r.data as unknown as SecurityAlert), id: r.id, officeId: r.scope });
    return out.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }

  /** Notices for the acting office (anyone in it): no other office is named or counted. */
  async notices(actor: Actor): Promise<(OfficeNotice & { id: string })[]> {
    await this.evaluate();
    return (await this.store.listSecurityRecords(NOTICE_KIND, { scope: actor.officeId })).map((r) => ({ ...(r.data as unknown as OfficeNotice), id: r.id }));
  }
}

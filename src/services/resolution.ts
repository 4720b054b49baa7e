import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { actorOffices, type Actor } from '../domain/actor.js';
import type { ExchangePackage } from '../domain/exchange.js';
import { BulwarkError } from '../errors.js';
import { buildClusters, type Cluster, type ClusterDecision, type Link } from '../risk/resolution/clusters.js';
import { RESOLUTION_CONFIG, type ResolutionConfig } from '../risk/resolution/config.js';
import { ResolutionIndex } from '../risk/resolution/index.js';
import type { PartyInput } from '../risk/resolution/match.js';
import type { SecurityRecord } from '../store/security.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { MONEY_RECORD } from './money.js';
import { partiesOfPackage, partyOfContact, partyOfDonor, refOffice } from './parties.js';

export const DECISION_KIND = 'cluster-decision';
/** Partner packages (stored by the exchange service) whose parties take part in resolution. */
export const PARTNER_PACKAGE_KIND = 'partner-package';

export interface ClusterMember {
  ref: string;
  officeId: string;
  kind: PartyInput['kind'];
  name: string;
  listed: NonNullable<PartyInput['listed']>;
}

/** A cluster as an officer sees it: only the members in offices they protect, with the evidence between them. */
export interface ClusterView extends Omit<Cluster, 'members'> {
  members: ClusterMember[];
  offices: number;
  listed: boolean;
}

/** Validates a service input, naming the first field at fault. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new BulwarkError('BWK_ERR_INPUT', r.error.issues[0].message, { field: r.error.issues[0].path.join('.') });
  return r.data;
}

export function requireSecurity(actor: Actor): void {
  if (actor.role !== 'security_officer' && actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only security officers and administrators see the security team’s view');
}

/**
 * Entity resolution across offices: every office's contacts and donors in one index, links between
 * records with their evidence, and clusters shaped by officers' confirm and split decisions (each
 * audited, each reversible). The index is kept in memory and brought up to date before each read.
 */
export class ResolutionService {
  private index?: ResolutionIndex;
  private readonly links = new Map<string, Link>();
  private readonly seen = new Map<string, string>();
  private since = '';
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly cfg: ResolutionConfig = RESOLUTION_CONFIG) {}

  /** Reads contacts, donors and partner parties new or changed since the last call, and links them; one refresh at a time. */
  refresh(): Promise<ResolutionIndex> {
    const next = this.running.catch(() => undefined).then(() => this.update());
    this.running = next;
    return next;
  }

  private async update(): Promise<ResolutionIndex> {
    this.index ??= new ResolutionIndex(this.cfg);
    // Only records changed since the newest one seen; a record written in the same millisecond is read again, harmlessly.
    const since = this.since ? new Date(Date.parse(this.since) - 1).toISOString() : '';
    const contacts = await this.store.allContacts(since);
    const donors = await this.store.allRecords(MONEY_RECORD, since);
    // Partner packages are few and written by another clock than contacts; unchanged ones are skipped by version below.
    const partners = await this.store.listSecurityRecords(PARTNER_PACKAGE_KIND);
    const parties = [
      ...contacts.map((c) => [partyOfContact(c), c.updatedAt] as const), ...donors.map((r) => [partyOfDonor(r), r.updatedAt] as const),
      ...partners.flatMap((r) => partiesOfPackage(r.scope, r.data.pkg as ExchangePackage).map((p) => [p, r.updatedAt] as const)),
    ];
    for (const [p, version] of parties) {
      if (!p.ref.startsWith('partner:') && version > this.since) this.since = version;
      if (this.seen.get(p.ref) === version) continue;
      for (const key of [...this.links.keys()].filter((k) => k.split('\u0000').includes(p.ref))) this.links.delete(key);
      for (const c of this.index.resolve(p)) {
        if (c.strength !== 'link') continue;
        const [a, b] = [p.ref, c.ref].sort();
        this.links.set(`${a}\u0000${b}`, { a, b, score: c.score, evidence: c.evidence });
      }
      this.index.add(p);
      this.seen.set(p.ref, version);
    }
    return this.index;
  }

  async decisions(): Promise<ClusterDecision[]> {
    return (await this.store.listSecurityRecords(DECISION_KIND)).map((r) => r.data as unknown as ClusterDecision);
  }

  /** Every cluster, across all offices (for alerts); officers read `clusters`, which is limited to their offices. */
  async allClusters(): Promise<{ clusters: Cluster[]; index: ResolutionIndex }> {
    const index = await this.refresh();
    return { clusters: buildClusters(index.refs(), [...this.links.values()], await this.decisions()), index };
  }

  async clusters(actor: Actor): Promise<ClusterView[]> {
    requireSecurity(actor);
    const visible = new Set(actorOffices(actor));
    const { clusters, index } = await this.allClusters();
    return clusters.flatMap((c) => {
      const members = c.members.map((r) => index.party(r)!).filter((p) => visible.has(p.officeId));
      if (members.length < 2) return [];
      const refs = new Set(members.map((m) => m.ref));
      return [{
        ...c,
        members: members.map((p) => ({ ref: p.ref, officeId: p.officeId, kind: p.kind, name: p.name, listed: p.listed ?? [] })),
        links: c.links.filter((l) => refs.has(l.a) && refs.has(l.b)),
        offices: new Set(members.map((m) => m.officeId)).size,
        listed: members.some((m) => m.listed?.length),
      }];
    });
  }

  /** The cluster a record belongs to, as the officer may see it. */
  async clusterOf(actor: Actor, ref: string): Promise<ClusterView | undefined> {
    return (await this.clusters(actor)).find((c) => c.members.some((m) => m.ref === ref));
  }

  /** An officer confirms records are one actor, or splits them apart; audited, and reversible with `revert`. */
  async decide(actor: Actor, input: { type: 'confirm' | 'split'; refs: string[]; apart?: string[]; reason: string }): Promise<ClusterDecision> {
    requireSecurity(actor);
    const index = await this.refresh();
    const visible = new Set(actorOffices(actor));
    const all = [...input.refs, ...(input.apart ?? [])];
    if (!input.reason.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'say why (a reason)', { field: 'reason' });
    if (input.type === 'confirm' && input.refs.length < 2) throw new BulwarkError('BWK_ERR_INPUT', 'a confirmation names at least two records', { field: 'refs' });
    if (input.type === 'split' && !input.apart?.length) throw new BulwarkError('BWK_ERR_INPUT', 'a split names the records to keep apart', { field: 'apart' });
    for (const r of all) {
      const p = index.party(r);
      if (!p || !visible.has(p.officeId)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no record ${r} in the offices you protect`, { field: 'refs' });
    }
    const d: ClusterDecision = { id: randomUUID(), type: input.type, refs: input.refs, ...(input.apart ? { apart: input.apart } : {}), by: actor.userId, at: this.clock().toISOString(), reason: input.reason.trim() };
    await this.store.writeSecurity({
      records: [this.record(d, actor)],
      audit: [{ actor: actor.userId, officeId: actor.officeId, action: `cluster.${d.type}`, subject: d.id, detail: { refs: d.refs, apart: d.apart, reason: d.reason } }],
    });
    return d;
  }

  async revert(actor: Actor, decisionId: string, reason: string): Promise<ClusterDecision> {
    requireSecurity(actor);
    const r = await this.store.getSecurityRecord(DECISION_KIND, decisionId);
    const visible = new Set(actorOffices(actor));
    const d = r?.data as unknown as ClusterDecision | undefined;
    if (!d || ![...d.refs, ...(d.apart ?? [])].every((x) => visible.has(refOffice(x)))) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no decision ${decisionId}`);
    if (d.revertedBy) throw new BulwarkError('BWK_ERR_INPUT', 'this decision is already reverted');
    if (!reason.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'say why (a reason)', { field: 'reason' });
    const next: ClusterDecision = { ...d, revertedBy: { by: actor.userId, at: this.clock().toISOString(), reason: reason.trim() } };
    await this.store.writeSecurity({ records: [this.record(next, actor, r!.createdAt)], audit: [{ actor: actor.userId, officeId: actor.officeId, action: 'cluster.revert', subject: d.id, detail: { reason: reason.trim() } }] });
    return next;
  }

  private record(d: ClusterDecision, actor: Actor, createdAt = this.clock().toISOString()): SecurityRecord {
    return { id: d.id, kind: DECISION_KIND, scope: 'security', refs: [...d.refs, ...(d.apart ?? [])], data: d as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt, updatedAt: this.clock().toISOString() };
  }
}

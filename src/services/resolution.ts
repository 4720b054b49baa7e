import { randomUUID } from 'node:crypto';
import { actorOffices, type Actor } from '../domain/actor.js';
import { BulwarkError } from '../errors.js';
import { buildClusters, clusterNamed, type Cluster, type ClusterDecision, type Link } from '../risk/resolution/clusters.js';
import { RESOLUTION_CONFIG, type ResolutionConfig } from '../risk/resolution/config.js';
import type { Evidence, PartyInput } from '../risk/resolution/match.js';
import type { SecurityRecord } from '../store/security.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { refOffice } from './parties.js';
import { DECISION_KIND, preparedOf, Resolver } from './resolver.js';

export interface ClusterMember {
  ref: string;
  officeId: string;
  kind: PartyInput['kind'];
  name: string;
  listed: NonNullable<PartyInput['listed']>;
  /** Present for a partner's record: who shared it, under what marking. */
  partner?: PartyInput['partner'];
}

/** A cluster as an officer sees it: only the members in offices they protect, with the evidence between them. */
export interface ClusterView extends Omit<Cluster, 'members'> {
  members: ClusterMember[];
  /** Offices that reported a member (partners' records count for none). */
  offices: number;
  listed: boolean;
}

export function requireSecurity(actor: Actor): void {
  if (actor.role !== 'security_officer' && actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only security officers and administrators see the security team’s view');
}

/**
 * Entity resolution across offices: every office's contacts and donors, and partners' records, in one
 * index kept in the store; links between records with their evidence, and clusters shaped by officers'
 * confirm and split decisions (each audited, each reversible). A report is resolved, and its alerts
 * raised, when it is stored; what a process left queued is resolved by the next one to look.
 */
export class ResolutionService {
  private readonly resolver: Resolver;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly cfg: ResolutionConfig = RESOLUTION_CONFIG) {
    this.resolver = new Resolver(store, clock, cfg);
  }

  /** Resolves sources just stored (or, without names, a batch of those waiting); a store fault leaves them queued for the next try. */
  settle(sources?: string[]): Promise<number> {
    return this.resolver.settle(sources);
  }

  /**
   * Resolves sources right after they were stored. The report itself is safe: a store fault here leaves
   * them queued for the next process to look, so the caller is not told its report failed.
   */
  async settleStored(sources: string[]): Promise<void> {
    try {
      await this.settle(sources);
    } catch (e) {
      if ((e as { code?: string }).code !== 'BWK_ERR_STORE') throw e;
    }
  }

  /**
   * Resolves what is queued every `settle.everyMs` (a server: another process may have stopped before
   * resolving what it stored). Answers a stop function that waits for the round under way.
   */
  start(onError: (e: unknown) => void): () => Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let round: Promise<void> = Promise.resolve();
    const tick = () => {
      round = (async () => {
        try {
          while (!stopped && (await this.settle()) > 0);
        } catch (e) {
          onError(e);
        }
        if (!stopped) timer = setTimeout(tick, this.cfg.settle.everyMs).unref();
      })();
    };
    timer = setTimeout(tick, 0).unref();
    return async () => {
      stopped = true;
      clearTimeout(timer);
      await round;
    };
  }

  decisions(): Promise<ClusterDecision[]> {
    return this.resolver.decisions();
  }

  /** Every cluster, across all offices, with its members' records. */
  private async allClusters(): Promise<{ clusters: Cluster[]; parties: Map<string, PartyInput> }> {
    await this.settle();
    const links: Link[] = (await this.store.resolutionLinks()).map((l) => ({ ...l, evidence: l.evidence as Evidence[] }));
    const decisions = await this.decisions();
    const refs = new Set([...links.flatMap((l) => [l.a, l.b]), ...decisions.flatMap((d) => [...d.refs, ...(d.apart ?? [])])]);
    const stored = await this.store.resolutionParties({ refs: [...refs] });
    const firstSeen = new Map(stored.map((p) => [p.ref, p.firstSeen]));
    const clusters = buildClusters([...firstSeen.keys()], links, decisions, (r) => firstSeen.get(r)!);
    return { clusters, parties: new Map(stored.map((p) => [p.ref, preparedOf(p).input])) };
  }

  async clusters(actor: Actor): Promise<ClusterView[]> {
    requireSecurity(actor);
    const visible = new Set(actorOffices(actor));
    const { clusters, parties } = await this.allClusters();
    return clusters.flatMap((c) => {
      const members = c.members.map((r) => parties.get(r)!).filter((p) => visible.has(p.officeId));
      if (members.length < 2) return [];
      const refs = new Set(members.map((m) => m.ref));
      return [{
        ...c,
        members: members.map((p) => ({ ref: p.ref, officeId: p.officeId, kind: p.kind, name: p.name, listed: p.listed ?? [], ...(p.partner ? { partner: p.partner } : {}) })),
        links: c.links.filter((l) => refs.has(l.a) && refs.has(l.b)),
        offices: new Set(members.filter((m) => !m.partner).map((m) => m.officeId)).size,
        listed: members.some((m) => m.listed?.length),
      }];
    });
  }

  /** The cluster an id names, as the officer may see it: a cluster merged into an older one answers to its old id too. */
  async cluster(actor: Actor, id: string): Promise<ClusterView | undefined> {
    return clusterNamed(await this.clusters(actor), id, (c) => c.members.map((m) => m.ref));
  }

  /**
   * An officer confirms records are one actor, or splits them apart; audited, and reversible with
   * `revert`. The clusters it changes are looked at again, and alert as a report would.
   */
  async decide(actor: Actor, input: { type: 'confirm' | 'split'; refs: string[]; apart?: string[]; reason: string }): Promise<ClusterDecision> {
    requireSecurity(actor);
    const visible = new Set(actorOffices(actor));
    const all = [...input.refs, ...(input.apart ?? [])];
    if (!input.reason.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'say why (a reason)', { field: 'reason' });
    if (input.type === 'confirm' && input.refs.length < 2) throw new BulwarkError('BWK_ERR_INPUT', 'a confirmation names at least two records', { field: 'refs' });
    if (input.type === 'split' && !input.apart?.length) throw new BulwarkError('BWK_ERR_INPUT', 'a split names the records to keep apart', { field: 'apart' });
    await this.settle();
    const known = new Map((await this.store.resolutionParties({ refs: all })).map((p) => [p.ref, p]));
    for (const r of all) {
      const p = known.get(r);
      if (!p || !visible.has(p.officeId)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no record ${r} in the offices you protect`, { field: 'refs' });
    }
    const d: ClusterDecision = { id: randomUUID(), type: input.type, refs: input.refs, ...(input.apart ? { apart: input.apart } : {}), by: actor.userId, at: this.clock().toISOString(), reason: input.reason.trim() };
    await this.record(d, actor, `cluster.${d.type}`, { refs: d.refs, apart: d.apart, reason: d.reason });
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
    await this.record(next, actor, 'cluster.revert', { reason: reason.trim() }, r!.createdAt);
    return next;
  }

  /** Stores a decision with its audit entry and the alerts the clusters it changes now raise, in one transaction. */
  private async record(d: ClusterDecision, actor: Actor, action: string, detail: unknown, createdAt = this.clock().toISOString()): Promise<void> {
    await this.resolver.locked(async () => {
      const decisions = [...(await this.decisions()).filter((x) => x.id !== d.id), d];
      const raised = await this.resolver.raised([...d.refs, ...(d.apart ?? [])], [], new Set(), decisions);
      const rec: SecurityRecord = { id: d.id, kind: DECISION_KIND, scope: 'security', refs: [...d.refs, ...(d.apart ?? [])], data: d as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt, updatedAt: this.clock().toISOString() };
      await this.store.writeSecurity({ records: [rec, ...raised.records], audit: [{ actor: actor.userId, officeId: actor.officeId, action, subject: d.id, detail }, ...raised.audit] });
    });
  }
}

import { DEFAULT_SCREENING_CONFIG } from '../screening/config.js';
import { dataFingerprint } from '../screening/snapshot.js';
import { clusterAlerts, partnerAlerts, type Raised } from '../risk/resolution/alerts.js';
import { rank, shortlist, type Candidate } from '../risk/resolution/blocking.js';
import { buildClusters, type ClusterDecision, type Link } from '../risk/resolution/clusters.js';
import type { ResolutionConfig } from '../risk/resolution/config.js';
import { blockKeys, isIdentifierKey, prepare, type Evidence, type PartyInput, type PreparedParty } from '../risk/resolution/match.js';
import type { ResolutionLink, ResolutionParty } from '../store/resolution.js';
import type { SecurityRecord } from '../store/security.js';
import type { AuditInput, Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { partiesOfSource } from './parties.js';

export const DECISION_KIND = 'cluster-decision';
export const ALERT_KIND = 'security-alert';
export const NOTICE_KIND = 'office-notice';
/** The store lock every change to the resolution index is made under, in every process. */
const LOCK = 'resolution';

/** A stored party is kept in its comparison forms (prepare), so reading it costs a parse, not a normalisation. */
export const preparedOf = (p: ResolutionParty) => p.data as unknown as PreparedParty;
/** Changes whenever the stored comparison forms change shape: parties stored under another are prepared again. */
const STORED_FORM = 2;
const asLink = (l: ResolutionLink): Link => ({ a: l.a, b: l.b, score: l.score, evidence: l.evidence as Evidence[] });
const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * Resolution against the index in the store: a queued source (a contact, a donor, a partner package)
 * is read as it stands, each of its parties compared with the stored records its block keys shortlist,
 * and its parties, keys, links and the alerts they raise are written in one transaction that also
 * takes it off the queue. Every change is made under one store lock, so two processes never resolve
 * against each other's half-written state; nothing a process keeps in memory is needed by another.
 */
export class Resolver {
  /** The rules, normaliser and stored form a party was written with: a party stored under another stamp is resolved again. */
  readonly stamp: string;
  /** Whether this process has looked for parties keyed under other rules (a cache of a check, redone after a restart). */
  private stampChecked = false;

  constructor(private readonly store: Store, private readonly clock: Clock, readonly cfg: ResolutionConfig) {
    this.stamp = `${cfg.version}|${STORED_FORM}|${DEFAULT_SCREENING_CONFIG.algorithm}|${dataFingerprint()}`;
  }

  /**
   * Resolves queued sources: those named (just stored by this process) or else the oldest waiting,
   * one batch under the lock. Answers how many were resolved.
   */
  async settle(sources?: string[]): Promise<number> {
    if (!sources) {
      await this.requeueStale();
      // Looked at outside the lock: an empty queue, the usual case, costs one read and no lock.
      sources = [...new Set((await this.store.resolutionQueue({ limit: this.cfg.settle.batch })).map((w) => w.source))];
      if (!sources.length) return 0;
    }
    const todo = sources;
    return this.store.serialize(LOCK, async () => {
      const decisions = await this.decisions();
      let done = 0;
      for (const source of todo) {
        // Read under the lock: another process may have resolved it meanwhile, or queued it again.
        const seqs = (await this.store.resolutionQueue({ sources: [source] })).map((w) => w.seq);
        if (!seqs.length) continue;
        await this.resolveSource(source, seqs, decisions);
        done++;
      }
      return done;
    });
  }

  /** Runs `fn` under the resolution lock (an officer's decision changes clusters too). */
  locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.store.serialize(LOCK, fn);
  }

  async decisions(): Promise<ClusterDecision[]> {
    return (await this.store.listSecurityRecords(DECISION_KIND)).map((r) => r.data as unknown as ClusterDecision);
  }

  /** Parties keyed under other rules (after an upgrade) have their sources queued again, once per process. */
  private async requeueStale(): Promise<void> {
    if (this.stampChecked) return;
    const stale = await this.store.resolutionParties({ notStamp: this.stamp, limit: 1000 });
    if (!stale.length) {
      this.stampChecked = true;
      return;
    }
    const sources = [...new Set(stale.map((p) => p.source))];
    const queued = new Set((await this.store.resolutionQueue({ sources })).map((q) => q.source));
    const missing = sources.filter((s) => !queued.has(s));
    if (missing.length) await this.store.writeSecurity({ queue: missing, audit: [] });
  }

  private async resolveSource(source: string, seqs: number[], decisions: ClusterDecision[]): Promise<void> {
    const found = await partiesOfSource(this.store, source);
    const parties = found?.parties ?? [];
    const before = await this.store.resolutionParties({ source });
    const refs = new Set(parties.map((p) => p.ref));
    const replaced = new Set([...refs, ...before.map((b) => b.ref)]);
    const prepared = parties.map((p) => prepare(p, this.cfg));
    const links = new Map<string, Link>();
    const partnerMatches: Parameters<typeof partnerAlerts>[0] = [];
    for (const q of prepared) {
      const { candidates, others } = await this.candidates(q, prepared.filter((p) => p !== q), replaced);
      const byRef = new Map(others.map((o) => [o.input.ref, o.input]));
      for (const c of candidates) {
        if (c.strength === 'link') links.set(pairKey(q.input.ref, c.ref), { a: q.input.ref < c.ref ? q.input.ref : c.ref, b: q.input.ref < c.ref ? c.ref : q.input.ref, score: c.score, evidence: c.evidence });
        const other = byRef.get(c.ref)!;
        // A partner's record against an office's: alerts that office however many others reported it.
        if (!!q.input.partner !== !!other.partner) partnerMatches.push({ record: q.input.partner ? other : q.input, partner: q.input.partner ? q.input : other, strength: c.strength, evidence: c.evidence });
      }
    }
    const firstSeen = found?.firstSeen ?? this.clock().toISOString();
    const raised = await this.raised([...refs], [...links.values()], replaced, decisions, new Map(parties.map((p) => [p.ref, { input: p, firstSeen }])));
    raised.records.push(...(await this.fresh(partnerAlerts(partnerMatches, this.cfg, this.clock().toISOString()), raised.audit)));
    await this.store.writeSecurity({
      records: raised.records,
      resolution: {
        put: prepared.map((p) => ({ ref: p.input.ref, source, officeId: p.input.officeId, firstSeen, stamp: this.stamp, keys: blockKeys(p), data: p as unknown as Record<string, unknown> })),
        remove: before.map((b) => b.ref).filter((r) => !refs.has(r)),
        relink: [...refs],
        links: [...links.values()],
        done: seqs,
      },
      audit: raised.audit,
    });
  }

  /**
   * The stored records (and `alongside`, parties of the same source) that may be the same actor as
   * `q`, strongest first: one read of its blocks, one of the shortlisted records. Records in `skip`
   * (those being replaced) are left out.
   */
  async candidates(q: PreparedParty, alongside: PreparedParty[] = [], skip = new Set<string>()): Promise<{ candidates: Candidate[]; others: PreparedParty[] }> {
    const keys = blockKeys(q);
    const ids = shortlist(await this.store.resolutionBlocks(keys.filter(isIdentifierKey), keys.filter((k) => !isIdentifierKey(k)), this.cfg.blockCap), this.cfg);
    const stored = (await this.store.resolutionParties({ ids })).filter((s) => !skip.has(s.ref));
    const others = [...stored.map(preparedOf), ...alongside];
    return { candidates: rank(q, others, this.cfg), others };
  }

  /**
   * The alerts and notices the clusters around some records raise, not yet stored or changed since:
   * the clusters are those reachable from `start` over stored links (less those of `replaced` records,
   * which `fresh` replaces), the new links, and officers' confirmations.
   */
  async raised(start: string[], fresh: Link[], replaced: Set<string>, decisions: ClusterDecision[], pending = new Map<string, { input: PartyInput; firstSeen: string }>()): Promise<{ records: SecurityRecord[]; audit: AuditInput[] }> {
    const confirms = decisions.filter((d) => d.type === 'confirm' && !d.revertedBy);
    const refs = new Set(start);
    const links = new Map(fresh.map((l) => [pairKey(l.a, l.b), l]));
    for (let frontier = [...start]; frontier.length; ) {
      const stored = (await this.store.resolutionLinks(frontier)).filter((l) => !replaced.has(l.a) && !replaced.has(l.b)).map(asLink);
      const at = new Set(frontier);
      const next: string[] = [];
      const reach = (r: string) => {
        if (refs.has(r)) return;
        refs.add(r);
        next.push(r);
      };
      for (const l of [...stored, ...fresh.filter((x) => at.has(x.a) || at.has(x.b))]) {
        links.set(pairKey(l.a, l.b), l);
        reach(l.a);
        reach(l.b);
      }
      for (const d of confirms) if (d.refs.some((r) => at.has(r))) d.refs.forEach(reach);
      frontier = next;
    }
    const stored = new Map((await this.store.resolutionParties({ refs: [...refs].filter((r) => !pending.has(r) && !replaced.has(r)) })).map((p: ResolutionParty) => [p.ref, { input: preparedOf(p).input, firstSeen: p.firstSeen }]));
    const parties = new Map([...stored, ...pending]);
    const clusters = buildClusters([...parties.keys()], [...links.values()], decisions, (r) => parties.get(r)!.firstSeen);
    const at = this.clock().toISOString();
    const audit: AuditInput[] = [];
    const records = await this.fresh(clusters.flatMap((c) => clusterAlerts(c, c.members.map((m) => parties.get(m)!.input), this.cfg, at)), audit);
    return { records, audit };
  }

  /**
   * The raised alerts and notices that are new, or alerts whose records, offices or evidence changed
   * (kept under their first date); each new or changed alert gets its audit entry.
   */
  private async fresh(raised: Raised[], audit: AuditInput[]): Promise<SecurityRecord[]> {
    const out: SecurityRecord[] = [];
    const now = this.clock().toISOString();
    for (const r of raised) {
      const kind = r.kind === 'alert' ? ALERT_KIND : NOTICE_KIND;
      const old = await this.store.getSecurityRecord(kind, r.id);
      const data = { ...r.data, at: (old?.data.at as string | undefined) ?? r.data.at } as Record<string, unknown>;
      if (old && (r.kind === 'notice' || JSON.stringify(old.data) === JSON.stringify(data))) continue;
      out.push({ id: r.id, kind, scope: r.officeId, refs: r.refs, data, createdBy: 'bulwark', createdAt: old?.createdAt ?? now, updatedAt: now });
      if (r.kind === 'alert') audit.push({ actor: 'bulwark', officeId: r.officeId, action: old ? 'security.alert.update' : 'security.alert', subject: r.id, detail: { cluster: r.data.clusterId, reason: r.data.reason, offices: r.data.offices, ...(r.data.partner ? { partner: r.data.partner.package } : {}) } });
    }
    return out;
  }
}

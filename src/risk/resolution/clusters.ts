import { deterministicId } from '../../domain/ids.js';
import type { Evidence } from './match.js';

export interface Link {
  a: string;
  b: string;
  score: number;
  evidence: Evidence[];
}

/** An officer's judgement, kept as data so it can be reversed: confirm joins records, split keeps two sets apart. */
export interface ClusterDecision {
  id: string;
  type: 'confirm' | 'split';
  /** confirm: all of these are one actor; split: these … */
  refs: string[];
  /** split: … are never the same actor as these. */
  apart?: string[];
  by: string;
  at: string;
  reason: string;
  revertedBy?: { by: string; at: string; reason: string };
}

export interface Cluster {
  id: string;
  members: string[];
  /** The links that hold it together, with their evidence. */
  links: Link[];
  /** Ids of the active decisions that shaped it. */
  decisions: string[];
  confirmed: boolean;
}

/**
 * A cluster is named after its earliest member (first reported, then by ref): records joining later,
 * or a split that leaves that member in place, keep the name, so decisions, alerts and cases stay
 * attached to it across restarts and new reports.
 */
export const clusterIdOf = (earliest: string) => deterministicId('cluster', [earliest]);

/**
 * The cluster an id names: the one of that name, else the one now holding the member it was named
 * after (a cluster merged into an older one answers to its old name).
 */
export function clusterNamed<T extends { id: string }>(clusters: T[], id: string, refsOf: (c: T) => string[]): T | undefined {
  return clusters.find((c) => c.id === id) ?? clusters.find((c) => refsOf(c).some((r) => clusterIdOf(r) === id));
}

/**
 * Clusters from automatic links and officers' decisions: confirmations join first, then links join in
 * order of strength unless a split keeps the two sides apart. Reverting a decision re-runs this with
 * it left out, so no merge is ever irreversible. `firstSeen` gives when each record was first reported.
 */
export function buildClusters(refs: string[], links: Link[], decisions: ClusterDecision[], firstSeen: (ref: string) => string): Cluster[] {
  const parent = new Map(refs.map((r) => [r, r]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let y = x; parent.get(y) !== r; ) {
      const next = parent.get(y)!;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  const members = new Map(refs.map((r) => [r, new Set([r])]));
  const active = decisions.filter((d) => !d.revertedBy);
  const apart = active.filter((d) => d.type === 'split');
  const blocked = (x: Set<string>, y: Set<string>) => apart.some((d) => (d.refs.some((r) => x.has(r)) && d.apart!.some((r) => y.has(r))) || (d.refs.some((r) => y.has(r)) && d.apart!.some((r) => x.has(r))));
  const union = (a: string, b: string, force: boolean): boolean => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return true;
    const ma = members.get(ra)!;
    const mb = members.get(rb)!;
    if (!force && blocked(ma, mb)) return false;
    parent.set(rb, ra);
    for (const m of mb) ma.add(m);
    members.delete(rb);
    return true;
  };
  const known = (r: string) => parent.has(r);
  for (const d of active.filter((x) => x.type === 'confirm')) {
    const rs = d.refs.filter(known);
    for (const r of rs.slice(1)) union(rs[0], r, true);
  }
  const used: Link[] = [];
  for (const l of [...links].sort((x, y) => y.score - x.score || x.a.localeCompare(y.a) || x.b.localeCompare(y.b))) {
    if (known(l.a) && known(l.b) && union(l.a, l.b, false)) used.push(l);
  }
  const out: Cluster[] = [];
  for (const set of members.values()) {
    if (set.size < 2) continue;
    const m = [...set].sort();
    const inside = (r: string) => set.has(r);
    const ds = active.filter((d) => d.refs.some(inside));
    const earliest = m.reduce((a, b) => (firstSeen(b) < firstSeen(a) ? b : a));
    out.push({
      id: clusterIdOf(earliest),
      members: m,
      links: used.filter((l) => inside(l.a)),
      decisions: ds.map((d) => d.id),
      confirmed: ds.some((d) => d.type === 'confirm' && m.every((r) => d.refs.includes(r))),
    });
  }
  return out.sort((a, b) => b.members.length - a.members.length || a.id.localeCompare(b.id));
}

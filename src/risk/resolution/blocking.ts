import type { ResolutionConfig } from './config.js';
import { isIdentifierKey, scorePair, type PairScore, type PreparedParty } from './match.js';

export interface Candidate extends PairScore {
  ref: string;
  officeId: string;
  /** 'link' joins a cluster; 'possible' is shown to officers but joins nothing by itself. */
  strength: 'link' | 'possible';
}

/**
 * The stored records worth comparing with a new one, from the blocks they share with it: every record
 * under a shared identifier, then the records sharing the most telling name words and employer, up to
 * maxCompared. A block's vote weighs 1/log2(size + 1), so a rare word counts for more than a common one.
 */
export function shortlist(blocks: { key: string; party: number }[], cfg: ResolutionConfig): number[] {
  const sizes = new Map<string, number>();
  for (const b of blocks) sizes.set(b.key, (sizes.get(b.key) ?? 0) + 1);
  const always = new Set<number>();
  const votes = new Map<number, number>();
  for (const b of blocks) {
    if (isIdentifierKey(b.key)) always.add(b.party);
    else votes.set(b.party, (votes.get(b.party) ?? 0) + 1 / Math.log2(sizes.get(b.key)! + 1));
  }
  const byName = [...votes].filter(([id]) => !always.has(id)).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, cfg.maxCompared).map(([id]) => id);
  return [...always, ...byName];
}

/** The shortlisted records that may be the same actor as `q`, strongest first. */
export function rank(q: PreparedParty, others: PreparedParty[], cfg: ResolutionConfig): Candidate[] {
  const out: Candidate[] = [];
  for (const c of others) {
    if (c.input.ref === q.input.ref) continue;
    const s = scorePair(q, c, cfg);
    if (s.score < cfg.suggestThreshold) continue;
    out.push({ ref: c.input.ref, officeId: c.input.officeId, ...s, strength: s.score >= cfg.linkThreshold ? 'link' : 'possible' });
  }
  return out.sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref));
}

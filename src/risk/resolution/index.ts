import type { TokenSim } from '../../screening/name-match.js';
import { RESOLUTION_CONFIG, type ResolutionConfig } from './config.js';
import { blockKeys, prepare, scorePair, type PairScore, type PartyInput, type PreparedParty } from './match.js';

export interface Candidate extends PairScore {
  ref: string;
  officeId: string;
  /** 'link' joins a cluster; 'possible' is shown to officers but joins nothing by itself. */
  strength: 'link' | 'possible';
}

/**
 * The resolution index: parties by block key, so a new record is compared only with records that
 * share an identifier or a name word. Blocks larger than blockCap (very common words) are skipped
 * for names; identifier blocks are always read.
 */
export class ResolutionIndex {
  private readonly parties: PreparedParty[] = [];
  private readonly byRef = new Map<string, number>();
  private readonly blocks = new Map<string, number[]>();

  constructor(readonly cfg: ResolutionConfig = RESOLUTION_CONFIG) {}

  get size(): number {
    return this.parties.length;
  }

  party(ref: string): PartyInput | undefined {
    const i = this.byRef.get(ref);
    return i === undefined ? undefined : this.parties[i].input;
  }

  refs(): string[] {
    return [...this.byRef.keys()];
  }

  /** Adds or replaces a party (a contact updated with a new email is re-blocked). */
  add(p: PartyInput): void {
    const prepared = prepare(p, this.cfg);
    const existing = this.byRef.get(p.ref);
    if (existing !== undefined) {
      for (const k of blockKeys(this.parties[existing])) this.blocks.set(k, (this.blocks.get(k) ?? []).filter((i) => i !== existing));
      this.parties[existing] = prepared;
    } else {
      this.byRef.set(p.ref, this.parties.length);
      this.parties.push(prepared);
    }
    const i = this.byRef.get(p.ref)!;
    for (const k of blockKeys(prepared)) {
      const b = this.blocks.get(k);
      if (b) b.push(i);
      else this.blocks.set(k, [i]);
    }
  }

  /** Every indexed party that may be the same actor as `p`, strongest first. */
  resolve(p: PartyInput, cache = new Map<string, TokenSim>()): Candidate[] {
    const q = prepare(p, this.cfg);
    // Identifier blocks are always read; name blocks vote, and only the records sharing most name words are compared.
    const byId = new Set<number>();
    const votes = new Map<number, number>();
    for (const k of blockKeys(q)) {
      const b = this.blocks.get(k);
      if (!b) continue;
      if (!k.startsWith('n')) for (const i of b) byId.add(i);
      else if (b.length <= this.cfg.blockCap) for (const i of b) votes.set(i, (votes.get(i) ?? 0) + 1);
    }
    const byName = [...votes].filter(([i]) => !byId.has(i)).sort((a, b) => b[1] - a[1]).slice(0, this.cfg.maxCompared).map(([i]) => i);
    const seen = [...byId, ...byName];
    const out: Candidate[] = [];
    for (const i of seen) {
      const c = this.parties[i];
      if (c.input.ref === p.ref) continue;
      const s = scorePair(q, c, this.cfg, cache);
      if (s.score < this.cfg.suggestThreshold) continue;
      out.push({ ref: c.input.ref, officeId: c.input.officeId, ...s, strength: s.score >= this.cfg.linkThreshold ? 'link' : 'possible' });
    }
    return out.sort((a, b) => b.score - a.score || a.ref.localeCompare(b.ref));
  }
}

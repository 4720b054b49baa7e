import { compareNames, lengthWeight } from '../../screening/name-match.js';
import { joinedToken, normaliseName, type NameToken, type NormalisedName } from '../../screening/normalize.js';
import { foldKey, type FoldMode } from '../../screening/spellings.js';
import type { EvidenceFeature, ResolutionConfig } from './config.js';
import { dobCompatible, normAddress, normCompanyNumber, normEmail, normPhone, normProfile } from './keys.js';

/** One record that may be the same actor as others: an office's contact, a donor, an organisation. */
export interface PartyInput {
  /** Where it came from: "contact:<office>:<id>", "donor:<office>:<record>", "partner:<package>:<key>". */
  ref: string;
  officeId: string;
  kind: 'person' | 'organisation';
  name: string;
  aliases?: string[];
  emails?: string[];
  phones?: string[];
  profiles?: string[];
  employer?: string;
  address?: string;
  companyNumber?: string;
  dob?: string;
  /** Listed parties the screening engine matched this record to. */
  listed?: { entityId: string; caption: string; score: number }[];
  /** A partner's record (an imported STIX bundle or MISP event): who shared it, under what marking. */
  partner?: { package: string; title: string; producer: string; tlp: string };
}

/** A party with its comparison forms computed once. */
export interface PreparedParty {
  input: PartyInput;
  names: NormalisedName[];
  emails: string[];
  phones: string[];
  profiles: string[];
  companyNumber?: string;
  address?: string;
  employer?: NormalisedName;
}

export interface Evidence {
  feature: EvidenceFeature | 'conflict:dob';
  /** What it adds to the score (the conflict's factor for a conflict). */
  weight: number;
  /** The words an officer reads: what the two records share. */
  detail: string;
}

export interface PairScore {
  score: number;
  evidence: Evidence[];
}

const uniq = <T>(xs: (T | undefined)[]) => [...new Set(xs.filter((x): x is T => x !== undefined))];

/**
 * A party's comparison forms, computed once: normalised names (with their neighbouring words joined, which the
 * name comparison reads) and identifiers. Plain data, so the store keeps it with the party.
 */
export function prepare(p: PartyInput, cfg: ResolutionConfig): PreparedParty {
  const schema = p.kind === 'person' ? 'Person' : 'Organization';
  const names = [p.name, ...(p.aliases ?? [])].map((n) => normaliseName(n, schema)).filter((n) => n.tokens.length);
  const employer = p.employer ? normaliseName(p.employer, 'Organization') : undefined;
  for (const n of [...names, ...(employer ? [employer] : [])]) for (let at = 0; at + 1 < n.tokens.length; at++) joinedToken(n, at);
  return {
    input: p,
    names,
    emails: uniq((p.emails ?? []).map((e) => normEmail(e, cfg))),
    phones: uniq((p.phones ?? []).map((x) => normPhone(x, cfg))),
    profiles: uniq((p.profiles ?? []).map((x) => normProfile(x, cfg))),
    companyNumber: p.companyNumber ? normCompanyNumber(p.companyNumber) : undefined,
    address: p.address ? normAddress(p.address) : undefined,
    employer,
  };
}

const FOLD_MODES: FoldMode[] = ['abjad', 'syllabic'];

/**
 * A name word's block keys: as spelled, by its first four letters (typos at the end), by its consonant
 * skeleton (vowels a transliteration leaves out) and by the screening engine's transcription keys, so a
 * word written in Arabic or Japanese meets its Latin spelling (جوهر and Jawhar share an abjad key).
 */
function wordKeys(t: NameToken): string[] {
  const keys = [`n:${t.simp}`];
  if (t.simp.length > 4) keys.push(`n4:${t.simp.slice(0, 4)}`);
  if (t.skel.length >= 3) keys.push(`nk:${t.skel}`);
  if (t.mode) for (const f of t.fold ?? []) if (f.length >= 2) keys.push(`nf:${t.mode}:${f}`);
  if (!t.mode && t.text.length >= 3) for (const mode of FOLD_MODES) keys.push(`nf:${mode}:${foldKey(t.text, mode)}`);
  return keys;
}

/** Keys of the evidence that is always read: a shared identifier is worth comparing however many share it. */
export const isIdentifierKey = (k: string) => !k.startsWith('n') && !k.startsWith('o:');

/**
 * Block keys: shared identifiers, the claimed employer, and each name word's keys. Identifier blocks are
 * always read; name and employer blocks vote for the records to compare.
 */
export function blockKeys(p: PreparedParty): string[] {
  const keys = new Set<string>();
  for (const e of p.emails) keys.add(`e:${e}`);
  for (const x of p.phones) keys.add(`p:${x}`);
  for (const x of p.profiles) keys.add(`u:${x}`);
  if (p.companyNumber) keys.add(`c:${p.companyNumber}`);
  if (p.address) keys.add(`a:${p.address}`);
  if (p.employer?.tokens.length) keys.add(`o:${p.employer.tokens.map((t) => t.simp).join(' ')}`);
  for (const n of p.names) for (const t of n.tokens) if (!t.particle && t.simp.length >= 2) for (const k of wordKeys(t)) keys.add(k);
  return [...keys];
}

function bestName(a: PreparedParty, b: PreparedParty, floor: number) {
  let best = { score: 0, how: '' };
  for (const x of a.names) for (const y of b.names) {
    const c = compareNames(x, y, lengthWeight, floor);
    if (c.score > best.score) best = { score: c.score, how: `"${x.original}" ~ "${y.original}": ${c.pairs.map((p) => (p.how === 'exact' ? p.query : `${p.query}/${p.matched} (${p.how})`)).join(', ')}` };
  }
  return best;
}

/** The evidence that two records are the same actor, combined by noisy-OR; a conflicting date of birth cuts it. */
export function scorePair(a: PreparedParty, b: PreparedParty, cfg: ResolutionConfig): PairScore {
  const ev: Evidence[] = [];
  const w = cfg.evidence;
  const shared = (xs: string[], ys: string[]) => xs.filter((x) => ys.includes(x));
  for (const e of shared(a.emails, b.emails)) ev.push({ feature: 'email', weight: w.email.weight, detail: `both use ${e}` });
  for (const x of shared(a.phones, b.phones)) ev.push({ feature: 'phone', weight: w.phone.weight, detail: `both give ${x}` });
  for (const x of shared(a.profiles, b.profiles)) ev.push({ feature: 'profile', weight: w.profile.weight, detail: `both use ${x}` });
  if (a.companyNumber && a.companyNumber === b.companyNumber) ev.push({ feature: 'companyNumber', weight: w.companyNumber.weight, detail: `both are company ${a.companyNumber}` });
  if (a.input.kind === b.input.kind) {
    const n = bestName(a, b, 0.5);
    if (n.score >= cfg.nameFloor) ev.push({ feature: 'name', weight: w.name.weight * n.score, detail: `names match (${n.score.toFixed(2)}): ${n.how}` });
  }
  if (a.employer && b.employer) {
    const c = compareNames(a.employer, b.employer, lengthWeight, 0.5);
    if (c.score >= cfg.employerFloor) ev.push({ feature: 'employer', weight: w.employer.weight, detail: `both claim ${a.input.employer} / ${b.input.employer}` });
  }
  if (a.address && a.address === b.address) ev.push({ feature: 'address', weight: w.address.weight, detail: `both at ${a.address.replace('|', ', number ')}` });
  const da = a.input.dob;
  const db = b.input.dob;
  if (da && db && dobCompatible(da, db)) ev.push({ feature: 'dob', weight: w.dob.weight, detail: `both born ${da.length >= db.length ? da : db}` });
  let score = 1 - ev.reduce((p, e) => p * (1 - e.weight), 1);
  if (da && db && !dobCompatible(da, db)) {
    ev.push({ feature: 'conflict:dob', weight: cfg.conflicts.dob.factor, detail: `born ${da} and ${db}` });
    score *= cfg.conflicts.dob.factor;
  }
  return { score, evidence: ev };
}

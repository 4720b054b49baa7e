import { addCalendarMonths, addDays, daysBetween, ukDay } from '../domain/dates.js';
import { inForce, threshold, type DonationRules } from './donation-rules.js';
import { donorKey, gbp, type MoneyEntry, type ScreeningFinding } from './money-entry.js';
import { redFlags, type Flag, type RedFlagRule } from './red-flags.js';

export { donorKey, MONEY_KINDS, PAYMENT_METHODS, type Donor, type MoneyEntry, type MoneyKind, type ScreeningFinding } from './money-entry.js';
export type { Flag } from './red-flags.js';

/** do_not_accept: the donor or someone behind it is listed; it outranks every other verdict. */
export type Verdict = 'do_not_accept' | 'impermissible' | 'cannot_tell' | 'permissible' | 'not_a_donation';

export interface Deadline {
  id: string;
  label: string;
  due: string;
  status: 'met' | 'upcoming' | 'overdue';
  source: string;
}

export interface MoneyCheck {
  rulesVersion: string;
  verdict: Verdict;
  /** One sentence that follows the worst finding: what to do with the money now. */
  headline: string;
  reasons: string[];
  missingEvidence: { id: string; question: string }[];
  /** The listing behind a do_not_accept verdict: which list, the duty it brings, whom to tell. */
  listing?: { name: string; summary: string; label: string; duty: string; tell: string[]; source: string };
  thresholds: { id: string; value: number; crossed: boolean; by: 'single' | 'aggregate'; label: string; source: string }[];
  aggregate: { year: number; total: number; entries: number };
  registers: { register: string; category: string; label: string; due: string; source: string }[];
  deadlines: Deadline[];
  flags: Flag[];
  actions: string[];
}

export interface CheckContext {
  rules: DonationRules;
  /** The office's other entries (any donor), for aggregation and linked-donor checks. */
  history: MoneyEntry[];
  officeKind: string;
  asOf: string;
  /** Watchlist results for the donor and its owners, directors and beneficial owners. */
  screening?: ScreeningFinding[];
}

const regimeOf = (rules: DonationRules, recipient: string) => rules.recipients[recipient]?.regime ?? 'regulated_donee';

/** Money always; gifts and hospitality too when given to a regulated donee or party for political activities (D-01). */
export function donationKind(rules: DonationRules, e: MoneyEntry): boolean {
  if (e.kind === 'donation' || e.kind === 'loan') return true;
  return rules.inKind.kinds.includes(e.kind) && rules.inKind.regimes.includes(regimeOf(rules, e.recipient)) && !e.personal;
}

/** Whether an entry is a donation under the rules of its date: a donation kind over the threshold. */
export function isDonation(rules: DonationRules, e: MoneyEntry): boolean {
  const floor = threshold(rules, 'donation', regimeOf(rules, e.recipient), e.received);
  return donationKind(rules, e) && floor !== undefined && e.value > floor.value;
}

/** Is the donor permissible: the donor type, its evidence, agents, dated changes and the source declaration. */
function permissibility(e: MoneyEntry, rules: DonationRules, regime: string): Pick<MoneyCheck, 'verdict' | 'reasons' | 'missingEvidence'> {
  const type = rules.donorTypes[e.donor.type];
  const reasons: string[] = [];
  const missingEvidence: MoneyCheck['missingEvidence'] = [];
  let verdict: Verdict;
  if (!type) {
    verdict = 'cannot_tell';
    reasons.push(`unknown donor type "${e.donor.type}"`);
  } else if (type.permissible === false) {
    verdict = 'impermissible';
    reasons.push(`${type.label} is not a permissible donor (${type.source})`);
  } else if (type.permissible === 'escalate') {
    verdict = 'cannot_tell';
    reasons.push(`${type.label}: ${type.source}`);
  } else if (type.permissible === 'not_a_donation') {
    verdict = 'not_a_donation';
    reasons.push(`${type.label}: ${type.source}`);
  } else {
    const refuted = type.evidence.filter((q) => e.donor.evidence?.[q] === false);
    const missing = type.evidence.filter((q) => e.donor.evidence?.[q] === undefined && !(q === 'company_number' && e.donor.companyNumber));
    if (refuted.length) {
      verdict = 'impermissible';
      for (const q of refuted) reasons.push(`not so: ${rules.evidence[q]} (${type.source})`);
    } else if (missing.length) {
      verdict = 'cannot_tell';
      missingEvidence.push(...missing.map((q) => ({ id: q, question: rules.evidence[q] })));
      reasons.push(`${type.label} is a permissible kind of donor if the evidence holds; still missing: ${missing.map((q) => rules.evidence[q]).join('; ')}`);
    } else {
      verdict = 'permissible';
      reasons.push(`${type.label} with the evidence recorded (${type.source})`);
    }
  }
  if (e.donor.agent && !e.donor.agent.principalNamed) {
    verdict = 'impermissible';
    reasons.push(`passed on by ${e.donor.agent.name} without naming the real donor: treat as impermissible and return it (AG-01 [S52d])`);
  }
  for (const c of rules.changes) {
    if (inForce(c, e.received) && c.paymentMethods.includes(e.paymentMethod)) {
      verdict = 'impermissible';
      reasons.push(`${c.label} (${c.source})`);
    }
  }
  const declaration = threshold(rules, 'source_declaration', regime, e.received);
  if (declaration && e.value > declaration.value && e.sourceDeclarationGiven === false) {
    verdict = 'impermissible';
    reasons.push(`over ${gbp(declaration.value)} without the donor's written source declaration it cannot be accepted (${declaration.source})`);
  } else if (declaration && e.value > declaration.value && e.sourceDeclarationGiven === undefined && verdict === 'permissible') {
    verdict = 'cannot_tell';
    missingEvidence.push({ id: 'source_declaration', question: `Written declaration from the donor whether anyone else funded the donation (over ${gbp(declaration.value)})` });
  }
  return { verdict, reasons, missingEvidence };
}

/** The worst listing among the screening results, by the order of the rules' listings table. */
function worstListing(rules: DonationRules, screening: ScreeningFinding[]) {
  for (const l of rules.listings) {
    const s = screening.find((x) => x.level === 'match' && (x.datasets ?? [x.dataset]).some((d) => d && l.datasets.includes(d)));
    if (s) return { ...l, finding: s, dataset: (s.datasets ?? [s.dataset]).find((d) => d && l.datasets.includes(d))! };
  }
  return undefined;
}

/**
 * Checks a donation, loan, gift, hospitality or visit against the rules in force on the day it
 * was received: is it a donation, is the donor permissible (or listed), which thresholds it
 * crosses alone or with the same donor's other gifts that calendar year, which deadlines run,
 * which register entries are due, the red flags from the rule table, and what to do.
 */
export function checkEntry(e: MoneyEntry, ctx: CheckContext): MoneyCheck {
  const { rules } = ctx;
  const regime = regimeOf(rules, e.recipient);
  const date = e.received;
  const year = Number(date.slice(0, 4));
  const key = donorKey(e.donor);
  const screening = ctx.screening ?? [];
  const floor = threshold(rules, 'donation', regime, date);
  const donation = isDonation(rules, e);
  const sameDonor = ctx.history.filter((h) => h.id !== e.id && donorKey(h.donor) === key && h.recipient === e.recipient && !h.returned);
  // Only donations aggregate (D-02, AG-02); entries received on or before this one's date count towards it.
  const sameYear = sameDonor.filter((h) => Number(h.received.slice(0, 4)) === year && h.received <= date && isDonation(rules, h));
  const aggregate = sameYear.reduce((s, h) => s + h.value, 0) + (donation ? e.value : 0);

  let { verdict, reasons, missingEvidence } = donation
    ? permissibility(e, rules, regime)
    : { verdict: 'not_a_donation' as Verdict, reasons: [] as string[], missingEvidence: [] as MoneyCheck['missingEvidence'] };
  if (donation && e.kind !== 'donation' && e.kind !== 'loan') reasons.unshift(`${e.kind === 'gift' ? 'a gift' : e.kind} worth ${gbp(e.value)} to a ${regime.replace('_', ' ')}: ${rules.inKind.label} (${rules.inKind.source})`);
  if (!donation && donationKind(rules, e) && floor) reasons.push(`${gbp(e.value)} is not over ${gbp(floor.value)}, so it is not a donation under the rules (${floor.source})`);
  if (!donation && e.kind === 'visit') reasons.push(`overseas visits may be paid for from abroad but must be registered (${rules.inKind.source})`);
  const listed = worstListing(rules, screening);
  let listing: MoneyCheck['listing'];
  if (listed) {
    verdict = 'do_not_accept';
    const also = listed.dataset !== listed.finding.dataset ? `, and is listed on ${listed.dataset}` : '';
    listing = { name: listed.finding.name, summary: `${listed.finding.summary}${also}`, label: listed.label, duty: listed.duty, tell: listed.tell, source: listed.source };
    reasons.unshift(`${listed.finding.name} ${listing.summary}: ${listed.label} (${listed.source})`);
  } else {
    for (const s of screening.filter((x) => x.level === 'possible')) {
      if (verdict === 'permissible' || verdict === 'not_a_donation') verdict = verdict === 'permissible' ? 'cannot_tell' : verdict;
      missingEvidence.push({ id: `identity:${s.name}`, question: `Whether ${s.name} is the listed party (${s.summary}): compare date of birth, nationality or company number` });
    }
  }

  const thresholds: MoneyCheck['thresholds'] = [];
  if (donationKind(rules, e)) {
    if (floor) thresholds.push({ id: 'donation', value: floor.value, crossed: e.value > floor.value, by: 'single', label: floor.label, source: floor.source });
    const rep = threshold(rules, 'reporting', regime, date);
    if (rep) thresholds.push({ id: 'reporting', value: rep.value, crossed: aggregate > rep.value, by: e.value > rep.value ? 'single' : 'aggregate', label: rep.label, source: rep.source });
    for (const id of ['source_declaration', 'company_resolution']) {
      const t = threshold(rules, id, regime, date);
      if (t && (id !== 'company_resolution' || e.donor.type === 'company')) thresholds.push({ id, value: t.value, crossed: e.value > t.value, by: 'single', label: t.label, source: t.source });
    }
  }
  const reportable = donation && thresholds.some((t) => t.id === 'reporting' && t.crossed);
  const keep = !e.returned && (verdict === 'permissible' || verdict === 'cannot_tell' || verdict === 'not_a_donation');

  const deadlines: Deadline[] = [];
  const status = (due: string, met: boolean): Deadline['status'] => (met ? 'met' : due < ctx.asOf ? 'overdue' : 'upcoming');
  const assetFreeze = listed?.id === 'uk-asset-freeze';
  for (const dl of rules.deadlines) {
    if (dl.regimes && !dl.regimes.includes(regime)) continue;
    if (dl.appliesTo === 'donation' && !donation) continue;
    if (dl.appliesTo === 'reportable' && !(reportable && keep)) continue;
    if (dl.id === 'decide') {
      // A frozen asset must not be returned without a licence, so no return clock runs.
      if (assetFreeze) continue;
      const due = addDays(e.received, dl.days);
      const mustReturn = verdict === 'impermissible' || verdict === 'do_not_accept';
      deadlines.push({ id: mustReturn ? 'return' : dl.id, label: mustReturn ? `return it${e.donor.type === 'anonymous' ? ' (or send it to the Electoral Commission)' : ' to the donor'}, within 30 days of receipt` : dl.label, due, status: status(due, Boolean(mustReturn ? e.returned : e.accepted || e.returned)), source: mustReturn ? '§2.6, P-01 [S43][S52c]' : dl.source });
      continue;
    }
    const start = dl.from === 'received' ? e.received : e.accepted;
    if (!start) {
      const due = addDays(e.received, 30 + dl.days);
      deadlines.push({ id: dl.id, label: `${dl.label} (${dl.days} days from acceptance, once accepted)`, due, status: status(due, false), source: dl.source });
      continue;
    }
    const due = addDays(start, dl.days);
    deadlines.push({ id: dl.id, label: dl.label, due, status: status(due, dl.id === 'report_ec' && Boolean(e.reported)), source: dl.source });
  }
  const deemed = donation && !e.accepted && !e.returned && !assetFreeze && daysBetween(e.received, ctx.asOf) > 30;
  if (deemed) reasons.push('still held more than 30 days after receipt: it is deemed accepted (P-01)');

  const registers: MoneyCheck['registers'] = [];
  const ukSource = (!e.donor.country || e.donor.country === 'GB') && e.donor.type !== 'foreign_government' && !e.fundedByForeignGovernment;
  for (const r of keep ? (rules.registers[ctx.officeKind] ?? []) : []) {
    if (!inForce(r, date) || !r.kinds.includes(e.kind)) continue;
    if (r.ukSource !== undefined && r.ukSource !== ukSource) continue;
    const value = e.kind === 'donation' || e.kind === 'loan' ? Math.max(e.value, aggregate) : e.value + sameDonor.filter((h) => Number(h.received.slice(0, 4)) === year && h.kind === e.kind && h.received <= date).reduce((s, h) => s + h.value, 0);
    const due = r.days ? addDays(e.received, r.days) : addCalendarMonths(e.received, r.months ?? 1);
    if ((r.over !== undefined && value > r.over) || (r.atLeast !== undefined && value >= r.atLeast)) {
      registers.push({ register: ctx.officeKind, category: r.category, label: `${r.label}: ${r.over !== undefined ? `over ${gbp(r.over)}` : `${gbp(r.atLeast!)} or more`}`, due, source: r.source });
      deadlines.push({ id: `register_${r.category}`, label: `register it (${ctx.officeKind} register, category ${r.category})`, due, status: status(due, Boolean(e.registered)), source: r.source });
    }
  }

  const flags = redFlags(rules.redFlags as RedFlagRule[], e, { history: ctx.history, screening, donationFloor: floor?.value ?? 0, reportingThreshold: threshold(rules, 'reporting', regime, date)?.value, isDonation: donation, ukSource });
  const { headline, actions } = advise({ e, verdict, listing, deadlines, registers, reportable: reportable && keep, thresholds, flags, regime, deemed });
  return { rulesVersion: rules.version, verdict, headline, reasons, missingEvidence, ...(listing ? { listing } : {}), thresholds, aggregate: { year, total: aggregate, entries: sameYear.length + (donation ? 1 : 0) }, registers, deadlines, flags, actions };
}

/** The headline and the actions, in order of urgency; each action says by when. */
function advise(a: { e: MoneyEntry; verdict: Verdict; listing?: MoneyCheck['listing']; deadlines: Deadline[]; registers: MoneyCheck['registers']; reportable: boolean; thresholds: MoneyCheck['thresholds']; flags: Flag[]; regime: string; deemed: boolean }): { headline: string; actions: string[] } {
  const { e, verdict } = a;
  const by = (id: string) => {
    const d = a.deadlines.find((x) => x.id === id);
    return d ? ukDay(d.due) : 'the 30-day deadline';
  };
  const actions: string[] = [];
  let headline: string;
  if (verdict === 'do_not_accept') {
    const l = a.listing!;
    headline = `DO NOT ACCEPT: ${l.name} ${l.summary} (${l.label}). ${l.duty}`;
    actions.push(`Today: tell ${l.tell.join(', ')} (${l.source})`);
    if (a.deadlines.some((d) => d.id === 'return')) actions.push(`Return it by ${by('return')} unless the security team advises otherwise (§2.6 [S43])`);
  } else if (verdict === 'impermissible' && e.returned) {
    headline = `IMPERMISSIBLE, returned on ${ukDay(e.returned)}: nothing to register or report for it; keep the record of the return`;
  } else if (verdict === 'impermissible') {
    headline = `IMPERMISSIBLE: do not accept it; return it by ${by('return')}`;
    actions.push(
      e.donor.type === 'anonymous'
        ? `Return it to whoever transferred it, or else the financial institution used; if neither is known, send it to the Electoral Commission — by ${by('return')} (§2.6 [S43][S52c])`
        : `Return it (or an equal sum) to the donor by ${by('return')} (§2.6 [S43][S52c])`,
    );
    if (a.deemed) actions.push('Today: tell the Electoral Commission — an impermissible donation held beyond 30 days counts as accepted (§1.7, P-01 [S43][S45])');
  } else if (verdict === 'cannot_tell') {
    headline = `CANNOT TELL YET: do not accept it until the evidence is in; decide by ${by('decide')}`;
    actions.push(`Do not accept yet: get the missing evidence and decide by ${by('decide')}; if you cannot establish it, return the donation (P-01 [S43])`);
  } else if (verdict === 'permissible') {
    headline = e.accepted ? `PERMISSIBLE, accepted on ${ukDay(e.accepted)}` : `PERMISSIBLE: it may be accepted; record the acceptance by ${by('decide')}`;
    if (!e.accepted && !e.returned) actions.push(`It may be accepted: record the date you accept it (decide by ${by('decide')})`);
  } else headline = a.registers.length ? 'NOT A DONATION under the donation rules, but registrable' : 'NOT A DONATION under the donation rules';
  if (e.returned && verdict !== 'impermissible') headline += `; returned on ${ukDay(e.returned)}, so nothing to register or report`;
  if (verdict === 'impermissible' && (a.regime === 'party_central' || a.regime === 'accounting_unit')) actions.push('List it as an impermissible donation (returned) in the quarterly report (§2.6 [S43][S45])');
  if (a.reportable) {
    const rep = a.deadlines.find((d) => d.id === 'report_ec');
    actions.push(`Report it${rep ? ` by ${ukDay(rep.due)}` : ''}: ${a.thresholds.find((t) => t.id === 'reporting')!.label}`);
  }
  for (const r of a.registers) actions.push(`Register it by ${ukDay(r.due)}: ${r.label} (${r.source})`);
  const decide = a.deadlines.find((d) => d.id === 'decide' || d.id === 'return');
  if (a.flags.length && verdict !== 'do_not_accept') actions.push(`${decide ? `By ${ukDay(decide.due)}` : 'Before accepting it'}: tell your security or compliance lead about the red flags`);
  if (!actions.length) actions.push('Nothing to do under the donation rules; keep the record');
  return { headline, actions };
}

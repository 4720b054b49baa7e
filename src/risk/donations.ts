import { normaliseName } from '../screening/normalize.js';
import { inForce, threshold, type DonationRules } from './donation-rules.js';

export const MONEY_KINDS = ['donation', 'loan', 'gift', 'hospitality', 'visit'] as const;
export type MoneyKind = (typeof MONEY_KINDS)[number];
export const PAYMENT_METHODS = ['bank_transfer', 'cheque', 'card', 'cash', 'crypto', 'in_kind'] as const;

export interface Donor {
  name: string;
  type: string;
  address?: string;
  postcode?: string;
  companyNumber?: string;
  /** ISO country code of the donor's residence or incorporation. */
  country?: string;
  incorporatedOn?: string;
  annualRevenue?: number;
  foreignParent?: boolean;
  majorityForeignOwned?: boolean;
  owners?: string[];
  directors?: string[];
  /** Answers to the evidence questions of the donor type (true, false, or absent when not known yet). */
  evidence?: Record<string, boolean>;
  agent?: { name: string; principalNamed: boolean };
}

export interface MoneyEntry {
  id: string;
  kind: MoneyKind;
  recipient: string;
  donor: Donor;
  /** Value in pounds. */
  value: number;
  original?: { amount: number; currency: string; gbpRate: number; rateDate: string };
  received: string;
  accepted?: string;
  returned?: string;
  /** When it was entered on the register of interests. */
  registered?: string;
  /** When it was reported to the Electoral Commission. */
  reported?: string;
  paymentMethod: string;
  description: string;
  fundsStaff?: boolean;
  fundedByForeignGovernment?: boolean;
  sourceDeclarationGiven?: boolean;
}

export type Verdict = 'permissible' | 'impermissible' | 'cannot_tell' | 'not_a_donation';

export interface Flag {
  id: string;
  reason: string;
  source: string;
}

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
  reasons: string[];
  missingEvidence: { id: string; question: string }[];
  thresholds: { id: string; value: number; crossed: boolean; by: 'single' | 'aggregate'; label: string; source: string }[];
  aggregate: { year: number; total: number; entries: number };
  registers: { register: string; category: string; label: string; due: string; source: string }[];
  deadlines: Deadline[];
  flags: Flag[];
  actions: string[];
}

/** One donor across entries: normalised name words, or the company number when there is one. */
export function donorKey(d: Donor): string {
  if (d.companyNumber) return `company:${d.companyNumber.replace(/\s+/g, '').toUpperCase()}`;
  return `name:${normaliseName(d.name).tokens.map((t) => t.simp).sort().join(' ')}`;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const uk = (iso: string) => iso.split('-').reverse().join('/');
const gbp = (n: number) => `£${n.toLocaleString('en-GB', { minimumFractionDigits: n % 1 ? 2 : 0, maximumFractionDigits: 2 })}`;

export interface CheckContext {
  rules: DonationRules;
  /** The office's other entries (any donor), for aggregation and linked-donor checks. */
  history: MoneyEntry[];
  officeKind: string;
  asOf: string;
  /** Best watchlist results for the donor and its owners and directors. */
  screening?: { name: string; level: 'match' | 'possible'; summary: string }[];
}

/**
 * Checks a donation, loan, gift, hospitality or visit against the rules in force on the day it
 * was received: is it a donation, is the donor permissible (or what evidence is missing), which
 * thresholds it crosses alone or with the same donor's other gifts that calendar year, which
 * deadlines run, which register entries are due, the foreign-link red flags, and what to do.
 */
export function checkEntry(e: MoneyEntry, ctx: CheckContext): MoneyCheck {
  const { rules } = ctx;
  const regime = rules.recipients[e.recipient]?.regime ?? 'regulated_donee';
  const date = e.received;
  const reasons: string[] = [];
  const flags: Flag[] = [];
  const type = rules.donorTypes[e.donor.type];
  const key = donorKey(e.donor);
  const year = Number(date.slice(0, 4));
  const sameDonor = ctx.history.filter((h) => h.id !== e.id && donorKey(h.donor) === key && h.recipient === e.recipient && !h.returned);
  const donationFloor = threshold(rules, 'donation', regime, date)?.value ?? 500;
  const isMoneyDonation = e.kind === 'donation' || e.kind === 'loan';
  // Only benefits over the donation threshold are donations, and only those aggregate (D-02, AG-02).
  const sameYear = sameDonor.filter((h) => Number(h.received.slice(0, 4)) === year && h.value > donationFloor && (h.kind === 'donation' || h.kind === 'loan') && h.received <= date);
  const aggregate = sameYear.reduce((s, h) => s + h.value, 0) + (e.value > donationFloor ? e.value : 0);
  const isDonation = isMoneyDonation && e.value > donationFloor;

  // Permissibility.
  let verdict: Verdict;
  const missingEvidence: { id: string; question: string }[] = [];
  if (!isMoneyDonation) verdict = 'not_a_donation';
  else if (!isDonation) {
    verdict = 'not_a_donation';
    reasons.push(`${gbp(e.value)} is not over ${gbp(donationFloor)}, so it is not a donation under the rules (${threshold(rules, 'donation', regime, date)?.source ?? 'D-02'})`);
  } else if (!type) {
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
  if (isDonation && e.donor.agent && !e.donor.agent.principalNamed) {
    verdict = 'impermissible';
    reasons.push(`passed on by ${e.donor.agent.name} without naming the real donor: treat as impermissible and return it (AG-01 [S52d])`);
  }
  for (const c of rules.changes) {
    if (isDonation && inForce(c, date) && c.paymentMethods.includes(e.paymentMethod)) {
      verdict = 'impermissible';
      reasons.push(`${c.label} (${c.source})`);
    }
  }
  const declaration = threshold(rules, 'source_declaration', regime, date);
  if (isDonation && declaration && e.value > declaration.value && e.sourceDeclarationGiven === false) {
    verdict = 'impermissible';
    reasons.push(`over ${gbp(declaration.value)} without the donor's written source declaration it cannot be accepted (${declaration.source})`);
  } else if (isDonation && declaration && e.value > declaration.value && e.sourceDeclarationGiven === undefined && verdict === 'permissible') {
    verdict = 'cannot_tell';
    missingEvidence.push({ id: 'source_declaration', question: `Written declaration from the donor whether anyone else funded the donation (over ${gbp(declaration.value)})` });
  }

  // Thresholds: the gift alone, and the same donor's gifts in the calendar year.
  const thresholds: MoneyCheck['thresholds'] = [];
  if (isMoneyDonation) {
    const d = threshold(rules, 'donation', regime, date);
    if (d) thresholds.push({ id: 'donation', value: d.value, crossed: e.value > d.value, by: 'single', label: d.label, source: d.source });
    const rep = threshold(rules, 'reporting', regime, date);
    if (rep) thresholds.push({ id: 'reporting', value: rep.value, crossed: aggregate > rep.value, by: e.value > rep.value ? 'single' : 'aggregate', label: rep.label, source: rep.source });
    for (const id of ['source_declaration', 'company_resolution']) {
      const t = threshold(rules, id, regime, date);
      if (t && (id !== 'company_resolution' || e.donor.type === 'company')) thresholds.push({ id, value: t.value, crossed: e.value > t.value, by: 'single', label: t.label, source: t.source });
    }
  }
  const reportable = thresholds.some((t) => t.id === 'reporting' && t.crossed);

  // Deadlines from the rules' tables.
  const deadlines: Deadline[] = [];
  const status = (due: string, met: boolean): Deadline['status'] => (met ? 'met' : due < ctx.asOf ? 'overdue' : 'upcoming');
  for (const dl of rules.deadlines) {
    if (dl.regimes && !dl.regimes.includes(regime)) continue;
    if (dl.appliesTo === 'donation' && !isDonation) continue;
    if (dl.appliesTo === 'reportable' && !(reportable && isDonation)) continue;
    const start = dl.from === 'received' ? e.received : e.accepted;
    if (!start) {
      if (dl.from === 'accepted' && !e.returned) deadlines.push({ id: dl.id, label: `${dl.label} (${dl.days} days from acceptance, once accepted)`, due: addDays(e.received, 30 + dl.days), status: status(addDays(e.received, 30 + dl.days), false), source: dl.source });
      continue;
    }
    const due = addDays(start, dl.days);
    const met = dl.id === 'decide' ? Boolean(e.accepted || e.returned) : dl.id === 'report_ec' ? Boolean(e.reported) : false;
    deadlines.push({ id: dl.id, label: dl.label, due, status: status(due, met), source: dl.source });
  }
  if (isDonation && !e.accepted && !e.returned && daysBetween(e.received, ctx.asOf) > 30) {
    reasons.push('still held more than 30 days after receipt: it is deemed accepted (P-01)');
  }

  // Registers of interests for this kind of office.
  const registers: MoneyCheck['registers'] = [];
  const ukSource = !e.donor.country || e.donor.country === 'GB';
  for (const r of rules.registers[ctx.officeKind] ?? []) {
    if (!inForce(r, date) || !r.kinds.includes(e.kind)) continue;
    if (r.ukSource !== undefined && r.ukSource !== ukSource) continue;
    const value = e.kind === 'donation' || e.kind === 'loan' ? Math.max(e.value, aggregate) : e.value + sameDonor.filter((h) => Number(h.received.slice(0, 4)) === year && h.kind === e.kind && h.received <= date).reduce((s, h) => s + h.value, 0);
    const due = r.days ? addDays(e.received, r.days) : addMonths(e.received, r.months ?? 1);
    if ((r.over !== undefined && value > r.over) || (r.atLeast !== undefined && value >= r.atLeast)) {
      registers.push({ register: ctx.officeKind, category: r.category, label: `${r.label}: ${r.over !== undefined ? `over ${gbp(r.over)}` : `${gbp(r.atLeast!)} or more`}`, due, source: r.source });
      deadlines.push({ id: `register_${r.category}`, label: `register it (${ctx.officeKind} register, category ${r.category})`, due, status: status(due, Boolean(e.registered)), source: r.source });
    }
  }
  if ((e.kind === 'gift' || e.kind === 'hospitality') && e.value > rules.permissibleSourceCheck.over && !rules.permissibleSourceCheck.exceptKinds.includes(e.kind) && type && type.permissible !== true) {
    flags.push({ id: 'GIFT-SOURCE', reason: `a gift over ${gbp(rules.permissibleSourceCheck.over)} must come from a permissible source; ${type.label.toLowerCase()} is not one`, source: rules.permissibleSourceCheck.source });
  }

  // Foreign-link and evasion red flags (RF-D-xx).
  const ev = e.donor.evidence ?? {};
  if (e.donor.type === 'individual' && ev.on_electoral_register === false) flags.push({ id: 'RF-D01', reason: 'the donor was not on a UK electoral register on the date received', source: 'RF-D01 [S50]' });
  if (['company', 'llp'].includes(e.donor.type)) {
    if (ev.incorporated_in_uk === false || ev.carries_on_business_in_uk === false) flags.push({ id: 'RF-D02', reason: 'the company is not incorporated in the UK or does not carry on business here', source: 'RF-D02 [S50][S59]' });
    if (e.donor.incorporatedOn && daysBetween(e.donor.incorporatedOn, e.received) < 365) flags.push({ id: 'RF-D02', reason: `the company was formed on ${e.donor.incorporatedOn}, less than a year before the donation (shell risk)`, source: 'RF-D02 [S82]' });
    if (e.donor.foreignParent || e.donor.majorityForeignOwned) flags.push({ id: 'RF-D03', reason: 'the company has a foreign parent or is mostly foreign-owned', source: 'RF-D03, CH-05 [S82]' });
    if (e.donor.annualRevenue !== undefined && e.donor.annualRevenue < 2 * e.value) flags.push({ id: 'RF-D03', reason: `the company's revenue (${gbp(e.donor.annualRevenue)}) is small for a gift of ${gbp(e.value)}: where did the money come from?`, source: 'RF-D03, CH-05 [S82], AG-04 [S59]' });
  }
  if (e.donor.type === 'anonymous' || (e.donor.agent && !e.donor.agent.principalNamed)) flags.push({ id: 'RF-D04', reason: e.donor.agent ? `given through ${e.donor.agent.name}, who has not named the real donor` : 'the donor cannot be identified', source: 'RF-D04 [S43][S52d]' });
  const small = [...sameDonor.filter((h) => h.value <= donationFloor && Math.abs(daysBetween(h.received, e.received)) <= 30), ...(e.value <= donationFloor ? [e] : [])];
  if (small.length >= 2 && small.reduce((s, h) => s + h.value, 0) > donationFloor) {
    flags.push({ id: 'RF-D05', reason: `${small.length} payments from this donor within 30 days, each at or under ${gbp(donationFloor)}, add up to ${gbp(small.reduce((s, h) => s + h.value, 0))}: treat split payments of one gift as one donation`, source: 'RF-D05, D-04 [S49][S45]' });
  }
  const rep = threshold(rules, 'reporting', regime, date);
  if (rep && e.value <= rep.value && e.value >= rep.value * 0.9 && isDonation) flags.push({ id: 'RF-D05', reason: `${gbp(e.value)} is just under the ${gbp(rep.value)} reporting threshold`, source: 'RF-D05 [S45][S48c]' });
  const linked = ctx.history.filter(
    (h) =>
      h.id !== e.id &&
      donorKey(h.donor) !== key &&
      Math.abs(daysBetween(h.received, e.received)) <= 365 &&
      ((e.donor.postcode && h.donor.postcode && e.donor.postcode.replace(/\s/g, '').toUpperCase() === h.donor.postcode.replace(/\s/g, '').toUpperCase() && (e.donor.address ?? '').toLowerCase() === (h.donor.address ?? '').toLowerCase()) ||
        (e.donor.directors ?? []).some((d) => (h.donor.directors ?? []).map((x) => x.toLowerCase()).includes(d.toLowerCase())) ||
        (e.donor.owners ?? []).some((o) => (h.donor.owners ?? []).map((x) => x.toLowerCase()).includes(o.toLowerCase()))),
  );
  if (linked.length) flags.push({ id: 'RF-D05', reason: `linked to other donors (${[...new Set(linked.map((h) => h.donor.name))].join(', ')}) by address, owner or director: an individual and their companies are separate sources in law, so look at them together`, source: 'RF-D05, AG-03 [S48c]' });
  if (e.paymentMethod === 'crypto') flags.push({ id: 'RF-D06', reason: 'paid in cryptoassets', source: 'RF-D06, CH-08 [S91]' });
  if (e.paymentMethod === 'cash') flags.push({ id: 'RF-D07', reason: 'cash handed over', source: 'RF-D07, CASE(Gill) [S64]' });
  const foreignLink = (e.donor.country && e.donor.country !== 'GB') || e.donor.foreignParent || e.donor.majorityForeignOwned || (ctx.screening ?? []).length > 0;
  if (e.fundsStaff && foreignLink) flags.push({ id: 'RF-D08', reason: 'money for staff or researchers from a source with foreign links', source: 'RF-D08, CASE(Lee) [S57][S58]' });
  for (const s of ctx.screening ?? []) flags.push({ id: 'RF-D09', reason: `${s.name} ${s.summary}`, source: 'RF-D09 [S53][S95]' });
  if (e.fundedByForeignGovernment) flags.push({ id: 'RF-D10', reason: `${e.kind} paid for by a foreign government or one of its bodies${e.kind === 'visit' ? ': registrable, and no paid advocacy for that government afterwards' : ''}`, source: 'RF-D10, §3.1 [S71][S71c]' });
  else if ((e.kind === 'gift' || e.kind === 'hospitality' || e.kind === 'visit') && !ukSource) flags.push({ id: 'RF-D10', reason: `${e.kind} from a source outside the UK`, source: 'RF-D10 [S71][S83b]' });
  if (declaration && isDonation && e.value > declaration.value && e.sourceDeclarationGiven === false) flags.push({ id: 'RF-D11', reason: 'the donor declined to give the source declaration', source: 'RF-D11, P-05 [S76]' });
  if (isDonation && e.value >= 1000 && e.value % 1000 === 0 && !ctx.history.some((h) => h.id !== e.id && donorKey(h.donor) === key && h.received < e.received)) {
    flags.push({ id: 'ROUND-NEW', reason: `a round ${gbp(e.value)} from a donor new to this office`, source: 'Bulwark heuristic after AG-01 and AG-04 (proxy donations) [S52d][S59]' });
  }

  // What to do.
  const actions: string[] = [];
  const decide = deadlines.find((d) => d.id === 'decide');
  if (verdict === 'impermissible' && !e.returned) {
    actions.push(
      e.donor.type === 'anonymous'
        ? `Return it to whoever transferred it, or else the financial institution used; if neither is known, send it to the Electoral Commission — by ${decide ? uk(decide.due) : 'the 30-day deadline'} (§2.6 [S43][S52c])`
        : `Return it (or an equal sum) to the donor by ${decide ? uk(decide.due) : 'the 30-day deadline'} (§2.6 [S43][S52c])`,
    );
  } else if (verdict === 'cannot_tell') {
    actions.push(`Do not accept yet: get the missing evidence and decide by ${decide ? uk(decide.due) : 'the 30-day deadline'}; if you cannot establish it, return the donation (P-01 [S43])`);
  } else if (verdict === 'permissible' && !e.accepted) actions.push(`It may be accepted: record the date you accept it (decide by ${decide ? uk(decide.due) : 'the 30-day deadline'})`);
  if (reportable && verdict !== 'impermissible') actions.push(`Report it: ${thresholds.find((t) => t.id === 'reporting')!.label}`);
  for (const r of registers) actions.push(`Register it by ${uk(r.due)}: ${r.label} (${r.source})`);
  if (flags.length) actions.push('Tell your security or compliance lead about the red flags before accepting');
  if (!actions.length) actions.push('Nothing to do under the donation rules; keep the record');
  return { rulesVersion: rules.version, verdict, reasons, missingEvidence, thresholds, aggregate: { year, total: aggregate, entries: sameYear.length + (e.value > donationFloor ? 1 : 0) }, registers, deadlines, flags, actions };
}

import { z } from 'zod';
import { daysBetween } from '../domain/dates.js';
import { donorKey, gbp, type Donor, type MoneyEntry, type ScreeningFinding } from './money-entry.js';

/** What a red-flag test sees besides the entry: the office's other entries and the figures of the entry's date. */
export interface FlagInput {
  history: MoneyEntry[];
  screening: ScreeningFinding[];
  /** The "is it a donation" threshold for the recipient on the date received. */
  donationFloor: number;
  reportingThreshold?: number;
  isDonation: boolean;
  ukSource: boolean;
}

export interface Flag {
  id: string;
  /** The rule's description and, after a colon, the evidence from this entry. */
  reason: string;
  source: string;
}

interface RedFlagTest<P extends z.ZodType> {
  params: P;
  /** The evidence that sets the flag, in plain words, or undefined when it does not apply. */
  run(e: MoneyEntry, x: FlagInput, p: z.infer<P>): string | undefined;
}
const test = <P extends z.ZodType>(t: RedFlagTest<P>) => t;
const types = z.array(z.string()).min(1);
const forTypes = (e: MoneyEntry, list: string[]) => list.includes(e.donor.type);
const sameKey = (a: MoneyEntry, b: MoneyEntry) => donorKey(a.donor) === donorKey(b.donor);
const lower = (xs: string[] | undefined) => (xs ?? []).map((x) => x.toLowerCase());
const places = new WeakMap<Donor, string | undefined>();
/** Postcode and address together, normalised once per donor record. */
function placeOf(d: Donor): string | undefined {
  if (!places.has(d)) places.set(d, d.postcode ? `${d.postcode.replace(/\s/g, '').toUpperCase()}|${(d.address ?? '').toLowerCase()}` : undefined);
  return places.get(d);
}

/**
 * The tests a red flag in donation-rules.json can name. Each is a small pure function over the
 * entry, the office's history and the rule's own numbers, so each flag can be tested alone.
 */
export const RED_FLAGS = {
  evidence_refuted: test({
    params: z.object({ donorTypes: types, evidence: z.array(z.string()).min(1) }),
    run: (e, _x, p) => {
      const refuted = p.evidence.filter((q) => e.donor.evidence?.[q] === false);
      return forTypes(e, p.donorTypes) && refuted.length ? `recorded as not so: ${refuted.join(', ')}` : undefined;
    },
  }),
  newly_incorporated: test({
    params: z.object({ donorTypes: types, days: z.number().int().positive() }),
    run: (e, _x, p) => (forTypes(e, p.donorTypes) && e.donor.incorporatedOn && daysBetween(e.donor.incorporatedOn, e.received) < p.days ? `incorporated on ${e.donor.incorporatedOn}, ${daysBetween(e.donor.incorporatedOn, e.received)} days before` : undefined),
  }),
  foreign_control: test({
    params: z.object({ donorTypes: types }),
    run: (e, _x, p) => (forTypes(e, p.donorTypes) && (e.donor.foreignParent || e.donor.majorityForeignOwned) ? [e.donor.foreignParent && 'a foreign parent company', e.donor.majorityForeignOwned && 'mostly foreign-owned'].filter(Boolean).join(', ') : undefined),
  }),
  revenue_small: test({
    params: z.object({ donorTypes: types, revenueYears: z.number().positive() }),
    run: (e, _x, p) => (forTypes(e, p.donorTypes) && e.donor.annualRevenue !== undefined && e.donor.annualRevenue * p.revenueYears < e.value ? `annual revenue ${gbp(e.donor.annualRevenue)} against a gift of ${gbp(e.value)}` : undefined),
  }),
  unidentified: test({
    params: z.object({}),
    run: (e) => (e.donor.type === 'anonymous' ? 'no donor identified' : e.donor.agent && !e.donor.agent.principalNamed ? `given through ${e.donor.agent.name}, who has not named the real donor` : undefined),
  }),
  split_payments: test({
    params: z.object({ windowDays: z.number().int().positive() }),
    run: (e, x, p) => {
      const small = [...x.history.filter((h) => h.id !== e.id && sameKey(h, e) && h.recipient === e.recipient && !h.returned && h.value <= x.donationFloor && Math.abs(daysBetween(h.received, e.received)) <= p.windowDays), ...(e.value <= x.donationFloor ? [e] : [])];
      const total = small.reduce((s, h) => s + h.value, 0);
      return small.length >= 2 && total > x.donationFloor ? `${small.length} payments within ${p.windowDays} days, each at or under ${gbp(x.donationFloor)}, total ${gbp(total)}` : undefined;
    },
  }),
  just_under: test({
    params: z.object({ threshold: z.literal('reporting'), fraction: z.number().gt(0).lt(1) }),
    run: (e, x, p) => (x.isDonation && x.reportingThreshold && e.value <= x.reportingThreshold && e.value >= x.reportingThreshold * p.fraction ? `${gbp(e.value)} against ${gbp(x.reportingThreshold)}` : undefined),
  }),
  linked_donors: test({
    params: z.object({ windowDays: z.number().int().positive() }),
    run: (e, x, p) => {
      const place = placeOf(e.donor);
      const directors = new Set(lower(e.donor.directors));
      const owners = new Set(lower([...(e.donor.owners ?? []), ...(e.donor.beneficialOwners ?? [])]));
      if (!place && !directors.size && !owners.size) return undefined;
      // The cheap tests first: an office's whole history is read for every entry.
      const linked = x.history.filter(
        (h) =>
          h.id !== e.id &&
          ((place !== undefined && placeOf(h.donor) === place) ||
            (directors.size > 0 && (h.donor.directors ?? []).some((d) => directors.has(d.toLowerCase()))) ||
            (owners.size > 0 && [...(h.donor.owners ?? []), ...(h.donor.beneficialOwners ?? [])].some((o) => owners.has(o.toLowerCase())))) &&
          !sameKey(h, e) &&
          Math.abs(daysBetween(h.received, e.received)) <= p.windowDays,
      );
      return linked.length ? `linked to ${[...new Set(linked.map((h) => h.donor.name))].join(', ')}` : undefined;
    },
  }),
  payment_method: test({
    params: z.object({ methods: z.array(z.string()).min(1) }),
    run: (e, _x, p) => (p.methods.includes(e.paymentMethod) ? `paid by ${e.paymentMethod.replace('_', ' ')}` : undefined),
  }),
  staff_funding_foreign_link: test({
    params: z.object({}),
    run: (e, x) => (e.fundsStaff && (!x.ukSource || e.donor.foreignParent || e.donor.majorityForeignOwned || x.screening.length > 0) ? 'it pays for staff or researchers' : undefined),
  }),
  listed: test({
    params: z.object({}),
    run: (_e, x) => (x.screening.length ? x.screening.map((s) => `${s.name} ${s.summary}`).join('; ') : undefined),
  }),
  foreign_state: test({
    params: z.object({}),
    run: (e) => (e.fundedByForeignGovernment || e.donor.type === 'foreign_government' ? `${e.kind} from ${e.donor.name}` : undefined),
  }),
  foreign_source: test({
    params: z.object({ kinds: z.array(z.string()).min(1) }),
    run: (e, x, p) => (p.kinds.includes(e.kind) && !x.ukSource && !(e.fundedByForeignGovernment || e.donor.type === 'foreign_government') ? `${e.kind} from ${e.donor.country ?? 'abroad'}` : undefined),
  }),
  declaration_declined: test({
    params: z.object({}),
    run: (e, x) => (x.isDonation && e.sourceDeclarationGiven === false ? 'recorded as declined' : undefined),
  }),
  round_sum_new_donor: test({
    params: z.object({ multipleOf: z.number().positive() }),
    run: (e, x, p) => (x.isDonation && e.value >= p.multipleOf && e.value % p.multipleOf === 0 && !x.history.some((h) => h.id !== e.id && sameKey(h, e) && h.received < e.received) ? `${gbp(e.value)}, and no earlier entry from this donor` : undefined),
  }),
} satisfies Record<string, RedFlagTest<z.ZodType>>;

export type RedFlagTestName = keyof typeof RED_FLAGS;
export const RED_FLAG_TESTS = Object.keys(RED_FLAGS) as [RedFlagTestName, ...RedFlagTestName[]];

export interface RedFlagRule {
  id: string;
  test: RedFlagTestName;
  params: Record<string, unknown>;
  description: string;
  source: string;
}

/** Runs the rule table over one entry: every rule whose test finds evidence becomes a flag. */
export function redFlags(rules: RedFlagRule[], e: MoneyEntry, x: FlagInput): Flag[] {
  const out: Flag[] = [];
  for (const r of rules) {
    const t = RED_FLAGS[r.test] as RedFlagTest<z.ZodType>;
    const evidence = t.run(e, x, t.params.parse(r.params));
    if (evidence) out.push({ id: r.id, reason: `${r.description}: ${evidence}`, source: r.source });
  }
  return out;
}

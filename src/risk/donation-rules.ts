import { z } from 'zod';
import data from '../domain/data/donation-rules.json' with { type: 'json' };
import { parseRulesFile } from './rules-file.js';
import { RED_FLAG_TESTS, RED_FLAGS } from './red-flags.js';

const Dated = { effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), effectiveTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() };
const RegisterRule = z.object({
  category: z.string(), label: z.string(), kinds: z.array(z.string()), ukSource: z.boolean().optional(), over: z.number().optional(), atLeast: z.number().optional(),
  days: z.number().optional(), months: z.number().optional(), source: z.string(), confidence: z.enum(['H', 'M', 'L']), ...Dated,
});
const RulesSchema = z.object({
  version: z.string(),
  source: z.string(),
  recipients: z.record(z.string(), z.object({ label: z.string(), regime: z.string() })),
  thresholds: z.array(z.object({ id: z.string(), regime: z.string(), value: z.number().positive(), label: z.string(), source: z.string(), confidence: z.enum(['H', 'M', 'L']), ...Dated })),
  deadlines: z.array(z.object({ id: z.string(), label: z.string(), days: z.number(), from: z.enum(['received', 'accepted']), appliesTo: z.string(), regimes: z.array(z.string()).optional(), source: z.string() })),
  donorTypes: z.record(z.string(), z.object({ label: z.string(), permissible: z.union([z.boolean(), z.literal('escalate'), z.literal('not_a_donation')]), evidence: z.array(z.string()), source: z.string() })),
  evidence: z.record(z.string(), z.string()),
  changes: z.array(z.object({ id: z.string(), label: z.string(), paymentMethods: z.array(z.string()), effect: z.literal('impermissible'), source: z.string(), confidence: z.enum(['H', 'M', 'L']), ...Dated })),
  registers: z.record(z.string(), z.array(RegisterRule)),
  inKind: z.object({ kinds: z.array(z.string()), regimes: z.array(z.string()), label: z.string(), source: z.string() }),
  listings: z.array(z.object({ id: z.string(), datasets: z.array(z.string()), label: z.string(), duty: z.string(), tell: z.array(z.string()).min(1), source: z.string(), confidence: z.enum(['H', 'M', 'L']) })),
  currency: z.object({
    source: z.string(), confidence: z.enum(['H', 'M', 'L']),
    gbpPerUnit: z.record(z.string(), z.tuple([z.number().positive(), z.number().positive()]).refine(([lo, hi]) => lo < hi, 'a range runs from low to high')),
    rateAgeWarnDays: z.number().int().positive(), rateAgeSource: z.string(), crypto: z.array(z.string()), cryptoSource: z.string(),
  }),
  duplicates: z.object({ label: z.string(), source: z.string() }),
  redFlags: z.array(
    z.object({ id: z.string(), test: z.enum(RED_FLAG_TESTS), params: z.record(z.string(), z.unknown()), description: z.string(), source: z.string() })
      .superRefine((f, ctx) => {
        const r = RED_FLAGS[f.test].params.safeParse(f.params);
        if (!r.success) ctx.addIssue({ code: 'custom', path: ['params'], message: `${f.id} (${f.test}): ${r.error.issues[0].message} at ${r.error.issues[0].path.join('.')}` });
      }),
  ),
});
export type DonationRules = z.infer<typeof RulesSchema>;
export type RegisterRuleT = z.infer<typeof RegisterRule>;

/** Validates a donation rules file, naming the first problem. */
export function parseDonationRules(d: unknown, where = 'src/domain/data/donation-rules.json'): DonationRules {
  return parseRulesFile(RulesSchema, d, where);
}

/** The donation and register rules, validated at load; a bad data file stops Bulwark starting. */
export const DONATION_RULES: DonationRules = parseDonationRules(data);

/** Whether a dated rule is in force on a date. */
export function inForce(r: { effectiveFrom: string; effectiveTo?: string }, date: string): boolean {
  return r.effectiveFrom <= date && (!r.effectiveTo || date <= r.effectiveTo);
}

/** The value of a threshold for a regime on a date (the rules of the gift's date, not today's). */
export function threshold(rules: DonationRules, id: string, regime: string, date: string) {
  return rules.thresholds.find((t) => t.id === id && (t.regime === regime || t.regime === '*') && inForce(t, date));
}

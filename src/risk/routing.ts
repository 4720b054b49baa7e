import { z } from 'zod';
import data from '../domain/data/routing.json' with { type: 'json' };
import { addDays, addWorkingDays } from '../domain/dates.js';
import { ONCE } from '../domain/parse-once.js';
import { BANK_HOLIDAYS } from '../domain/holidays.js';
import { LEVELS, levelRank, type Level } from './catalogue.js';

/** By when: within calendar days, within working days, or from now on (advice to follow at once). */
const By = z.union([z.object({ days: z.number().int().min(0) }), z.object({ workingDays: z.number().int().positive() }), z.object({ now: z.literal(true) })]);
const Rule = z.object({
  id: z.string(),
  officeKinds: z.array(z.string()).optional(),
  minLevel: z.enum(LEVELS).optional(),
  maxLevel: z.enum(LEVELS).optional(),
  indicators: z.array(z.string()).optional(),
  /** The rule does not apply when any of these indicators fired (e.g. "nothing to do" after a gut feeling). */
  unlessIndicators: z.array(z.string()).optional(),
  channels: z.array(z.string()).optional(),
  types: z.array(z.string()).optional(),
  to: z.string().optional(),
  action: z.string().optional(),
  text: z.string().optional(),
  /** When, where the rule sets its own time; else the level's (routing.json `by`). */
  by: By.optional(),
  source: z.string(),
});
const LevelBy = z.object({ source: z.string(), ...Object.fromEntries(LEVELS.map((l) => [l, By])) } as Record<'source', z.ZodString> & Record<Level, typeof By>);
const Routing = z.object({ version: z.string(), source: z.string(), by: LevelBy, officeKinds: z.array(z.string()), routes: z.array(Rule), advice: z.array(Rule) });
export const ROUTING = Routing.parse(data, ONCE);
export const OFFICE_KINDS = ROUTING.officeKinds;

export interface Action {
  kind: 'report' | 'advice';
  id: string;
  text: string;
  /** Whom to tell, for report actions. */
  to?: string;
  /** The day it is due (ISO), counted from the day the report is recorded. */
  due: string;
  /** By when, in words: "today", "within 1 working day", "from now on", "within 30 days". */
  by: string;
  source: string;
}

type RuleT = z.infer<typeof Rule>;
export interface RouteContext {
  level: Level;
  officeKind: string;
  indicators: string[];
  channel: string;
  types: string[];
  /** The day the report is recorded: deadlines run from it. */
  from: string;
}

/** A rule applies when the office kind and level fit, and, if it names triggers (indicators, channels, types), one of them is present. */
function applies(r: RuleT, ctx: RouteContext): boolean {
  if (r.officeKinds && !r.officeKinds.includes('*') && !r.officeKinds.includes(ctx.officeKind)) return false;
  if (r.minLevel && levelRank(ctx.level) < levelRank(r.minLevel)) return false;
  if (r.maxLevel && levelRank(ctx.level) > levelRank(r.maxLevel)) return false;
  if (r.unlessIndicators?.some((i) => ctx.indicators.includes(i))) return false;
  const triggers = [r.indicators?.some((i) => ctx.indicators.includes(i)), r.channels?.includes(ctx.channel), r.types?.some((t) => ctx.types.includes(t))].filter((t) => t !== undefined);
  return triggers.length === 0 || triggers.some(Boolean);
}

function due(by: z.infer<typeof By>, from: string): { due: string; by: string } {
  if ('now' in by) return { due: from, by: 'from now on' };
  if ('workingDays' in by) return { due: addWorkingDays(from, by.workingDays, BANK_HOLIDAYS), by: `within ${by.workingDays} working day${by.workingDays === 1 ? '' : 's'}` };
  return { due: addDays(from, by.days), by: by.days === 0 ? 'today' : `within ${by.days} days` };
}

/** Whom to tell and what to do, each by a date, from the routing table. */
export function recommend(ctx: RouteContext): Action[] {
  const routes = ROUTING.routes.filter((r) => applies(r, ctx)).map((r): Action => ({ kind: 'report', id: r.id, text: r.action ?? '', ...(r.to ? { to: r.to } : {}), ...due(r.by ?? ROUTING.by[ctx.level], ctx.from), source: r.source }));
  const advice = ROUTING.advice.filter((r) => applies(r, ctx)).map((r): Action => ({ kind: 'advice', id: r.id, text: r.text ?? '', ...due(r.by ?? ROUTING.by[ctx.level], ctx.from), source: r.source }));
  return [...routes, ...advice];
}

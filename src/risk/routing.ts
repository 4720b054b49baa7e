import { z } from 'zod';
import data from '../domain/data/routing.json' with { type: 'json' };
import { LEVELS, levelRank, type Level } from './catalogue.js';

const Rule = z.object({
  id: z.string(),
  officeKinds: z.array(z.string()).optional(),
  minLevel: z.enum(LEVELS).optional(),
  maxLevel: z.enum(LEVELS).optional(),
  indicators: z.array(z.string()).optional(),
  /** The rule does not apply when any of these indicators fired. */
  unlessIndicators: z.array(z.string()).optional(),
  channels: z.array(z.string()).optional(),
  types: z.array(z.string()).optional(),
  to: z.string().optional(),
  /** When to report, where the rule sets its own time (else the level's). */
  by: z.string().optional(),
  action: z.string().optional(),
  text: z.string().optional(),
  source: z.string(),
});
const By = z.object({ source: z.string(), ...Object.fromEntries(LEVELS.map((l) => [l, z.string()])) } as Record<'source' | Level, z.ZodString>);
const Routing = z.object({ version: z.string(), source: z.string(), by: By, officeKinds: z.array(z.string()), routes: z.array(Rule), advice: z.array(Rule) });
export const ROUTING = Routing.parse(data);
export const OFFICE_KINDS = ROUTING.officeKinds;

export interface Action {
  kind: 'report' | 'advice';
  id: string;
  text: string;
  /** Whom to tell, for report actions. */
  to?: string;
  /** By when to tell them, for report actions. */
  by?: string;
  source: string;
}

type RuleT = z.infer<typeof Rule>;

/** A rule applies when the office kind and level fit, and, if it names triggers (indicators, channels, types), one of them is present. */
function applies(r: RuleT, ctx: { level: Level; officeKind: string; indicators: string[]; channel: string; types: string[] }): boolean {
  if (r.officeKinds && !r.officeKinds.includes('*') && !r.officeKinds.includes(ctx.officeKind)) return false;
  if (r.minLevel && levelRank(ctx.level) < levelRank(r.minLevel)) return false;
  if (r.maxLevel && levelRank(ctx.level) > levelRank(r.maxLevel)) return false;
  if (r.unlessIndicators?.some((i) => ctx.indicators.includes(i))) return false;
  const triggers = [r.indicators?.some((i) => ctx.indicators.includes(i)), r.channels?.includes(ctx.channel), r.types?.some((t) => ctx.types.includes(t))].filter((t) => t !== undefined);
  return triggers.length === 0 || triggers.some(Boolean);
}

/** Whom to tell and what to do, from the routing table. */
export function recommend(ctx: { level: Level; officeKind: string; indicators: string[]; channel: string; types: string[] }): Action[] {
  const routes = ROUTING.routes.filter((r) => applies(r, ctx)).map((r): Action => ({ kind: 'report', id: r.id, text: r.action ?? '', ...(r.to ? { to: r.to } : {}), by: r.by ?? ROUTING.by[ctx.level], source: r.source }));
  const advice = ROUTING.advice.filter((r) => applies(r, ctx)).map((r): Action => ({ kind: 'advice', id: r.id, text: r.text ?? '', source: r.source }));
  return [...routes, ...advice];
}

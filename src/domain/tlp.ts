import { z } from 'zod';
import { BulwarkError } from '../errors.js';
import data from './data/tlp.json' with { type: 'json' };
import { ONCE } from './parse-once.js';

const Reach = z.enum(['named', 'organisation', 'group', 'community', 'world']);
const TlpFile = z.object({
  version: z.string(),
  source: z.string().min(10),
  stixExtension: z.string().startsWith('extension-definition--'),
  stixCreated: z.string(),
  levels: z.array(z.object({
    level: z.enum(['clear', 'green', 'amber', 'amber+strict', 'red']),
    label: z.string(),
    rank: z.number().int(),
    stixId: z.string().startsWith('marking-definition--'),
    mispTag: z.string(),
    mispDistribution: z.number().int().min(0).max(3),
    mayReach: Reach,
    meaning: z.string(),
  })).length(5),
  reach: z.array(Reach),
  defaultForReports: z.enum(['clear', 'green', 'amber', 'amber+strict', 'red']),
  defaultForReportsWhy: z.string().min(10),
});

/** TLP 2.0, loaded and checked once; the level names, ids and tags are data (tlp.json). */
export const TLP = TlpFile.parse(data, ONCE);
export type TlpLevel = (typeof TLP.levels)[number]['level'];
export type Reach = z.infer<typeof Reach>;
export const TLP_LEVELS = TLP.levels.map((l) => l.level) as [TlpLevel, ...TlpLevel[]];
export const TlpSchema = z.enum(TLP_LEVELS);

export function tlpInfo(level: TlpLevel) {
  return TLP.levels.find((l) => l.level === level)!;
}

/** The stricter of two markings: something built from AMBER and GREEN parts is AMBER. */
export function stricter(a: TlpLevel, b: TlpLevel): TlpLevel {
  return tlpInfo(a).rank >= tlpInfo(b).rank ? a : b;
}

/** Whether information marked `level` may travel as far as `to` (e.g. a sharing group, a partner community). */
export function mayReach(level: TlpLevel, to: Reach): boolean {
  return TLP.reach.indexOf(to) <= TLP.reach.indexOf(tlpInfo(level).mayReach);
}

/** Refuses, naming the marking, when something may not travel that far. */
export function assertMayReach(level: TlpLevel, to: Reach, what: string): void {
  if (!mayReach(level, to)) throw new BulwarkError('BWK_ERR_FORBIDDEN', `${what} is marked ${tlpInfo(level).label} and may not go to ${to === 'group' ? 'a sharing group' : `the ${to}`}`);
}

/** Whether something marked `level` may go inside something marked `ceiling` (same or less strict). */
export function fitsUnder(level: TlpLevel, ceiling: TlpLevel): boolean {
  return tlpInfo(level).rank <= tlpInfo(ceiling).rank;
}

/** The marking an office record carries; reports made before markings existed read as the default. */
export function recordTlp(data: Record<string, unknown>): TlpLevel {
  return TlpSchema.safeParse(data.tlp).data ?? TLP.defaultForReports;
}

export function tlpFromLabel(label: string): TlpLevel | undefined {
  const l = label.trim().toLowerCase().replace(/^tlp:/, '');
  return TLP.levels.find((x) => x.level === l || (l === 'white' && x.level === 'clear'))?.level;
}

import { z } from 'zod';
import bundled from '../domain/data/indicators.json' with { type: 'json' };
import vocabulary from '../domain/data/approach-vocabulary.json' with { type: 'json' };
import { parseRulesFile } from './rules-file.js';

export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];
export const levelRank = (l: Level) => LEVELS.indexOf(l);

const STAGES = Object.keys(vocabulary.stages);
const TYPES = Object.keys(vocabulary.approachTypes);

export const IndicatorSchema = z.object({
  id: z.string().regex(/^[A-Z]{1,3}-[A-Z0-9-]+$/, 'ids look like RF-A08 or IN-01'),
  question: z.string().min(10),
  weight: z.number().min(0).max(100),
  stage: z.enum(STAGES as [string, ...string[]]),
  evidence: z
    .object({
      answer: z.boolean().optional(),
      types: z.array(z.enum(TYPES as [string, ...string[]])).optional(),
      crossOffice: z.boolean().optional(),
      /** weak: a name-only match on a common name, with nothing else agreeing. */
      screening: z.enum(['match', 'possible', 'weak']).optional(),
      /** Claimed roles the guidance names as cover (G-06). */
      roles: z.array(z.enum(vocabulary.claimedRoles as [string, ...string[]])).optional(),
      /** Phrases in what they asked or the notes, as case-insensitive regular expressions. */
      text: z.array(z.string().refine((p) => { try { new RegExp(p, 'iu'); return true; } catch { return false; } }, 'is not a valid regular expression')).optional(),
      /** An online profile with fewer connections than this, or made fewer days than this before the approach. */
      thinProfile: z.object({ connectionsBelow: z.number().int().positive(), createdWithinDays: z.number().int().positive() }).optional(),
    })
    .refine((e) => e.answer || e.types?.length || e.crossOffice || e.screening || e.roles?.length || e.text?.length || e.thinProfile, 'an indicator needs some evidence that sets it'),
  source: z.object({ origin: z.string().min(2), refs: z.array(z.string()) }),
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const CatalogueSchema = z
  .object({
    version: z.number().int().positive(),
    source: z.string().min(5),
    note: z.string().optional(),
    combination: z.literal('noisy-or'),
    levels: z.array(z.object({ level: z.enum(LEVELS), from: z.number().min(0).max(100) })).length(4),
    indicators: z.array(IndicatorSchema).min(1),
  })
  .superRefine((c, ctx) => {
    const ids = new Set<string>();
    for (const i of c.indicators) {
      if (ids.has(i.id)) ctx.addIssue({ code: 'custom', message: `indicator ${i.id} appears twice` });
      ids.add(i.id);
    }
    const froms = c.levels.map((l) => l.from);
    if (froms[0] !== 0 || froms.some((f, i) => i > 0 && f <= froms[i - 1])) ctx.addIssue({ code: 'custom', message: 'levels must start at 0 and rise' });
  });
export type Catalogue = z.infer<typeof CatalogueSchema>;

/** Validates a catalogue, naming the first problem. */
export function parseCatalogue(data: unknown, where = 'indicator catalogue'): Catalogue {
  return parseRulesFile(CatalogueSchema, data, where);
}

export const BUNDLED_CATALOGUE: Catalogue = parseCatalogue(bundled, 'src/domain/data/indicators.json');

export function levelFor(c: Catalogue, score: number): Level {
  let level: Level = 'low';
  for (const l of c.levels) if (score >= l.from) level = l.level;
  return level;
}

export { vocabulary };

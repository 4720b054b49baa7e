import { z } from 'zod';
import defaults from './data/screening.json' with { type: 'json' };

/** Screening tunables: declared once, validated, overridable per call. */
export const ScreeningConfigSchema = z.object({
  version: z.string(),
  source: z.string(),
  algorithm: z.string(),
  /** Results at or above this score are hits. */
  threshold: z.number().min(0).max(1),
  /** Results between this and `threshold` are shown as possible matches when asked for. */
  possibleThreshold: z.number().min(0).max(1),
  limit: z.number().int().positive(),
  /** How many candidate names the index hands to full scoring. */
  candidateLimit: z.number().int().positive(),
  /** Lowest word similarity that counts as a word match. */
  tokenMatchFloor: z.number().min(0).max(1),
  weights: z.object({
    weakAlias: z.number(),
    dobExact: z.number(),
    dobMonth: z.number(),
    dobYear: z.number(),
    dobMismatch: z.number(),
    countryMatch: z.number(),
    countryMismatch: z.number(),
    typeMismatch: z.number(),
  }),
});
export type ScreeningConfig = z.infer<typeof ScreeningConfigSchema>;

export const DEFAULT_SCREENING_CONFIG: ScreeningConfig = ScreeningConfigSchema.parse(defaults);

import { z } from 'zod';
import defaults from './data/screening.json' with { type: 'json' };

const num = z.number();
/** Screening tunables: declared once with what each does (data/screening.json), validated, overridable per call. */
export const ScreeningConfigSchema = z
  .object({
    version: z.string(),
    source: z.string(),
    algorithm: z.string(),
    threshold: z.number().min(0).max(1),
    possibleThreshold: z.number().min(0).max(1),
    limit: z.number().int().positive(),
    candidateLimit: z.number().int().positive(),
    tokenMatchFloor: z.number().min(0).max(1),
    weights: z.object({ weakAlias: num, dobExact: num, dobMonth: num, dobYear: num, dobMismatch: num, countryMatch: num, countryMismatch: num, typeMismatch: num }),
    name: z.object({
      spellingVariant: num, nationalSpelling: num, typoPerEdit: num, typoFirstLetter: num, soundsAlikeLong: num, soundsAlikeShort: num,
      jaroWinklerFloor: num, jaroWinklerScale: num, transcriptionExact: num, transcriptionClassCost: num, transcriptionVowelCost: num,
      transcriptionFreeVowelCost: num, transcriptionVowelDropCost: num, transcriptionYodCost: num,
      otherCharacter: num, initial: num, middleNameWeight: num, patronymicWeight: num, forebearWeight: num, patronymicSuffixConsonants: num, particleWeight: num, oneWordBoth: num, oneWordOneSide: num,
      commonNameCap: num, compoundMaxWords: num, compoundFloor: num, compoundSimStep: num, distinctiveWordSim: num, distinctiveTranscriptionSim: num,
      familiarName: num, translation: num, lineageReversed: num, abjadWordAlone: num,
    }),
    index: z.object({ foldNeighbourMinLetters: num, commonWordShare: num, commonWordMinNames: num, tiesBeyondLimit: num, commonPostings: num, minVoteShare: num, joinedMaxLetters: num, joinedFloor: num, rarityBase: num, rarityScale: num }),
    tunables: z.record(z.string(), z.string()),
  })
  .superRefine((c, ctx) => {
    // Every number in the file says what it does.
    const paths = Object.entries(c).flatMap(([k, v]) => (typeof v === 'number' ? [k] : typeof v === 'object' && k !== 'tunables' ? Object.keys(v).map((s) => `${k}.${s}`) : []));
    for (const p of paths) if (!c.tunables[p]) ctx.addIssue({ code: 'custom', message: `tunable ${p} has no description in "tunables"` });
  });
export type ScreeningConfig = z.infer<typeof ScreeningConfigSchema>;

export const DEFAULT_SCREENING_CONFIG: ScreeningConfig = ScreeningConfigSchema.parse(defaults);
/** The word-level tunables, used by the pure comparison functions. */
export const NAME_TUNING = DEFAULT_SCREENING_CONFIG.name;
export const INDEX_TUNING = DEFAULT_SCREENING_CONFIG.index;

import { z } from 'zod';
import data from '../../domain/data/resolution.json' with { type: 'json' };
import { BulwarkError } from '../../errors.js';
import { ONCE } from '../../domain/parse-once.js';

const Feature = z.object({ weight: z.number().min(0).max(1), description: z.string().min(10) });
export const ResolutionConfigSchema = z.object({
  version: z.string(),
  source: z.string().min(10),
  evidence: z.object({ email: Feature, phone: Feature, profile: Feature, companyNumber: Feature, name: Feature, dob: Feature, employer: Feature, address: Feature }),
  conflicts: z.object({ dob: z.object({ factor: z.number().min(0).max(1), description: z.string() }) }),
  nameFloor: z.number().min(0).max(1),
  employerFloor: z.number().min(0).max(1),
  linkThreshold: z.number().min(0).max(1),
  suggestThreshold: z.number().min(0).max(1),
  blockCap: z.number().int().positive(),
  maxCompared: z.number().int().positive(),
  alertOffices: z.number().int().min(2),
  /** How far a partner's marking must let it travel for an office other than the importing one to be alerted. */
  partnerReach: z.enum(['organisation', 'group', 'community', 'world']),
  settle: z.object({ batch: z.number().int().positive(), everyMs: z.number().int().positive(), description: z.string() }),
  defaultCallingCode: z.string().regex(/^\d{1,3}$/),
  dotInsensitiveEmailDomains: z.array(z.string()),
  profileHostAliases: z.record(z.string(), z.string()),
});
export type ResolutionConfig = z.infer<typeof ResolutionConfigSchema>;
export type EvidenceFeature = keyof ResolutionConfig['evidence'];

function load(): ResolutionConfig {
  const r = ResolutionConfigSchema.safeParse(data, ONCE);
  if (!r.success) throw new BulwarkError('BWK_ERR_RULES', `resolution.json: ${r.error.issues[0].message}`, { file: 'src/domain/data/resolution.json', field: r.error.issues[0].path.join('.') });
  return r.data;
}

/** The bundled resolution rules (resolution-v1), validated once at load. */
export const RESOLUTION_CONFIG = load();

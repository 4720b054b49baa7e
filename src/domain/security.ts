import { z } from 'zod';
import data from './data/security.json' with { type: 'json' };
import { BulwarkError } from '../errors.js';
import { ONCE } from './parse-once.js';

const SecuritySchema = z.object({
  version: z.number(),
  source: z.string(),
  password: z.object({ minLength: z.number().int().min(8), maxLength: z.number().int(), generatedLength: z.number().int().min(12), argon2: z.object({ memoryCost: z.number().int(), timeCost: z.number().int(), parallelism: z.number().int() }) }),
  login: z.object({ maxFailuresPerUser: z.number().int().min(1), maxFailuresPerAddress: z.number().int().min(1), windowMinutes: z.number().positive() }),
  session: z.object({ idleMinutes: z.number().positive(), absoluteHours: z.number().positive(), cookie: z.string().regex(/^[a-z_]+$/) }),
  tokens: z.object({ scopes: z.record(z.string(), z.string()), prefix: z.string(), cacheMs: z.number().int().min(0).max(60_000), cacheNote: z.string() }),
});

function load() {
  const r = SecuritySchema.safeParse(data, ONCE);
  if (!r.success) throw new BulwarkError('BWK_ERR_RULES', `security.json: ${r.error.issues[0].path.join('.')}: ${r.error.issues[0].message}`);
  return r.data;
}

/** Password, sign-in throttling, session and token rules (validated at load). */
export const SECURITY = load();
export const TOKEN_SCOPES = Object.keys(SECURITY.tokens.scopes);

import type { z } from 'zod';
import { BulwarkError } from '../errors.js';
import { ONCE } from '../domain/parse-once.js';

/** Validates a rules data file against its schema, naming the file, the path and the first problem. */
export function parseRulesFile<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const r = schema.safeParse(data, ONCE);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BulwarkError('BWK_ERR_RULES', `${where} is invalid at ${i.path.join('.') || 'top level'}: ${i.message}`);
  }
  return r.data;
}

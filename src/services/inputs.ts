import { z } from 'zod';
import { isoDay, parseDayDate } from '../domain/dates.js';
import { assertTextLimit } from '../domain/text.js';
import { BulwarkError } from '../errors.js';

/**
 * A day typed by a person (DD/MM/YYYY or ISO, through the one parser), as ISO; with `notAfter`,
 * a day after it (normally today) is refused as in the future.
 */
export function dayDate(opts: { notAfter?: () => string } = {}) {
  return z.string().transform((s, ctx) => {
    const r = parseDayDate(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    if (opts.notAfter && r.iso > opts.notAfter()) {
      ctx.addIssue({ code: 'custom', message: `${s.trim()} is in the future` });
      return z.NEVER;
    }
    return r.iso;
  });
}

/** Parses a day for a command-line option or a service argument, or throws naming the field. */
export function day(text: string, field: string): string {
  const r = parseDayDate(text);
  if (!r.ok) throw new BulwarkError('BWK_ERR_INPUT', r.message, { field });
  return r.iso;
}

export const today = (clock: () => Date): string => isoDay(clock());

/** Turns a zod failure into one clear error naming the field (and the record, when importing). */
export function inputError(err: z.ZodError, raw: unknown, where: { line?: number; file?: string } = {}): BulwarkError {
  const i = err.issues[0];
  const field = i.path.join('.');
  const value = i.path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k as string], raw);
  const msg = typeof value === 'string' && i.message.startsWith('is ') ? `"${value}" ${i.message}` : i.message;
  return new BulwarkError('BWK_ERR_INPUT', msg, { ...where, field });
}

/**
 * A service input checked as every entry point (API, CLI, a file read) must: no text longer than
 * the limit anywhere in it, then its schema; the first fault names its field (and file and line).
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, where: { line?: number; file?: string } = {}): z.output<S> {
  assertTextLimit(raw, where);
  const p = schema.safeParse(raw);
  if (!p.success) throw inputError(p.error, raw, where);
  return p.data;
}

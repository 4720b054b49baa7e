import { z } from 'zod';
import limitsFile from '../domain/data/exchange.json' with { type: 'json' };
import { PackageSchema, type ExchangePackage } from '../domain/exchange.js';
import { BulwarkError } from '../errors.js';
import { ONCE } from '../domain/parse-once.js';

const Limits = z.object({ version: z.string(), source: z.string().min(10), maxBytes: z.number().int().positive(), maxObjects: z.number().int().positive(), maxTextLength: z.number().int().positive(), hostileText: z.array(z.string()).min(1) });
export const EXCHANGE_LIMITS = Limits.parse(limitsFile, ONCE);
const HOSTILE = EXCHANGE_LIMITS.hostileText.map((p) => new RegExp(p, 'i'));

/** Parses a partner file as JSON after refusing oversize input, so a 100 MB bundle is never parsed. */
export function readPartnerJson(input: string | Buffer, what: string): unknown {
  const bytes = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (bytes > EXCHANGE_LIMITS.maxBytes) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the ${what} is ${(bytes / 1e6).toFixed(1)} MB; the limit is ${EXCHANGE_LIMITS.maxBytes / 1e6} MB`);
  if (bytes === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', `the ${what} is empty`);
  try {
    return JSON.parse(typeof input === 'string' ? input : input.toString('utf8'));
  } catch (e) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `the ${what} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * Refuses markup or script anywhere in an object's text, naming the object and field: partner text is
 * shown to officers in the web UI and printed case reports, and nothing in it should ever run.
 */
export function assertNoScripts(value: unknown, record: string, path = ''): void {
  if (typeof value === 'string') {
    if (value.length > EXCHANGE_LIMITS.maxTextLength) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `text longer than ${EXCHANGE_LIMITS.maxTextLength} characters`, { record, field: path || undefined });
    if (HOSTILE.some((r) => r.test(value))) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the text contains markup or script, which Bulwark refuses to import', { record, field: path || undefined });
  } else if (Array.isArray(value)) value.forEach((v, i) => assertNoScripts(v, record, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertNoScripts(v, record, path ? `${path}.${k}` : k);
}

/** Finds a cycle in a reference graph and returns it (a → b → a), or undefined. Iterative: a hostile chain cannot exhaust the stack. */
export function findCycle(edges: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  for (const root of edges.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const next: number[] = [0];
    state.set(root, 1);
    while (path.length) {
      const n = path[path.length - 1];
      const out = edges.get(n) ?? [];
      const i = next[next.length - 1]++;
      if (i >= out.length) {
        state.set(n, 2);
        path.pop();
        next.pop();
        continue;
      }
      const m = out[i];
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        state.set(m, 1);
        path.push(m);
        next.push(0);
      }
    }
  }
  return undefined;
}

/** Validates a package read from a partner file; the error names the package part's key and field. */
export function parsePackage(draft: Record<string, unknown>, fallbackRecord: string): ExchangePackage {
  const r = PackageSchema.safeParse(draft);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const [part, index] = issue.path as [string, number];
  const key = (draft[part] as { key?: string }[] | undefined)?.[index]?.key;
  throw new BulwarkError('BWK_ERR_FILE_FORMAT', `${String(issue.path[0])}: ${issue.message}`, { record: key ?? fallbackRecord, field: issue.path.slice(2).join('.') || undefined });
}

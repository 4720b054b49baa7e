import { BulwarkError } from '../errors.js';

/** Characters no field may hold: C0 controls but tab and newlines, DEL, and bidi overrides and isolates. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
/** The longest text any field takes; each schema sets its own tighter limit. */
export const MAX_TEXT = 20_000;

/**
 * Walks a decoded request and refuses text that could hide what it says (NUL, control and bidi
 * characters) or is absurdly long, naming the field.
 */
export function assertCleanText(value: unknown, path: string[] = []): void {
  if (typeof value === 'string') {
    const field = path.join('.') || 'body';
    if (value.length > MAX_TEXT) throw new BulwarkError('BWK_ERR_INPUT', `is ${value.length} characters long; the limit is ${MAX_TEXT}`, { field });
    const bad = value.match(FORBIDDEN);
    if (bad) throw new BulwarkError('BWK_ERR_INPUT', `contains a control or text-direction character (U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`, { field });
    return;
  }
  if (Array.isArray(value)) value.forEach((v, i) => assertCleanText(v, [...path, String(i)]));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertCleanText(v, [...path, k]);
}

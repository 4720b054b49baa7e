import { checkTextLength, eachText } from '../domain/text.js';
import { BulwarkError } from '../errors.js';

/** Characters no field may hold: C0 controls but tab and newlines, DEL, and bidi overrides and isolates. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;

/**
 * Walks a decoded request and refuses text that could hide what it says (NUL, control and bidi
 * characters) or is absurdly long, naming the field.
 */
export function assertCleanText(value: unknown, path: string[] = []): void {
  eachText(value, (text, field) => {
    checkTextLength(text, field);
    const bad = text.match(FORBIDDEN);
    if (bad) throw new BulwarkError('BWK_ERR_INPUT', `contains a control or text-direction character (U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`, { field });
  }, path);
}

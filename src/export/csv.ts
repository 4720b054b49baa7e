import { escapeUnsafe } from '../domain/text.js';

/**
 * One CSV cell for files people open in spreadsheets: quoted when needed, and a leading = + - @
 * (or tab/CR) neutralised with an apostrophe, because list data and reports come from outside
 * and a spreadsheet would run such a cell as a formula; control and bidi characters are escaped.
 */
export function csvCell(v: unknown): string {
  let s = escapeUnsafe(v === undefined || v === null ? '' : String(v), { keepLines: true });
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

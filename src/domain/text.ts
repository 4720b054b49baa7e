import { BulwarkError } from '../errors.js';

/**
 * Characters that act on a display instead of showing: C0/C1 controls (terminal escape sequences)
 * and the bidirectional overrides and isolates that reorder what a reader sees.
 */
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_WITH_LINES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from records made safe to show: each unsafe character becomes a visible \uXXXX escape
 * (the JSON form, so JSON output stays valid and decodes to the same text). Tabs and line breaks
 * are escaped too unless `keepLines` (a multi-line field in a file, or a whole screen of output).
 */
export function escapeUnsafe(s: string, opts: { keepLines?: boolean } = {}): string {
  return s.replace(opts.keepLines ? UNSAFE : UNSAFE_WITH_LINES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text for an HTML page: markup characters as entities, and control and bidi characters as visible escapes. */
export function escapeHtml(s: unknown): string {
  return escapeUnsafe(String(s ?? ''), { keepLines: true }).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A stored file name from whatever a user or client sent: the last path component only (no
 * folders, no "..", no leading dots), without control or bidi characters, at most 200 characters
 * with the extension kept.
 */
export function safeFilename(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  let s = last.replace(UNSAFE_WITH_LINES, '').replace(/^[.\s]+/, '').trim();
  if (s.length > 200) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(s)?.[0] ?? '';
    s = s.slice(0, 200 - ext.length) + ext;
  }
  return s || 'attachment';
}

/** The longest text any input field takes, at every entry point (API, CLI, files read); each input sets tighter limits where it can. */
export const MAX_TEXT = 20_000;

/** The longest name screened. */
export const MAX_NAME_LENGTH = 300;
/** The longest name field holding several names ("X (A; B; C)", as the UN list writes them), each at most MAX_NAME_LENGTH. */
export const MAX_FIELD_LENGTH = 1000;

/** Calls `visit` with every string in a decoded input and its field (contact.name, answers.0); bytes are not text. */
export function eachText(value: unknown, visit: (text: string, field: string) => void, path: string[] = []): void {
  if (typeof value === 'string') visit(value, path.join('.') || 'body');
  else if (Array.isArray(value)) value.forEach((v, i) => eachText(v, visit, [...path, String(i)]));
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array)) for (const [k, v] of Object.entries(value)) eachText(v, visit, [...path, k]);
}

/** Refuses a text longer than MAX_TEXT, naming its field (and the file and line it came from). */
export function checkTextLength(text: string, field: string, where: { file?: string; line?: number } = {}): void {
  if (text.length > MAX_TEXT) throw new BulwarkError('BWK_ERR_INPUT', `is ${text.length} characters long; the limit is ${MAX_TEXT}`, { ...where, field });
}

/** Refuses any text in an input longer than MAX_TEXT, naming the field. */
export function assertTextLimit(value: unknown, where: { file?: string; line?: number } = {}): void {
  eachText(value, (text, field) => checkTextLength(text, field, where));
}

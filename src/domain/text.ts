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

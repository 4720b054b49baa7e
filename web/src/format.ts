/** UK formats: dates DD/MM/YYYY, money in pounds, sizes in KB/MB; and text made safe to show. */
import { escapeUnsafe } from '../../src/domain/text';

/**
 * Text from records as the UI shows it: control and bidi characters (a right-to-left override, a
 * terminal escape) as visible \uXXXX escapes, by the same rule as the terminal, CSV and the HTML
 * reports; line breaks and tabs stay.
 */
export const shown = (s: string): string => escapeUnsafe(s, { keepLines: true });

export function ukDate(iso?: string | null): string {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export function ukDateTime(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
export const pounds = (n?: number | null) => (n === undefined || n === null ? '' : gbp.format(n));

export function bytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** DD/MM/YYYY or YYYY-MM-DD typed by a user, as the ISO day the API takes (the API checks it). */
export function isoDay(s: string): string {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s.trim());
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : s.trim();
}

export const today = () => new Date().toISOString().slice(0, 10);

/** Whole days from today to an ISO day (negative when past). */
export function daysFrom(iso: string): number {
  return Math.round((Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) - Date.parse(`${today()}T00:00:00Z`)) / 86_400_000);
}

export const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

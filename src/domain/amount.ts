import { BulwarkError } from '../errors.js';

/** Pounds and pence as people write them: digits, an optional point and at most two decimals ("1000", "1,000.50"). */
const PLAIN_AMOUNT = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?$/;

/** The smallest amount Bulwark records: one penny. */
export const MIN_AMOUNT = 0.01;

/**
 * Reads an amount of money from text, refusing anything but a plain decimal with at most two
 * places: "0x1F4", "1e3", "1e-9", "Infinity" or "-5" would otherwise become numbers silently.
 */
export function parseAmount(text: string, field = 'amount'): number {
  const s = text.trim().replace(/^£/, '');
  if (/^-\s*£?\d/.test(s)) throw new BulwarkError('BWK_ERR_INPUT', 'the amount must be more than zero', { field });
  if (!PLAIN_AMOUNT.test(s)) throw new BulwarkError('BWK_ERR_INPUT', `"${text}" is not an amount: write it in pounds with at most two decimal places, e.g. 250 or 250.50`, { field });
  const n = Number(s.replace(/,/g, ''));
  if (n < MIN_AMOUNT) throw new BulwarkError('BWK_ERR_INPUT', `the amount must be at least £${MIN_AMOUNT.toFixed(2)}`, { field });
  return n;
}

/** True for a number that is a whole number of pence (within floating-point error). */
export function isWholePence(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
}

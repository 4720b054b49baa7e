import type { PartialDate } from '../domain/entity.js';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function valid(y: number, m?: number, d?: number): boolean {
  if (!(y >= 1800 && y <= 2100)) return false;
  if (m !== undefined && !(m >= 1 && m <= 12)) return false;
  if (d !== undefined && m !== undefined) {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    if (!(d >= 1 && d <= last)) return false;
  }
  return true;
}

function make(y: number, m?: number, d?: number): PartialDate | undefined {
  if (!valid(y, m, d)) return undefined;
  if (m === undefined) return String(y);
  if (d === undefined) return `${y}-${pad(m)}`;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/**
 * Parses the date forms the lists use into partial ISO dates. Unknown parts become
 * coarser dates ("dd/mm/1968" → "1968", "00/09/1958" → "1958-09"); ranges expand to years.
 * Returns [] for text that holds no date.
 */
export function parseDates(text: string | undefined | null): PartialDate[] {
  if (!text) return [];
  const out: PartialDate[] = [];
  const push = (d: PartialDate | undefined) => {
    if (d && !out.includes(d)) out.push(d);
  };
  const t = text.trim();
  let m: RegExpMatchArray | null;
  // Year ranges: "1965 to 1969", "between 1965 and 1969", "1965-1969".
  if ((m = t.match(/^(?:between\s+)?(\d{4})\s*(?:to|and|-|–)\s*(\d{4})$/i))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (b >= a && b - a <= 15) for (let y = a; y <= b; y++) push(make(y));
    return out;
  }
  // ISO: 1968-09-12, 1968-09, 1968
  if ((m = t.match(/^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T.*)?$/))) {
    push(make(Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined));
    return out;
  }
  // dd/mm/yyyy with placeholders (UK: dd/mm/1968; OFSI: 00/00/1968) and US mm/dd/yyyy is not used for DOBs.
  if ((m = t.match(/^(\d{1,2}|dd|00)[/.](\d{1,2}|mm|00)[/.](\d{4})$/i))) {
    const d = /^\d+$/.test(m[1]) && Number(m[1]) > 0 ? Number(m[1]) : undefined;
    const mo = /^\d+$/.test(m[2]) && Number(m[2]) > 0 ? Number(m[2]) : undefined;
    push(make(Number(m[3]), mo, mo !== undefined ? d : undefined));
    return out;
  }
  // Month and year: 09/1958
  if ((m = t.match(/^(\d{1,2})[/.](\d{4})$/))) {
    push(make(Number(m[2]), Number(m[1])));
    return out;
  }
  // OFAC: "09 Jul 1950", "Jul 1950", "circa 1958", "1958"; possibly "to" ranges of those.
  for (const part of t.split(/\s*(?:;|\bto\b|,\s*(?=\d{1,2}\s+[A-Za-z]{3}))\s*/i)) {
    const p = part.replace(/^(?:circa|approximately|approx\.?|ca\.?|about)\s+/i, '').trim();
    if ((m = p.match(/^(\d{1,2})\s+([A-Za-z]{3,4})\.?\s+(\d{4})$/))) {
      push(make(Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1])));
    } else if ((m = p.match(/^([A-Za-z]{3,4})\.?\s+(\d{4})$/))) {
      push(make(Number(m[2]), MONTHS[m[1].toLowerCase()]));
    } else if ((m = p.match(/^(\d{4})$/))) {
      push(make(Number(m[1])));
    } else if ((m = p.match(/^(\d{4})-(\d{2})-(\d{2})$/))) {
      push(make(Number(m[1]), Number(m[2]), Number(m[3])));
    }
  }
  return out;
}

/** Whole days between two ISO days (b − a), by the calendar, not by clock time. */
export function daysBetween(a: string, b: string): number {
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return Math.round((day(b) - day(a)) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Calendar-month arithmetic as the registers mean "within one month": the same day of the
 * later month, or its last day when that month is shorter (31 January + 1 month → 28 or 29 February).
 */
export function addCalendarMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return `${target.getUTCFullYear()}-${pad(target.getUTCMonth() + 1)}-${pad(Math.min(d, last))}`;
}

/** The next working day after `iso`, `n` times over, skipping weekends and the bank holidays given. */
export function addWorkingDays(iso: string, n: number, holidays: ReadonlySet<string>): string {
  let day = iso;
  for (let left = n; left > 0; ) {
    day = addDays(day, 1);
    const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6 && !holidays.has(day)) left--;
  }
  return day;
}

/** Today as an ISO day, from a clock (tests and the composition root pass their own). */
export const isoDay = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** DD/MM/YYYY for people. */
export const ukDay = (iso: string): string => iso.split('-').reverse().join('/');

export type DayDateResult = { ok: true; iso: string } | { ok: false; message: string };

/**
 * The one parser for dates people type: DD/MM/YYYY (also D/M/YYYY, with dots or dashes) or ISO
 * YYYY-MM-DD. An impossible day (31/02, a 13th month) is refused with a message saying why,
 * never rolled over into the next month.
 */
export function parseDayDate(text: string): DayDateResult {
  const s = text.trim();
  const iso = s.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/);
  const uk = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/);
  if (!iso && !uk) return { ok: false, message: `"${s}" is not a date (use DD/MM/YYYY or YYYY-MM-DD)` };
  const [y, m, d] = iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [Number(uk![3]), Number(uk![2]), Number(uk![1])];
  if (m < 1 || m > 12) return { ok: false, message: `"${s}" is not a date: there is no month ${m}` };
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > last) return { ok: false, message: `"${s}" is not a date: month ${m} of ${y} has ${last} days` };
  if (y < 1900 || y > 2100) return { ok: false, message: `"${s}" is not a plausible year` };
  return { ok: true, iso: `${y}-${pad(m)}-${pad(d)}` };
}

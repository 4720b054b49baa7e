/**
 * How often a person wants the reminder digest by email, and when digests go out. A digest with
 * nothing overdue, nothing coming due and no new alert is never sent, so "daily" stays quiet on
 * quiet days.
 */
export const DIGEST_CHOICES = ['off', 'daily', 'weekly'] as const;
export type DigestChoice = (typeof DIGEST_CHOICES)[number];
export type DigestPeriod = Exclude<DigestChoice, 'off'>;

/** Days a digest looks ahead for deadlines (and back for new alerts). */
export const DIGEST_PERIODS: Record<DigestPeriod, number> = { daily: 1, weekly: 7 };

/** New accounts get the daily digest: it is only sent when something is due or new. */
export const DEFAULT_DIGEST: DigestChoice = 'daily';

/** Digests follow the UK working day: local hour in London, weekly ones on Mondays. */
export const DIGEST_TIME_ZONE = 'Europe/London';
export const WEEKLY_DIGEST_WEEKDAY = 'Mon';

// Made on first use: loading a time zone costs every process, and only a server sends digests.
let londonParts: Intl.DateTimeFormat | undefined;

/** The London date (ISO), hour and weekday of an instant. */
export function londonTime(at: Date): { day: string; hour: number; weekday: string } {
  londonParts ??= new Intl.DateTimeFormat('en-GB', { timeZone: DIGEST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
  const p = Object.fromEntries(londonParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), weekday: p.weekday };
}

/**
 * The digest round due at this instant for a choice, or null: daily from `hour` each day, weekly
 * from `hour` on Mondays. The key names the round, so each person gets each round once however
 * many server processes look.
 */
export function digestRound(choice: DigestChoice, at: Date, hour: number): { period: DigestPeriod; key: string } | null {
  if (choice === 'off') return null;
  const t = londonTime(at);
  if (t.hour < hour) return null;
  if (choice === 'weekly' && t.weekday !== WEEKLY_DIGEST_WEEKDAY) return null;
  return { period: choice, key: `${choice}:${t.day}` };
}

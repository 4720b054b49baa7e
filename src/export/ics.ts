/** One all-day event in a calendar feed. */
export interface IcsEvent {
  /** Stable across feeds, so a calendar updates the event instead of adding another. */
  uid: string;
  /** The day (ISO) the event falls on. */
  date: string;
  summary: string;
  description?: string;
  /** Days before the event to remind (a display alarm); none when absent. */
  remindDaysBefore?: number;
}

/** Text values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
const text = (s: string) => s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Lines longer than 75 octets fold onto continuation lines that start with a space (RFC 5545 §3.1), never inside a character. */
function fold(line: string): string {
  const out: string[] = [];
  let cur = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(cur);
      cur = '';
      octets = 0;
    }
    cur += ch;
    octets += n;
  }
  out.push(cur);
  return out.join('\r\n ');
}

const day = (iso: string) => iso.replace(/-/g, '');
const nextDay = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * An iCalendar (RFC 5545) feed of all-day events, as Outlook, Google and phone calendars
 * subscribe to: CRLF lines, folded and escaped, one VEVENT per event.
 */
export function icsCalendar(opts: { name: string; events: IcsEvent[]; generated: Date }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Bulwark//Deadlines//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${text(opts.name)}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT6H', 'X-PUBLISHED-TTL:PT6H'];
  for (const e of opts.events) {
    lines.push('BEGIN:VEVENT', `UID:${text(e.uid)}`, `DTSTAMP:${stamp(opts.generated)}`, `DTSTART;VALUE=DATE:${day(e.date)}`, `DTEND;VALUE=DATE:${day(nextDay(e.date))}`, `SUMMARY:${text(e.summary)}`, 'TRANSP:TRANSPARENT');
    if (e.description) lines.push(`DESCRIPTION:${text(e.description)}`);
    if (e.remindDaysBefore !== undefined) lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(e.summary)}`, `TRIGGER:-P${e.remindDaysBefore}D`, 'END:VALARM');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

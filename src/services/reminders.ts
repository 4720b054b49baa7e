import nodemailer from 'nodemailer';
import type { Actor } from '../domain/actor.js';
import { addDays, isoDay, ukDay } from '../domain/dates.js';
import { BulwarkError } from '../errors.js';
import { icsCalendar } from '../export/ics.js';
import type { AlertRecord, Store } from '../store/types.js';
import { officeDeadlines, type DeadlineItem } from './deadlines.js';
import type { MoneyService } from './money.js';
import type { TravelService } from './travel.js';

export const DIGEST_PERIODS = { daily: 1, weekly: 7 } as const;
export type DigestPeriod = keyof typeof DIGEST_PERIODS;

/** Someone to remind: their address, their office, and the secret token of their calendar feed (from accounts). */
export interface Recipient {
  email: string;
  officeId: string;
  feedToken?: string;
}

export interface Digest {
  officeId: string;
  officeName: string;
  asOf: string;
  overdue: DeadlineItem[];
  comingDue: DeadlineItem[];
  alerts: AlertRecord[];
}

export interface DigestResult {
  email: string;
  status: 'sent' | 'nothing_to_say';
  messageId?: string;
}

const line = (d: DeadlineItem) => `- ${ukDay(d.due)}  ${d.what}: ${d.subject} (${d.source})`;

/**
 * Reminders where people already look: an email digest of an office's deadlines coming due and
 * its new alerts, and an iCalendar feed of its deadlines. Who receives what, and each person's
 * secret feed token, come from the accounts that own them; this service only reads and sends.
 */
export class ReminderService {
  constructor(
    private readonly deps: { store: Store; money: MoneyService; travel: TravelService },
    private readonly config: { mail?: { smtpUrl: string; from: string }; publicUrl?: string },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Reminders read as the office itself; they never change anything. */
  private actor(officeId: string): Actor {
    return { userId: 'bulwark-reminders', officeId, role: 'staff' };
  }

  /** The deadlines overdue or due within the period, and the alerts raised in it. */
  async digest(officeId: string, period: DigestPeriod): Promise<Digest> {
    const asOf = isoDay(this.clock());
    const until = addDays(asOf, DIGEST_PERIODS[period]);
    const since = this.clock().getTime() - DIGEST_PERIODS[period] * 86_400_000;
    const items = await officeDeadlines(this.actor(officeId), this.deps.money, this.deps.travel, asOf);
    const office = await this.deps.store.getOffice(officeId);
    return {
      officeId,
      officeName: office?.name ?? officeId,
      asOf,
      overdue: items.filter((d) => d.status === 'overdue'),
      comingDue: items.filter((d) => d.status === 'upcoming' && d.due <= until),
      alerts: (await this.deps.store.listAlerts(officeId)).filter((a) => Date.parse(a.createdAt) > since),
    };
  }

  /** The secret address of a person's calendar feed, when Bulwark knows its public address. */
  feedUrl(token: string): string | undefined {
    return this.config.publicUrl ? `${this.config.publicUrl}/calendar/${encodeURIComponent(token)}.ics` : undefined;
  }

  /** The digest as a plain-text email. */
  render(d: Digest, period: DigestPeriod, feedToken?: string): { subject: string; text: string } {
    const counts = [d.overdue.length && `${d.overdue.length} overdue`, d.comingDue.length && `${d.comingDue.length} due ${period === 'daily' ? 'tomorrow or sooner' : 'this week'}`, d.alerts.length && `${d.alerts.length} new alert${d.alerts.length === 1 ? '' : 's'}`].filter(Boolean);
    const text = [`Bulwark ${period} reminder for ${d.officeName}, ${ukDay(d.asOf)}`, ''];
    if (d.overdue.length) text.push('OVERDUE', ...d.overdue.map(line), '');
    if (d.comingDue.length) text.push(`DUE BY ${ukDay(addDays(d.asOf, DIGEST_PERIODS[period]))}`, ...d.comingDue.map(line), '');
    if (d.alerts.length) text.push('NEW ALERTS', ...d.alerts.map((a) => `- ${a.level.toUpperCase()} ${a.kind.replace(/_/g, ' ')}: ${a.message} (for ${a.routedTo.join(', ')})`), '');
    const feed = feedToken ? this.feedUrl(feedToken) : undefined;
    if (feed) text.push(`Your calendar can show these deadlines: subscribe to ${feed} (keep this address to yourself).`);
    return { subject: `Bulwark: ${counts.join(', ')} — ${d.officeName}`, text: `${text.join('\n')}\n` };
  }

  /** Sends each recipient their office's digest; a recipient with nothing due and no alerts gets no mail. */
  async sendDigests(recipients: Recipient[], period: DigestPeriod): Promise<DigestResult[]> {
    if (!this.config.mail) throw new BulwarkError('BWK_ERR_INPUT', 'mail is not configured: set BULWARK_SMTP_URL (and BULWARK_MAIL_FROM)');
    const transport = nodemailer.createTransport(this.config.mail.smtpUrl);
    const digests = new Map<string, Digest>();
    const out: DigestResult[] = [];
    try {
      for (const r of recipients) {
        const d = digests.get(r.officeId) ?? (await this.digest(r.officeId, period));
        digests.set(r.officeId, d);
        if (!d.overdue.length && !d.comingDue.length && !d.alerts.length) {
          out.push({ email: r.email, status: 'nothing_to_say' });
          continue;
        }
        const { subject, text } = this.render(d, period, r.feedToken);
        const info = await transport.sendMail({ from: this.config.mail.from, to: r.email, subject, text });
        out.push({ email: r.email, status: 'sent', messageId: info.messageId });
      }
    } finally {
      transport.close();
    }
    return out;
  }

  /** The office's open deadlines as an iCalendar feed, with a reminder two days before each. */
  async calendar(officeId: string): Promise<string> {
    const office = await this.deps.store.getOffice(officeId);
    const items = await officeDeadlines(this.actor(officeId), this.deps.money, this.deps.travel, isoDay(this.clock()));
    return icsCalendar({
      name: `Bulwark deadlines — ${office?.name ?? officeId}`,
      generated: this.clock(),
      events: items.map((d) => ({ uid: `${d.id}@bulwark`, date: d.due, summary: `${d.status === 'overdue' ? 'OVERDUE: ' : ''}${d.what}`, description: `${d.subject}\n${d.source}`, remindDaysBefore: 2 })),
    });
  }
}

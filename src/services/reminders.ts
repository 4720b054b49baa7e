import type { SendMailOptions, SentMessageInfo } from 'nodemailer';
import type { Actor } from '../domain/actor.js';
import { addDays, isoDay, ukDay } from '../domain/dates.js';
import { DIGEST_PERIODS, digestRound, type DigestPeriod } from '../domain/reminders.js';
import { BulwarkError } from '../errors.js';
import { icsCalendar } from '../export/ics.js';
import type { AlertRecord, Store } from '../store/types.js';
import { officeDeadlines, type DeadlineItem } from './deadlines.js';
import type { MoneyService } from './money.js';
import type { TravelService } from './travel.js';

/** Someone to remind: their address and their office. */
export interface Recipient {
  email: string;
  officeId: string;
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
  status: 'sent' | 'nothing_to_say' | 'failed';
  messageId?: string;
  /** Why a mail could not be sent (the round is given back and tried again later). */
  problem?: string;
}

type Send = (mail: SendMailOptions) => Promise<SentMessageInfo>;

const line = (d: DeadlineItem) => `- ${ukDay(d.due)}  ${d.what}: ${d.subject} (${d.source})`;

/**
 * Reminders where people already look: an email digest of an office's deadlines coming due and
 * its new alerts, and an iCalendar feed of its deadlines. Who receives what, and each person's
 * secret feed token, come from the accounts that own them; this service only reads and sends.
 */
export class ReminderService {
  constructor(
    private readonly deps: { store: Store; money: MoneyService; travel: TravelService },
    private readonly config: { mail?: { smtpUrl: string; from: string }; publicUrl?: string; digestHour: number },
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
  render(d: Digest, period: DigestPeriod): { subject: string; text: string } {
    const counts = [d.overdue.length && `${d.overdue.length} overdue`, d.comingDue.length && `${d.comingDue.length} due ${period === 'daily' ? 'tomorrow or sooner' : 'this week'}`, d.alerts.length && `${d.alerts.length} new alert${d.alerts.length === 1 ? '' : 's'}`].filter(Boolean);
    const text = [`Bulwark ${period} reminder for ${d.officeName}, ${ukDay(d.asOf)}`, ''];
    if (d.overdue.length) text.push('OVERDUE', ...d.overdue.map(line), '');
    if (d.comingDue.length) text.push(`DUE BY ${ukDay(addDays(d.asOf, DIGEST_PERIODS[period]))}`, ...d.comingDue.map(line), '');
    if (d.alerts.length) text.push('NEW ALERTS', ...d.alerts.map((a) => `- ${a.level.toUpperCase()} ${a.kind.replace(/_/g, ' ')}: ${a.message} (for ${a.routedTo.join(', ')})`), '');
    // The feed's secret address is never mailed: it is shown once, on the account page, to its owner.
    if (this.config.publicUrl) text.push(`Your calendar can show these deadlines: get your private calendar address at ${this.config.publicUrl}/account/reminders`);
    return { subject: `Bulwark: ${counts.join(', ')} — ${d.officeName}`, text: `${text.join('\n')}\n` };
  }

  /** Sends each recipient their office's digest; a recipient with nothing due and no alerts gets no mail. */
  async sendDigests(recipients: Recipient[], period: DigestPeriod): Promise<DigestResult[]> {
    return this.withTransport(async (send) => {
      const digests = new Map<string, Digest>();
      const out: DigestResult[] = [];
      for (const r of recipients) out.push(await this.sendOne(send, digests, r, period));
      return out;
    });
  }

  /**
   * The scheduled round: every active user with an email address and a digest choice whose round
   * is due now (daily from the configured London hour, weekly on Mondays) gets it once. A round is
   * claimed in the store before sending, so several server processes never send it twice; a mail
   * that fails gives its claim back to be tried at the next look.
   */
  async sendDue(): Promise<DigestResult[]> {
    const now = this.clock();
    const due = (await this.deps.store.accounts.listUsers())
      .filter((u) => u.email && !u.disabled)
      .map((u) => ({ u, round: digestRound(u.digest, now, this.config.digestHour) }))
      .filter((x) => x.round !== null);
    if (!due.length) return [];
    return this.withTransport(async (send) => {
      const digests = new Map<string, Digest>();
      const out: DigestResult[] = [];
      for (const { u, round } of due) {
        if (!(await this.deps.store.accounts.claimDigest(round!.key, u.id, now.toISOString()))) continue;
        const r = await this.sendOne(send, digests, { email: u.email!, officeId: u.officeId }, round!.period);
        if (r.status === 'failed') await this.deps.store.accounts.releaseDigest(round!.key, u.id);
        out.push(r);
      }
      return out;
    });
  }

  /**
   * Looks for due digest rounds now and then every `everyMs` until stopped; what each look sent or
   * failed goes to `report`. Timers do not keep the process alive.
   */
  schedule(everyMs: number, report: (r: { results?: DigestResult[]; error?: unknown }) => void): () => void {
    let running = false;
    const look = () => {
      if (running) return;
      running = true;
      this.sendDue().then((results) => results.length && report({ results }), (error: unknown) => report({ error })).finally(() => { running = false; });
    };
    look();
    const timer = setInterval(look, everyMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async withTransport<T>(fn: (send: Send) => Promise<T>): Promise<T> {
    if (!this.config.mail) throw new BulwarkError('BWK_ERR_INPUT', 'mail is not configured: set BULWARK_SMTP_URL (and BULWARK_MAIL_FROM)');
    // The mail library loads only when mail is sent.
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(this.config.mail.smtpUrl);
    try {
      return await fn(transport.sendMail.bind(transport));
    } finally {
      transport.close();
    }
  }

  private async sendOne(send: Send, digests: Map<string, Digest>, r: Recipient, period: DigestPeriod): Promise<DigestResult> {
    const key = `${r.officeId}\u0000${period}`;
    const d = digests.get(key) ?? (await this.digest(r.officeId, period));
    digests.set(key, d);
    if (!d.overdue.length && !d.comingDue.length && !d.alerts.length) return { email: r.email, status: 'nothing_to_say' };
    const { subject, text } = this.render(d, period);
    try {
      const info = await send({ from: this.config.mail!.from, to: r.email, subject, text });
      return { email: r.email, status: 'sent', messageId: info.messageId };
    } catch (e) {
      return { email: r.email, status: 'failed', problem: e instanceof Error ? e.message : String(e) };
    }
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

import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { loadConfig } from '../../src/config.js';
import { icsCalendar } from '../../src/export/ics.js';
import { ApproachService } from '../../src/services/approaches.js';
import { MoneyService } from '../../src/services/money.js';
import { ReminderService } from '../../src/services/reminders.js';
import { ScreeningService } from '../../src/services/screening.js';
import { TravelService } from '../../src/services/travel.js';
import type { Store, UserRecord } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const office: Actor = { userId: 'office-manager', officeId: 'office-reminders', role: 'admin' };
const quiet: Actor = { userId: 'other', officeId: 'office-quiet', role: 'admin' };
// Tuesday 10 November 2026, nine in the morning.
const clock = () => new Date('2026-11-10T09:00:00Z');
const donor = (name: string) => ({ name, type: 'individual', evidence: { on_electoral_register: true } });

describe('reminders: an email digest through a real SMTP server, and an iCalendar feed', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let reminders: ReminderService;
  let money: MoneyService;
  let travel: TravelService;
  let smtp: SMTPServer;
  let port: number;
  const received: { from: string; to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    ({ store, dispose } = await STORES[0].make());
    const screening = new ScreeningService(store);
    const approaches = new ApproachService(store, screening, clock);
    money = new MoneyService(store, screening, undefined, clock);
    travel = new TravelService(store, approaches);
    await approaches.setOffice(office, { name: 'Office of the Member for Eastbridge', kind: 'commons' });
    await approaches.setOffice(quiet, { name: 'A quiet office', kind: 'commons' });
    // Decide by 15/11 (coming due this week), decide by 09/11 (overdue), and one due in December (not in the digest).
    await money.add(office, { kind: 'donation', recipient: 'member', donor: donor('Imogen Clarke'), amount: 1200, received: '16/10/2026', description: 'Towards advice surgeries' });
    await money.add(office, { kind: 'donation', recipient: 'member', donor: donor('Ravi Menon'), amount: 900, received: '10/10/2026', description: 'Printing, with a comma; and a semicolon' });
    await money.add(office, { kind: 'donation', recipient: 'member', donor: donor('Owen Price'), amount: 800, received: '09/11/2026', description: 'Venue hire' });
    await approaches.addApproach(office, { contact: { name: 'Tomasz Wierzbicki' }, date: '09/11/2026', channel: 'in_person', types: ['meeting_request'], approached: { name: 'Caseworker' }, asked: 'Asked about the diary', answers: ['IN-01'] });
    await approaches.addApproach(office, { contact: { name: 'Felix Amsel', claimedRole: 'recruiter' }, date: '09/11/2026', channel: 'linkedin', types: ['job_offer'], approached: { name: 'Senior researcher' }, asked: 'Paid consultancy for non-public insight into the committee', answers: [] });

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      // A mailbox that refuses mail, as a full or closed one does.
      onRcptTo(address, _session, done) {
        done(address.address.startsWith('bounce@') ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    const config = loadConfig({ BULWARK_SMTP_URL: `smtp://127.0.0.1:${port}`, BULWARK_MAIL_FROM: 'Bulwark <reminders@bulwark.example>', BULWARK_PUBLIC_URL: 'https://bulwark.example/' });
    reminders = new ReminderService({ store, money, travel }, config, clock);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await dispose();
  });

  it('reads mail settings from the environment through the configuration', () => {
    expect(loadConfig({ BULWARK_SMTP_URL: 'smtp://mail.example:587' }).mail).toEqual({ smtpUrl: 'smtp://mail.example:587', from: 'Bulwark <bulwark@localhost>' });
    expect(loadConfig({}).mail).toBeUndefined();
    expect(() => loadConfig({ BULWARK_SMTP_URL: 'not a url' })).toThrow();
  });

  it('collects what is overdue, what falls due within the period, and the new alerts', async () => {
    const d = await reminders.digest(office.officeId, 'weekly');
    expect(d.overdue.map((x) => [x.due, x.what])).toEqual([['2026-11-09', 'decide whether the donation is permissible, and return it if not']]);
    expect(d.comingDue.map((x) => x.due)).toEqual(['2026-11-15']);
    expect(d.alerts.map((a) => [a.kind, a.level])).toEqual([['high_risk', 'high']]);
    const daily = await reminders.digest(office.officeId, 'daily');
    expect(daily.comingDue).toEqual([]);
  });

  it('sends each recipient their office digest, and nothing to an office with nothing to say', async () => {
    const results = await reminders.sendDigests(
      [
        { email: 'caseworker@eastbridge.example', officeId: office.officeId },
        { email: 'member@eastbridge.example', officeId: office.officeId },
        { email: 'someone@quiet.example', officeId: quiet.officeId },
      ],
      'weekly',
    );
    expect(results.map((r) => [r.email, r.status])).toEqual([
      ['caseworker@eastbridge.example', 'sent'],
      ['member@eastbridge.example', 'sent'],
      ['someone@quiet.example', 'nothing_to_say'],
    ]);
    expect(received.map((m) => m.to)).toEqual([['caseworker@eastbridge.example'], ['member@eastbridge.example']]);
    const mail = await simpleParser(received[0].raw);
    expect(received[0].from).toBe('reminders@bulwark.example');
    expect(mail.subject).toBe('Bulwark: 1 overdue, 1 due this week, 1 new alert — Office of the Member for Eastbridge');
    expect(mail.text).toContain('OVERDUE\n- 09/11/2026  decide whether the donation is permissible, and return it if not: donation of £900 from Ravi Menon');
    expect(mail.text).toContain('DUE BY 17/11/2026\n- 15/11/2026  decide whether the donation is permissible');
    expect(mail.text).not.toContain('Owen Price');
    expect(mail.text).toMatch(/NEW ALERTS\n- HIGH high risk: This contact is now high risk/);
    // Where to get the calendar address, never the secret address itself (mail is read on many devices and kept).
    expect(mail.text).toContain('get your private calendar address at https://bulwark.example/account/reminders');
    expect(mail.text).not.toContain('/calendar/');
  });

  it('sends the scheduled round once to each person whose choice is due, across processes, and retries a mail that failed', async () => {
    const person = (username: string, digest: UserRecord['digest'], more: Partial<UserRecord> = {}): UserRecord => ({
      id: `id-${username}`, username, displayName: username, email: `${username}@eastbridge.example`, role: 'staff', officeId: office.officeId, offices: [],
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y', mustChangePassword: false, disabled: false, digest, createdAt: '2026-11-01T09:00:00.000Z', updatedAt: '2026-11-01T09:00:00.000Z', ...more,
    });
    const people = [
      person('daily-reader', 'daily'), person('weekly-reader', 'weekly'), person('no-mail', 'off'), person('left', 'daily', { disabled: true }),
      person('bounce', 'daily'), { ...person('no-address', 'daily'), email: undefined },
    ];
    for (const p of people) await store.accounts.saveUser(p, { actor: 'test', officeId: office.officeId, action: 'user.create', subject: p.username, detail: {} });
    const config = loadConfig({ BULWARK_SMTP_URL: `smtp://127.0.0.1:${port}`, BULWARK_DIGEST_HOUR: '8' });
    const at = (iso: string) => new ReminderService({ store, money, travel }, config, () => new Date(iso));
    const before = received.length;

    // Tuesday 10 November, 07:30 in London: before the hour, nothing goes.
    expect(await at('2026-11-10T07:30:00Z').sendDue()).toEqual([]);
    // From 08:00 the daily round is due; the weekly one waits for Monday. The refused mailbox fails.
    const tuesday = await at('2026-11-10T08:05:00Z').sendDue();
    expect(tuesday.map((r) => [r.email, r.status])).toEqual([['bounce@eastbridge.example', 'failed'], ['daily-reader@eastbridge.example', 'sent']]);
    expect(tuesday[0].problem).toMatch(/mailbox unavailable/);
    expect(received.slice(before).map((m) => m.to)).toEqual([['daily-reader@eastbridge.example']]);
    // Another server process looking at the same moment sends nothing again; the failed mail is tried again.
    expect((await at('2026-11-10T08:06:00Z').sendDue()).map((r) => [r.email, r.status])).toEqual([['bounce@eastbridge.example', 'failed']]);
    // Monday 16 November, 09:00 in London: the weekly reader's round is due too.
    const monday = await at('2026-11-16T09:00:00Z').sendDue();
    expect(monday.filter((r) => r.status === 'sent').map((r) => r.email)).toEqual(['daily-reader@eastbridge.example', 'weekly-reader@eastbridge.example']);
    const weekly = await simpleParser(received.at(-1)!.raw);
    expect(weekly.subject).toMatch(/^Bulwark: .*overdue/);
    // The hour is London's: at 07:30 UTC in summer time it is already 08:30 there.
    expect((await at('2026-07-14T07:30:00Z').sendDue()).map((r) => r.email)).toContain('daily-reader@eastbridge.example');
    // What a server runs: a look at once, then one now and then, each reporting what it sent.
    const reports: { results?: { email: string; status: string }[] }[] = [];
    const stop = at('2026-11-17T09:00:00Z').schedule(60_000, (r) => reports.push(r));
    await expect.poll(() => reports.length).toBe(1);
    stop();
    expect(reports[0].results!.filter((r) => r.status === 'sent').map((r) => r.email)).toEqual(['daily-reader@eastbridge.example']);
  });

  it('refuses to send when mail is not configured', async () => {
    const none = new ReminderService({ store, money: undefined as never, travel: undefined as never }, { digestHour: 7 }, clock);
    await expect(none.sendDigests([{ email: 'x@example.org', officeId: office.officeId }], 'daily')).rejects.toThrow(/mail is not configured: set BULWARK_SMTP_URL/);
  });

  it("feeds the office's deadlines as an iCalendar file that a calendar parser reads back", async () => {
    const ics = await reminders.calendar(office.officeId);
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('x-wr-calname')).toBe('Bulwark deadlines — Office of the Member for Eastbridge');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.startDate.toString(), e.summary]).sort()).toEqual([
      ['2026-11-09', 'OVERDUE: decide whether the donation is permissible, and return it if not'],
      ['2026-11-15', 'decide whether the donation is permissible, and return it if not'],
      ['2026-12-09', 'decide whether the donation is permissible, and return it if not'],
    ]);
    expect(events.every((e) => e.startDate.isDate && /@bulwark$/.test(e.uid))).toBe(true);
    // The same deadline keeps its id from one feed to the next, so calendars update it.
    expect((await reminders.calendar(office.officeId)).match(/UID:[^\r]+/g)).toEqual(ics.match(/UID:[^\r]+/g));
  });

  it('escapes text and folds long lines as RFC 5545 asks, without splitting a character', () => {
    const ics = icsCalendar({ name: 'Test; a, b', generated: new Date('2026-11-10T09:00:00Z'), events: [{ uid: 'x@bulwark', date: '2026-02-28', summary: `Register the gift — ${'é'.repeat(60)}`, description: 'line one\nline two; with, punctuation' }] });
    expect(ics).toContain('X-WR-CALNAME:Test\\; a\\, b');
    expect(ics).toContain('DTSTART;VALUE=DATE:20260228\r\nDTEND;VALUE=DATE:20260301');
    const ev = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    expect(ev.summary).toBe(`Register the gift — ${'é'.repeat(60)}`);
    expect(ev.description).toBe('line one\nline two; with, punctuation');
    expect(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
  });
});

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAmount } from '../../domain/amount.js';
import { registerCsv } from '../../export/register.js';
import { BulwarkError } from '../../errors.js';
import { readElectoralCommissionCsv } from '../../ingest/electoral-commission.js';
import type { MoneyCheck } from '../../risk/donations.js';
import { officeDeadlines } from '../../services/deadlines.js';
import type { MoneyInputT } from '../../services/money.js';
import { DIGEST_PERIODS, type DigestPeriod } from '../../domain/reminders.js';
import type { CliContext } from '../context.js';
import { readUserJson } from '../files.js';
import { ukDate } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** The options that were given, renamed to the input's fields. */
const pick = (o: Record<string, unknown>, fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).filter(([, opt]) => o[opt] !== undefined).map(([field, opt]) => [field, o[opt]]));

function yesNo(v: string, field: string): boolean {
  if (/^(y|yes|true)$/i.test(v)) return true;
  if (/^(n|no|false)$/i.test(v)) return false;
  throw new BulwarkError('BWK_ERR_INPUT', `"${v}" is not yes or no`, { field });
}

export function describeCheck(c: MoneyCheck): string {
  const lines = [c.headline];
  if (c.listing) lines.push(`Tell: ${c.listing.tell.join('; ')} (${c.listing.source})`);
  lines.push('Why:', ...c.reasons.map((r) => `  - ${r}`));
  if (c.missingEvidence.length) lines.push('Evidence still needed:', ...c.missingEvidence.map((m) => `  - ${m.question}`));
  if (c.thresholds.length) lines.push('Thresholds (rules of the date received):', ...c.thresholds.map((t) => `  - £${t.value.toLocaleString('en-GB')}: ${t.crossed ? `CROSSED (${t.by})` : 'not crossed'} — ${t.label} (${t.source})`));
  lines.push(`Same donor this calendar year (${c.aggregate.year}): £${c.aggregate.total.toLocaleString('en-GB')} in ${c.aggregate.entries} donation(s)`);
  if (c.deadlines.length) lines.push('Deadlines:', ...c.deadlines.map((d) => `  - ${ukDate(d.due)} ${d.status.toUpperCase()}: ${d.label} (${d.source})`));
  if (c.flags.length) lines.push('Red flags:', ...c.flags.map((f) => `  - ${f.id}: ${f.reason} (${f.source})`));
  lines.push('What to do:', ...c.actions.map((a) => `  - ${a}`));
  return lines.join('\n');
}

export function registerMoney(program: Command, ctx: CliContext): void {
  const services = () => ctx.services();
  const donation = program.command('donation').description('donations, loans, gifts, hospitality and visits: the rules, deadlines and red flags');
  donation
    .command('add')
    .description('record one and check it (flags, or --file JSON)')
    .option('--file <json>')
    .option('--kind <kind>', 'donation, loan, gift, hospitality or visit', 'donation')
    .option('--recipient <who>', 'member, office, local_party, central_party or candidate', 'member')
    .option('--donor <name>')
    .option('--donor-type <type>', 'individual, company, registered_party, trade_union, llp, unincorporated_association, trust, charity, foreign_individual, foreign_company, anonymous, …')
    .option('--company-number <n>')
    .option('--country <country>', "donor's country")
    .option('--address <address>')
    .option('--postcode <postcode>')
    .option('--director <name>', 'a director of a company donor (repeatable)', list)
    .option('--owner <name>', 'an owner of a company donor (repeatable)', list)
    .option('--beneficial-owner <name>', 'a person with significant control of the donor (repeatable)', list)
    .option('--foreign-parent', 'the company has a parent company outside the UK')
    .option('--foreign-owned', 'the donor is mostly owned or controlled from outside the UK')
    .option('--revenue <pounds>', "the company's annual revenue in pounds", Number)
    .option('--incorporated <date>', 'when the company was incorporated')
    .option('--source-declaration <yes|no>', 'did the donor give the written declaration of who funded it (over the P-05 figure)')
    .option('--via <name>', 'an intermediary who passed the donation on')
    .option('--real-donor-named <yes|no>', 'has the intermediary named the real donor (AG-01)')
    .option('--personal', 'a private gift, not for the member\'s political activities')
    .option('--confirm-duplicate', 'record it even though an entry with the same donor, amount and date exists')
    .option('--yes <evidence>', 'evidence that holds, e.g. on_electoral_register', list)
    .option('--no <evidence>', 'evidence that does not hold', list)
    .option('--amount <n>', 'amount in pounds (or the currency), at most two decimal places', (v: string) => parseAmount(v))
    .option('--currency <code>', 'ISO currency code', 'GBP')
    .option('--rate <rate>', 'pounds for one unit of the currency: "1 USD = 0.79 GBP" or 0.79')
    .option('--rate-date <date>')
    .option('--received <date>')
    .option('--accepted <date>')
    .option('--returned <date>')
    .option('--method <method>', 'bank_transfer, cheque, card, cash, crypto or in_kind', 'bank_transfer')
    .option('--description <text>')
    .option('--funds-staff', 'pays for staff or researchers')
    .option('--foreign-government', 'paid by a foreign government or its body')
    .option('--json')
    .action(async (o: Record<string, unknown>) => {
      const { money } = await services();
      const evidence = Object.fromEntries([...((o.yes as string[]) ?? []).map((k) => [k, true]), ...((o.no as string[]) ?? []).map((k) => [k, false])]);
      const input: MoneyInputT = o.file
        ? (readUserJson(String(o.file), 'JSON file') as MoneyInputT)
        : ({
            kind: o.kind,
            recipient: o.recipient,
            donor: {
              name: o.donor ?? '', type: o.donorType ?? '', evidence,
              ...(o.via ? { agent: { name: String(o.via), principalNamed: yesNo(String(o.realDonorNamed ?? 'no'), 'realDonorNamed') } } : {}),
              ...pick(o, { companyNumber: 'companyNumber', country: 'country', address: 'address', postcode: 'postcode', directors: 'director', owners: 'owner', beneficialOwners: 'beneficialOwner', foreignParent: 'foreignParent', majorityForeignOwned: 'foreignOwned', annualRevenue: 'revenue', incorporatedOn: 'incorporated' }),
            },
            amount: o.amount,
            currency: o.currency,
            ...(o.rate ? { gbpRate: /^[0-9.]+$/.test(String(o.rate)) ? Number(o.rate) : String(o.rate) } : {}),
            ...(o.rateDate ? { rateDate: o.rateDate } : {}),
            received: o.received ?? '',
            ...(o.accepted ? { accepted: o.accepted } : {}),
            ...(o.returned ? { returned: o.returned } : {}),
            paymentMethod: o.method,
            description: o.description ?? '',
            ...(o.fundsStaff ? { fundsStaff: true } : {}),
            ...(o.foreignGovernment ? { fundedByForeignGovernment: true } : {}),
            ...(o.personal ? { personal: true } : {}),
            ...(o.confirmDuplicate ? { confirmDuplicate: true } : {}),
            ...(o.sourceDeclaration !== undefined ? { sourceDeclarationGiven: yesNo(String(o.sourceDeclaration), 'sourceDeclaration') } : {}),
          } as MoneyInputT);
      const r = await money.add(ctx.actor, input);
      if (o.json) return void ctx.out.write(`${JSON.stringify(r, null, 2)}\n`);
      for (const w of r.warnings) ctx.err.write(`warning: ${w}\n`);
      ctx.out.write(`Recorded ${r.entry.kind} ${r.id}: £${r.entry.value.toLocaleString('en-GB')} from ${r.entry.donor.name}, received ${ukDate(r.entry.received)}${r.entry.original ? ` (${r.entry.original.amount} ${r.entry.original.currency} at ${r.entry.original.gbpRate} on ${ukDate(r.entry.original.rateDate)})` : ''}\n${describeCheck(r.check)}\n`);
      if (r.screening.length) ctx.out.write(`Watchlists: ${r.screening.map((s) => `${s.name} ${s.summary}`).join('; ')}\n`);
    });
  donation
    .command('update <id>')
    .description('record the decision and filings: --accepted, --returned, --reported, --registered (dates)')
    .option('--accepted <date>')
    .option('--returned <date>')
    .option('--reported <date>', 'reported to the Electoral Commission')
    .option('--registered <date>', 'entered on the register of interests')
    .action(async (id: string, o: Record<string, string | undefined>) => {
      const update = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
      const r = await (await services()).money.update(ctx.actor, id, update);
      ctx.out.write(`updated ${id}\n${describeCheck(r.check)}\n`);
    });
  donation
    .command('show <id>')
    .description("one entry, checked again from the office's history as of today")
    .option('--json')
    .action(async (id: string, o: { json?: boolean }) => {
      const r = await (await services()).money.get(ctx.actor, id);
      if (o.json) return void ctx.out.write(`${JSON.stringify(r, null, 2)}\n`);
      ctx.out.write(`${r.entry.kind} of £${r.entry.value.toLocaleString('en-GB')} from ${r.entry.donor.name}, received ${ukDate(r.entry.received)}\n${describeCheck(r.current)}\n`);
    });
  donation
    .command('list')
    .action(async () => {
      for (const s of await (await services()).money.checkAll(ctx.actor)) {
        ctx.out.write(`${ukDate(s.entry.received)}  ${s.entry.kind.padEnd(11)} £${String(s.entry.value).padStart(10)}  ${s.current.verdict.padEnd(14)} ${s.entry.donor.name}  ${s.entry.id}${s.current.flags.length ? `  flags: ${[...new Set(s.current.flags.map((f) => f.id))].join(' ')}` : ''}\n`);
      }
    });
  donation
    .command('import-ec <csv>')
    .description("import the Electoral Commission's donations export (the whole file, or nothing)")
    .action(async (file: string) => {
      const rows = readElectoralCommissionCsv(file);
      const n = await (await services()).money.importElectoralCommission(ctx.actor, rows, file);
      ctx.out.write(`imported ${n} donation(s) from ${file}\n`);
    });
  program
    .command('register-export')
    .description('entries due on the Register of Members\' Financial Interests, as CSV')
    .requiredOption('--out <file>')
    .action(async (o: { out: string }) => {
      const { money } = await services();
      writeFileSync(o.out, registerCsv(await money.checkAll(ctx.actor)));
      ctx.out.write(`wrote ${o.out}\n`);
    });

  const trip = program.command('trip').description('overseas travel: briefings before, debriefs after');
  trip
    .command('add')
    .option('--file <json>')
    .option('--destination <country>')
    .option('--city <city>')
    .option('--depart <date>', 'DD/MM/YYYY or YYYY-MM-DD')
    .option('--return <date>', 'DD/MM/YYYY or YYYY-MM-DD')
    .option('--funder <name>')
    .option('--funder-type <type>', 'self, public_funds, party, uk_organisation, foreign_organisation, foreign_government')
    .option('--purpose <text>')
    .option('--device <name>', 'a device taken (repeatable)', list)
    .option('--traveller <name>', 'who travels (repeatable)', list)
    .action(async (o: Record<string, unknown>) => {
      const input = o.file
        ? readUserJson(String(o.file), 'JSON file')
        : { destination: o.destination ?? '', ...(o.city ? { city: o.city } : {}), depart: o.depart, return: o.return, funder: { name: o.funder ?? '', type: o.funderType }, purpose: o.purpose ?? '', devices: o.device ?? [], travellers: o.traveller ?? [] };
      const t = await (await services()).travel.add(ctx.actor, input);
      ctx.out.write(`recorded trip ${t.id} to ${t.destination}, ${ukDate(t.depart)} to ${ukDate(t.return)}; print the briefing with: bulwark trip brief ${t.id}\n`);
    });
  trip
    .command('brief <id>')
    .description('the pre-trip briefing (Markdown on screen, or a printable HTML file)')
    .option('--html <file>')
    .action(async (id: string, o: { html?: string }) => {
      const { travel } = await services();
      if (o.html) {
        writeFileSync(o.html, await travel.briefing(ctx.actor, id, 'html'));
        ctx.out.write(`wrote ${o.html}\n`);
      } else ctx.out.write(await travel.briefing(ctx.actor, id));
    });
  trip
    .command('debrief <id>')
    .description('record the post-trip debrief from a JSON file of answers; "yes" answers naming someone become approaches')
    .option('--file <json>')
    .option('--questions', 'print the questions')
    .action(async (id: string, o: { file?: string; questions?: boolean }) => {
      const { travel } = await services();
      if (o.questions || !o.file) {
        for (const q of travel.questions()) ctx.out.write(`${q.id}  ${q.question}\n`);
        if (!o.file) return;
      }
      const r = await travel.debrief(ctx.actor, id, readUserJson(o.file!, 'JSON file'));
      ctx.out.write(`debrief recorded; ${r.approaches.length} approach(es) created${r.approaches.length ? `: ${r.approaches.join(', ')}` : ''}${r.deviceIncidents.length ? `; device incidents: ${r.deviceIncidents.join('; ')} — tell your security team` : ''}\n`);
    });
  trip
    .command('registered <id> <date>')
    .description('record that a visit paid by someone else was entered on the register (DD/MM/YYYY or YYYY-MM-DD)')
    .action(async (id: string, date: string) => {
      const t = await (await services()).travel.markRegistered(ctx.actor, id, date);
      ctx.out.write(`trip ${t.id}: registered on ${ukDate(t.registered)}\n`);
    });
  trip
    .command('list')
    .action(async () => {
      for (const t of await (await services()).travel.list(ctx.actor)) ctx.out.write(`${t.id}  ${ukDate(t.depart)}–${ukDate(t.return)}  ${t.destination}  ${t.purpose}${t.debrief ? '  (debriefed)' : ''}\n`);
    });

  program
    .command('deadlines')
    .description('upcoming and overdue deadlines: donations, gifts, registers, debriefs')
    .option('--as-of <date>', 'the day to judge by (DD/MM/YYYY or YYYY-MM-DD); default today')
    .option('--ics <file>', 'also write them as an iCalendar file a calendar can import')
    .action(async (o: { asOf?: string; ics?: string }) => {
      const { money, travel, reminders } = await services();
      const items = await officeDeadlines(ctx.actor, money, travel, o.asOf);
      if (!items.length) ctx.out.write('No open deadlines.\n');
      for (const d of items) ctx.out.write(`${ukDate(d.due)}  ${d.status.toUpperCase().padEnd(8)}  ${d.what} — ${d.subject} (${d.source})\n`);
      if (o.ics) {
        writeFileSync(o.ics, await reminders.calendar(ctx.actor.officeId));
        ctx.out.write(`wrote ${o.ics}\n`);
      }
    });
  program
    .command('digest')
    .description("email this office's reminder digest (deadlines coming due, new alerts) through BULWARK_SMTP_URL")
    .requiredOption('--to <email>', 'who receives it (repeatable)', list)
    .option('--period <period>', 'daily or weekly', 'weekly')
    .action(async (o: { to: string[]; period: string }) => {
      if (!(o.period in DIGEST_PERIODS)) throw new BulwarkError('BWK_ERR_INPUT', 'period must be daily or weekly', { field: 'period' });
      const results = await (await services()).reminders.sendDigests(o.to.map((email) => ({ email, officeId: ctx.actor.officeId })), o.period as DigestPeriod);
      for (const r of results) ctx.out.write(`${r.email}: ${r.status === 'sent' ? `sent (${r.messageId})` : 'nothing due and no new alerts: not sent'}\n`);
    });
}

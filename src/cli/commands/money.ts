import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseAmount } from '../../domain/amount.js';
import { registerCsv } from '../../export/register.js';
import { BulwarkError } from '../../errors.js';
import { readElectoralCommissionCsv } from '../../ingest/electoral-commission.js';
import type { MoneyCheck } from '../../risk/donations.js';
import { officeDeadlines } from '../../services/deadlines.js';
import type { MoneyInputT } from '../../services/money.js';
import type { CliContext } from '../context.js';
import { ukDate } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BulwarkError('BWK_ERR_INPUT', `cannot read JSON: ${(e as Error).message}`, { file });
  }
}

export function describeCheck(c: MoneyCheck): string {
  const verdict = { permissible: 'PERMISSIBLE', impermissible: 'IMPERMISSIBLE', cannot_tell: 'CANNOT TELL YET', not_a_donation: 'NOT A DONATION' }[c.verdict];
  const lines = [`Verdict: ${verdict}`];
  for (const r of c.reasons) lines.push(`  - ${r}`);
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
    .option('--yes <evidence>', 'evidence that holds, e.g. on_electoral_register', list)
    .option('--no <evidence>', 'evidence that does not hold', list)
    .option('--amount <n>', 'amount in pounds (or the currency), at most two decimal places', (v: string) => parseAmount(v))
    .option('--currency <code>', 'ISO currency code', 'GBP')
    .option('--rate <n>', 'pounds per unit of the currency', Number)
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
        ? (readJson(String(o.file)) as MoneyInputT)
        : ({
            kind: o.kind,
            recipient: o.recipient,
            donor: { name: o.donor ?? '', type: o.donorType ?? '', ...(o.companyNumber ? { companyNumber: o.companyNumber } : {}), ...(o.country ? { country: o.country } : {}), ...(o.address ? { address: o.address } : {}), ...(o.postcode ? { postcode: o.postcode } : {}), ...(o.director ? { directors: o.director } : {}), ...(o.owner ? { owners: o.owner } : {}), evidence },
            amount: o.amount,
            currency: o.currency,
            ...(o.rate ? { gbpRate: o.rate } : {}),
            ...(o.rateDate ? { rateDate: o.rateDate } : {}),
            received: o.received ?? '',
            ...(o.accepted ? { accepted: o.accepted } : {}),
            ...(o.returned ? { returned: o.returned } : {}),
            paymentMethod: o.method,
            description: o.description ?? '',
            ...(o.fundsStaff ? { fundsStaff: true } : {}),
            ...(o.foreignGovernment ? { fundedByForeignGovernment: true } : {}),
          } as MoneyInputT);
      const r = await money.add(ctx.actor, input);
      if (o.json) return void ctx.out.write(`${JSON.stringify(r, null, 2)}\n`);
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
    .description('one entry, checked again as of today')
    .action(async (id: string) => {
      const r = await (await services()).money.get(ctx.actor, id);
      ctx.out.write(`${r.entry.kind} of £${r.entry.value.toLocaleString('en-GB')} from ${r.entry.donor.name}, received ${ukDate(r.entry.received)}\n${describeCheck(r.current)}\n`);
    });
  donation
    .command('list')
    .action(async () => {
      for (const s of await (await services()).money.history(ctx.actor)) {
        ctx.out.write(`${ukDate(s.entry.received)}  ${s.entry.kind.padEnd(11)} £${String(s.entry.value).padStart(10)}  ${s.check.verdict.padEnd(14)} ${s.entry.donor.name}  ${s.entry.id}${s.check.flags.length ? `  flags: ${[...new Set(s.check.flags.map((f) => f.id))].join(' ')}` : ''}\n`);
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
      const all = (await money.history(ctx.actor)).map((s) => ({ ...s, id: s.entry.id }));
      writeFileSync(o.out, registerCsv(all));
      ctx.out.write(`wrote ${o.out}\n`);
    });

  const trip = program.command('trip').description('overseas travel: briefings before, debriefs after');
  trip
    .command('add')
    .option('--file <json>')
    .option('--destination <country>')
    .option('--city <city>')
    .option('--depart <date>', 'YYYY-MM-DD')
    .option('--return <date>', 'YYYY-MM-DD')
    .option('--funder <name>')
    .option('--funder-type <type>', 'self, public_funds, party, uk_organisation, foreign_organisation, foreign_government')
    .option('--purpose <text>')
    .option('--device <name>', 'a device taken (repeatable)', list)
    .option('--traveller <name>', 'who travels (repeatable)', list)
    .action(async (o: Record<string, unknown>) => {
      const input = o.file
        ? readJson(String(o.file))
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
      const r = await travel.debrief(ctx.actor, id, readJson(o.file!));
      ctx.out.write(`debrief recorded; ${r.approaches.length} approach(es) created${r.approaches.length ? `: ${r.approaches.join(', ')}` : ''}${r.deviceIncidents.length ? `; device incidents: ${r.deviceIncidents.join('; ')} — tell your security team` : ''}\n`);
    });
  trip
    .command('registered <id> <date>')
    .description('record that a visit paid by someone else was entered on the register (YYYY-MM-DD)')
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
    .option('--as-of <date>', 'YYYY-MM-DD')
    .action(async (o: { asOf?: string }) => {
      const { money, travel } = await services();
      const items = await officeDeadlines(ctx.actor, money, travel, o.asOf);
      if (!items.length) ctx.out.write('No open deadlines.\n');
      for (const d of items) ctx.out.write(`${ukDate(d.due)}  ${d.status.toUpperCase().padEnd(8)}  ${d.what} — ${d.subject} (${d.source})\n`);
    });
}

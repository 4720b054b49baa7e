import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { BulwarkError } from '../../errors.js';
import { vocabulary } from '../../risk/catalogue.js';
import type { RelationshipAssessment } from '../../risk/escalation.js';
import type { Assessment } from '../../risk/score.js';
import type { ApproachInputT } from '../../services/approaches.js';
import type { CliContext } from '../context.js';
import { pathInside, readUserFile, readUserJson } from '../files.js';
import { ukDate } from '../output.js';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function describeAssessment(a: Assessment): string {
  const lines = [`Risk: ${a.level.toUpperCase()} (${a.score}/100), cultivation stage ${a.stage} ${a.stageName}; catalogue v${a.catalogueVersion}, ${a.algorithm}`];
  if (a.fired.length) {
    lines.push('Why:');
    for (const f of a.fired) lines.push(`  - ${f.id} (+${f.weight}) ${f.question} — ${f.because}. Source: ${f.source.origin}${f.source.refs.length ? ` [${f.source.refs.join('][')}]` : ''}`);
  } else lines.push('Why: none of the published warning signs was reported.');
  lines.push('What to do:');
  for (const x of a.actions) lines.push(`  - ${x.kind === 'report' ? 'REPORT: ' : ''}${x.text} — ${x.by === 'from now on' ? 'from now on' : `by ${ukDate(x.due)} (${x.by})`} (${x.source})`);
  return lines.join('\n');
}

export function describeRelationship(r: RelationshipAssessment): string {
  const lines = [`Relationship: ${r.level.toUpperCase()} (${r.score}/100) over ${r.timeline.length} approach(es); furthest stage ${r.stage} ${r.stageName}`];
  for (const t of r.timeline) lines.push(`  ${ukDate(t.date)}  ${t.channel.padEnd(9)} ${t.types.join(', ').padEnd(40)} ${t.assessment.stage} ${t.assessment.level.padEnd(8)} ${t.assessment.fired.map((f) => f.id).join(' ')}`);
  for (const a of r.alerts) lines.push(`  ALERT (${a.kind.replace(/_/g, ' ')}): ${a.message}`);
  return lines.join('\n');
}

async function prompt(input: Partial<ApproachInputT>, catalogueQuestions: { id: string; question: string }[]): Promise<ApproachInputT> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  // Reading lines through the iterator keeps answers typed (or pasted) ahead of their question.
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (q: string, def?: string) => {
    process.stderr.write(`${q}${def ? ` [${def}]` : ''}: `);
    const next = await lines.next();
    if (next.done) throw new BulwarkError('BWK_ERR_INPUT', 'cancelled before the report was complete: nothing was saved');
    return String(next.value).trim() || def || '';
  };
  try {
    const contact = input.contact ?? { name: await ask('Who contacted you (name)') };
    if (!input.contact) {
      const role = await ask(`Who do they say they are (${vocabulary.claimedRoles.join(', ')})`, 'other');
      const aff = await ask('Organisation they claim to represent (optional)');
      const email = await ask('Their email (optional)');
      Object.assign(contact, { claimedRole: role, ...(aff ? { claimedAffiliation: aff } : {}), ...(email ? { emails: [email] } : {}) });
    }
    const date = input.date ?? (await ask('Date (DD/MM/YYYY)', new Date().toISOString().slice(0, 10)));
    const channel = input.channel ?? (await ask(`Channel (${Object.keys(vocabulary.channels).join(', ')})`, 'email'));
    const types = input.types ?? list(await ask(`What kind of approach (${Object.keys(vocabulary.approachTypes).join(', ')}; comma-separated)`, 'meeting_request'));
    const approached = input.approached ?? { name: await ask('Who in the office was approached') };
    const asked = input.asked ?? (await ask('What did they ask for, in a sentence'));
    const answers: string[] = input.answers ?? [];
    if (!input.answers) {
      for (const q of catalogueQuestions) if (/^y/i.test(await ask(`${q.question} (y/N)`, 'n'))) answers.push(q.id);
    }
    return { ...input, contact, date, channel, types, approached, asked, answers } as ApproachInputT;
  } finally {
    rl.close();
  }
}

export function registerApproaches(program: Command, ctx: CliContext): void {
  const services = async () => (await ctx.services()).approaches;
  const approach = program.command('approach').description('record approaches and see their risk');
  approach
    .command('add')
    .description('report an approach: prompts on a terminal, or take flags, or a JSON file')
    .option('--file <json>', 'the approach as JSON (see docs/approaches.md)')
    .option('--contact-id <id>', 'an existing contact of this office')
    .option('--name <name>', "the contact's name")
    .option('--kind <kind>', 'person or organisation')
    .option('--role <role>', `who they claim to be: ${vocabulary.claimedRoles.join(', ')}`)
    .option('--affiliation <org>', 'the organisation they claim to represent')
    .option('--email <email>', 'their email (repeatable)', list)
    .option('--phone <phone>', 'their phone (repeatable)', list)
    .option('--profile <url>', 'their social profile address (repeatable)', list)
    .option('--profile-created <date>', 'when their online profile was made, if shown')
    .option('--profile-connections <n>', 'how many connections or followers their profile has', Number)
    .option('--date <date>', 'when (DD/MM/YYYY or YYYY-MM-DD)')
    .option('--channel <channel>', Object.keys(vocabulary.channels).join(', '))
    .option('--type <types>', `comma-separated: ${Object.keys(vocabulary.approachTypes).join(', ')}`, list)
    .option('--approached <name>', 'who in the office was approached')
    .option('--asked <text>', 'what they asked for')
    .option('--yes <ids>', 'indicator ids answered yes, e.g. RF-A08,RF-A10', list)
    .option('--attach <path>', 'attach a file (repeatable)', list)
    .option('--notes <text>')
    .option('--json', 'print the result as JSON')
    .action(async (o: Record<string, string | string[] | undefined>) => {
      const svc = await services();
      let input: Partial<ApproachInputT> = {};
      if (o.file) input = readUserJson(String(o.file), 'approach file') as Partial<ApproachInputT>;
      if (o.name || o.contactId) {
        input.contact = { ...(o.contactId ? { id: String(o.contactId) } : {}), name: String(o.name ?? ''), ...(o.kind ? { kind: o.kind as 'person' } : {}), ...(o.role ? { claimedRole: String(o.role) } : {}), ...(o.affiliation ? { claimedAffiliation: String(o.affiliation) } : {}), ...(o.email ? { emails: o.email as string[] } : {}), ...(o.phone ? { phones: o.phone as string[] } : {}), ...(o.profile ? { profiles: o.profile as string[] } : {}), ...(o.profileCreated ? { profileCreated: String(o.profileCreated) } : {}), ...(o.profileConnections !== undefined ? { profileConnections: Number(o.profileConnections) } : {}) };
      }
      if (o.date) input.date = String(o.date);
      if (o.channel) input.channel = String(o.channel);
      if (o.type) input.types = o.type as string[];
      if (o.approached) input.approached = { name: String(o.approached) };
      if (o.asked) input.asked = String(o.asked);
      if (o.yes) input.answers = o.yes as string[];
      if (o.notes) input.notes = String(o.notes);
      // The CLI reads the files; the service takes only their bytes and names.
      const max = vocabulary.limits.attachmentMaxBytes;
      const fromFile = ((input.attachments ?? []) as { path?: string; filename?: string; contentBase64?: string }[]).map((a) =>
        a.path ? readUserFile(pathInside(String(o.file), a.path), max) : a,
      );
      input.attachments = [...fromFile, ...((o.attach as string[] | undefined) ?? []).map((p) => readUserFile(p, max))] as ApproachInputT['attachments'];
      const complete = input.contact && input.date && input.channel && input.types && input.approached && input.asked;
      if (!complete && process.stdin.isTTY) {
        const cat = await svc.catalogue();
        input = await prompt(input, cat.indicators.filter((i) => i.evidence.answer && !i.evidence.crossOffice).map((i) => ({ id: i.id, question: i.question })));
      }
      const r = await svc.addApproach(ctx.actor, input);
      if (o.json) {
        ctx.out.write(`${JSON.stringify({ contactId: r.contact.id, approachId: r.approach.id, assessment: r.assessment, relationship: { ...r.relationship, timeline: undefined }, alerts: r.alerts }, null, 2)}\n`);
        return;
      }
      ctx.out.write(`Recorded approach ${r.approach.id} from ${r.contact.name} (contact ${r.contact.id}).\n\n${describeAssessment(r.assessment)}\n\n${describeRelationship(r.relationship)}\n`);
      for (const a of r.alerts) ctx.out.write(`\nALERT sent to ${a.routedTo.join(', ')}: ${a.message}\n`);
    });

  const contact = program.command('contact').description('contacts who approached this office');
  contact
    .command('show <id>')
    .description('a contact with the timeline of approaches, stages, score and alerts')
    .option('--json')
    .action(async (id: string, o: { json?: boolean }) => {
      const v = await (await services()).contactView(ctx.actor, id);
      if (o.json) return void ctx.out.write(`${JSON.stringify(v, null, 2)}\n`);
      const d = v.contact.data as Record<string, unknown>;
      ctx.out.write(`${v.contact.name} (${d.kind}${d.claimedRole ? `, claims to be a ${d.claimedRole}` : ''}${d.claimedAffiliation ? ` of ${d.claimedAffiliation}` : ''})  ${v.contact.id}\n`);
      const screening = d.screening as { hits: { caption: string; dataset: string; score: number; level: string }[] } | undefined;
      ctx.out.write(`Watchlists: ${screening?.hits.length ? screening.hits.map((h) => `${h.level} ${h.caption} on ${h.dataset} (${h.score.toFixed(2)})`).join('; ') : 'no match'}\n\n`);
      ctx.out.write(`${describeRelationship(v.relationship)}\n`);
      for (const a of v.approaches) {
        ctx.out.write(`\n${ukDate(a.date)} ${String(a.data.channel)}: ${String(a.data.asked)}\n`);
        for (const f of a.attachments) ctx.out.write(`  attachment ${f.filename} (${f.size} bytes, sha256 ${f.sha256})\n`);
      }
    });
  contact
    .command('list')
    .description("this office's contacts")
    .action(async () => {
      for (const c of await (await services()).listContacts(ctx.actor)) ctx.out.write(`${c.id}  ${ukDate(c.updatedAt)}  ${c.name}\n`);
    });

  program
    .command('alerts')
    .description("this office's escalation alerts, newest first")
    .action(async () => {
      const alerts = await (await services()).listAlerts(ctx.actor);
      if (!alerts.length) ctx.out.write('No alerts.\n');
      for (const a of alerts) ctx.out.write(`${ukDate(a.createdAt)}  ${a.level.toUpperCase().padEnd(8)} ${a.kind.replace(/_/g, ' ')}: ${a.message} (contact ${a.contactId}; to ${a.routedTo.join(', ')})\n`);
    });

  program
    .command('correlations')
    .description('security officers: the same person or organisation reported by several offices')
    .action(async () => {
      const found = await (await services()).correlations(ctx.actor);
      if (!found.length) ctx.out.write('No contact has been reported by more than one office.\n');
      for (const c of found) {
        ctx.out.write(`${c.offices} offices share ${c.keys.join(', ')}\n`);
        for (const x of c.contacts) ctx.out.write(`  ${x.officeId}: ${x.name} (${x.contactId}), ${x.approaches} approach(es), ${x.level}, last ${ukDate(x.lastApproach)}\n`);
      }
    });
  program
    .command('office')
    .description("set this office's name and kind (commons, lords, devolved, council, candidate, mayor, other): the kind decides whom reports go to")
    .requiredOption('--kind <kind>')
    .option('--name <name>', 'office name', '')
    .action(async (o: { kind: string; name: string }) => {
      const office = await (await services()).setOffice(ctx.actor, o);
      ctx.out.write(`office ${office.id}: ${office.name} (${office.kind})\n`);
    });

  const indicators = program.command('indicators').description('the indicator catalogue that scores approaches');
  indicators
    .command('show', { isDefault: true })
    .option('--json')
    .action(async (o: { json?: boolean }) => {
      const c = await (await services()).catalogue();
      if (o.json) return void ctx.out.write(`${JSON.stringify(c, null, 2)}\n`);
      ctx.out.write(`Indicator catalogue v${c.version}: ${c.source}\nLevels: ${c.levels.map((l) => `${l.level} from ${l.from}`).join(', ')}\n`);
      for (const i of c.indicators) ctx.out.write(`${i.id.padEnd(7)} +${String(i.weight).padEnd(3)} ${i.stage} ${i.question} (${i.source.origin})\n`);
    });
  indicators
    .command('set <file>')
    .description('replace the catalogue with a new version (administrators only)')
    .requiredOption('--note <why>', 'why it changes')
    .action(async (file: string, o: { note: string }) => {
      const c = await (await services()).setCatalogue(ctx.actor, readUserJson(file, 'catalogue'), o.note);
      ctx.out.write(`indicator catalogue is now v${c.version} (${c.indicators.length} indicators)\n`);
    });
}

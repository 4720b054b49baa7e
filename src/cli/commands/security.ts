import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TlpSchema, type Reach } from '../../domain/tlp.js';
import { BulwarkError } from '../../errors.js';
import { EXCHANGE_LIMITS } from '../../export/guard.js';
import { EXCHANGE_FORMATS, type ExchangeFormat } from '../../services/exchange.js';
import type { CliContext } from '../context.js';
import { readUserFile } from '../files.js';

const list = (v: string, prev: string[] = []) => [...prev, v];

/** The security team's view at the command line: clusters, alerts, cases, the graph, the register, exchange. */
export function registerSecurity(program: Command, ctx: CliContext): void {
  const sec = async () => (await ctx.services()).security;
  program.command('clusters').description('security officers: records of the offices you protect resolved to one actor, with the evidence').action(async () => {
    const clusters = await (await sec()).resolution.clusters(ctx.actor);
    if (!clusters.length) ctx.out.write('No actor has been resolved across offices.\n');
    for (const c of clusters) {
      ctx.out.write(`cluster ${c.id}: ${c.members.length} records in ${c.offices} office(s)${c.confirmed ? ', confirmed' : ''}${c.listed ? ', holds a listed party' : ''}\n`);
      for (const m of c.members) ctx.out.write(`  ${m.ref}  ${m.name}\n`);
      for (const l of c.links) ctx.out.write(`  ${l.a} ~ ${l.b} (${l.score.toFixed(2)}): ${l.evidence.map((e) => e.detail).join('; ')}\n`);
    }
  });
  const cluster = program.command('cluster').description('confirm or split records, or revert such a decision (audited)');
  for (const type of ['confirm', 'split'] as const) {
    cluster.command(type).description(type === 'confirm' ? 'these records are one actor' : 'keep --ref records apart from --apart records')
      .requiredOption('--ref <ref>', 'a record (contact:<office>:<id>); repeat', list).option('--apart <ref>', 'for split: a record to keep apart; repeat', list)
      .requiredOption('--reason <text>')
      .action(async (o: { ref: string[]; apart?: string[]; reason: string }) => {
        const d = await (await sec()).resolution.decide(ctx.actor, { type, refs: o.ref, apart: o.apart, reason: o.reason });
        ctx.out.write(`decision ${d.id} recorded\n`);
      });
  }
  cluster.command('revert <id>').requiredOption('--reason <text>').action(async (id: string, o: { reason: string }) => {
    await (await sec()).resolution.revert(ctx.actor, id, o.reason);
    ctx.out.write(`decision ${id} reverted\n`);
  });
  program.command('security-alerts').description('security officers: clusters reaching several offices or holding a listed party').action(async () => {
    for (const a of await (await sec()).alerts.alerts(ctx.actor)) ctx.out.write(`${a.at.slice(0, 10)}  ${a.officeId}  ${a.reason}  ${a.message}\n`);
  });
  program.command('notices').description('reports of this office that are part of something larger').action(async () => {
    for (const n of await (await sec()).alerts.notices(ctx.actor)) ctx.out.write(`${n.at.slice(0, 10)}  ${n.message}\n`);
  });
  const kase = program.command('case').description('security officers: cases');
  kase.command('open').requiredOption('--title <text>').option('--priority <p>', 'low, medium, high, critical', 'medium').option('--tlp <level>', 'clear, green, amber, amber+strict, red', 'amber')
    .option('--cluster <id>', 'link a cluster; repeat', list).option('--note <text>')
    .action(async (o: { title: string; priority: string; tlp: string; cluster?: string[]; note?: string }) => {
      const c = await (await sec()).cases.open(ctx.actor, { title: o.title, priority: o.priority, tlp: o.tlp, note: o.note, links: (o.cluster ?? []).map((ref) => ({ kind: 'cluster', ref })) });
      ctx.out.write(`case ${c.id} opened\n`);
    });
  kase.command('list').action(async () => {
    for (const c of await (await sec()).cases.list(ctx.actor)) ctx.out.write(`${c.id}  ${c.priority}  ${c.status}  ${c.title}\n`);
  });
  kase.command('update <id>').option('--status <s>').option('--assignee <user>').option('--outcome <text>').option('--note <text>')
    .action(async (id: string, o: Record<string, string | undefined>) => {
      const c = await (await sec()).cases.update(ctx.actor, id, o);
      ctx.out.write(`case ${c.id}: ${c.status}, ${c.timeline.length} event(s)\n`);
    });
  kase.command('report <id>').requiredOption('--out <file.html>').action(async (id: string, o: { out: string }) => {
    writeFileSync(o.out, await (await sec()).cases.report(ctx.actor, id));
    ctx.out.write(`report written to ${o.out}\n`);
  });
  kase.command('export <id>').requiredOption('--format <f>', EXCHANGE_FORMATS.join(', ')).option('--audience <a>', 'organisation, group, community, world', 'group').requiredOption('--out <file>')
    .action(async (id: string, o: { format: string; audience: string; out: string }) => {
      if (!EXCHANGE_FORMATS.includes(o.format as ExchangeFormat)) throw new BulwarkError('BWK_ERR_INPUT', `format must be one of ${EXCHANGE_FORMATS.join(', ')}`, { field: 'format' });
      const s = await sec();
      const out = await s.exchange.export(ctx.actor, await s.exchange.packageForCase(ctx.actor, id), o.format as ExchangeFormat, o.audience as Reach);
      writeFileSync(o.out, out.body);
      ctx.out.write(`written to ${o.out}${out.losses.map((l) => `\n  not carried: ${l.field}: ${l.reason}`).join('')}\n`);
    });
  program.command('partner-import <file>').description('import a partner STIX 2.1 bundle or MISP event').requiredOption('--format <f>', 'stix or misp')
    .action(async (file: string, o: { format: string }) => {
      if (o.format !== 'stix' && o.format !== 'misp') throw new BulwarkError('BWK_ERR_INPUT', 'format must be stix or misp', { field: 'format' });
      const r = await (await sec()).exchange.import(ctx.actor, o.format, readUserFile(file, EXCHANGE_LIMITS.maxBytes).content);
      ctx.out.write(`imported "${r.pkg.title}" (${TlpSchema.parse(r.pkg.tlp).toUpperCase()}): ${r.pkg.actors.length} actor(s), ${r.pkg.parties.length} part(ies), ${r.pkg.indicators.length} indicator(s); skipped ${r.skipped.length}\n`);
    });
  program.command('register-import').description('import a company register (Companies House layouts)').requiredOption('--companies <csv>').option('--officers <csv>').option('--pscs <csv>')
    .action(async (o: { companies: string; officers?: string; pscs?: string }) => {
      const r = await (await sec()).graph.importRegister(ctx.actor, o);
      ctx.out.write(`${r.companies} companies, ${r.people} officers and owners, ${r.listed} matched to listed parties\n`);
    });
  program.command('graph-path <from> <to>').description('security officers: the shortest explained paths between two nodes').action(async (from: string, to: string) => {
    const paths = await (await sec()).graph.paths(ctx.actor, from, to);
    if (!paths.length) ctx.out.write('No path.\n');
    for (const p of paths) ctx.out.write(`${p.length} step(s): ${p.sentence}\n`);
  });
}

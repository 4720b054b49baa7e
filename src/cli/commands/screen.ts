import { dirname } from 'node:path';
import type { Command } from 'commander';
import { screenBatch } from '../../services/batch-screening.js';
import { ScreeningService, type DecidedHit, type ServiceScreenResult } from '../../services/screening.js';
import type { CliContext } from '../context.js';
import { progress, ukDate } from '../output.js';

interface QueryOpts {
  dob?: string;
  country?: string;
  type?: string;
  id?: string;
}

function describeHit(h: DecidedHit, i: number): string {
  const lines = [`${i + 1}. ${h.caption}  [${h.schema}]  ${h.entityId}  score ${h.score.toFixed(2)}${h.level === 'possible' ? ' (possible match)' : ''}`];
  if (h.decision) {
    lines.push(`   decision: ${h.decision.decision.replace('_', ' ')} by ${h.decision.actor} on ${ukDate(h.decision.createdAt)}: ${h.decision.reason}${h.decision.reopened ? ' — RE-OPENED: the listing has changed since' : ''}`);
  }
  for (const r of h.reasons) lines.push(`   - ${r}`);
  lines.push(`   list: ${h.dataset}; programmes: ${h.programs.join('; ') || '—'}; listed on ${ukDate(h.listedOn)}`);
  if (h.birthDates.length) lines.push(`   born: ${h.birthDates.map(ukDate).join(', ')}`);
  for (const l of h.linked) lines.push(`   same target on ${l.dataset}: ${l.entityId} ${l.caption} (${l.via.join(', ')})`);
  return lines.join('\n');
}

export function describeResult(r: ServiceScreenResult): string {
  const head = `Screened "${r.query.name}"${r.query.dob ? `, born ${ukDate(r.query.dob)}` : ''}${r.query.country ? `, country ${r.query.country}` : ''} against ${Object.keys(r.listVersions).length} lists (${r.algorithm}, threshold ${r.threshold}).`;
  const warn = r.warnings.map((w) => `warning: ${w}`);
  const matches = r.hits.filter((h) => h.level === 'match');
  const body = r.hits.length
    ? `${matches.length} match(es)${r.hits.length > matches.length ? ` and ${r.hits.length - matches.length} possible match(es)` : ''}:\n\n${r.hits.map(describeHit).join('\n\n')}`
    : 'No matches on any list.';
  return [head, ...warn, '', body].join('\n');
}

export function registerScreen(program: Command, ctx: CliContext): void {
  // The saved index lives beside the SQLite file; with PostgreSQL each process builds its own.
  const cacheDir = ctx.config.store === 'sqlite' ? dirname(ctx.config.sqlitePath) : undefined;
  const service = async () => new ScreeningService(await ctx.store(), undefined, cacheDir ? { cacheDir } : {});
  program
    .command('screen <name>')
    .description('check a person or organisation against every loaded list, in any script or spelling')
    .option('--dob <date>', 'date of birth (DD/MM/YYYY, YYYY-MM-DD, MM/YYYY or YYYY)')
    .option('--country <country>', 'nationality or country (name or ISO code)')
    .option('--type <type>', 'person, organisation, vessel or aircraft')
    .option('--id <identifier>', 'passport, national ID, registration or IMO number')
    .option('--limit <n>', 'how many results at most', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (name: string, opts: QueryOpts & { limit?: number; json?: boolean }) => {
      const s = await service();
      const r = await s.screen(ctx.actor, { name, ...opts }, { ...(opts.limit ? { limit: opts.limit } : {}) });
      ctx.out.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${describeResult(r)}\n`);
    });
  program
    .command('screen-batch <in>')
    .description('screen every row of a CSV (columns name, type, dob, country, id; others pass through)')
    .requiredOption('--out <file>', 'output: .jsonl (one line per row) or .csv (one line per hit)')
    .action(async (input: string, opts: { out: string }) => {
      const { screener } = await (await service()).screener();
      const bar = progress(ctx.err, 'screening');
      const summary = await screenBatch(screener, input, opts.out, {
        onProgress: (rows, total, read) => bar.tick(Math.round(read / 1024), Math.max(1, Math.round(total / 1024)), `${rows} rows`),
      });
      bar.done();
      ctx.out.write(
        `screened ${summary.rows} rows in ${(summary.ms / 1000).toFixed(1)} s: ${summary.rowsWithHits} with matches, ${summary.hits} matches in all, ${summary.errors} rows with errors → ${opts.out}\n`,
      );
    });
  program
    .command('decide <entity-id>')
    .description('record a reviewer decision on a screening hit (false_positive, true_match or unsure)')
    .requiredOption('--name <name>', 'the name as it was screened')
    .requiredOption('--decision <decision>', 'false_positive, true_match or unsure')
    .requiredOption('--reason <reason>', 'why')
    .option('--dob <date>')
    .option('--country <country>')
    .option('--type <type>')
    .option('--id <identifier>')
    .action(async (entityId: string, opts: QueryOpts & { name: string; decision: string; reason: string }) => {
      const s = await service();
      const d = await s.decide(ctx.actor, {
        query: { name: opts.name, ...(opts.dob ? { dob: opts.dob } : {}), ...(opts.country ? { country: opts.country } : {}), ...(opts.type ? { type: opts.type } : {}), ...(opts.id ? { id: opts.id } : {}) },
        entityId,
        decision: opts.decision,
        reason: opts.reason,
      });
      ctx.out.write(`recorded: "${d.queryText}" × ${d.entityId} is ${d.decision.replace('_', ' ')} (${d.reason})\n`);
    });
}

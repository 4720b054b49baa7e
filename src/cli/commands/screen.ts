import type { Command } from 'commander';
import { BulwarkError } from '../../errors.js';
import type { ScreenOptions } from '../../screening/screen.js';
import { screenBatch } from '../../services/batch-screening.js';
import type { DecidedHit, ServiceScreenResult } from '../../services/screening.js';
import type { CliContext } from '../context.js';
import { progress, ukDate } from '../output.js';
import { staleListsWarning } from './lists.js';

interface ListOpts {
  limit?: string;
  threshold?: string;
}

/** --limit and --threshold, checked: a whole number of results, a score between 0 and 1. */
function screenOptions(opts: ListOpts): ScreenOptions {
  const out: ScreenOptions = {};
  if (opts.limit !== undefined) {
    const n = Number(opts.limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new BulwarkError('BWK_ERR_INPUT', `--limit must be a whole number from 1 to 1000, not "${opts.limit}"`, { field: 'limit' });
    out.limit = n;
  }
  if (opts.threshold !== undefined) {
    const t = Number(opts.threshold);
    if (!(t > 0 && t <= 1)) throw new BulwarkError('BWK_ERR_INPUT', `--threshold must be a score above 0 and at most 1, not "${opts.threshold}"`, { field: 'threshold' });
    out.threshold = t;
  }
  return out;
}

interface QueryOpts {
  dob?: string;
  country?: string;
  type?: string;
  id?: string;
}

function describeHit(h: DecidedHit, i: number): string {
  const lines = [`${i + 1}. ${h.caption}  [${h.schema}]  ${h.entityId}  score ${h.score.toFixed(2)}${h.level === 'possible' ? ' (possible match)' : ''}`];
  if (h.decision) {
    lines.push(`   decision: ${h.decision.decision.replace('_', ' ')} by ${h.decision.actor} on ${ukDate(h.decision.createdAt)}${h.decision.onRecord ? ` (on ${h.decision.onRecord})` : ''}: ${h.decision.reason}${h.decision.reopened ? ' — RE-OPENED: the listing has changed since' : ''}`);
  }
  for (const r of h.reasons) lines.push(`   - ${r}`);
  lines.push(`   list: ${h.dataset}; programmes: ${h.programs.join('; ') || '—'}; listed on ${ukDate(h.listedOn)}`);
  if (h.birthDates.length) lines.push(`   born: ${h.birthDates.map(ukDate).join(', ')}`);
  for (const l of h.linked) lines.push(`   same target on ${l.dataset}: ${l.entityId} ${l.caption} (${l.via.join(', ')})`);
  if (h.references.length) lines.push(`   references: ${h.references.join('; ')}`);
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
  const service = async () => (await ctx.services()).screening;
  program
    .command('screen <name>')
    .description('check a person or organisation against every loaded list, in any script or spelling')
    .option('--dob <date>', 'date of birth (DD/MM/YYYY, YYYY-MM-DD, MM/YYYY or YYYY)')
    .option('--country <country>', 'nationality or country (name or ISO code)')
    .option('--type <type>', 'person, organisation, vessel or aircraft')
    .option('--id <identifier>', 'passport, national ID, registration or IMO number')
    .option('--limit <n>', 'how many results at most')
    .option('--threshold <score>', 'match threshold for this screen (0–1; default from the screening data file)')
    .option('--matches-only', 'leave out possible matches')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: QueryOpts & ListOpts & { matchesOnly?: boolean; json?: boolean }) => {
      const s = await service();
      const { dob, country, type, id } = opts;
      const r = await s.screen(ctx.actor, { name, dob, country, type, id }, { ...screenOptions(opts), ...(opts.matchesOnly ? { includePossible: false } : {}) });
      ctx.out.write(opts.json ? `${JSON.stringify(r, null, 2)}\n` : `${describeResult(r)}\n`);
      // A screen against an old list misses newer designations: said apart from the result (standard error).
      const { lists } = await ctx.services();
      ctx.err.write(staleListsWarning(await lists.list(), lists.staleAfterDays()));
    });
  program
    .command('screen-batch <in>')
    .description('screen every row of a CSV (columns name, type, dob, country, id; others pass through)')
    .requiredOption('--out <file>', 'output: .jsonl (one line per row) or .csv (one line per hit)')
    .option('--limit <n>', 'how many results per row at most')
    .option('--threshold <score>', 'match threshold (0–1; default from the screening data file)')
    .option('--include-possible', 'also write possible matches (below the threshold)')
    .action(async (input: string, opts: ListOpts & { out: string; includePossible?: boolean }) => {
      const screen = { ...screenOptions(opts), includePossible: Boolean(opts.includePossible) };
      const { screener } = await (await service()).screener();
      const bar = progress(ctx.err, 'screening');
      const summary = await screenBatch(screener, input, opts.out, {
        screen,
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

import type { Command } from 'commander';
import { loadBundledLists } from '../../ingest/importer.js';
import { updateLists } from '../../ingest/update.js';
import { BulwarkError } from '../../errors.js';
import type { DatasetSummary } from '../../store/types.js';
import type { CliContext } from '../context.js';
import { table, ukDate } from '../output.js';

export function datasetTable(lists: (DatasetSummary & { stale?: boolean })[]): string {
  return table(
    lists.map((d) => [
      d.name,
      String(d.entityCount),
      Object.entries(d.current.counts).map(([k, v]) => `${k} ${v}`).join(', '),
      `${ukDate(d.current.dataDate)}${d.stale ? ' (out of date)' : ''}`,
      ukDate(d.current.importedAt),
      `v${d.current.id}`,
      d.title,
    ]),
    ['dataset', 'entities', 'by type', 'data date', 'imported', 'version', 'title'],
  );
}

/** A warning line naming the oldest of the lists whose data is out of date, or nothing when none is. */
export function staleListsWarning(lists: (DatasetSummary & { ageDays: number; stale: boolean })[], staleAfterDays: number): string {
  const stale = lists.filter((d) => d.stale).sort((a, b) => b.ageDays - a.ageDays);
  if (!stale.length) return '';
  const oldest = stale[0];
  return `warning: ${stale.length} of the lists screened against hold data more than ${staleAfterDays} days old, the oldest ${oldest.name} (${ukDate(oldest.current.dataDate ?? oldest.current.importedAt)}): newer designations are not in them (bulwark lists update)\n`;
}

/** First start: load the bundled lists when the store has none of them, saying so. */
export async function ensureBundled(ctx: CliContext): Promise<void> {
  const store = await ctx.store();
  const reports = await loadBundledLists(store, ctx.actor, {
    onList: (src, r) => ctx.err.write(`loaded bundled list ${src.dataset}: ${r.version.recordCount} entities (${Math.round(r.parseMs + r.storeMs)} ms)\n`),
  });
  if (reports.length) ctx.err.write(`loaded ${reports.length} bundled list(s) into the ${store.kind} store\n`);
}

export function registerLists(program: Command, ctx: CliContext): void {
  const lists = program
    .command('lists')
    .description('show the loaded watchlists: entities, data dates and versions')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const all = await (await ctx.services()).lists.list();
      if (opts.json) ctx.out.write(`${JSON.stringify(all, null, 2)}\n`);
      else ctx.out.write(all.length ? `${datasetTable(all)}\n` : 'No lists loaded. Run `bulwark lists load-bundled` or `bulwark import`.\n');
      ctx.err.write(staleListsWarning(all, (await ctx.services()).lists.staleAfterDays()));
    });
  lists
    .command('load-bundled')
    .description('load every bundled list the store does not hold yet')
    .action(async () => {
      await ensureBundled(ctx);
      ctx.out.write(`${datasetTable(await (await ctx.store()).listDatasets())}\n`);
    });
  lists
    .command('history <dataset>')
    .description('every imported version of one dataset, newest first, with its delta')
    .action(async (dataset: string) => {
      const versions = await (await ctx.services()).lists.history(dataset);
      ctx.out.write(
        `${table(
          versions.map((v) => [`v${v.id}`, ukDate(v.importedAt), String(v.recordCount), `+${v.delta.added} -${v.delta.removed} ~${v.delta.changed}`, v.fileHash.slice(0, 12), v.source]),
          ['version', 'imported', 'entities', 'delta', 'sha256', 'source'],
        )}\n`,
      );
    });
  lists
    .command('update')
    .description('download fresh copies from the official addresses and import those that changed')
    .option('--sources <file>', 'list-source manifest with the download addresses', ctx.config.listSourcesFile)
    .option('--only <datasets...>', 'only these datasets')
    .action(async (opts: { sources?: string; only?: string[] }) => {
      const store = await ctx.store();
      const outcomes = await updateLists(store, ctx.actor, {
        ...(opts.sources ? { sourcesFile: opts.sources } : {}),
        ...(opts.only ? { only: opts.only } : {}),
        ...(ctx.config.listMaxLoss !== undefined ? { maxLoss: ctx.config.listMaxLoss } : {}),
        onOutcome: (o) => {
          if (o.status === 'updated') {
            const d = o.report.version.delta;
            ctx.out.write(`${o.dataset}: updated to v${o.report.version.id}, ${o.report.version.recordCount} entities (+${d.added} -${d.removed} ~${d.changed})\n`);
          } else if (o.status === 'failed') ctx.out.write(`${o.dataset}: FAILED, current version kept: ${o.error}\n`);
          else ctx.out.write(`${o.dataset}: ${o.status} (${o.reason})\n`);
        },
      });
      const failed = outcomes.filter((o) => o.status === 'failed');
      if (failed.length) throw new BulwarkError('BWK_ERR_DOWNLOAD', `${failed.length} list(s) could not be updated: ${failed.map((f) => f.dataset).join(', ')}`);
    });
}

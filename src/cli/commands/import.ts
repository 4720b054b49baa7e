import type { Command } from 'commander';
import { FORMATS } from '../../ingest/formats/index.js';
import { importList } from '../../ingest/importer.js';
import type { CliContext } from '../context.js';
import { progress } from '../output.js';

export function registerImport(program: Command, ctx: CliContext): void {
  program
    .command('import <format> <file>')
    .description(`import a list file as a new version of a dataset (formats: ${Object.keys(FORMATS).join(', ')})`)
    .option('--dataset <name>', 'dataset name (default: the format name)')
    .option('--title <title>', 'human title for the dataset')
    .option('--map <mapping>', 'csv format: column mapping, e.g. "name=Full name,dob=Born,country=Nationality"')
    .option('--encoding <enc>', 'csv format: utf-8 (default) or windows-1252')
    .option('--delimiter <char>', 'csv format: field delimiter')
    .option('--force', 're-import even if the file is unchanged; with --reason, accept a list that lost many entries')
    .option('--reason <text>', 'with --force: why losing more entries than allowed is right (kept in the audit trail)')
    .action(async (format: string, file: string, opts: { dataset?: string; title?: string; map?: string; encoding?: string; delimiter?: string; force?: boolean; reason?: string }) => {
      const store = await ctx.store();
      const bar = progress(ctx.err, `import ${file}`);
      bar.tick(0, 2, 'parsing');
      const options = Object.fromEntries(Object.entries({ map: opts.map, encoding: opts.encoding, delimiter: opts.delimiter }).filter(([, v]) => v)) as Record<string, string>;
      const r = await importList(store, ctx.actor, {
        format,
        path: file,
        dataset: opts.dataset ?? format,
        ...(opts.title ? { title: opts.title } : {}),
        ...(Object.keys(options).length ? { options } : {}),
        force: Boolean(opts.force),
        ...(opts.reason ? { reason: opts.reason } : {}),
        ...(ctx.config.listMaxLoss !== undefined ? { maxLoss: ctx.config.listMaxLoss } : {}),
      });
      bar.tick(2, 2, 'stored');
      bar.done();
      const v = r.version;
      ctx.out.write(
        `imported ${v.dataset} v${v.id}: ${v.recordCount} entities (${Object.entries(v.counts).map(([k, n]) => `${k} ${n}`).join(', ')})\n` +
          `delta against the previous version: +${v.delta.added} added, -${v.delta.removed} removed, ~${v.delta.changed} changed, ${v.delta.unchanged} unchanged\n` +
          (r.skipped.length ? `skipped ${r.skipped.length} record(s): ${r.skipped.slice(0, 5).map((s) => `${s.record} (${s.reason})`).join('; ')}\n` : '') +
          (r.unreadable.length ? `warning: ${r.unreadable.length} name(s) in a script Bulwark cannot read will not match: ${r.unreadable.slice(0, 5).map((u) => `${u.record} "${u.name}" (${u.scripts.join(', ')})`).join('; ')}\n` : ''),
      );
    });
  program
    .command('formats')
    .description('list the import formats')
    .action(() => {
      for (const f of Object.values(FORMATS)) ctx.out.write(`${f.name.padEnd(16)} ${f.description}\n`);
    });
}

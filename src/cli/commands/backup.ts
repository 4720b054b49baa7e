import type { Command } from 'commander';
import type { CliContext } from '../context.js';

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

// The backup code (and both database drivers) loads only when one of these commands runs.
export function registerBackup(program: Command, ctx: CliContext): void {
  program
    .command('backup <file>')
    .description('write a consistent copy of the store while it keeps working (SQLite online backup, or pg_dump), checked before it is kept')
    .action(async (file: string) => {
      const { backupStore, manifestPath } = await import('../../store/backup.js');
      const m = await backupStore(ctx.config, await ctx.store(), file);
      ctx.out.write(`backup written to ${file} (${total(m.counts)} rows in ${Object.keys(m.counts).length} tables; audit trail to entry ${m.auditHead?.seq ?? 0}); its manifest is ${manifestPath(file)}\n`);
    });
  program
    .command('restore <file>')
    .description('restore a backup into an empty store, proving every table and the audit trail whole')
    .action(async (file: string) => {
      const { restoreStore } = await import('../../store/backup.js');
      const m = await restoreStore(ctx.config, file, { actor: ctx.actor.userId, officeId: ctx.actor.officeId });
      ctx.out.write(`restored ${file}: ${total(m.counts)} rows match the backup table by table, and the audit trail verifies to entry ${m.auditHead?.seq ?? 0}\n`);
    });
}

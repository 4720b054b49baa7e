import type { Command } from 'commander';
import { BulwarkError } from '../../errors.js';
import { verifyAuditChain } from '../../store/rows.js';
import type { CliContext } from '../context.js';

export function registerAudit(program: Command, ctx: CliContext): void {
  program
    .command('audit')
    .description('show the audit trail, and check that no entry was altered')
    .option('--verify', 'only check the hash chain')
    .option('--limit <n>', 'entries to show', (v) => Number(v), 50)
    .action(async (opts: { verify?: boolean; limit: number }) => {
      const entries = await (await ctx.store()).listAudit();
      const check = verifyAuditChain(entries);
      if (!opts.verify) {
        for (const e of entries.slice(-opts.limit)) ctx.out.write(`${e.seq}\t${e.at}\t${e.actor}\t${e.officeId}\t${e.action}\t${e.subject}\t${JSON.stringify(e.detail)}\n`);
      }
      if (!check.ok) throw new BulwarkError('BWK_ERR_STORE', `audit trail broken at entry ${check.seq}: ${check.problem}`);
      ctx.out.write(`audit trail intact: ${entries.length} entries, each linked to the one before\n`);
    });
}

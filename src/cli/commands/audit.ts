import type { Command } from 'commander';
import { BulwarkError } from '../../errors.js';
import type { CliContext } from '../context.js';
import { safeText } from '../output.js';

/** Verifies the trail: the chain, its checkpoint and every record it covers. Exit 8 with each problem when it does not hold. */
async function verify(ctx: CliContext): Promise<void> {
  const report = await (await ctx.store()).verifyAudit();
  if (!report.ok) {
    for (const p of report.problems.slice(0, 50)) ctx.err.write(`  ${safeText(p)}\n`);
    if (report.problems.length > 50) ctx.err.write(`  … and ${report.problems.length - 50} more\n`);
    throw new BulwarkError('BWK_ERR_STORE', `the audit trail does not verify: ${report.problems.length} problem(s), listed above; restore the store from a backup and find out who had access to it`);
  }
  const cp = report.checkpoint ? `; the checkpoint (entry ${report.checkpoint.seq}) matches` : '';
  ctx.out.write(`audit trail intact: ${report.entries} entries, each linked to the one before; ${report.records} records match their audit entries${cp}\n`);
}

export function registerAudit(program: Command, ctx: CliContext): void {
  const audit = program
    .command('audit')
    .description('show the audit trail; `audit verify` checks that nothing in it or in the records it covers was altered')
    .option('--verify', 'only verify (the same as `audit verify`)')
    .option('--limit <n>', 'entries to show', (v) => Number(v), 50)
    .action(async (opts: { verify?: boolean; limit: number }) => {
      if (!opts.verify) {
        const entries = await (await ctx.store()).listAudit();
        for (const e of entries.slice(-opts.limit)) {
          ctx.out.write(`${[e.seq, e.at, e.actor, e.officeId, e.action, e.subject, JSON.stringify(e.detail)].map((v) => safeText(String(v))).join('\t')}\n`);
        }
      }
      await verify(ctx);
    });
  audit
    .command('verify')
    .description('check the hash chain, the checkpoint of its head, and every record against the hash its entry recorded')
    .action(() => verify(ctx));
}

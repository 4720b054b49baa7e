#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { z } from 'zod';
import { BulwarkError, ERRORS, isBulwarkError, zodProblem } from '../errors.js';
import { registerApproaches } from './commands/approaches.js';
import { registerAudit } from './commands/audit.js';
import { registerBackup } from './commands/backup.js';
import { registerEntity } from './commands/entity.js';
import { registerMoney } from './commands/money.js';
import { registerImport } from './commands/import.js';
import { datasetTable, ensureBundled, registerLists } from './commands/lists.js';
import { registerScreen } from './commands/screen.js';
import { registerSecurity } from './commands/security.js';
import { CLI_ACTIONS, commandName, resolveActor } from './access.js';
import { createContext } from './context.js';
import { safeText } from './output.js';
import { registerServe } from './commands/serve.js';
import { registerUsers } from './commands/users.js';

export async function main(argv: string[]): Promise<number> {
  const ctx = createContext();
  const program = new Command('bulwark')
    .description('Bulwark: screening, approach reporting and compliance against foreign-state interference')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out.write(s), writeErr: (s) => ctx.err.write(s) });
  program
    .command('status', { isDefault: true })
    .description('open the store, load the bundled lists on first start, and show what is loaded')
    .action(async () => {
      await ensureBundled(ctx);
      const store = await ctx.store();
      const lists = await store.listDatasets();
      const where = store.kind === 'sqlite' ? ctx.config.sqlitePath : 'PostgreSQL';
      ctx.out.write(`Bulwark is ready: ${await store.countEntities()} listed entities in ${lists.length} lists (${store.kind} store at ${where}).\n\n${datasetTable(lists)}\n`);
    });
  registerImport(program, ctx);
  registerLists(program, ctx);
  registerEntity(program, ctx);
  registerScreen(program, ctx);
  registerApproaches(program, ctx);
  registerMoney(program, ctx);
  registerAudit(program, ctx);
  registerSecurity(program, ctx);
  registerBackup(program, ctx);
  registerServe(program, ctx);
  registerUsers(program, ctx);
  // Every command acts as a named user held to the policy table (src/cli/access.ts).
  program.hook('preAction', async (_root, cmd) => {
    const name = commandName(cmd);
    const action = CLI_ACTIONS[name];
    if (!action) throw new BulwarkError('BWK_ERR_FORBIDDEN', `the command "${name}" has no policy`);
    const { actor, principal } = await resolveActor(await ctx.services(), action, ctx.actor);
    ctx.actor = actor;
    if (principal) ctx.principal = principal;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isBulwarkError(e)) {
      ctx.err.write(`error: ${safeText(e.message)}\n`);
      return e.exitCode;
    }
    if (e instanceof z.ZodError) {
      ctx.err.write(`error: ${safeText(zodProblem(e, 'input').message)}\n`);
      return ERRORS.BWK_ERR_INPUT.exit;
    }
    ctx.err.write(`unexpected error: ${(e as Error).stack ?? e}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}

main(process.argv.slice(2)).then(async (code) => {
  process.exitCode = code;
  // A server process forked by `serve --workers` stays alive while its channel to the first process is open.
  // Only a process with such a channel can be one; node:cluster is not loaded otherwise.
  if (process.channel && (await import('node:cluster')).default.isWorker) process.disconnect();
});

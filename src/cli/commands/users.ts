import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { ROLES } from '../../domain/actor.js';
import { BulwarkError } from '../../errors.js';
import { sessionFile } from '../access.js';
import type { CliContext } from '../context.js';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** Reads answers line by line from standard input (one reader, so lines piped ahead are kept). */
function lineReader(ctx: CliContext) {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const it = rl[Symbol.asyncIterator]();
  return {
    async ask(prompt: string): Promise<string> {
      ctx.err.write(prompt);
      const next = await it.next();
      if (next.done) throw new BulwarkError('BWK_ERR_INPUT', 'no password given');
      return String(next.value);
    },
    close: () => rl.close(),
  };
}

export function registerUsers(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('sign in as a user (password read from standard input); later commands act as that user')
    .requiredOption('--user <name>', 'user name')
    .action(async (o: { user: string }) => {
      const services = await ctx.services();
      const lines = lineReader(ctx);
      const password = await lines.ask(`password for ${o.user}: `).finally(lines.close);
      const s = await services.accounts.login(o.user, password, 'cli');
      sessionFile.write(ctx.config.cli.sessionFile, s.sessionId);
      ctx.out.write(`signed in as ${s.user.username} (${s.user.role.replace('_', ' ')}, office ${s.user.officeId})${s.user.mustChangePassword ? ' — change your password now: bulwark password' : ''}\n`);
    });
  program
    .command('logout')
    .description('sign out: ends the saved session')
    .action(async () => {
      const id = sessionFile.read(ctx.config.cli.sessionFile);
      if (id) await (await ctx.services()).accounts.logout(id);
      sessionFile.remove(ctx.config.cli.sessionFile);
      ctx.out.write('signed out\n');
    });
  program
    .command('whoami')
    .description('the user the command line acts as')
    .action(async () => {
      ctx.out.write(`${ctx.actor.userId} (${ctx.actor.role.replace('_', ' ')}, office ${ctx.actor.officeId}${ctx.actor.offices && ctx.actor.offices.length > 1 ? `; also ${ctx.actor.offices.slice(1).join(', ')}` : ''})\n`);
    });
  program
    .command('password')
    .description('change your password (current and new read from standard input, one per line)')
    .action(async () => {
      const lines = lineReader(ctx);
      const current = await lines.ask('current password: ');
      const next = await lines.ask('new password: ').finally(lines.close);
      await (await ctx.services()).accounts.changePassword(ctx.principal!, current, next);
      ctx.out.write('password changed\n');
    });

  const user = program.command('user').description('accounts (administrators)');
  user
    .command('add <username>')
    .description('create an account; a password is generated and printed once')
    .requiredOption('--role <role>', ROLES.join(', '))
    .requiredOption('--office <office>', 'the office the user belongs to')
    .option('--offices <ids>', 'further offices assigned (security officers), comma-separated', list)
    .option('--name <display name>')
    .option('--email <address>', 'where reminders go')
    .action(async (username: string, o: { role: string; office: string; offices?: string[]; name?: string; email?: string }) => {
      const r = await (await ctx.services()).accounts.createUser(ctx.actor, { username, role: o.role, officeId: o.office, offices: o.offices ?? [], ...(o.name ? { displayName: o.name } : {}), ...(o.email ? { email: o.email } : {}) });
      ctx.out.write(`created ${r.user.username} (${r.user.role}, office ${r.user.officeId}). Password, shown once: ${r.password}\n`);
    });
  user
    .command('list')
    .description('every account')
    .action(async () => {
      for (const u of await (await ctx.services()).accounts.listUsers()) {
        ctx.out.write(`${u.username}\t${u.role}\t${u.officeId}${u.offices.length ? ` (+${u.offices.join(',')})` : ''}${u.disabled ? '\tDISABLED' : ''}\n`);
      }
    });
  user
    .command('update <username>')
    .description('change role, office, assigned offices, email, reminder digest, or disable')
    .option('--role <role>')
    .option('--office <office>')
    .option('--offices <ids>', 'assigned offices, comma-separated', list)
    .option('--email <address>', 'where reminders go')
    .option('--digest <how often>', 'reminder digest by email: off, daily or weekly')
    .option('--disable')
    .option('--enable')
    .action(async (username: string, o: { role?: string; office?: string; offices?: string[]; email?: string; digest?: string; disable?: boolean; enable?: boolean }) => {
      const u = await (await ctx.services()).accounts.updateUser(ctx.actor, username, {
        ...(o.role ? { role: o.role } : {}), ...(o.office ? { officeId: o.office } : {}), ...(o.offices ? { offices: o.offices } : {}),
        ...(o.email ? { email: o.email } : {}), ...(o.digest ? { digest: o.digest } : {}),
        ...(o.disable ? { disabled: true } : o.enable ? { disabled: false } : {}),
      });
      ctx.out.write(`updated ${u.username}: ${u.role}, office ${u.officeId}, digest ${u.digest}${u.disabled ? ', disabled' : ''}\n`);
    });
  user
    .command('reset-password <username>')
    .description('generate a new password (printed once); the user must change it at the next sign-in')
    .action(async (username: string) => {
      const r = await (await ctx.services()).accounts.resetPassword(ctx.actor, username);
      ctx.out.write(`new password for ${r.user.username}, shown once: ${r.password}\n`);
    });

  const token = program.command('token').description('API tokens for machine clients');
  token
    .command('create <name>')
    .description('create a token for the signed-in user (printed once)')
    .requiredOption('--scopes <scopes>', 'read, screen, write (comma-separated)', list)
    .action(async (name: string, o: { scopes: string[] }) => {
      if (!ctx.principal) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'sign in first: `bulwark login --user <name>`');
      const r = await (await ctx.services()).accounts.createToken(ctx.principal, { name, scopes: o.scopes });
      ctx.out.write(`${r.token}\n(token ${r.record.id}, scopes ${r.record.scopes.join(', ')}: shown once, store it safely)\n`);
    });
  token
    .command('list')
    .description('your tokens')
    .action(async () => {
      if (!ctx.principal) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'sign in first: `bulwark login --user <name>`');
      for (const t of await (await ctx.services()).accounts.listTokens(ctx.principal)) ctx.out.write(`${t.id}\t${t.name}\t${t.scopes.join(',')}\t${t.lastUsedAt ?? 'never used'}${t.revokedAt ? '\tREVOKED' : ''}\n`);
    });
  token
    .command('revoke <id>')
    .action(async (id: string) => {
      if (!ctx.principal) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'sign in first: `bulwark login --user <name>`');
      await (await ctx.services()).accounts.revokeToken(ctx.principal, id);
      ctx.out.write(`revoked ${id}\n`);
    });
}

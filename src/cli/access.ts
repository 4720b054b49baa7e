import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../domain/actor.js';
import { roleMay, tokenRefusal, type Action } from '../domain/policy.js';
import { BulwarkError } from '../errors.js';
import { actorFor, type Principal } from '../services/accounts.js';
import type { Services } from '../services/container.js';

/**
 * The policy action of every command (by its full name): the command line is held to the same
 * policy table as the server. A command missing here is refused.
 */
export const CLI_ACTIONS: Record<string, Action | 'none'> = {
  status: 'none', serve: 'none', login: 'none', logout: 'none', whoami: 'auth.self', password: 'auth.self',
  'user add': 'users.manage', 'user list': 'users.manage', 'user update': 'users.manage', 'user reset-password': 'users.manage',
  'token create': 'tokens.self', 'token list': 'tokens.self', 'token revoke': 'tokens.self',
  lists: 'lists.read', 'lists load-bundled': 'lists.write', 'lists history': 'lists.read', 'lists update': 'lists.write', import: 'lists.write', 'import formats': 'lists.read',
  entity: 'entities.read', screen: 'screening.run', 'screen-batch': 'screening.batch', decide: 'screening.decide',
  'approach add': 'approaches.create', 'contact show': 'contacts.read', 'contact list': 'contacts.read', alerts: 'alerts.read', correlations: 'correlations.read',
  office: 'offices.write', indicators: 'indicators.read', 'indicators show': 'indicators.read', 'indicators set': 'indicators.write',
  audit: 'audit.read', 'audit verify': 'audit.read', 'donation add': 'money.write', 'donation update': 'money.write', 'donation show': 'money.read', 'donation list': 'money.read',
  'donation import-ec': 'money.write', 'register-export': 'register.export', 'trip add': 'trips.write', 'trip brief': 'trips.read',
  'trip debrief': 'trips.write', 'trip registered': 'trips.write', 'trip list': 'trips.read', deadlines: 'deadlines.read',
  backup: 'users.manage', restore: 'users.manage',
  clusters: 'clusters.read', 'cluster confirm': 'clusters.decide', 'cluster split': 'clusters.decide', 'cluster revert': 'clusters.decide',
  'security-alerts': 'security-alerts.read', notices: 'notices.read', 'case open': 'cases.write', 'case list': 'cases.read', 'case update': 'cases.write',
  'case report': 'cases.read', 'case export': 'exchange.export', 'partner-import': 'exchange.import', 'register-import': 'register.import', 'graph-path': 'graph.read',
};

export function commandName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The saved session of `bulwark login`: one file, readable by its owner only. */
export const sessionFile = {
  read(path: string): string | undefined {
    if (!existsSync(path)) return undefined;
    try {
      return (JSON.parse(readFileSync(path, 'utf8')) as { session?: string }).session;
    } catch {
      return undefined;
    }
  },
  write(path: string, session: string): void {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify({ session }), { mode: 0o600 });
    chmodSync(path, 0o600);
  },
  remove(path: string): void {
    rmSync(path, { force: true });
  },
};

/**
 * Who the command line acts as. Before any account exists (a new store) it is the local operator
 * setting Bulwark up; afterwards it is the user signed in with `bulwark login`, or the owner of
 * BULWARK_TOKEN, held to the policy table like any other caller.
 */
export async function resolveActor(services: Services, action: Action | 'none', fallback: Actor): Promise<{ actor: Actor; principal?: Principal }> {
  if (action === 'none') return { actor: fallback };
  const { token, sessionFile: file } = services.config.cli;
  let principal: Principal | undefined;
  if (token) principal = await services.accounts.fromToken(token);
  else {
    const session = sessionFile.read(file);
    if (session) principal = await services.accounts.fromSession(session);
    else if ((await services.store.accounts.countUsers()) === 0) return { actor: fallback };
    else throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'sign in first: `bulwark login --user <name>`, or set BULWARK_TOKEN');
  }
  const actor = actorFor(principal.user);
  const refusal = principal.via === 'token' ? tokenRefusal(principal.token!.scopes, action) : null;
  if (refusal) throw new BulwarkError('BWK_ERR_FORBIDDEN', refusal);
  if (principal.user.mustChangePassword && action !== 'auth.self') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'change your password first: `bulwark password`');
  if (!roleMay(actor.role, action)) throw new BulwarkError('BWK_ERR_FORBIDDEN', `a ${actor.role.replace('_', ' ')} may not run this command (${action})`);
  return { actor, principal };
}

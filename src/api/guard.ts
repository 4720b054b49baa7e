import type { FastifyRequest } from 'fastify';
import { actorOffices, type Actor } from '../domain/actor.js';
import { POLICIES, roleMay, tokenRefusal, type PolicyRow } from '../domain/policy.js';
import { SECURITY } from '../domain/security.js';
import { BulwarkError } from '../errors.js';
import { actorFor, type Principal } from '../services/accounts.js';
import type { Services } from '../services/container.js';
import type { RouteDef } from './route.js';

const SAFE = new Set(['GET', 'HEAD']);

/** Who is calling: a bearer token (in the header, or in the path where the route says so), else the session cookie. */
export async function principalOf(request: FastifyRequest, services: Services, def?: RouteDef): Promise<Principal> {
  if (def?.tokenInPath) {
    const raw = String((request.params as Record<string, unknown>)[def.tokenInPath.param] ?? '');
    if (!raw.endsWith(def.tokenInPath.suffix)) throw new BulwarkError('BWK_ERR_NOT_FOUND', 'no such feed');
    return services.accounts.fromToken(raw.slice(0, -def.tokenInPath.suffix.length));
  }
  const auth = request.headers.authorization;
  if (auth) {
    const m = auth.match(/^Bearer\s+(\S+)$/i);
    if (!m) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
    return services.accounts.fromToken(m[1]);
  }
  const sid = request.cookies[SECURITY.session.cookie];
  if (!sid) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'sign in first (no session or token)');
  return services.accounts.fromSession(sid);
}

/**
 * Applies a route's policy row: the caller is known, their token scope or CSRF token fits, their
 * role may take the action, and the office named (or their own) is one they may see. An office
 * they may not see reads as not found, exactly like one that does not exist.
 */
export async function guard(request: FastifyRequest, def: RouteDef, services: Services, office: string | undefined): Promise<{ actor?: Actor; principal?: Principal }> {
  const row: PolicyRow = POLICIES[def.action];
  if (row.roles === 'public') return {};
  const principal = await principalOf(request, services, def);
  if (principal.via === 'token') {
    const refusal = tokenRefusal(principal.token!.scopes, def.action);
    if (refusal) throw new BulwarkError('BWK_ERR_FORBIDDEN', refusal);
  } else if (!SAFE.has(request.method) && !services.accounts.csrfMatches(principal, request.headers['x-csrf-token'] as string | undefined)) {
    throw new BulwarkError('BWK_ERR_FORBIDDEN', 'the request lacks the session\'s CSRF token (header x-csrf-token)');
  }
  const actor = actorFor(principal.user);
  if (principal.user.mustChangePassword && def.action !== 'auth.self') {
    throw new BulwarkError('BWK_ERR_FORBIDDEN', 'change your password first (POST /api/auth/password)');
  }
  if (!roleMay(actor.role, def.action)) throw new BulwarkError('BWK_ERR_FORBIDDEN', `a ${actor.role.replace('_', ' ')} may not ${row.what}`);
  if (row.office && office !== undefined) {
    if (!actorOffices(actor).includes(office)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no office "${office}"`);
    return { principal, actor: { ...actor, officeId: office } };
  }
  return { principal, actor };
}

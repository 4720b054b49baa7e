import { z } from 'zod';
import { DIGEST_CHOICES } from '../../domain/reminders.js';
import { SECURITY, TOKEN_SCOPES } from '../../domain/security.js';
import { NewTokenInput, publicUser } from '../../services/accounts.js';
import { IdParam, Ok, route } from '../route.js';

export const UserView = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), email: z.string().optional(), role: z.string(), officeId: z.string(), offices: z.array(z.string()),
  mustChangePassword: z.boolean(), disabled: z.boolean(), digest: z.enum(DIGEST_CHOICES), createdAt: z.string(), updatedAt: z.string(),
});
const Me = z.object({ user: UserView.extend({ offices: z.array(z.string()) }), csrfToken: z.string().optional() });
const TokenView = z.object({ id: z.string(), userId: z.string(), name: z.string(), scopes: z.array(z.string()), createdAt: z.string(), lastUsedAt: z.string().optional(), revokedAt: z.string().optional() });

const cookieOptions = (secure: boolean) => ({ path: '/', httpOnly: true, sameSite: 'strict' as const, secure, maxAge: SECURITY.session.absoluteHours * 3600 });

/** The caller's own account: signing in and out, password, API tokens. */
export const authRoutes = [
  route({
    method: 'POST', url: '/api/auth/login', action: 'auth.login', summary: 'Sign in with a user name and password; sets the session cookie',
    body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(SECURITY.password.maxLength) }),
    response: Me,
    example: { body: { username: 'caseworker', password: 'correct horse battery staple' } },
    async handler({ body, services, request, reply }) {
      const s = await services.accounts.login(body.username, body.password, request.ip);
      reply.setCookie(SECURITY.session.cookie, s.sessionId, cookieOptions(request.protocol === 'https'));
      return { user: { ...publicUser(s.user), offices: [s.user.officeId, ...s.user.offices] }, csrfToken: s.csrfToken };
    },
  }),
  route({
    method: 'GET', url: '/api/auth/me', action: 'auth.self', summary: 'Who is signed in, with the session\'s CSRF token',
    response: Me,
    async handler({ principal }) {
      const u = principal!.user;
      return { user: { ...publicUser(u), offices: [u.officeId, ...u.offices] }, ...(principal!.session ? { csrfToken: principal!.session.csrfToken } : {}) };
    },
  }),
  route({
    method: 'POST', url: '/api/auth/logout', action: 'auth.self', summary: 'Sign out (ends this session)',
    response: Ok,
    async handler({ services, request, reply }) {
      const sid = request.cookies[SECURITY.session.cookie];
      if (sid) await services.accounts.logout(sid);
      reply.clearCookie(SECURITY.session.cookie, { path: '/' });
      return { ok: true };
    },
  }),
  route({
    method: 'POST', url: '/api/auth/password', action: 'auth.self', summary: 'Change one\'s own password',
    body: z.object({ current: z.string().min(1).max(SECURITY.password.maxLength), next: z.string().max(SECURITY.password.maxLength) }),
    response: Ok,
    example: { body: { current: 'old password here', next: 'a new long passphrase' } },
    async handler({ body, services, principal }) {
      await services.accounts.changePassword(principal!, body.current, body.next);
      return { ok: true };
    },
  }),
  route({
    method: 'PUT', url: '/api/auth/digest', action: 'auth.self', summary: 'How often one\'s reminder digest is emailed (off, daily, weekly; sent only when something is due or new)',
    body: z.object({ digest: z.enum(DIGEST_CHOICES) }), response: z.object({ user: UserView }),
    example: { body: { digest: 'weekly' } },
    async handler({ body, services, principal }) {
      return { user: await services.accounts.setDigest(principal!, body.digest) };
    },
  }),
  route({
    method: 'POST', url: '/api/auth/calendar', action: 'auth.self', summary: 'A new secret address for one\'s calendar feed of deadlines (shown once; the previous address stops working)',
    status: 201, response: z.object({ path: z.string(), url: z.string().optional() }),
    async handler({ services, principal }) {
      const { token } = await services.accounts.newCalendarFeed(principal!);
      const url = services.reminders.feedUrl(token);
      return { path: `/calendar/${token}.ics`, ...(url ? { url } : {}) };
    },
  }),
  route({
    method: 'GET', url: '/api/tokens', action: 'tokens.self', summary: 'One\'s API tokens (never the secrets)',
    response: z.object({ items: z.array(TokenView), scopes: z.record(z.string(), z.string()) }),
    async handler({ services, principal }) {
      return { items: await services.accounts.listTokens(principal!), scopes: SECURITY.tokens.scopes };
    },
  }),
  route({
    method: 'POST', url: '/api/tokens', action: 'tokens.self', summary: `Create an API token (scopes: ${TOKEN_SCOPES.join(', ')}); the token is shown once`,
    body: NewTokenInput, status: 201,
    response: z.object({ token: z.string(), record: TokenView }),
    example: { body: { name: 'case system', scopes: ['screen'] } },
    async handler({ services, principal, request }) {
      return services.accounts.createToken(principal!, request.body);
    },
  }),
  route({
    method: 'DELETE', url: '/api/tokens/:id', action: 'tokens.self', summary: 'Revoke one of one\'s API tokens',
    params: IdParam, response: Ok,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, principal, params }) {
      await services.accounts.revokeToken(principal!, params.id);
      return { ok: true };
    },
  }),
];

import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ROLES, type Actor, type Role } from '../domain/actor.js';
import { DEFAULT_DIGEST, DIGEST_CHOICES, type DigestChoice } from '../domain/reminders.js';
import { SECURITY, TOKEN_SCOPES } from '../domain/security.js';
import { BulwarkError } from '../errors.js';
import type { AuditInput, SessionRecord, Store, TokenRecord, UserRecord } from '../store/types.js';

export type Clock = () => Date;

/** A user as callers see it: never the password hash. */
export type PublicUser = Omit<UserRecord, 'passwordHash'>;
export const publicUser = ({ passwordHash: _, ...u }: UserRecord): PublicUser => u;

/** The signed-in caller: the user, how they came in, and what they may act as. */
export interface Principal {
  user: UserRecord;
  via: 'session' | 'token';
  session?: SessionRecord;
  token?: TokenRecord;
}

const ARGON2 = { algorithm: 2 as const, ...SECURITY.password.argon2 };
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (bytes = 32) => randomBytes(bytes).toString('base64url');
const minutes = (n: number) => n * 60_000;
/** argon2id, loaded when a password is first hashed or checked: commands signed in by token never need it. */
let argon2: Promise<typeof import('@node-rs/argon2')> | undefined;
const hash = async (password: string) => (await (argon2 ??= import('@node-rs/argon2'))).hash(password, ARGON2);
const verify = async (passwordHash: string, password: string) => (await (argon2 ??= import('@node-rs/argon2'))).verify(passwordHash, password);
/** Verifying against a real hash when the user does not exist keeps the answer time the same either way. */
let dummyHash: Promise<string> | undefined;

export const UsernameSchema = z.string().trim().min(2).max(64).regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lower-case letters, digits, dots, hyphens and underscores');
export const PasswordSchema = z.string().min(SECURITY.password.minLength, `a password needs at least ${SECURITY.password.minLength} characters`).max(SECURITY.password.maxLength);
const OfficeIdSchema = z.string().trim().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'office ids are lower-case letters, digits and hyphens');

const EmailSchema = z.string().trim().max(254).email('is not an email address');
export const NewUserInput = z.strictObject({
  username: UsernameSchema,
  displayName: z.string().trim().min(1).max(200).optional(),
  email: EmailSchema.optional(),
  role: z.enum(ROLES),
  officeId: OfficeIdSchema,
  offices: z.array(OfficeIdSchema).max(200).default([]),
  password: PasswordSchema.optional(),
});
export const UserUpdateInput = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  email: EmailSchema.optional(),
  role: z.enum(ROLES).optional(),
  officeId: OfficeIdSchema.optional(),
  offices: z.array(OfficeIdSchema).max(200).optional(),
  disabled: z.boolean().optional(),
  digest: z.enum(DIGEST_CHOICES).optional(),
});
/** A calendar token travels in a feed address (calendars, proxies and logs see it), so it may do nothing else. */
export const CALENDAR_SCOPE = 'calendar';
export const NewTokenInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES as [string, ...string[]])).min(1)
    .refine((s) => !s.includes(CALENDAR_SCOPE) || s.length === 1, 'a calendar token carries the calendar scope alone'),
});

/** The actor a principal acts as: their own office, plus the offices assigned to them. */
export function actorFor(user: UserRecord): Actor {
  return { userId: user.username, officeId: user.officeId, role: user.role as Role, offices: [...new Set([user.officeId, ...user.offices])] };
}

/**
 * Accounts: users with argon2id password hashes, sessions with CSRF tokens, API tokens shown once,
 * and sign-in throttling kept in the store so that it holds across server processes.
 */
export class AccountService {
  /**
   * Token holders checked in the last moments (a cache for machine clients' request rates: the store
   * decides). Sessions are always read from the store, so signing out is immediate everywhere.
   */
  private readonly recent = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private audit(actor: Pick<Actor, 'userId' | 'officeId'>, action: string, subject: string, detail: unknown = {}): AuditInput {
    return { actor: actor.userId, officeId: actor.officeId, action, subject, detail };
  }

  /** On a store without users, creates the first administrator with a generated password (shown once). */
  async bootstrap(officeId: string): Promise<{ username: string; password: string } | null> {
    if ((await this.store.accounts.countUsers()) > 0) return null;
    const password = secret(SECURITY.password.generatedLength);
    await this.saveNew({ userId: 'bulwark', officeId }, { username: 'admin', role: 'admin', officeId, offices: [], password }, true);
    return { username: 'admin', password };
  }

  async createUser(actor: Actor, raw: unknown): Promise<{ user: PublicUser; password?: string }> {
    const input = NewUserInput.parse(raw);
    if (await this.store.accounts.userByName(input.username)) throw new BulwarkError('BWK_ERR_INPUT', `the user name "${input.username}" is taken`, { field: 'username' });
    const generated = input.password ? undefined : secret(SECURITY.password.generatedLength);
    const user = await this.saveNew(actor, { ...input, password: input.password ?? generated! }, Boolean(generated));
    return { user: publicUser(user), ...(generated ? { password: generated } : {}) };
  }

  private async saveNew(actor: Pick<Actor, 'userId' | 'officeId'>, input: z.output<typeof NewUserInput> & { password: string }, mustChange: boolean): Promise<UserRecord> {
    const now = this.clock().toISOString();
    const user: UserRecord = {
      id: randomUUID(), username: input.username, displayName: input.displayName ?? input.username, ...(input.email ? { email: input.email } : {}), role: input.role, officeId: input.officeId,
      offices: input.offices.filter((o) => o !== input.officeId), passwordHash: await hash(input.password),
      mustChangePassword: mustChange, disabled: false, digest: DEFAULT_DIGEST, createdAt: now, updatedAt: now,
    };
    await this.store.accounts.saveUser(user, this.audit(actor, 'user.create', user.username, { role: user.role, officeId: user.officeId, offices: user.offices }));
    return user;
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.store.accounts.listUsers()).map(publicUser);
  }

  private async user(id: string): Promise<UserRecord> {
    const u = (await this.store.accounts.getUser(id)) ?? (await this.store.accounts.userByName(id));
    if (!u) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no user "${id}"`);
    return u;
  }

  async updateUser(actor: Actor, id: string, raw: unknown): Promise<PublicUser> {
    const change = UserUpdateInput.parse(raw);
    const u = await this.user(id);
    const next: UserRecord = { ...u, ...change, updatedAt: this.clock().toISOString() };
    next.offices = next.offices.filter((o) => o !== next.officeId);
    this.forgetUser(u.id);
    await this.store.accounts.saveUser(next, this.audit(actor, 'user.update', u.username, change));
    if (change.disabled || change.role || change.officeId) await this.store.accounts.deleteSessions({ userId: u.id });
    return publicUser(next);
  }

  /** An administrator's reset: a generated password to hand over, to be changed at the next sign-in. */
  async resetPassword(actor: Actor, id: string): Promise<{ user: PublicUser; password: string }> {
    const u = await this.user(id);
    const password = secret(SECURITY.password.generatedLength);
    const next = { ...u, passwordHash: await hash(password), mustChangePassword: true, updatedAt: this.clock().toISOString() };
    this.forgetUser(u.id);
    await this.store.accounts.saveUser(next, this.audit(actor, 'user.password_reset', u.username));
    await this.store.accounts.deleteSessions({ userId: u.id });
    return { user: publicUser(next), password };
  }

  async changePassword(principal: Principal, current: string, nextPassword: string): Promise<void> {
    const u = principal.user;
    if (!(await verify(u.passwordHash, current))) throw new BulwarkError('BWK_ERR_INPUT', 'the current password is not right', { field: 'current' });
    const parsed = PasswordSchema.safeParse(nextPassword);
    if (!parsed.success) throw new BulwarkError('BWK_ERR_INPUT', parsed.error.issues[0].message, { field: 'next' });
    if (current === nextPassword) throw new BulwarkError('BWK_ERR_INPUT', 'the new password must differ from the current one', { field: 'next' });
    const next = { ...u, passwordHash: await hash(nextPassword), mustChangePassword: false, updatedAt: this.clock().toISOString() };
    this.forgetUser(u.id);
    await this.store.accounts.saveUser(next, this.audit(actorFor(u), 'user.password_change', u.username));
  }

  /**
   * Checks a password and opens a session. Failures count per user name and per address in the
   * store; past the limit every attempt is refused (correct or not) until the window passes.
   */
  async login(username: string, password: string, address: string): Promise<{ sessionId: string; csrfToken: string; user: UserRecord }> {
    const now = this.clock();
    const since = new Date(now.getTime() - minutes(SECURITY.login.windowMinutes)).toISOString();
    const keys = [`user:${username.toLowerCase()}`, `addr:${address}`];
    const limits = [SECURITY.login.maxFailuresPerUser, SECURITY.login.maxFailuresPerAddress];
    const counts = await Promise.all(keys.map((k) => this.store.accounts.countLoginFailures(k, since)));
    if (counts.some((n, i) => n >= limits[i])) {
      throw new BulwarkError('BWK_ERR_RATE_LIMITED', `too many failed sign-ins; try again in ${SECURITY.login.windowMinutes} minutes`);
    }
    // Made on the first sign-in and awaited on every one, known user or not, so that no answer is quicker than another.
    const dummy = await (dummyHash ??= hash('bulwark-no-such-user'));
    const user = await this.store.accounts.userByName(username.toLowerCase());
    const ok = await verify(user?.passwordHash ?? dummy, password);
    if (!user || !ok || user.disabled) {
      for (const k of keys) await this.store.accounts.addLoginFailure(k, now.toISOString(), since);
      await this.store.appendAudit(this.audit({ userId: username.slice(0, 64), officeId: user?.officeId ?? '-' }, 'auth.login_failed', username.slice(0, 64), { address }));
      throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'the user name or password is not right');
    }
    await this.store.accounts.clearLoginFailures(keys[0]);
    const sessionId = secret();
    const session: SessionRecord = {
      idHash: sha256(sessionId), userId: user.id, csrfToken: secret(), createdAt: now.toISOString(),
      expiresAt: this.expiry(now, now), lastSeenAt: now.toISOString(),
    };
    await this.store.accounts.putSession(session);
    await this.store.appendAudit(this.audit(actorFor(user), 'auth.login', user.username, { address }));
    return { sessionId, csrfToken: session.csrfToken, user };
  }

  private expiry(created: Date, now: Date): string {
    return new Date(Math.min(now.getTime() + minutes(SECURITY.session.idleMinutes), created.getTime() + minutes(SECURITY.session.absoluteHours * 60))).toISOString();
  }

  private remembered(key: string): Principal | undefined {
    const hit = this.recent.get(key);
    if (hit && hit.until > performance.now()) return hit.principal;
    this.recent.delete(key);
    return undefined;
  }

  private remember(key: string, principal: Principal): Principal {
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(key, { principal, until: performance.now() + SECURITY.tokens.cacheMs });
    return principal;
  }

  private forgetUser(userId: string): void {
    for (const [k, v] of this.recent) if (v.principal.user.id === userId) this.recent.delete(k);
  }

  /** The principal behind a session cookie; an expired or unknown session is refused. */
  async fromSession(sessionId: string): Promise<Principal> {
    const idHash = sha256(sessionId);
    const now = this.clock();
    const s = await this.store.accounts.getSession(idHash);
    if (!s) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'no session: sign in');
    if (s.expiresAt <= now.toISOString()) {
      await this.store.accounts.deleteSessions({ idHash: s.idHash });
      throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'the session has expired: sign in again');
    }
    const user = await this.store.accounts.getUser(s.userId);
    if (!user || user.disabled) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'no session: sign in');
    // Sliding expiry, written at most once a minute so that reads stay reads.
    let session = s;
    if (now.getTime() - Date.parse(s.lastSeenAt) > 60_000) {
      session = { ...s, lastSeenAt: now.toISOString(), expiresAt: this.expiry(new Date(s.createdAt), now) };
      await this.store.accounts.putSession(session);
    }
    return { user, via: 'session', session };
  }

  /** Ends a session; the sign-out is audited like the sign-in. */
  async logout(sessionId: string): Promise<void> {
    const s = await this.store.accounts.getSession(sha256(sessionId));
    await this.store.accounts.deleteSessions({ idHash: sha256(sessionId) });
    const user = s && (await this.store.accounts.getUser(s.userId));
    if (user) await this.store.appendAudit(this.audit(actorFor(user), 'auth.logout', user.username));
  }

  /** True when the header carries this session's CSRF token (compared in constant time). */
  csrfMatches(principal: Principal, header: string | undefined): boolean {
    const want = Buffer.from(principal.session?.csrfToken ?? '');
    const got = Buffer.from(header ?? '');
    return want.length > 0 && want.length === got.length && timingSafeEqual(want, got);
  }

  async createToken(principal: Principal, raw: unknown): Promise<{ token: string; record: Omit<TokenRecord, 'tokenHash'> }> {
    const input = NewTokenInput.parse(raw);
    const token = `${SECURITY.tokens.prefix}${secret()}`;
    const record: TokenRecord = { id: randomUUID(), userId: principal.user.id, name: input.name, tokenHash: sha256(token), scopes: input.scopes, createdAt: this.clock().toISOString() };
    await this.store.accounts.saveToken(record, this.audit(actorFor(principal.user), 'token.create', record.id, { name: record.name, scopes: record.scopes }));
    const { tokenHash: _, ...shown } = record;
    return { token, record: shown };
  }

  /** One's own digest choice. */
  async setDigest(principal: Principal, digest: DigestChoice): Promise<PublicUser> {
    const u = principal.user;
    const next = { ...u, digest: z.enum(DIGEST_CHOICES).parse(digest), updatedAt: this.clock().toISOString() };
    this.forgetUser(u.id);
    await this.store.accounts.saveUser(next, this.audit(actorFor(u), 'user.digest', u.username, { digest: next.digest }));
    return publicUser(next);
  }

  /**
   * A new secret calendar-feed token for the caller; any earlier one stops working, so a feed
   * address that leaked is replaced by asking for a new one.
   */
  async newCalendarFeed(principal: Principal): Promise<{ token: string; record: Omit<TokenRecord, 'tokenHash'> }> {
    for (const t of await this.store.accounts.listTokens(principal.user.id)) {
      if (!t.revokedAt && t.scopes.includes(CALENDAR_SCOPE)) await this.revokeToken(principal, t.id);
    }
    return this.createToken(principal, { name: 'calendar feed', scopes: [CALENDAR_SCOPE] });
  }

  async listTokens(principal: Principal): Promise<Omit<TokenRecord, 'tokenHash'>[]> {
    return (await this.store.accounts.listTokens(principal.user.id)).map(({ tokenHash: _, ...t }) => t);
  }

  async revokeToken(principal: Principal, id: string): Promise<void> {
    const t = (await this.store.accounts.listTokens(principal.user.id)).find((x) => x.id === id);
    if (!t) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no token "${id}"`);
    if (t.revokedAt) return;
    this.recent.delete(`t:${t.tokenHash}`);
    await this.store.accounts.saveToken({ ...t, revokedAt: this.clock().toISOString() }, this.audit(actorFor(principal.user), 'token.revoke', t.id, { name: t.name }));
  }

  /** The principal behind a bearer token; a revoked token or a disabled user is refused. */
  async fromToken(token: string): Promise<Principal> {
    const tokenHash = sha256(token);
    const known = this.remembered(`t:${tokenHash}`);
    if (known) return known;
    const t = await this.store.accounts.tokenByHash(tokenHash);
    if (!t || t.revokedAt) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'the token is not valid (unknown or revoked)');
    const user = await this.store.accounts.getUser(t.userId);
    if (!user || user.disabled) throw new BulwarkError('BWK_ERR_UNAUTHENTICATED', 'the token is not valid (unknown or revoked)');
    const now = this.clock();
    if (!t.lastUsedAt || now.getTime() - Date.parse(t.lastUsedAt) > 60_000) await this.store.accounts.touchToken(t.id, now.toISOString());
    return this.remember(`t:${tokenHash}`, { user, via: 'token', token: t });
  }
}

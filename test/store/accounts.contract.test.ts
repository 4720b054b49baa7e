import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, UserRecord } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const audit = { actor: 'test', officeId: 'office-a', action: 'user.create', subject: 'u', detail: {} };
const user: UserRecord = {
  id: 'u1', username: 'olga', displayName: 'Olga Petrova', email: 'olga@example.org', role: 'security_officer', officeId: 'security', offices: ['office-a', 'office-b'],
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$x$y', mustChangePassword: true, disabled: false, digest: 'weekly', createdAt: '2026-11-30T09:00:00.000Z', updatedAt: '2026-11-30T09:00:00.000Z',
};

describe.each(STORES)('account store contract: $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    if (!factory.available) return;
    ({ store, dispose } = await factory.make());
  });
  afterAll(async () => dispose?.());
  const maybe = factory.available ? it : it.skip;

  maybe('users round-trip, update in place, and are audited in the same transaction', async () => {
    expect(await store.accounts.countUsers()).toBe(0);
    await store.accounts.saveUser(user, audit);
    expect(await store.accounts.getUser('u1')).toEqual(user);
    expect(await store.accounts.userByName('olga')).toEqual(user);
    const { email: _, ...noEmail } = user;
    await store.accounts.saveUser({ ...noEmail, disabled: true, offices: [], digest: 'off', updatedAt: '2026-11-30T10:00:00.000Z' }, { ...audit, action: 'user.update' });
    expect(await store.accounts.getUser('u1')).toEqual({ ...noEmail, disabled: true, offices: [], digest: 'off', updatedAt: '2026-11-30T10:00:00.000Z' });
    expect(await store.accounts.countUsers()).toBe(1);
    expect((await store.listAudit()).map((e) => e.action)).toEqual(['user.create', 'user.update']);
  });

  maybe('sessions are inserted, refreshed and ended by id or by user', async () => {
    const s = { idHash: 'h1', userId: 'u1', csrfToken: 'c1', createdAt: '2026-11-30T09:00:00.000Z', expiresAt: '2026-11-30T10:00:00.000Z', lastSeenAt: '2026-11-30T09:00:00.000Z' };
    await store.accounts.putSession(s);
    await store.accounts.putSession({ ...s, idHash: 'h2' });
    await store.accounts.putSession({ ...s, expiresAt: '2026-11-30T11:00:00.000Z', lastSeenAt: '2026-11-30T10:00:00.000Z', csrfToken: 'ignored' });
    expect(await store.accounts.getSession('h1')).toEqual({ ...s, expiresAt: '2026-11-30T11:00:00.000Z', lastSeenAt: '2026-11-30T10:00:00.000Z' });
    await store.accounts.deleteSessions({ idHash: 'h1' });
    expect(await store.accounts.getSession('h1')).toBeNull();
    await store.accounts.deleteSessions({ userId: 'u1' });
    expect(await store.accounts.getSession('h2')).toBeNull();
  });

  maybe('tokens are found by hash, listed, touched and revoked', async () => {
    const t = { id: 't1', userId: 'u1', name: 'nightly', tokenHash: 'th', scopes: ['read', 'screen'], createdAt: '2026-11-30T09:00:00.000Z' };
    await store.accounts.saveToken(t, { ...audit, action: 'token.create' });
    await store.accounts.touchToken('t1', '2026-11-30T09:30:00.000Z');
    expect(await store.accounts.tokenByHash('th')).toEqual({ ...t, lastUsedAt: '2026-11-30T09:30:00.000Z' });
    await store.accounts.saveToken({ ...t, revokedAt: '2026-11-30T09:40:00.000Z' }, { ...audit, action: 'token.revoke' });
    expect((await store.accounts.listTokens('u1'))[0].revokedAt).toBe('2026-11-30T09:40:00.000Z');
  });

  maybe('login failures count within a window and clear per key', async () => {
    expect(await store.accounts.addLoginFailure('user:olga', '2026-11-30T09:00:00.000Z', '2026-11-30T08:50:00.000Z')).toBe(1);
    expect(await store.accounts.addLoginFailure('user:olga', '2026-11-30T09:20:00.000Z', '2026-11-30T09:05:00.000Z')).toBe(1);
    expect(await store.accounts.countLoginFailures('user:olga', '2026-11-30T08:00:00.000Z')).toBe(2);
    await store.accounts.clearLoginFailures('user:olga');
    expect(await store.accounts.countLoginFailures('user:olga', '2026-11-30T08:00:00.000Z')).toBe(0);
  });

  maybe('a digest round is claimed once per user, and a claim given back can be taken again', async () => {
    expect(await store.accounts.claimDigest('daily:2026-11-30', 'u1', '2026-11-30T07:00:00.000Z')).toBe(true);
    expect(await store.accounts.claimDigest('daily:2026-11-30', 'u1', '2026-11-30T07:05:00.000Z')).toBe(false);
    expect(await store.accounts.claimDigest('daily:2026-11-30', 'u2', '2026-11-30T07:05:00.000Z')).toBe(true);
    expect(await store.accounts.claimDigest('daily:2026-12-01', 'u1', '2026-12-01T07:00:00.000Z')).toBe(true);
    await store.accounts.releaseDigest('daily:2026-11-30', 'u1');
    expect(await store.accounts.claimDigest('daily:2026-11-30', 'u1', '2026-11-30T08:00:00.000Z')).toBe(true);
  });
});

import type { DigestChoice } from '../domain/reminders.js';
import type { SessionRecord, TokenRecord, UserRecord } from './types.js';

/** Row shapes and mapping for the account tables, shared by both adapters. */
export interface UserRow {
  id: string; username: string; display_name: string; email: string | null; role: string; office_id: string; offices: string; password_hash: string;
  must_change_password: number | boolean; disabled: number | boolean; digest: string; created_at: string; updated_at: string;
}
export interface SessionRow { id_hash: string; user_id: string; csrf_token: string; created_at: string; expires_at: string; last_seen_at: string }
export interface TokenRow { id: string; user_id: string; name: string; token_hash: string; scopes: string; created_at: string; last_used_at: string | null; revoked_at: string | null }

export const USER_COLUMNS = 'id, username, display_name, email, role, office_id, offices, password_hash, must_change_password, disabled, digest, created_at, updated_at';
export const userParams = (u: UserRecord) => [u.id, u.username, u.displayName, u.email ?? null, u.role, u.officeId, JSON.stringify(u.offices), u.passwordHash, u.mustChangePassword ? 1 : 0, u.disabled ? 1 : 0, u.digest, u.createdAt, u.updatedAt];
export const USER_UPSERT_SET = 'username = excluded.username, display_name = excluded.display_name, email = excluded.email, role = excluded.role, office_id = excluded.office_id, offices = excluded.offices, password_hash = excluded.password_hash, must_change_password = excluded.must_change_password, disabled = excluded.disabled, digest = excluded.digest, updated_at = excluded.updated_at';
export const rowUser = (r: UserRow): UserRecord => ({
  id: r.id, username: r.username, displayName: r.display_name, ...(r.email ? { email: r.email } : {}), role: r.role, officeId: r.office_id, offices: JSON.parse(r.offices), passwordHash: r.password_hash,
  mustChangePassword: Boolean(Number(r.must_change_password)), disabled: Boolean(Number(r.disabled)), digest: r.digest as DigestChoice, createdAt: r.created_at, updatedAt: r.updated_at,
});

export const SESSION_COLUMNS = 'id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at';
export const sessionParams = (s: SessionRecord) => [s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt, s.lastSeenAt];
export const rowSession = (r: SessionRow): SessionRecord => ({ idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at, lastSeenAt: r.last_seen_at });

export const TOKEN_COLUMNS = 'id, user_id, name, token_hash, scopes, created_at, last_used_at, revoked_at';
export const tokenParams = (t: TokenRecord) => [t.id, t.userId, t.name, t.tokenHash, JSON.stringify(t.scopes), t.createdAt, t.lastUsedAt ?? null, t.revokedAt ?? null];
export const rowToken = (r: TokenRow): TokenRecord => ({
  id: r.id, userId: r.user_id, name: r.name, tokenHash: r.token_hash, scopes: JSON.parse(r.scopes), createdAt: r.created_at,
  ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}), ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
});

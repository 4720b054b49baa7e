import type Database from 'better-sqlite3';
import {
  rowSession, rowToken, rowUser, SESSION_COLUMNS, sessionParams, TOKEN_COLUMNS, tokenParams, USER_COLUMNS, USER_UPSERT_SET, userParams,
  type SessionRow, type TokenRow, type UserRow,
} from './account-rows.js';
import type { AccountStore, AuditEntry, AuditInput, SessionRecord, TokenRecord, UserRecord } from './types.js';

/**
 * The account tables on SQLite; `audit` appends inside the caller's transaction, and `write` runs
 * a write transaction in the store's queue (so it never joins another caller's open transaction).
 */
export class SqliteAccounts implements AccountStore {
  constructor(
    private readonly db: Database.Database,
    /** Appends an audit entry in the open transaction, with the hash of the record it covers as now written. */
    private readonly audit: (e: AuditInput, covers?: { table: string; id: string }) => AuditEntry,
    private readonly write: <T>(fn: () => T) => Promise<T>,
  ) {}

  async countUsers(): Promise<number> {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n);
  }

  async saveUser(u: UserRecord, audit: AuditInput): Promise<void> {
    await this.write(() => {
      this.db.prepare(`INSERT INTO users (${USER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ${USER_UPSERT_SET}`).run(...userParams(u));
      this.audit(audit, { table: 'users', id: u.id });
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const r = this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
    return r ? rowUser(r) : null;
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const r = this.db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`).get(username) as UserRow | undefined;
    return r ? rowUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (this.db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`).all() as UserRow[]).map(rowUser);
  }

  async putSession(s: SessionRecord): Promise<void> {
    await this.write(() => this.db
      .prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET expires_at = excluded.expires_at, last_seen_at = excluded.last_seen_at`)
      .run(...sessionParams(s)));
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    const r = this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = ?`).get(idHash) as SessionRow | undefined;
    return r ? rowSession(r) : null;
  }

  async deleteSessions(where: { idHash: string } | { userId: string }): Promise<void> {
    await this.write(() =>
      'idHash' in where ? this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(where.idHash) : this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(where.userId),
    );
  }

  async saveToken(t: TokenRecord, audit: AuditInput): Promise<void> {
    await this.write(() => {
      this.db
        .prepare(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, scopes = excluded.scopes, revoked_at = excluded.revoked_at`)
        .run(...tokenParams(t));
      this.audit(audit, { table: 'api_tokens', id: t.id });
    });
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const r = this.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?`).get(tokenHash) as TokenRow | undefined;
    return r ? rowToken(r) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    return (this.db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = ? ORDER BY created_at, id`).all(userId) as TokenRow[]).map(rowToken);
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.write(() => this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id));
  }

  async addLoginFailure(key: string, at: string, since: string): Promise<number> {
    return this.write(() => {
      this.db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)').run(key, at);
      return this.failuresSince(key, since);
    });
  }

  async countLoginFailures(key: string, since: string): Promise<number> {
    return this.failuresSince(key, since);
  }

  private failuresSince(key: string, since: string): number {
    return Number((this.db.prepare('SELECT COUNT(*) AS n FROM login_failures WHERE key = ? AND at >= ?').get(key, since) as { n: number }).n);
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.write(() => this.db.prepare('DELETE FROM login_failures WHERE key = ?').run(key));
  }

  async claimDigest(round: string, userId: string, at: string): Promise<boolean> {
    return this.write(() => this.db.prepare('INSERT INTO digest_rounds (round, user_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(round, userId, at).changes === 1);
  }

  async releaseDigest(round: string, userId: string): Promise<void> {
    await this.write(() => this.db.prepare('DELETE FROM digest_rounds WHERE round = ? AND user_id = ?').run(round, userId));
  }
}

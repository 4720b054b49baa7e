import type pg from 'pg';
import {
  rowSession, rowToken, rowUser, SESSION_COLUMNS, sessionParams, TOKEN_COLUMNS, tokenParams, USER_COLUMNS, USER_UPSERT_SET, userParams,
  type SessionRow, type TokenRow, type UserRow,
} from './account-rows.js';
import type { AccountStore, AuditEntry, AuditInput, SessionRecord, TokenRecord, UserRecord } from './types.js';

type Tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;
const params = (n: number) => Array.from({ length: n }, (_, i) => `$${i + 1}`).join(', ');

/** The account tables on PostgreSQL; `audit` appends inside the caller's transaction. */
export class PostgresAccounts implements AccountStore {
  constructor(
    private readonly tx: Tx,
    /** Appends an audit entry in the transaction, with the hash of the record it covers as now written. */
    private readonly audit: (c: pg.PoolClient, e: AuditInput, covers?: { table: string; id: string }) => Promise<AuditEntry>,
  ) {}

  private async q<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return this.tx(async (c) => (await c.query<R>(sql, values)).rows);
  }

  async countUsers(): Promise<number> {
    return Number((await this.q<{ n: string }>('SELECT COUNT(*) AS n FROM users'))[0].n);
  }

  async saveUser(u: UserRecord, audit: AuditInput): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO users (${USER_COLUMNS}) VALUES (${params(13)}) ON CONFLICT (id) DO UPDATE SET ${USER_UPSERT_SET}`, userParams(u));
      await this.audit(c, audit, { table: 'users', id: u.id });
    });
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const [r] = await this.q<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r ? rowUser(r) : null;
  }

  async userByName(username: string): Promise<UserRecord | null> {
    const [r] = await this.q<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [username]);
    return r ? rowUser(r) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return (await this.q<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username COLLATE "C"`)).map(rowUser);
  }

  async putSession(s: SessionRecord): Promise<void> {
    await this.q(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${params(6)}) ON CONFLICT (id_hash) DO UPDATE SET expires_at = excluded.expires_at, last_seen_at = excluded.last_seen_at`, sessionParams(s));
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    const [r] = await this.q<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = $1`, [idHash]);
    return r ? rowSession(r) : null;
  }

  async deleteSessions(where: { idHash: string } | { userId: string }): Promise<void> {
    if ('idHash' in where) await this.q('DELETE FROM sessions WHERE id_hash = $1', [where.idHash]);
    else await this.q('DELETE FROM sessions WHERE user_id = $1', [where.userId]);
  }

  async saveToken(t: TokenRecord, audit: AuditInput): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO api_tokens (${TOKEN_COLUMNS}) VALUES (${params(8)}) ON CONFLICT (id) DO UPDATE SET name = excluded.name, scopes = excluded.scopes, revoked_at = excluded.revoked_at`, tokenParams(t));
      await this.audit(c, audit, { table: 'api_tokens', id: t.id });
    });
  }

  async tokenByHash(tokenHash: string): Promise<TokenRecord | null> {
    const [r] = await this.q<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1`, [tokenHash]);
    return r ? rowToken(r) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    return (await this.q<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at, id COLLATE "C"`, [userId])).map(rowToken);
  }

  async touchToken(id: string, at: string): Promise<void> {
    await this.q('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [at, id]);
  }

  async addLoginFailure(key: string, at: string, since: string): Promise<number> {
    return this.tx(async (c) => {
      await c.query('INSERT INTO login_failures (key, at) VALUES ($1, $2)', [key, at]);
      return Number((await c.query<{ n: string }>('SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2', [key, since])).rows[0].n);
    });
  }

  async countLoginFailures(key: string, since: string): Promise<number> {
    return Number((await this.q<{ n: string }>('SELECT COUNT(*) AS n FROM login_failures WHERE key = $1 AND at >= $2', [key, since]))[0].n);
  }

  async clearLoginFailures(key: string): Promise<void> {
    await this.q('DELETE FROM login_failures WHERE key = $1', [key]);
  }

  async claimDigest(round: string, userId: string, at: string): Promise<boolean> {
    return this.tx(async (c) => (await c.query('INSERT INTO digest_rounds (round, user_id, claimed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [round, userId, at])).rowCount === 1);
  }

  async releaseDigest(round: string, userId: string): Promise<void> {
    await this.q('DELETE FROM digest_rounds WHERE round = $1 AND user_id = $2', [round, userId]);
  }
}

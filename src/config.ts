import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * All runtime configuration, parsed once from BULWARK_* variables.
 * This is the only module that reads process.env.
 */
const ConfigSchema = z.object({
  BULWARK_DB: z.string().default('./var/bulwark.db'),
  BULWARK_DATABASE_URL: z.string().optional(),
  BULWARK_STORE: z.enum(['sqlite', 'postgres']).optional(),
  BULWARK_LISTS_DIR: z.string().optional(),
  BULWARK_LIST_SOURCES: z.string().optional(),
  BULWARK_ACTOR: z.string().default('local-admin'),
  BULWARK_OFFICE: z.string().default('default'),
  BULWARK_AUDIT_KEY: z.string().min(16, 'BULWARK_AUDIT_KEY must be at least 16 characters').optional(),
  BULWARK_AUDIT_CHECKPOINT: z.string().optional(),
  BULWARK_LIST_MAX_LOSS: z.coerce.number().min(0).max(1).optional(),
  BULWARK_PG_TEST_URL: z.string().default('postgres://postgres@127.0.0.1:5432/test'),
  BULWARK_REQUIRE_PG: z.string().optional(),
  /** Mail for reminder digests: smtp://user:password@host:587 or smtps://…:465; unset means no email. */
  BULWARK_SMTP_URL: z.string().url().optional(),
  BULWARK_MAIL_FROM: z.string().default('Bulwark <bulwark@localhost>'),
  /** The address people reach Bulwark at, for links in mail and calendar feed addresses. */
  BULWARK_PUBLIC_URL: z.string().url().optional(),
  /** The London hour (0–23) from which the day's reminder digests are sent. */
  BULWARK_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  CI: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  BULWARK_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BULWARK_LIST_RECHECK_MS: z.coerce.number().int().min(0).default(2000),
  BULWARK_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  BULWARK_TRUST_PROXY: z.string().optional(),
  BULWARK_TOKEN: z.string().optional(),
  BULWARK_SESSION_FILE: z.string().optional(),
  BULWARK_URL: z.string().optional(),
});

export interface Config {
  /** Which store adapter to open. */
  store: 'sqlite' | 'postgres';
  sqlitePath: string;
  databaseUrl?: string;
  /** Folder holding the bundled list files (defaults to the repository's data/lists). */
  listsDir?: string;
  /** Override for the list-source manifest used by `lists update`. */
  listSourcesFile?: string;
  actor: { userId: string; officeId: string };
  /** Secret that signs the audit checkpoint; without it the checkpoint is a plain file. */
  auditKey?: string;
  /** The audit checkpoint file (SQLite: beside the store; PostgreSQL: ./var/postgres.audit-head). */
  auditCheckpoint: string;
  /** Share of a list's entries an import may remove without a reason (0.1 = 10%); the importer's default when unset. */
  listMaxLoss?: number;
  pgTestUrl: string;
  /** True in CI or when asked: PostgreSQL contract tests must not be skipped. */
  requirePostgres: boolean;
  /** Outgoing mail for reminder digests, when configured. */
  mail?: { smtpUrl: string; from: string };
  publicUrl?: string;
  /** The London hour from which reminder digests go out (daily; weekly on Mondays). */
  digestHour: number;
  server: {
    port: number;
    host: string;
    logLevel: string;
    /** How often a server checks for list versions imported by another process. */
    listRecheckMs: number;
    /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers (cookies then get Secure). */
    trustProxy: boolean;
    /** Server processes sharing the port (one per core uses every core; each holds its own index). */
    workers: number;
  };
  /** How the command line signs in: an API token, or the session saved by `bulwark login`. */
  cli: { token?: string; sessionFile: string; url?: string };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const e = ConfigSchema.parse(env);
  const store = e.BULWARK_STORE ?? (e.BULWARK_DATABASE_URL ? 'postgres' : 'sqlite');
  return {
    store,
    sqlitePath: e.BULWARK_DB,
    databaseUrl: e.BULWARK_DATABASE_URL,
    listsDir: e.BULWARK_LISTS_DIR,
    listSourcesFile: e.BULWARK_LIST_SOURCES,
    actor: { userId: e.BULWARK_ACTOR, officeId: e.BULWARK_OFFICE },
    auditKey: e.BULWARK_AUDIT_KEY,
    auditCheckpoint: e.BULWARK_AUDIT_CHECKPOINT ?? (store === 'sqlite' ? `${e.BULWARK_DB}.audit-head` : './var/postgres.audit-head'),
    listMaxLoss: e.BULWARK_LIST_MAX_LOSS,
    pgTestUrl: e.BULWARK_PG_TEST_URL,
    requirePostgres: Boolean(e.CI) || e.BULWARK_REQUIRE_PG === '1',
    ...(e.BULWARK_SMTP_URL ? { mail: { smtpUrl: e.BULWARK_SMTP_URL, from: e.BULWARK_MAIL_FROM } } : {}),
    ...(e.BULWARK_PUBLIC_URL ? { publicUrl: e.BULWARK_PUBLIC_URL.replace(/\/+$/, '') } : {}),
    digestHour: e.BULWARK_DIGEST_HOUR,
    server: { port: e.PORT, host: e.HOST, logLevel: e.BULWARK_LOG_LEVEL, listRecheckMs: e.BULWARK_LIST_RECHECK_MS, trustProxy: e.BULWARK_TRUST_PROXY === '1', workers: e.BULWARK_WORKERS },
    cli: { ...(e.BULWARK_TOKEN ? { token: e.BULWARK_TOKEN } : {}), sessionFile: e.BULWARK_SESSION_FILE ?? join(dirname(e.BULWARK_DB), 'cli-session.json'), ...(e.BULWARK_URL ? { url: e.BULWARK_URL } : {}) },
  };
}

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { BulwarkError } from '../errors.js';
import { guardStore } from './faults.js';
import { openStore } from './open.js';
import { PostgresStore } from './postgres.js';
import { SqliteStore } from './sqlite.js';
import type { AuditInput, Store } from './types.js';

/** What a backup held when it was taken, written beside it so a restore can prove it got all of it. */
export interface BackupManifest {
  kind: 'sqlite' | 'postgres';
  createdAt: string;
  /** Rows per table in the backup. */
  counts: Record<string, number>;
  /** The audit chain's head in the backup. */
  auditHead: { seq: number; hash: string } | null;
}

export const manifestPath = (file: string) => `${file}.manifest.json`;

const storeFail = (detail: string) => new BulwarkError('BWK_ERR_STORE', detail);

/** Opens a store that is being checked (a backup, or a restore in progress), without touching any checkpoint. */
function unchecked(config: Config, where: string): Store {
  return guardStore<Store>(
    config.store === 'postgres' ? new PostgresStore(where, undefined, { auditCheckpoint: false }) : new SqliteStore(where, { auditCheckpoint: false }),
    config.store === 'postgres' ? 'the PostgreSQL store being restored' : where,
  );
}

async function snapshotOf(store: Store): Promise<Pick<BackupManifest, 'counts' | 'auditHead'>> {
  const report = await store.verifyAudit();
  if (!report.ok) throw storeFail(`the store does not verify, so no trustworthy backup can be taken: ${report.problems[0]}; run \`bulwark audit verify\``);
  const last = (await store.listAudit()).at(-1);
  return { counts: await store.tableCounts(), auditHead: last ? { seq: last.seq, hash: last.hash } : null };
}

/**
 * Takes a consistent copy of the live store while it keeps working: SQLite's online backup API,
 * or pg_dump of one exported snapshot (the counts are read in the same snapshot). The copy is
 * checked (counts, audit chain and records) before it is given its final name.
 */
export async function backupStore(config: Config, store: Store, file: string): Promise<BackupManifest> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  let snap: Pick<BackupManifest, 'counts' | 'auditHead'>;
  if (store.kind === 'sqlite') {
    await (store as SqliteStore).backup(partial);
    const copy = unchecked(config, partial);
    try {
      snap = await snapshotOf(copy);
    } finally {
      await copy.close();
    }
  } else {
    snap = await pgDump(config.databaseUrl!, partial);
  }
  chmodSync(partial, 0o600);
  const manifest: BackupManifest = { kind: store.kind, createdAt: new Date().toISOString(), ...snap };
  writeFileSync(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
  return manifest;
}

async function pgDump(url: string, to: string): Promise<Pick<BackupManifest, 'counts' | 'auditHead'>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await c.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0].s;
    const tables = (await c.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")).rows;
    const counts: Record<string, number> = {};
    for (const { t } of tables) counts[t] = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${t}`)).rows[0].n);
    const head = (await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')).rows[0];
    const r = spawnSync('pg_dump', ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--file=${to}`, url], { encoding: 'utf8' });
    if (r.error) throw storeFail(`pg_dump could not be run (${r.error.message}); install the PostgreSQL client tools of the server's version`);
    if (r.status !== 0) throw storeFail(`pg_dump failed: ${r.stderr.trim().split('\n')[0]}`);
    await c.query('COMMIT');
    return { counts, auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null };
  } finally {
    await c.end();
  }
}

/** True when the store holds no rows at all (a store opened once and never used counts as empty). */
async function isEmpty(store: Store): Promise<boolean> {
  const counts = await store.tableCounts();
  return Object.entries(counts).every(([t, n]) => t === 'schema_migrations' || n === 0);
}

/**
 * Restores a backup into an empty store and proves it whole: every table's count equals the
 * backup's manifest, the audit chain and records verify, and the chain ends at the recorded head.
 * The restore is then recorded in the audit trail, which writes the new checkpoint.
 */
export async function restoreStore(config: Config, file: string, audit: Omit<AuditInput, 'action' | 'subject' | 'detail'>): Promise<BackupManifest> {
  if (!existsSync(file) || !existsSync(manifestPath(file))) throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', `a backup needs its file and ${manifestPath(file)} beside it`, { file });
  const manifest = JSON.parse(readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
  if (manifest.kind !== config.store) throw new BulwarkError('BWK_ERR_INPUT', `this is a ${manifest.kind} backup; the configured store is ${config.store}`, { file });
  const target = config.store === 'sqlite' ? config.sqlitePath : config.databaseUrl!;
  const probe = unchecked(config, target);
  try {
    if (!(await isEmpty(probe))) throw new BulwarkError('BWK_ERR_INPUT', 'restore only goes into an empty store, and this one holds data: point BULWARK_DB or BULWARK_DATABASE_URL at a new store');
  } finally {
    await probe.close();
  }
  if (config.store === 'sqlite') {
    for (const f of [target, `${target}-wal`, `${target}-shm`]) rmSync(f, { force: true });
    copyFileSync(file, target);
    chmodSync(target, 0o600);
  } else {
    const r = spawnSync('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--clean', '--if-exists', `--dbname=${target}`, file], { encoding: 'utf8' });
    if (r.error) throw storeFail(`pg_restore could not be run (${r.error.message}); install the PostgreSQL client tools`);
    if (r.status !== 0) throw storeFail(`pg_restore failed: ${r.stderr.trim().split('\n')[0]}`);
  }
  const restored = unchecked(config, target);
  try {
    const snap = await snapshotOf(restored);
    const differ = Object.keys(manifest.counts).filter((t) => manifest.counts[t] !== snap.counts[t]);
    if (differ.length) throw storeFail(`the restored store differs from the backup in ${differ.map((t) => `${t} (${snap.counts[t] ?? 0} rows, the backup had ${manifest.counts[t]})`).join(', ')}`);
    if (JSON.stringify(snap.auditHead) !== JSON.stringify(manifest.auditHead)) throw storeFail('the restored audit trail does not end where the backup\'s did');
  } finally {
    await restored.close();
  }
  // A new store: an old checkpoint beside it belongs to another chain. The restore entry writes the new one.
  rmSync(config.auditCheckpoint, { force: true });
  const live = await openStore(config);
  try {
    await live.appendAudit({ ...audit, action: 'store.restore', subject: basename(file), detail: { takenAt: manifest.createdAt, auditHead: manifest.auditHead, counts: manifest.counts } });
  } finally {
    await live.close();
  }
  return manifest;
}

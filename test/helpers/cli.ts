import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { PG_AVAILABLE } from './stores.js';

export const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the real CLI in its own process with only the given BULWARK_* settings. */
export function bulwarkAsync(env: Record<string, string>, args: string[], opts: { killAfterMs?: number; killWhen?: Promise<unknown> } = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BULWARK_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
    void opts.killWhen?.then(() => child.kill('SIGKILL'));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}

/** A fresh PostgreSQL database for processes that use the public schema; drop() removes it. */
export async function scratchDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = loadConfig().pgTestUrl;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  return {
    url: admin.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/**
 * The two stores as separate CLI processes see them: a fresh SQLite file, or a fresh PostgreSQL
 * database with its checkpoint in a temporary folder. `cleanup()` drops the databases made.
 */
export function cliTargets(prefix: string) {
  const drops: (() => Promise<void>)[] = [];
  return {
    targets: [
      { name: 'sqlite', available: true, env: async (): Promise<Record<string, string>> => ({ BULWARK_DB: join(mkdtempSync(join(tmpdir(), `bwk-${prefix}-`)), 'b.db') }) },
      {
        name: 'postgres',
        available: PG_AVAILABLE,
        env: async (): Promise<Record<string, string>> => {
          const db = await scratchDatabase(`bwk_${prefix}_${process.pid}_${Math.floor(Math.random() * 1e6)}`);
          drops.push(db.drop);
          return { BULWARK_DATABASE_URL: db.url, BULWARK_AUDIT_CHECKPOINT: join(mkdtempSync(join(tmpdir(), `bwk-${prefix}-`)), 'pg.audit-head') };
        },
      },
    ],
    cleanup: async () => {
      for (const d of drops) await d();
    },
  };
}

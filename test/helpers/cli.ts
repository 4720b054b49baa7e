import { spawn } from 'node:child_process';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';

export const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the real CLI in its own process with only the given BULWARK_* settings. */
export function bulwarkAsync(env: Record<string, string>, args: string[], opts: { killAfterMs?: number } = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BULWARK_')));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...base, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : undefined;
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

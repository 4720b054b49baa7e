import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FILE } from '../../src/services/screening.js';
import { bulwarkAsync } from '../helpers/cli.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const children = (pid: number) => spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
const alive = (pid: number) => existsSync(`/proc/${pid}`);
async function post(base: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  // Bodies are checked field by field below.
  return { status: res.status, body: (await res.json()) as any, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

describe('serve with BULWARK_WORKERS=2 (node:cluster) on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bwk-workers-'));
  const env = { BULWARK_DB: join(dir, 'bulwark.db'), BULWARK_WORKERS: '2' };
  let server: ServerProcess;
  let workers: number[];
  beforeAll(async () => {
    server = await startServerProcess(env, 240_000);
    workers = children(server.proc.pid!);
  }, 240_000);
  afterAll(async () => {
    if (server?.proc.exitCode === null) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two processes answer on one port, with the index saved beside the store', async () => {
    expect(workers).toHaveLength(2);
    expect(existsSync(join(dir, INDEX_FILE))).toBe(true);
    const login = await post(server.url, '/api/auth/login', { username: 'admin', password: server.adminPassword });
    const auth = { cookie: login.cookie!, 'x-csrf-token': String(login.body.csrfToken) };
    expect((await post(server.url, '/api/auth/password', { current: server.adminPassword, next: 'the workers test passphrase' }, auth)).status).toBe(200);
    // Connections are shared out between the processes; every answer is the same.
    for (let i = 0; i < 6; i++) {
      const r = await post(server.url, '/api/screen', { name: 'Igor Girkin', dob: '1970' }, auth);
      expect(r.status).toBe(200);
      expect(r.body.hits[0]).toMatchObject({ caption: expect.stringMatching(/GIRKIN/i), level: 'match' });
    }
  });

  it('SIGTERM stops the first process and both server processes cleanly', async () => {
    expect(await server.stop()).toBe(0);
    for (const pid of workers) expect(alive(pid), `process ${pid} still running`).toBe(false);
  }, 60_000);

  it('a server process that cannot listen stops the whole server with an error instead of leaving it waiting', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = await bulwarkAsync({ ...env, BULWARK_LOG_LEVEL: 'warn' }, ['serve', '--port', String(port)], { killAfterMs: 90_000 });
      expect(run.signal).toBeNull();
      expect(run.code).not.toBe(0);
      expect(run.err).toMatch(/EADDRINUSE/);
      expect(run.err).toMatch(/a server process stopped before it was listening/);
    } finally {
      taken.close();
    }
  }, 120_000);
});

/**
 * API benchmark: real `bulwark serve` processes on SQLite, on PostgreSQL, and two processes on one
 * PostgreSQL database, loaded with autocannon over loopback. Measures POST /match (32 connections),
 * single-name POST /api/screen latency, password guessing against the designed limit, server memory,
 * and a cold `bulwark screen` from the command line. Prints and writes bench/results/api.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { SECURITY } from '../src/domain/security.js';
import { parseList } from '../src/ingest/importer.js';
import { BUNDLED_LISTS_DIR } from '../src/ingest/importer.js';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.js';
import { percentile, round, writeResult } from './util.js';

const BIN = new URL('../bin/bulwark.js', import.meta.url).pathname;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PASSWORD = 'the benchmark administrator passphrase';

// Names to ask about: every 10th listed person on the UN list, as the list writes them.
const NAMES = (await parseList('un-xml', { path: join(BUNDLED_LISTS_DIR, 'un/consolidated.xml'), dataset: 'un-sc' })).entities.filter((_, i) => i % 10 === 0).map((e) => e.caption);

async function json(url: string, init: RequestInit): Promise<{ status: number; body: Record<string, unknown>; cookie?: string }> {
  const res = await fetch(url, init);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, ...(cookie ? { cookie } : {}) };
}

/** Signs in as the first administrator, sets a password, and makes a screening token. */
async function token(server: ServerProcess): Promise<string> {
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => json(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const login = await post('/api/auth/login', { username: 'admin', password: server.adminPassword });
  const auth = { cookie: login.cookie!, 'x-csrf-token': String(login.body.csrfToken) };
  await post('/api/auth/password', { current: server.adminPassword, next: PASSWORD }, auth);
  const t = await post('/api/tokens', { name: 'bench', scopes: ['screen', 'read', 'write'] }, auth);
  return String(t.body.token);
}

function load(urls: string[], path: string, connections: number, seconds: number, tok: string, body: (i: number) => unknown) {
  return Promise.all(
    urls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          let i = 0;
          autocannon(
            {
              url: `${url}${path}`, connections: Math.max(1, Math.round(connections / urls.length)), duration: seconds, method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
              requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(body(i++)) }) }],
            },
            (err, r) => (err ? reject(err) : resolve(r)),
          );
        }),
    ),
  );
}

function summarise(results: autocannon.Result[]) {
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = Math.max(...results.map((r) => r.duration));
  return {
    requestsPerSecond: Math.round(total / seconds),
    requests: total,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    latencyMs: { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)), max: Math.max(...results.map((r) => r.latency.max)) },
  };
}

/** Sequential single-name screens, timed one by one in this process (microsecond resolution). */
async function singleScreens(url: string, tok: string, n: number) {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(`${url}/api/screen`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` }, body: JSON.stringify({ name: NAMES[i % NAMES.length] }) });
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { requests: n, p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), maxMs: round(times[times.length - 1], 2) };
}

/** Guesses passwords as fast as one client can; counts how many guesses were even checked. */
async function guessing(url: string, attempts: number) {
  let checked = 0;
  let refused = 0;
  const t0 = performance.now();
  for (let i = 0; i < attempts; i++) {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: `guess-${i}` }) });
    await r.arrayBuffer();
    if (r.status === 401) checked++;
    else if (r.status === 429) refused++;
  }
  return { attempts, checkedGuesses: checked, refused, seconds: round((performance.now() - t0) / 1000, 1), designed: `${SECURITY.login.maxFailuresPerUser} guesses per user name per ${SECURITY.login.windowMinutes} minutes` };
}

/** Memory of a server process and of its workers, if it forked any. */
function rssMb(pid: number) {
  const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
  const one = (p: number) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  };
  const all = [pid, ...children].map(one);
  return { processes: all.length, rssMb: Math.round(all.reduce((n, m) => n + m.rss, 0) / 1024), peakRssMb: Math.round(all.reduce((n, m) => n + m.peak, 0) / 1024) };
}

function coldCli(env: Record<string, string>, runs = 3) {
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'screen', 'Akram Turki Hishan al-Mazidih'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bulwark screen failed: ${r.stderr}`);
    walls.push(performance.now() - t);
  }
  return { runs, wallMs: walls.map((w) => Math.round(w)), medianMs: Math.round(walls.sort((a, b) => a - b)[Math.floor(runs / 2)]) };
}

async function scenario(name: string, env: Record<string, string>, processes: number) {
  console.error(`${name}: starting ${processes} server process(es)…`);
  const servers = [await startServerProcess(env, 300_000)];
  for (let i = 1; i < processes; i++) servers.push(await startServerProcess(env, 300_000));
  try {
    const tok = await token(servers[0]);
    const urls = servers.map((s) => s.url);
    await load(urls, '/match/default', 8, 2, tok, (i) => ({ queries: { q: { schema: 'Person', properties: { name: [NAMES[i % NAMES.length]] } } } })); // warm-up
    const match = summarise(await load(urls, '/match/default', 32, SECONDS, tok, (i) => ({ queries: { q: { schema: 'Person', properties: { name: [NAMES[i % NAMES.length]] } } } })));
    const single = await singleScreens(urls[0], tok, 500);
    const guesses = await guessing(urls[0], 30);
    const memory = servers.map((s) => rssMb(s.proc.pid!));
    return { name, processes, match, singleScreen: single, passwordGuessing: guesses, memory, token: tok };
  } finally {
    for (const s of servers) await s.stop();
  }
}

const config = loadConfig();
const schema = `bwk_bench_api_${process.pid}`;
const pgUrl = `${config.pgTestUrl}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: config.pgTestUrl });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};

const dbDir = mkdtempSync(join(tmpdir(), 'bwk-bench-api-'));
const sqliteEnv = { BULWARK_DB: join(dbDir, 'bench.db'), BULWARK_LOG_LEVEL: 'warn' };
const sqlite = await scenario('sqlite, one process', sqliteEnv, 1);
const cold = coldCli({ ...sqliteEnv, BULWARK_TOKEN: sqlite.token });
// BENCH_WORKERS=0 leaves out the scenario with two cluster workers (under this harness the workers have been seen not to start).
const sqliteWorkers = process.env.BENCH_WORKERS === '0' ? undefined : await scenario('sqlite, two worker processes (BULWARK_WORKERS=2)', { ...sqliteEnv, BULWARK_DB: join(dbDir, 'workers.db'), BULWARK_WORKERS: '2' }, 1);
await admin(`CREATE SCHEMA ${schema}`);
let postgres;
let twoProcesses;
try {
  postgres = await scenario('postgres, one process', { BULWARK_DATABASE_URL: pgUrl, BULWARK_LOG_LEVEL: 'warn' }, 1);
  await admin(`DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  twoProcesses = await scenario('postgres, two processes', { BULWARK_DATABASE_URL: pgUrl, BULWARK_LOG_LEVEL: 'warn' }, 2);
} finally {
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

const strip = ({ token: _, ...r }: { token: string } & Record<string, unknown>) => r;
const results = {
  targets: { matchRequestsPerSecond: 1000, matchP99Ms: 50, singleScreenP99Ms: 5, coldCliScreenMs: 1000 },
  secondsPerLoad: SECONDS,
  scenarios: [strip(sqlite), ...(sqliteWorkers ? [strip(sqliteWorkers)] : []), strip(postgres!), strip(twoProcesses!)],
  coldCliScreen: cold,
};
for (const s of results.scenarios as Awaited<ReturnType<typeof scenario>>[]) {
  console.log(`${s.name}: POST /match ${s.match.requestsPerSecond} req/s (p50 ${s.match.latencyMs.p50} ms, p99 ${s.match.latencyMs.p99} ms, non-2xx ${s.match.non2xx}); single screen p50 ${s.singleScreen.p50Ms} ms, p99 ${s.singleScreen.p99Ms} ms; ${s.passwordGuessing.checkedGuesses} of ${s.passwordGuessing.attempts} guesses checked; RSS ${s.memory.map((m) => `${m.peakRssMb} MB`).join(' + ')}`);
}
console.log(`cold bulwark screen: median ${cold.medianMs} ms (${cold.wallMs.join(', ')})`);
console.log(`→ ${writeResult('api', results)}`);

/**
 * API benchmark: real `bulwark serve` processes on SQLite and on PostgreSQL, one process and two
 * (BULWARK_WORKERS=2, node:cluster), loaded with autocannon over loopback from a separate process
 * (bench/api-load.ts), so that on this two-core machine the load generator's CPU is measured apart
 * from the server's. Measures POST /match (32 connections), single-name POST /api/screen latency,
 * server CPU per request, password guessing against the designed limit, server memory, and a cold
 * `bulwark screen` from the command line. Prints and writes bench/results/api.json.
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { SECURITY } from '../src/domain/security.js';
import { MAX_NAME_LENGTH } from '../src/domain/text.js';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process.js';
import type { LoadAnswer, LoadJob } from './api-load.js';
import type { Case } from './cases.js';
import { percentile, round, writeResult } from './util.js';

const BIN = new URL('../bin/bulwark.js', import.meta.url).pathname;
const PASSWORD = 'the benchmark administrator passphrase';

/**
 * What is asked: the screening benchmark's cases (bench/cases.ts): listed names in every script and
 * spelling the lists give, and names that are on no list (common UK names, real given names with
 * listed surnames), in a fixed shuffled order. The server is warmed on the development split; the test
 * split is measured, each name asked once: the single screens take the last SINGLE_SCREENS names and
 * POST /match all the others, so no measured answer draws on the same name asked before (the screening
 * index remembers word-level work across queries, as real traffic repeats words, not whole names).
 * Names longer than the API takes are left out.
 */
const CASES = (JSON.parse(readFileSync(new URL('./data/screening-cases.json', import.meta.url), 'utf8')) as { cases: Case[] }).cases
  .filter((c) => c.query.length <= MAX_NAME_LENGTH)
  .map((c, i) => ({ c, k: (Math.imul(i + 1, 2654435761) >>> 0) % 1_000_003 }))
  .sort((a, b) => a.k - b.k)
  .map(({ c }) => c);
const SCHEMA: Record<string, string> = { person: 'Person', Organization: 'Organization' };
const matchBody = (c: Case) => JSON.stringify({ queries: { q: { schema: SCHEMA[c.type ?? ''] ?? 'LegalEntity', properties: { name: [c.query] } } } });
const WARM = CASES.filter((c) => c.split === 'dev').map(matchBody);
const MEASURED = CASES.filter((c) => c.split === 'test');
const SINGLE_SCREENS = 1000;
const MATCH_BODIES = MEASURED.slice(0, -SINGLE_SCREENS).map(matchBody);
const SCREENS = MEASURED.slice(-SINGLE_SCREENS).map((c) => ({ body: JSON.stringify({ name: c.query, ...(c.type ? { type: c.type } : {}) }), latin: !/[^\p{Script=Latin}\p{M}\p{P}\p{Zs}\d]/u.test(c.query) }));
const QUERY_MIX = { warmUp: WARM.length, measured: MEASURED.length, listed: MEASURED.filter((c) => c.kind === 'positive').length, notListed: MEASURED.filter((c) => c.kind === 'negative').length, latinScript: SCREENS.filter((s) => s.latin).length };

const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100);

/** A process and its children (cluster workers). */
function family(pid: number): number[] {
  return [pid, ...spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number)];
}

/** CPU time (user + system) used so far by these processes, in milliseconds. */
function cpuMs(pids: number[]): number {
  return pids.reduce((sum, p) => {
    const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    return sum + (Number(f[11]) + Number(f[12])) * TICK_MS;
  }, 0);
}

/**
 * Busy and total CPU time of the whole machine (all cores), in milliseconds: what everyone else used
 * shows here too. /proc/stat: user nice system idle iowait irq softirq steal (guest time is already in user).
 */
function machineCpuMs(): { busy: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy * TICK_MS, total: (busy + idle + iowait) * TICK_MS };
}

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

/** Runs the load generator in its own process and answers its results with the CPU each side used while it ran. */
async function load(servers: ServerProcess[], path: string, connections: number, seconds: number, token: string, bodies: string[], amount?: number) {
  const pids = servers.flatMap((s) => family(s.proc.pid!));
  const child = fork(new URL('./api-load.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`))));
  const message = () => Promise.race([new Promise<unknown>((resolve) => child.once('message', resolve)), exited]);
  await message();
  const [server0, machine0, load0, t0] = [cpuMs(pids), machineCpuMs(), loadavg()[0], performance.now()];
  child.send({ urls: servers.map((s) => s.url), path, connections, seconds, token, bodies, ...(amount ? { amount } : {}) } satisfies LoadJob);
  const { results, cpuMs: clientMs } = (await message()) as LoadAnswer;
  const [server1, machine1, wallMs] = [cpuMs(pids), machineCpuMs(), performance.now() - t0];
  const [busy, total] = [machine1.busy - machine0.busy, machine1.total - machine0.total];
  return { results, cpu: { serverMs: server1 - server0, clientMs, othersMs: Math.max(0, busy - (server1 - server0) - clientMs), idleMs: total - busy, wallMs, loadAverage: [round(load0, 2), round(loadavg()[0], 2)] } };
}

function summarise({ results, cpu }: Awaited<ReturnType<typeof load>>) {
  const total = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = Math.max(...results.map((r) => r.duration));
  const cores = (ms: number) => round(ms / cpu.wallMs, 2);
  return {
    requestsPerSecond: Math.round(total / seconds),
    requests: total,
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    latencyMs: { p50: Math.max(...results.map((r) => r.latency.p50)), p99: Math.max(...results.map((r) => r.latency.p99)), max: Math.max(...results.map((r) => r.latency.max)) },
    // Where the machine's two cores went during the load: the server, the load generator, everyone else, idle.
    cpu: {
      serverMsPerRequest: round(cpu.serverMs / total, 3),
      clientMsPerRequest: round(cpu.clientMs / total, 3),
      coresUsed: { server: cores(cpu.serverMs), loadGenerator: cores(cpu.clientMs), otherProcesses: cores(cpu.othersMs), idle: cores(cpu.idleMs) },
      loadAverage: cpu.loadAverage,
    },
  };
}

/** Sequential single-name screens, timed one by one in this process (microsecond resolution), with the server's CPU per screen. */
async function singleScreens(server: ServerProcess, tok: string, n: number) {
  const times: { ms: number; latin: boolean }[] = [];
  const pids = family(server.proc.pid!);
  const cpu0 = cpuMs(pids);
  for (let i = 0; i < n; i++) {
    const { body, latin } = SCREENS[i];
    const t = performance.now();
    const res = await fetch(`${server.url}/api/screen`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` }, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`POST /api/screen answered ${res.status}`);
    times.push({ ms: performance.now() - t, latin });
  }
  const serverCpuMsPerRequest = round((cpuMs(pids) - cpu0) / n, 3);
  const summary = (ms: number[]) => {
    ms.sort((a, b) => a - b);
    return { requests: ms.length, p50Ms: round(percentile(ms, 50), 2), p99Ms: round(percentile(ms, 99), 2), maxMs: round(ms[ms.length - 1], 2) };
  };
  return {
    ...summary(times.map((t) => t.ms)),
    serverCpuMsPerRequest,
    // Names in other scripts (Arabic, Cyrillic, Katakana, Hangul…) are read into Latin letters first and cost more.
    latinScript: summary(times.filter((t) => t.latin).map((t) => t.ms)),
    otherScripts: summary(times.filter((t) => !t.latin).map((t) => t.ms)),
  };
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
  const one = (p: number) => {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  };
  const all = family(pid).map(one);
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

async function scenario(name: string, env: Record<string, string>) {
  console.error(`${name}: starting the server…`);
  const t0 = performance.now();
  const server = await startServerProcess(env, 300_000);
  const startSeconds = round((performance.now() - t0) / 1000, 1);
  try {
    const tok = await token(server);
    // Warm-up: every development-split name once per server process, so that each has answered for a while (names not measured).
    await load([server], '/match/default', 8, 0, tok, WARM, WARM.length * Number(env.BULWARK_WORKERS ?? 1));
    const match = summarise(await load([server], '/match/default', 32, 0, tok, MATCH_BODIES, MATCH_BODIES.length));
    const single = await singleScreens(server, tok, SCREENS.length);
    const guesses = await guessing(server.url, 30);
    const memory = rssMb(server.proc.pid!);
    return { name, processes: memory.processes, startSeconds, match, singleScreen: single, passwordGuessing: guesses, memory, token: tok };
  } finally {
    const code = await Promise.race([server.stop(), new Promise((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
    if (code !== 0) throw new Error(`${name}: the server did not stop cleanly on SIGTERM (${code})`);
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
const log = { BULWARK_LOG_LEVEL: 'warn' };
// BENCH_WORKERS=0 leaves out the scenarios with two server processes (BULWARK_WORKERS=2).
const workers = process.env.BENCH_WORKERS !== '0';
const scenarios = [];
const sqlite = await scenario('sqlite, one process', { ...log, BULWARK_DB: join(dbDir, 'bench.db') });
scenarios.push(sqlite);
const cold = coldCli({ ...log, BULWARK_DB: join(dbDir, 'bench.db'), BULWARK_TOKEN: sqlite.token });
if (workers) scenarios.push(await scenario('sqlite, two processes (BULWARK_WORKERS=2)', { ...log, BULWARK_DB: join(dbDir, 'workers.db'), BULWARK_WORKERS: '2' }));
await admin(`CREATE SCHEMA ${schema}`);
try {
  scenarios.push(await scenario('postgres, one process', { ...log, BULWARK_DATABASE_URL: pgUrl }));
  if (workers) {
    await admin(`DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    scenarios.push(await scenario('postgres, two processes (BULWARK_WORKERS=2)', { ...log, BULWARK_DATABASE_URL: pgUrl, BULWARK_WORKERS: '2' }));
  }
} finally {
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
}

const results = {
  targets: { matchRequestsPerSecond: 1000, matchP99Ms: 50, singleScreenP99Ms: 5, coldCliScreenMs: 1000 },
  matchRequestsPerScenario: MATCH_BODIES.length,
  queryMix: QUERY_MIX,
  scenarios: scenarios.map(({ token: _, ...r }) => r),
  coldCliScreen: cold,
};
for (const s of results.scenarios) {
  const c = s.match.cpu;
  console.log(`${s.name}: POST /match ${s.match.requestsPerSecond} req/s (p50 ${s.match.latencyMs.p50} ms, p99 ${s.match.latencyMs.p99} ms, non-2xx ${s.match.non2xx}), server ${c.serverMsPerRequest} ms CPU per request; cores: server ${c.coresUsed.server}, load generator ${c.coresUsed.loadGenerator}, others ${c.coresUsed.otherProcesses}, idle ${c.coresUsed.idle} (load ${c.loadAverage.join(' → ')}); single screen p50 ${s.singleScreen.p50Ms} ms, p99 ${s.singleScreen.p99Ms} ms; ${s.passwordGuessing.checkedGuesses} of ${s.passwordGuessing.attempts} guesses checked; RSS ${s.memory.peakRssMb} MB`);
}
console.log(`cold bulwark screen: median ${cold.medianMs} ms (${cold.wallMs.join(', ')})`);
console.log(`→ ${writeResult('api', results)}`);

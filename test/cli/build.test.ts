import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;

// A copy of the project whose sources these tests edit and whose build/cli they own; node_modules and data are shared.
const root = mkdtempSync(join(tmpdir(), 'bwk-build-'));
for (const p of ['bin', 'scripts', 'src', 'package.json', 'package-lock.json', 'tsconfig.json']) cpSync(join(ROOT, p), join(root, p), { recursive: true });
for (const p of ['node_modules', 'data']) symlinkSync(join(ROOT, p), join(root, p));
const stamp = join(root, 'build/cli/.built');

function bulwark(...args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BULWARK_')));
  const r = spawnSync(process.execPath, [join(root, 'bin/bulwark.js'), ...args], { env: { ...env, BULWARK_DB: join(root, 'bulwark.db') }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((f) => (f.isDirectory() ? files(join(dir, f.name)) : [join(dir, f.name)]));

describe('the bundled CLI (build/cli)', () => {
  it('is bundled on the first run and runs as plain JavaScript', () => {
    const r = bulwark('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/screening, approach reporting and compliance/);
    expect(r.out).toMatch(/^\s+screen \[options\] <name>/m);
    const built = readdirSync(join(root, 'build/cli'));
    expect(built).toEqual(expect.arrayContaining(['main.js', 'batch-screening-worker.js', '.built']));
    expect(built.filter((f) => f !== '.built' && !f.endsWith('.js'))).toEqual([]);
  });

  it('is bundled again when a source is newer than the bundle, and not otherwise', () => {
    bulwark('--help');
    const before = statSync(stamp).mtimeMs;
    expect(bulwark('--help').code).toBe(0);
    expect(statSync(stamp).mtimeMs).toBe(before);
    // An edit saved after the bundle: the next run shows it, so a stale bundle never runs.
    const main = join(root, 'src/cli/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('Bulwark: screening,', 'Bulwark (edited): screening,'));
    const r = bulwark('--help');
    expect(r.out).toMatch(/Bulwark \(edited\): screening/);
    expect(statSync(stamp).mtimeMs).toBeGreaterThan(before);
  });

  it('keeps every import.meta.url resolving as from the sources: each user sits in src/<folder>/, as build/cli does', () => {
    const users = files(join(ROOT, 'src')).filter((f) => f.endsWith('.ts') && readFileSync(f, 'utf8').includes('import.meta.url'));
    expect(users.length).toBeGreaterThan(3);
    for (const f of users) expect(relative(join(ROOT, 'src'), f).split('/'), f).toHaveLength(2);
  });
});

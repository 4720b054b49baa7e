import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bwk-att-'));
const db = join(dir, 'att.db');
const report = ['approach', 'add', '--name', 'Helena Varga', '--date', '2026-11-02', '--channel', 'email', '--type', 'meeting_request', '--approached', 'Researcher', '--asked', 'lunch'];

function bulwark(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, BULWARK_DB: db }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, signal: r.signal, err: r.stderr };
}

describe('attachments: the CLI reads only regular files, within a hard limit', () => {
  it('refuses a pipe at once instead of waiting on it', () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const r = bulwark(...report, '--attach', fifo);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/pipe: is a pipe, not a file that can be attached/);
  });

  it('refuses a device however large it claims to be, and a folder', () => {
    expect(bulwark(...report, '--attach', '/dev/zero').err).toMatch(/\/dev\/zero: is a device/);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const r = bulwark(...report, '--attach', folder);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/folder: is a folder/);
  });

  it('refuses a symbolic link, even to a readable file', () => {
    const link = join(dir, 'shadow');
    symlinkSync('/etc/hostname', link);
    const r = bulwark(...report, '--attach', link);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/shadow: is a symbolic link; attach the file itself/);
  });

  it('refuses a file over the limit without reading past it', () => {
    const big = join(dir, 'big.pdf');
    writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 10, 1));
    const r = bulwark(...report, '--attach', big);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/big\.pdf: the file is over 10485760 bytes/);
  });

  it('keeps attachment paths in an approach file inside its folder', () => {
    const sub = mkdtempSync(join(dir, 'f'));
    const file = join(sub, 'approach.json');
    writeFileSync(file, JSON.stringify({ attachments: [{ path: '../../../../etc/passwd' }] }));
    const r = bulwark('approach', 'add', '--file', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/attachment path "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leaves the folder of the approach file/);
    writeFileSync(file, JSON.stringify({ attachments: [{ path: '/etc/passwd' }] }));
    expect(bulwark('approach', 'add', '--file', file).err).toMatch(/leaves the folder of the approach file/);
  });
});

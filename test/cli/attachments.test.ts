import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
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
    expect(r.err).toMatch(/pipe: is a pipe, not a regular file/);
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
    expect(r.err).toMatch(/shadow: is a symbolic link; name the file itself/);
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

describe('other file inputs: JSON files, partner bundles and lists are read as attachments are', () => {
  const fifo = join(dir, 'input-pipe');
  const link = join(dir, 'input-link.json');
  const folder = join(dir, 'input-folder');
  const inputs: [string, string[]][] = [
    ['approach add --file', ['approach', 'add', '--file']],
    ['donation add --file', ['donation', 'add', '--file']],
    ['indicators set', ['indicators', 'set', '--note', 'x']],
    ['partner-import', ['partner-import', '--format', 'stix']],
  ];

  it.each(inputs)('%s refuses a pipe at once and a device (and, as for attachments, a folder and a symbolic link)', (_, args) => {
    if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
    if (!existsSync(link)) symlinkSync('/etc/hostname', link);
    mkdirSync(folder, { recursive: true });
    const cases: [string, RegExp][] = [[fifo, /input-pipe: is a pipe, not a regular file/], ['/dev/zero', /\/dev\/zero: is a device, not a regular file/]];
    if (args[0] === 'approach') cases.push([folder, /input-folder: is a folder/], [link, /input-link\.json: is a symbolic link; name the file itself/]);
    for (const [file, message] of cases) {
      const r = bulwark(...args, file);
      expect(r.signal, `${file}: ${r.err}`).toBeNull();
      expect(r.code, `${file}: ${r.err}`).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('a JSON input file over the limit is refused without reading past it', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `{"notes":"${'x'.repeat(64 * 2 ** 20)}"}`);
    const r = bulwark('approach', 'add', '--file', big);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/big\.json: the file is over 67108864 bytes, the limit \(64 MB\)/);
  });

  it('a list to import must be a regular file: a pipe and a device are refused at once', () => {
    if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
    for (const file of [fifo, '/dev/zero']) {
      const r = bulwark('import', 'un-xml', file, '--dataset', 'un-sc');
      expect(r.signal, r.err).toBeNull();
      expect(r.err).toMatch(/not a regular file/);
    }
  });
});

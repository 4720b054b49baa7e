import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/domain/amount.js';
import { escapeUnsafe, safeFilename } from '../../src/domain/text.js';
import { csvCell } from '../../src/export/csv.js';
import { BIN } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'bwk-hyg-'));
const env = { ...process.env, BULWARK_DB: join(dir, 'h.db') };
const bulwark = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const donation = (amount: string, donor = 'Jane Doe') => bulwark('donation', 'add', '--donor', donor, '--donor-type', 'individual', '--amount', amount, '--received', '10/11/2026', '--description', 'support', '--yes', 'on_electoral_register');

describe('input hygiene', () => {
  it('reads amounts only as plain decimals with at most two places, from a penny up', () => {
    expect(['1000', '1,000.50', '£2,230', '0.01', '7500.5'].map((s) => parseAmount(s))).toEqual([1000, 1000.5, 2230, 0.01, 7500.5]);
    for (const bad of ['0x1F4', '1e-9', '1e3', '500.005', '-5', 'Infinity', '0.00', '', '1,00', '12.']) {
      expect(() => parseAmount(bad), bad).toThrow(/is not an amount|at least £0\.01|more than zero/);
    }
  });

  it('the CLI refuses 0x1F4 and 1e-9 instead of storing £500 and £0', () => {
    expect(donation('0x1F4')).toMatchObject({ code: 2, err: expect.stringMatching(/"0x1F4" is not an amount/) });
    expect(donation('1e-9')).toMatchObject({ code: 2, err: expect.stringMatching(/"1e-9" is not an amount/) });
    expect(bulwark('donation', 'list').out).not.toMatch(/£500|£0\b/);
  });

  it('escapes control and bidi characters on the terminal and in CSV, and sanitises file names', () => {
    const evil = 'Jane \u202eeoD\u202c \u001b[31mred';
    expect(escapeUnsafe(evil)).toBe('Jane \\u202eeoD\\u202c \\u001b[31mred');
    expect(csvCell(evil)).toBe('Jane \\u202eeoD\\u202c \\u001b[31mred');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('C:\\\\Users\\\\x\\\\..\\\\report\u202efdp.exe')).toBe('reportfdp.exe');
    expect(safeFilename('...')).toBe('attachment');

    expect(bulwark('office', '--kind', 'commons', '--name', 'Office').code).toBe(0);
    expect(donation('1000', evil).code).toBe(0);
    // A second, different gift (the same one again would be refused as a double entry).
    expect(donation('1000.50', evil).code).toBe(0);
    const out = join(dir, 'register.csv');
    expect(bulwark('register-export', '--out', out).code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toContain('Jane \\u202eeoD\\u202c \\u001b[31mred');
    expect(csv).not.toMatch(/[\u202e\u001b]/);
    const audit = bulwark('audit', '--limit', '5');
    expect(audit.out).toContain('Jane \\u202eeoD');
    expect(audit.out).not.toMatch(/[\u202e\u001b]/);
    const list = bulwark('donation', 'list');
    expect(list.out).toContain('Jane \\u202eeoD');
    expect(list.out).not.toMatch(/[\u202e\u001b]/);
  });

  it('the text limit of the API holds at every entry point: command-line flags, JSON files and the Electoral Commission import', () => {
    expect(bulwark('office', '--kind', 'commons', '--name', 'Office').code).toBe(0);
    const long = 'x'.repeat(30_000);
    const before = bulwark('donation', 'list').out;
    const flag = bulwark('donation', 'add', '--donor', 'Joan Bloggs', '--donor-type', 'individual', '--amount', '600', '--received', '10/11/2026', '--description', long, '--yes', 'on_electoral_register');
    expect(flag).toMatchObject({ code: 2, err: expect.stringMatching(/field description: is 30000 characters long; the limit is 20000/) });
    const approach = bulwark('approach', 'add', '--name', 'Helena Varga', '--date', '2026-11-02', '--channel', 'email', '--type', 'meeting_request', '--approached', long, '--asked', 'lunch');
    expect(approach).toMatchObject({ code: 2, err: expect.stringMatching(/field approached\.name: is 30000 characters long; the limit is 20000/) });
    const json = join(dir, 'trip.json');
    writeFileSync(json, JSON.stringify({ destination: 'FR', depart: '2026-12-01', return: '2026-12-03', purpose: long, travellers: ['Member'], funder: { name: 'Self', type: 'self' } }));
    expect(bulwark('trip', 'add', '--file', json)).toMatchObject({ code: 2, err: expect.stringMatching(/field purpose: is 30000 characters long/) });
    // A register export: the whole file is refused, naming the line, and nothing is stored.
    const ec = join(dir, 'ec.csv');
    writeFileSync(ec, readFileSync(new URL('../fixtures/ec-donations-export.csv', import.meta.url), 'utf8').replace('Parliamentary delegation on trade', long));
    expect(bulwark('donation', 'import-ec', ec)).toMatchObject({ code: 2, err: expect.stringMatching(/ec\.csv, line 5, field description: is 300\d\d characters long; the limit is 20000/) });
    expect(bulwark('donation', 'list').out).toBe(before);
  });
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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
    expect(donation('1000', evil).code).toBe(0);
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
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;
const FIX = new URL('../fixtures/companies-house/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bwk-cli-sec-'));
const bulwark = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, BULWARK_DB: join(dir, 'cli.db') }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('bulwark CLI: the security team’s view', () => {
  it('imports a register and explains the ownership path between two companies', () => {
    const imported = bulwark('register-import', '--companies', `${FIX}companies.csv`, '--officers', `${FIX}officers.csv`, '--pscs', `${FIX}psc.csv`);
    expect(imported.out, imported.err).toMatch(/^3 companies, 6 officers and owners/);
    const path = bulwark('graph-path', 'company:14567890', 'company:SC765432');
    expect(path.out).toBe('1 step(s): NORTHGATE HOLDINGS LIMITED (SC765432) has significant control of MERIDIAN BRIDGE TRADING LTD (14567890) (ownership-of-shares-75-to-100-percent, voting-rights-75-to-100-percent, from 2023-02-03)\n');
  });

  it('opens, works and prints a case; a bad format names the field', () => {
    const id = bulwark('case', 'open', '--title', 'Recruiter', '--tlp', 'green', '--note', 'first report').out.match(/case (\S+) opened/)![1];
    expect(bulwark('case', 'update', id, '--status', 'investigating').out).toBe(`case ${id}: investigating, 2 event(s)\n`);
    expect(bulwark('case', 'report', id, '--out', join(dir, 'case.html')).code).toBe(0);
    expect(readFileSync(join(dir, 'case.html'), 'utf8')).toMatch(/TLP:GREEN[\s\S]*first report/);
    const bad = bulwark('case', 'export', id, '--format', 'pdf', '--out', join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/format must be one of stix, misp, csv/);
  });
});

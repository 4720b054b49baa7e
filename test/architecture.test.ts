import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../src/', import.meta.url).pathname;
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
const ts = files(SRC).filter((f) => f.endsWith('.ts'));
const layer = (f: string) => relative(SRC, f).split('/')[0].replace(/\.(ts|js)$/, '');

/** Which layers each layer may import: downward only (docs/ARCHITECTURE.md). */
const ALLOWED: Record<string, string[]> = {
  config: [],
  errors: [],
  domain: ['domain', 'errors'],
  screening: ['screening', 'domain', 'errors'],
  risk: ['risk', 'domain', 'errors', 'screening'],
  ingest: ['ingest', 'domain', 'errors', 'store'],
  store: ['store', 'domain', 'errors', 'config'],
  export: ['export', 'domain', 'risk', 'services', 'errors'],
  services: ['services', 'config', 'domain', 'errors', 'risk', 'screening', 'store', 'ingest', 'export'],
  api: ['api', 'domain', 'errors', 'ingest', 'risk', 'services', 'store', 'export'],
  cli: ['cli', 'api', 'config', 'domain', 'errors', 'ingest', 'risk', 'screening', 'services', 'store', 'export'],
};

describe('architecture', () => {
  it('layers import only downward', () => {
    const bad: string[] = [];
    for (const f of ts) {
      const from = layer(f);
      for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
        const target = layer(join(f, '..', m[1]));
        if (!(ALLOWED[from] ?? []).includes(target)) bad.push(`${relative(SRC, f)} imports ${m[1]} (${from} → ${target})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('only src/config.ts reads the environment', () => {
    expect(ts.filter((f) => !f.endsWith('config.ts') && /process\.env/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('every rules data file names its version and source', () => {
    const data = files(SRC).filter((f) => f.endsWith('.json'));
    expect(data.length).toBeGreaterThan(8);
    for (const f of data) {
      const d = JSON.parse(readFileSync(f, 'utf8')) as { version?: unknown; source?: unknown };
      expect(d.version, relative(SRC, f)).toBeDefined();
      expect(String(d.source ?? '').length, relative(SRC, f)).toBeGreaterThan(10);
    }
  });

  it('docs/ARCHITECTURE.md describes every src folder', () => {
    const doc = readFileSync(new URL('../docs/ARCHITECTURE.md', import.meta.url), 'utf8');
    const folders = readdirSync(SRC).filter((f) => statSync(join(SRC, f)).isDirectory());
    for (const f of folders) expect(doc, f).toMatch(new RegExp(`^  ${f}/`, 'm'));
  });

  it('keeps every source file readable (under 400 lines)', () => {
    expect(ts.filter((f) => readFileSync(f, 'utf8').split('\n').length > 400).map((f) => relative(SRC, f))).toEqual([]);
  });

  it('keeps money thresholds in the data files, not in code', () => {
    const literal = /\b(2230|11180|7500|1500)\b/;
    expect(ts.filter((f) => literal.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f))).toEqual([]);
  });
});

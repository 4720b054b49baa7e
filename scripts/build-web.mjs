#!/usr/bin/env node
// Builds the web UI into web/dist when it is missing or older than its sources (npm start and npm test run this).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'web/dist/.built');
const newest = (p) => {
  const s = statSync(p);
  return s.isDirectory() ? Math.max(0, ...readdirSync(p).map((f) => newest(join(p, f)))) : s.mtimeMs;
};
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built && Math.max(...sources.map(newest)) <= built && !process.argv.includes('--force')) process.exit(0);

console.error('Building the web UI (web/dist)…');
execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(root, 'web/vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
writeFileSync(stamp, new Date().toISOString());

#!/usr/bin/env node
// Builds the web UI into web/dist when it is missing or older than its sources (npm start and npm test run this).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, stale, writeStamp } from './stamp.mjs';

const stamp = join(ROOT, 'web/dist/.built');
// The web UI shows text by the rule of src/domain/text.ts (with the error catalogue it imports).
const sources = ['web/src', 'src/domain/text.ts', 'src/errors.ts', 'web/index.html', 'web/vite.config.ts', 'package-lock.json'];
if (!stale(stamp, sources) && !process.argv.includes('--force')) process.exit(0);

console.error('Building the web UI (web/dist)…');
const started = Date.now();
execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit', cwd: ROOT });
writeStamp(stamp, started);

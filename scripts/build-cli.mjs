#!/usr/bin/env node
// Bundles src into plain JavaScript in build/cli when the bundle is missing or older than its sources, so that
// bin/bulwark.js starts without compiling TypeScript on every run (docs/decisions.md D47). `--force` always builds.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, stale, writeStamp } from './stamp.mjs';

// Two folders below the root, as src/<layer>/ is: `new URL('../../data/lists', import.meta.url)` and the batch
// worker's `./batch-screening-worker.js` resolve the same from the bundle as from the sources.
const BUILD = join(ROOT, 'build/cli');
const STAMP = join(BUILD, '.built');
const SOURCES = ['src', 'package-lock.json', 'tsconfig.json', 'scripts/build-cli.mjs', 'scripts/stamp.mjs'];
const ENTRIES = { main: 'src/cli/main.ts', 'batch-screening-worker': 'src/services/batch-screening-worker.ts' };
// Plain JavaScript packages every start loads, bundled in: loading zod alone from node_modules is ~100 modules. The
// others stay in node_modules (native ones must; the server's are loaded only by `serve`).
const BUNDLED = /^(zod|commander|csv-parse|saxes|xmlchars|any-ascii)(\/|$)/;

export async function buildCli() {
  const started = Date.now();
  const { build, stop } = await import('esbuild');
  // Modules imported on demand (the server, the stores) become chunks loaded only when asked for. Bundled CommonJS
  // (commander) finds Node's modules through the `require` each file defines first. esbuild's service process is
  // stopped after the build, so a server that built its bundle keeps no child but its own workers.
  const { outputFiles } = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: BUILD,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as bundledRequire } from 'node:module';\nconst require = bundledRequire(import.meta.url);" },
    plugins: [{ name: 'packages', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.test(a.path) ? undefined : { external: true })) }],
    write: false,
    logLevel: 'warning',
  }).finally(() => stop());
  mkdirSync(BUILD, { recursive: true });
  // Each file is written under another name and renamed into place, chunks before the entry points that import them:
  // a process starting meanwhile loads the old bundle or the new one, never part of each. Builds of the same sources
  // at once write the same bytes.
  const entries = new Set(Object.keys(ENTRIES).map((e) => `${e}.js`));
  const files = outputFiles.sort((a, b) => Number(entries.has(basename(a.path))) - Number(entries.has(basename(b.path))));
  for (const f of files) {
    const part = `${f.path}.${randomBytes(6).toString('hex')}.part`;
    writeFileSync(part, f.contents);
    renameSync(part, f.path);
  }
  const kept = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(BUILD)) if (name.endsWith('.js') && !kept.has(name)) rmSync(join(BUILD, name), { force: true });
  writeStamp(STAMP, started);
}

/** The bundle's entry point, built first if it is missing or older than its sources. */
export async function ensureCli() {
  if (stale(STAMP, SOURCES)) await buildCli();
  return pathToFileURL(join(BUILD, 'main.js')).href;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await (process.argv.includes('--force') ? buildCli() : ensureCli());

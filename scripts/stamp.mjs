// When a build (web/dist, build/cli) is current: its stamp is newer than every file and folder it is built from.
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The latest change under a path: files' and folders' own times, so a deleted or renamed file counts too. */
const newest = (p) => {
  const s = statSync(p);
  return s.isDirectory() ? Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(`${p}/${f}`))) : s.mtimeMs;
};

/** Whether the build stamped at `stamp` is missing or older than any of its sources (paths under the root). */
export function stale(stamp, sources) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  return !built || Math.max(...sources.map((p) => newest(join(ROOT, p)))) > built;
}

/** Stamps a build with the time it started, so a source saved while it ran still counts as newer. */
export function writeStamp(stamp, startedMs) {
  writeFileSync(stamp, new Date(startedMs).toISOString());
  utimesSync(stamp, startedMs / 1000, startedMs / 1000);
}

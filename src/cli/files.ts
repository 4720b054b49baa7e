import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { BulwarkError } from '../errors.js';

const KIND = (st: import('node:fs').Stats) =>
  st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a pipe' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : st.isSocket() ? 'a socket' : 'not a regular file';

/**
 * Reads a file the user named (an attachment, an approach or donation file, a partner bundle): only
 * a regular file, opened without following a symbolic link and without waiting on a pipe, and read
 * with a hard limit whatever its size claims (a file that grows while read, or a device, never
 * exhausts memory).
 */
export function readUserFile(path: string, maxBytes: number): { filename: string; content: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw new BulwarkError('BWK_ERR_INPUT', 'is a symbolic link; name the file itself', { file: path });
    throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', 'the file does not exist or cannot be read', { file: path });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BulwarkError('BWK_ERR_INPUT', `is ${KIND(st)}, not a regular file`, { file: path });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the file is over ${maxBytes} bytes, the limit (${Math.round(maxBytes / 2 ** 20)} MB)`, { file: path });
    }
    return { filename: basename(path), content: Buffer.concat(chunks) };
  } finally {
    closeSync(fd);
  }
}

/** The largest JSON file the CLI reads as input (an approach file may carry attachments in base64). */
const MAX_JSON_BYTES = 64 * 2 ** 20;

/** A JSON input file the user named, read as `readUserFile` reads (`what` names it in the error). */
export function readUserJson(path: string, what: string): unknown {
  const { content } = readUserFile(path, MAX_JSON_BYTES);
  try {
    return JSON.parse(content.toString('utf8'));
  } catch (e) {
    throw new BulwarkError('BWK_ERR_INPUT', `cannot read the ${what}: ${(e as Error).message}`, { file: path });
  }
}

/**
 * An attachment path written in an approach file, resolved from that file's folder: it must
 * stay inside it, so a shared approach file cannot reach for /etc/passwd or ../../secrets.
 */
export function pathInside(jsonFile: string, p: string): string {
  const base = dirname(resolve(jsonFile));
  const full = resolve(base, p);
  const rel = relative(base, full);
  if (isAbsolute(p) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new BulwarkError('BWK_ERR_INPUT', `attachment path "${p}" leaves the folder of the approach file; put the file beside it`, { file: jsonFile });
  }
  return full;
}

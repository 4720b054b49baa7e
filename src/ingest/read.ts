import { createHash, type Hash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsvStream, type Options as CsvOptions } from 'csv-parse';
import { parse as parseCsv } from 'csv-parse/sync';
import { BulwarkError } from '../errors.js';
import LIMITS from './data/limits.json' with { type: 'json' };

export { LIMITS };

/** Largest file read whole into memory (an API upload, a register); list files stream and may be larger. */
export const MAX_IN_MEMORY_BYTES = LIMITS.maxInMemoryBytes;

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface LoadedFile {
  path: string;
  text: string;
  sha256: string;
  bytes: number;
}

/** 1-based line number of a byte offset, counting from `line` at the buffer's start. */
function lineAt(buf: Buffer, offset: number, line = 1): number {
  for (let i = buf.indexOf(0x0a); i !== -1 && i < offset; i = buf.indexOf(0x0a, i + 1)) line++;
  return line;
}

/** Newlines in a buffer. */
function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

/** Size of a readable regular file, refusing a missing, non-regular, empty or oversized one. */
function checkedSize(path: string, max: number): number {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', 'not a regular file', { file: path });
    size = st.size;
  } catch (e) {
    if (e instanceof BulwarkError) throw e;
    throw new BulwarkError('BWK_ERR_FILE_NOT_FOUND', 'the file does not exist or cannot be read', { file: path });
  }
  if (size === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the file is empty (0 bytes)', { file: path });
  if (size > max) throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the file is ${size} bytes; the limit is ${max}`, { file: path });
  return size;
}

const binary = (path: string, at: number, line: number) =>
  new BulwarkError('BWK_ERR_FILE_ENCODING', `binary data (a NUL byte at offset ${at}); this is not a text list file`, { file: path, line });

const badUtf8 = (path: string, at: number, line: number) =>
  new BulwarkError('BWK_ERR_FILE_ENCODING', `invalid UTF-8 at byte ${at}; the file may be in another encoding (e.g. Windows-1252)`, { file: path, line });

/**
 * Reads a small file whole as text (a register export), with the same checks as a list file:
 * a missing, empty, oversized or binary file, or bytes invalid in the encoding (with the line).
 */
export function readListFile(path: string, encoding: TextEncoding = 'utf-8'): LoadedFile {
  const size = checkedSize(path, MAX_IN_MEMORY_BYTES);
  const buf = readFileSync(path);
  const nul = buf.indexOf(0);
  if (nul !== -1) throw binary(path, nul, lineAt(buf, nul));
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      const bad = firstInvalidUtf8(buf);
      throw badUtf8(path, bad, lineAt(buf, bad));
    }
  } else {
    text = new TextDecoder(encoding).decode(buf);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the file holds only whitespace', { file: path });
  return { path, text, bytes: size, sha256: createHash('sha256').update(buf).digest('hex') };
}

/** Offset of the first byte sequence that is not valid UTF-8 (overlong forms aside). */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const n = b < 0x80 ? 0 : b >> 5 === 6 ? 1 : b >> 4 === 14 ? 2 : b >> 3 === 30 ? 3 : -1;
    if (n < 0 || i + n >= buf.length) return i;
    for (let k = 1; k <= n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return buf.length;
}

/** Length of a buffer's prefix that ends on a whole UTF-8 character (the rest waits for the next chunk). */
function wholeUtf8(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/**
 * One list file read as a stream of checked text: a missing, empty, oversized or binary file, or
 * bytes that are not valid in the encoding, are refused naming the file and line. The bytes read
 * are hashed as they pass, so the version records the file that was actually parsed.
 */
export class ListFile {
  private readonly hash: Hash = createHash('sha256');
  private digest?: string;
  /** The last characters of the text, once read: trailers (OFAC's Ctrl-Z, a final line break) are checked there. */
  tail = '';

  constructor(readonly path: string, readonly encoding: TextEncoding = 'utf-8') {}

  /** The file's text in chunks of about 1 MiB; a byte-order mark is dropped. */
  async *text(): AsyncGenerator<string> {
    checkedSize(this.path, LIMITS.maxFileBytes);
    const decoder = new TextDecoder(this.encoding, { fatal: this.encoding === 'utf-8' });
    let line = 1;
    let offset = 0;
    let carry: Buffer = Buffer.alloc(0);
    let seenText = false;
    let first = true;
    for await (const raw of createReadStream(this.path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      this.hash.update(raw);
      const nul = raw.indexOf(0);
      // The line counts whole characters decoded so far; the carried partial one holds no newline.
      if (nul !== -1) throw binary(this.path, offset + nul, lineAt(raw, nul, line));
      const buf = carry.length ? Buffer.concat([carry, raw]) : raw;
      const start = offset - carry.length;
      const end = this.encoding === 'utf-8' ? wholeUtf8(buf) : buf.length;
      const piece = buf.subarray(0, end);
      let text: string;
      try {
        text = decoder.decode(piece);
      } catch {
        const bad = firstInvalidUtf8(piece);
        throw badUtf8(this.path, start + bad, lineAt(piece, bad, line));
      }
      carry = Buffer.from(buf.subarray(end));
      line += countLines(piece);
      offset += raw.length;
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      if (!text) continue;
      if (!seenText && /\S/.test(text)) seenText = true;
      this.tail = (this.tail + text).slice(-16);
      yield text;
    }
    if (carry.length) throw badUtf8(this.path, offset - carry.length, line);
    if (!seenText) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the file holds only whitespace', { file: this.path });
    this.digest = this.hash.digest('hex');
  }

  /** SHA-256 of the bytes read; only once the whole file has been read. */
  sha256(): string {
    if (!this.digest) throw new Error(`${this.path} has not been read to its end`);
    return this.digest;
  }
}

/** SHA-256 of each file, combined in order: the version's file hash, known before any parsing. */
export async function hashFiles(paths: string[]): Promise<string> {
  const combined = createHash('sha256');
  for (const path of paths) {
    checkedSize(path, LIMITS.maxFileBytes);
    const h = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
    combined.update(h.digest('hex'));
  }
  return combined.digest('hex');
}

/** The combined hash of files already read, in the same form as `hashFiles`. */
export function combinedHash(files: ListFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.sha256());
  return h.digest('hex');
}

/** csv-parse's errors as one sentence naming the file and line. */
function csvError(e: unknown, path: string): BulwarkError {
  if (e instanceof BulwarkError) return e;
  const err = e as { message: string; lines?: number };
  const len = err.message.match(/Invalid Record Length: expect (\d+), got (\d+)/);
  const msg = len
    ? `expected ${len[1]} columns, found ${len[2]}`
    : /Max Record Size/i.test(err.message)
      ? `a record longer than ${LIMITS.maxRecordChars.toLocaleString('en-GB')} characters: not a list record`
      : `malformed CSV: ${err.message.replace(/ on line \d+\.?$/, '')}`;
  return new BulwarkError('BWK_ERR_FILE_FORMAT', msg, { file: path, line: err.lines }, { cause: e });
}

// No real list has a record near the limit; a longer one is junk or an attack on memory.
const CSV_DEFAULTS: CsvOptions = { relax_column_count: false, max_record_size: LIMITS.maxRecordChars };

/**
 * Parses CSV text into rows, each with its 1-based line. csv-parse's own errors (unclosed
 * quotes, wrong column counts) are rethrown naming the file and line.
 */
export function csvRows(file: LoadedFile, options: CsvOptions = {}): { line: number; cells: string[] }[] {
  try {
    const records = parseCsv(file.text, { ...CSV_DEFAULTS, ...options, info: true, columns: false }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (e) {
    throw csvError(e, file.path);
  }
}

/** The rows of a CSV list file one at a time, each with its line, through csv-parse's stream parser. */
export async function* csvStream(file: ListFile, options: CsvOptions = {}): AsyncGenerator<{ line: number; cells: string[] }> {
  const parser = parseCsvStream({ ...CSV_DEFAULTS, ...options, info: true, columns: false });
  const source = Readable.from(file.text());
  source.on('error', (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) yield { line: r.info.lines, cells: r.record };
  } catch (e) {
    throw csvError(e, file.path);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

/** The lines of a text file one at a time with their numbers, none longer than the record limit. */
export async function* textLines(file: ListFile): AsyncGenerator<{ line: number; text: string }> {
  const tooLong = (line: number) =>
    new BulwarkError('BWK_ERR_FILE_FORMAT', `a line longer than ${LIMITS.maxRecordChars.toLocaleString('en-GB')} characters: not a list record`, { file: file.path, line });
  let pending = '';
  let line = 1;
  for await (const chunk of file.text()) {
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', from)) {
      const text = pending + chunk.slice(from, nl);
      pending = '';
      from = nl + 1;
      if (text.length > LIMITS.maxRecordChars) throw tooLong(line);
      yield { line: line++, text };
    }
    pending += chunk.slice(from);
    if (pending.length > LIMITS.maxRecordChars) throw tooLong(line);
  }
  if (pending) yield { line, text: pending };
}

/** Requires a header row to contain the named columns; returns column indexes by name. */
export function headerIndex(file: { path: string }, header: string[], required: string[]): Map<string, number> {
  const idx = new Map<string, number>();
  header.forEach((h, i) => idx.set(h.trim(), i));
  const missing = required.filter((r) => !idx.has(r));
  if (missing.length) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `missing column(s) ${missing.map((m) => `"${m}"`).join(', ')} in the header`, {
      file: file.path,
      line: 1,
    });
  }
  return idx;
}

/**
 * The data rows of a CSV list file with a header row, each with its line and the header: the
 * header goes to `onHeader` first (to check its columns), and every row must be as wide as it.
 */
export async function* headedRows(
  file: ListFile,
  options: CsvOptions,
  onHeader: (header: string[]) => void,
): AsyncGenerator<{ line: number; cells: string[]; header: string[] }> {
  let header: string[] | undefined;
  for await (const { line, cells } of csvStream(file, options)) {
    if (!header) {
      onHeader((header = cells));
      continue;
    }
    if (cells.length !== header.length) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected ${header.length} columns, found ${cells.length}`, { file: file.path, line });
    yield { line, cells, header };
  }
  if (!header) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no header row', { file: file.path });
}

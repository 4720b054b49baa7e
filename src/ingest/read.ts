import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parse as parseCsv, type Options as CsvOptions } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BulwarkError } from '../errors.js';

/** Largest list file an importer will read; the biggest official list (OFAC SDN XML) is under 100 MB. */
export const MAX_LIST_BYTES = 150 * 1024 * 1024;

export type TextEncoding = 'utf-8' | 'windows-1252';

export interface LoadedFile {
  path: string;
  text: string;
  sha256: string;
  bytes: number;
}

/** 1-based line number of a byte offset. */
function lineAt(buf: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buf.length; i++) if (buf[i] === 0x0a) line++;
  return line;
}

/**
 * Reads a list file as text, refusing what is not one: a missing, empty, oversized or binary
 * file, or bytes that are not valid in the declared encoding (reported with the line).
 */
export function readListFile(path: string, encoding: TextEncoding = 'utf-8'): LoadedFile {
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
  if (size > MAX_LIST_BYTES) {
    throw new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `the file is ${size} bytes; the limit is ${MAX_LIST_BYTES}`, { file: path });
  }
  const buf = readFileSync(path);
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    throw new BulwarkError('BWK_ERR_FILE_ENCODING', `binary data (a NUL byte at offset ${nul}); this is not a text list file`, {
      file: path,
      line: lineAt(buf, nul),
    });
  }
  let text: string;
  if (encoding === 'utf-8') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      const bad = firstInvalidUtf8(buf);
      throw new BulwarkError('BWK_ERR_FILE_ENCODING', `invalid UTF-8 at byte ${bad}; the file may be in another encoding (e.g. Windows-1252)`, {
        file: path,
        line: lineAt(buf, bad),
      });
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

/** Combined hash of several files, in order, for dataset versions built from a file set. */
export function combinedHash(files: LoadedFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.sha256);
  return h.digest('hex');
}

/**
 * Parses CSV text into rows, each with its 1-based starting line. csv-parse's own errors
 * (unclosed quotes, wrong column counts) are rethrown naming the file and line.
 */
export function csvRows(file: LoadedFile, options: CsvOptions = {}): { line: number; cells: string[] }[] {
  try {
    // No real list has a record near 1 MB; a longer one is junk or an attack on memory.
    const records = parseCsv(file.text, { relax_column_count: false, max_record_size: 1_000_000, ...options, info: true, columns: false }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map((r) => ({ line: r.info.lines, cells: r.record }));
  } catch (e) {
    const err = e as { message: string; lines?: number };
    const len = err.message.match(/Invalid Record Length: expect (\d+), got (\d+)/);
    const msg = len
      ? `expected ${len[1]} columns, found ${len[2]}`
      : /Max Record Size/i.test(err.message)
        ? 'a record longer than 1,000,000 characters: not a list record'
        : `malformed CSV: ${err.message.replace(/ on line \d+\.?$/, '')}`;
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', msg, { file: file.path, line: err.lines }, { cause: e });
  }
}

/** Requires a header row to contain the named columns; returns column indexes by name. */
export function headerIndex(file: LoadedFile, header: string[], required: string[]): Map<string, number> {
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
 * Validates and parses XML; a truncated or malformed document is refused with the line and
 * column the parser stopped at. Elements named in `arrays` always parse as arrays.
 */
export function parseXml(file: LoadedFile, arrays: Set<string>, rootName: string): Record<string, unknown> {
  // No list format declares entities; a file that does is refused (entity-expansion attacks).
  const entity = file.text.search(/<!ENTITY/i);
  if (entity >= 0) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'the XML declares entities (<!ENTITY …>), which no list uses; refused as unsafe', {
      file: file.path,
      line: file.text.slice(0, entity).split('\n').length,
    });
  }
  const v = XMLValidator.validate(file.text);
  if (v !== true) {
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `malformed XML (${v.err.msg}, column ${v.err.col})`, {
      file: file.path,
      line: v.err.line,
    });
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrays.has(name),
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(file.text) as Record<string, unknown>;
  } catch (e) {
    // The parser's own limits (nesting depth and the like) stop hostile documents.
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `XML the importer will not read: ${(e as Error).message}`, { file: file.path }, { cause: e });
  }
  if (!doc[rootName]) {
    const found = Object.keys(doc).filter((k) => !k.startsWith('?'));
    throw new BulwarkError('BWK_ERR_FILE_FORMAT', `expected a <${rootName}> document, found <${found.join('>, <') || 'nothing'}>`, {
      file: file.path,
    });
  }
  return doc;
}

/** A value from parsed XML as trimmed text ('' when absent or empty). */
export function xmlText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && '#text' in (v as object)) return xmlText((v as Record<string, unknown>)['#text']);
  return '';
}

/** A parsed XML child that may be missing, single or repeated, as an array of objects. */
export function xmlList(v: unknown): Record<string, unknown>[] {
  if (v === undefined || v === null || v === '') return [];
  const arr = Array.isArray(v) ? v : [v];
  return arr.filter((x) => x && typeof x === 'object') as Record<string, unknown>[];
}

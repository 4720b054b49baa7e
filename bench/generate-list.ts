/**
 * Large list files in real lists' layouts, for the memory benchmark and test: the records of a
 * bundled real file again and again, each copy with its own id and a varied name, until the file
 * reaches the size asked for. Written straight to disk; nothing is held but one record.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BUNDLED_LISTS_DIR } from '../src/ingest/importer.js';

export type Layout = 'csl-csv' | 'un-xml';

/** A short varied word for the n-th copy, so copies are not identical names. */
const variant = (n: number) => ((n * 2654435761) % 99991).toString(36).toUpperCase();

/** Writes pieces to a file until it holds `bytes`; returns how many pieces (records) were written. */
function fill(path: string, head: string, bytes: number, piece: (n: number) => string, tail: string): number {
  const fd = openSync(path, 'w');
  let written = writeSync(fd, head);
  let n = 0;
  while (written < bytes - Buffer.byteLength(tail)) written += writeSync(fd, piece(n++));
  writeSync(fd, tail);
  closeSync(fd);
  return n;
}

function cslFile(path: string, bytes: number): number {
  const [header, ...rows] = parse(readFileSync(`${BUNDLED_LISTS_DIR}/us/csl.csv`, 'utf8'), { relax_column_count: true }) as string[][];
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const num = header.indexOf('entity_number');
  const name = header.indexOf('name');
  return fill(path, `${header.map(cell).join(',')}\n`, bytes, (n) => {
    const r = [...rows[n % rows.length]];
    r[num] = String(900000000 + n);
    r[name] = `${r[name]} ${variant(n)}`;
    return `${r.map(cell).join(',')}\n`;
  }, '');
}

function unFile(path: string, bytes: number): number {
  const xml = readFileSync(`${BUNDLED_LISTS_DIR}/un/consolidated.xml`, 'utf8');
  const start = xml.indexOf('<INDIVIDUALS>') + '<INDIVIDUALS>'.length;
  const end = xml.indexOf('</INDIVIDUALS>');
  const records = xml.slice(start, end).split(/(?<=<\/INDIVIDUAL>)/).filter((r) => r.includes('<INDIVIDUAL>'));
  // The entities stay once, after the generated individuals, with their own ids.
  return fill(path, xml.slice(0, start), bytes, (n) => records[n % records.length]
    .replace(/<DATAID>\d+<\/DATAID>/, `<DATAID>${900000000 + n}</DATAID>`)
    .replace(/<FIRST_NAME>([^<]*)<\/FIRST_NAME>/, (_, first: string) => `<FIRST_NAME>${first} ${variant(n)}</FIRST_NAME>`), `\n  ${xml.slice(end)}`);
}

/** Writes a list of about `bytes` in the layout to `path`; returns the number of records generated. */
export function generateList(layout: Layout, path: string, bytes: number): number {
  return layout === 'csl-csv' ? cslFile(path, bytes) : unFile(path, bytes);
}

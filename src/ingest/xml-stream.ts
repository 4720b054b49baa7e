import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { BulwarkError } from '../errors.js';
import { LIMITS, type ListFile } from './read.js';

/** What a list XML is made of: its root element, the elements that are records, and the children that always repeat. */
export interface XmlLayout {
  root: string;
  records: Set<string>;
  /** Children that parse as arrays even when they occur once. */
  arrays: Set<string>;
}

export interface XmlRecord {
  name: string;
  /** The record element as an object: attributes as "@name", children by name, text as a string or "#text". */
  node: Record<string, unknown>;
  /** The line its opening tag is on. */
  line: number;
}

/** The document's root attributes ("@name") and the text of the root's leaf children (DateGenerated), as read so far. */
export type XmlHeader = Record<string, string>;

/** Element and attribute names without their namespace prefix. */
const local = (name: string) => name.slice(name.indexOf(':') + 1);

interface Open {
  name: string;
  node: Record<string, unknown>;
  text: string;
  hasChildren: boolean;
}

function attributes(tag: SaxesTagPlain): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(tag.attributes)) if (k !== 'xmlns' && !k.startsWith('xmlns:')) out[`@${local(k)}`] = v.trim();
  return out;
}

/**
 * Streams the records of a list XML through a SAX parser (saxes): each record element arrives as
 * an object, one at a time, so memory holds one record, never the document. Refused with the file
 * and line: entity declarations anywhere in the file, malformed or truncated XML (a missing closing
 * tag shows at the end), another document's root, nesting beyond any list format, and a record or
 * a stretch of text longer than the record limit.
 */
export async function* xmlRecords(file: ListFile, layout: XmlLayout, header: XmlHeader = {}): AsyncGenerator<XmlRecord> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const fail = (message: string, line = parser.line) => new BulwarkError('BWK_ERR_FILE_FORMAT', message, { file: file.path, line });
  const ready: XmlRecord[] = [];
  const stack: Open[] = [];
  let depth = 0;
  let recordAt = -1;
  let recordLine = 0;
  /** Characters of the record being read (names, attributes, text): what memory holds of it. */
  let recordChars = 0;
  /** Whether the parser reported anything during the current chunk, and the characters since a chunk where it did. */
  let event = false;
  let quiet = 0;
  const tooLong = (line: number) => fail(`a record longer than ${LIMITS.maxRecordChars.toLocaleString('en-GB')} characters: not a list record`, line);
  const grow = (n: number) => {
    recordChars += n;
    if (recordChars > LIMITS.maxRecordChars) throw tooLong(recordLine);
  };
  let leaf: { name: string; text: string } | undefined;

  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    event = true;
    depth++;
    // An element of the root's with children of its own holds no header value.
    if (depth > 2) leaf = undefined;
    if (depth > LIMITS.maxXmlDepth) throw fail(`XML the importer will not read: elements nested more than ${LIMITS.maxXmlDepth} deep`);
    if (depth === 1) {
      if (name !== layout.root) throw fail(`expected a <${layout.root}> document, found <${name}>`);
      Object.assign(header, attributes(tag));
    }
    if (recordAt < 0 && layout.records.has(name)) {
      recordAt = depth;
      recordLine = parser.line;
      recordChars = 0;
    }
    if (recordAt > 0) {
      if (stack.length) stack[stack.length - 1].hasChildren = true;
      const node = attributes(tag);
      grow(name.length + Object.entries(node).reduce((n, [k, v]) => n + k.length + String(v).length, 0));
      stack.push({ name, node, text: '', hasChildren: false });
    } else leaf = depth === 2 ? { name, text: '' } : undefined;
  });

  const text = (t: string) => {
    event = true;
    if (stack.length) {
      grow(t.length);
      stack[stack.length - 1].text += t;
    } else if (leaf) leaf.text += t;
  };
  parser.on('text', text);
  parser.on('cdata', text);
  parser.on('comment', () => (event = true));

  parser.on('closetag', (tag) => {
    event = true;
    depth--;
    if (recordAt < 0) {
      if (leaf && leaf.name === local(tag.name) && leaf.text.trim()) header[leaf.name] = leaf.text.trim();
      leaf = undefined;
      return;
    }
    const done = stack.pop()!;
    const text = done.text.trim();
    const hasAttrs = Object.keys(done.node).length > 0;
    let value: unknown = done.node;
    if (!done.hasChildren && !hasAttrs) value = text;
    else if (text) done.node['#text'] = text;
    if (stack.length) {
      const parent = stack[stack.length - 1].node;
      const prev = parent[done.name];
      if (prev === undefined) parent[done.name] = layout.arrays.has(done.name) ? [value] : value;
      else if (Array.isArray(prev)) prev.push(value);
      else parent[done.name] = [prev, value];
      return;
    }
    ready.push({ name: done.name, node: typeof value === 'object' ? (value as Record<string, unknown>) : { '#text': value }, line: recordLine });
    recordAt = -1;
  });

  // Entity declarations are refused wherever they come (entity-expansion attacks); a tail carried
  // between chunks finds one split across them.
  const ENTITY = /<!ENTITY/i;
  let tail = '';
  let line = 1;
  try {
    for await (const chunk of file.text()) {
      const scan = tail + chunk;
      const at = scan.search(ENTITY);
      if (at >= 0) {
        const before = scan.slice(0, at);
        const lineOf = line - (tail.split('\n').length - 1) + (before.split('\n').length - 1);
        throw fail('the XML declares entities (<!ENTITY …>), which no list uses; refused as unsafe', lineOf);
      }
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) line++;
      tail = chunk.slice(-8);
      event = false;
      parser.write(chunk);
      // The parser holds a text, comment or tag whole until it ends: one that runs past the limit is refused.
      quiet = event ? 0 : quiet + chunk.length;
      if (quiet > LIMITS.maxRecordChars) throw tooLong(recordAt > 0 ? recordLine : parser.line);
      yield* ready.splice(0);
    }
    parser.close();
    yield* ready.splice(0);
  } catch (e) {
    if (e instanceof BulwarkError) throw e;
    const m = (e as Error).message.match(/^(\d+):(\d+): (.*)$/s);
    throw m ? fail(`malformed XML (${m[3].replace(/\.$/, '')}, column ${Number(m[2]) + 1})`, Number(m[1])) : fail(`XML the importer will not read: ${(e as Error).message}`);
  }
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

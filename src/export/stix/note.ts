import type { ExchangeNote } from '../../domain/exchange.js';
import { keyOf, sdo, str, strs, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

/** A case note or analyst comment → note over the objects it is about. */
export function noteToStix(n: ExchangeNote, ctx: StixContext, idOf: (key: string) => string): StixObject {
  return { ...sdo('note', n.key, ctx), content: n.content, authors: n.author ? [n.author] : undefined, object_refs: n.about.map(idOf) };
}

export function noteFromStix(o: StixObject): ExchangeNote {
  return { key: keyOf(o.id), about: strs(o.object_refs).map(keyOf), content: str(o.content) ?? '', author: strs(o.authors)[0] };
}

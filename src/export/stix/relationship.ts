import { LINK_TYPES, type ExchangeLink } from '../../domain/exchange.js';
import { BulwarkError } from '../../errors.js';
import { keyOf, sdo, str, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

/** A typed link between two package objects → relationship (attributed-to, employed-by, director-of…). */
export function linkToStix(l: ExchangeLink, ctx: StixContext, idOf: (key: string) => string): StixObject {
  return { ...sdo('relationship', l.key, ctx), relationship_type: l.type, description: l.description, source_ref: idOf(l.from), target_ref: idOf(l.to) };
}

export function linkFromStix(o: StixObject): ExchangeLink {
  const type = LINK_TYPES.find((t) => t === o.relationship_type) ?? 'related-to';
  // A relationship type Bulwark has no word for is kept as related-to with the partner's word in the description.
  const description = type === o.relationship_type ? str(o.description) : [`${String(o.relationship_type)}`, str(o.description)].filter(Boolean).join(': ');
  if (o.source_ref === o.target_ref) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'a relationship links an object to itself', { record: o.id });
  return { key: keyOf(o.id), type, from: keyOf(String(o.source_ref)), to: keyOf(String(o.target_ref)), description: description || undefined };
}

import type { ExchangeApproach, Party } from '../../domain/exchange.js';
import { deterministicId } from '../../domain/ids.js';
import { BulwarkError } from '../../errors.js';
import { keyOf, scoId, sdo, stixId, str, strs, toTimestamp, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

const ABSTRACT = /^Approach on (\d{4}-\d{2}-\d{2}) by ([a-z_]+)$/;

/**
 * An approach → observed-data over the contact's email and web addresses (as cyber-observables) and a
 * note carrying what was asked; observed-data has no text property, and refers only to observables.
 * An approach from a contact with neither is carried by the note alone.
 */
export function approachToStix(a: ExchangeApproach, party: Party, ctx: StixContext): StixObject[] {
  const scos: StixObject[] = [
    ...party.emails.map((value) => ({ type: 'email-addr', spec_version: '2.1', id: scoId('email-addr', value), value })),
    ...party.profiles.map((value) => ({ type: 'url', spec_version: '2.1', id: scoId('url', value), value })),
  ];
  const observed = scos.length
    ? [{ ...sdo('observed-data', deterministicId('observed', [a.key]), ctx), first_observed: toTimestamp(a.date), last_observed: toTimestamp(a.date), number_observed: 1, object_refs: scos.map((s) => s.id) }]
    : [];
  const note = { ...sdo('note', a.key, ctx), abstract: `Approach on ${a.date} by ${a.channel}`, content: a.summary, object_refs: [stixId('identity', a.party), ...observed.map((o) => o.id)] };
  return [...scos, ...observed, note];
}

export const isApproachNote = (o: StixObject) => o.type === 'note' && ABSTRACT.test(String(o.abstract ?? ''));

export function approachFromStix(note: StixObject): ExchangeApproach {
  const [, date, channel] = String(note.abstract).match(ABSTRACT)!;
  const party = strs(note.object_refs).find((r) => r.startsWith('identity--'));
  if (!party) throw new BulwarkError('BWK_ERR_FILE_FORMAT', 'an approach note must refer to the identity who made the approach', { record: note.id, field: 'object_refs' });
  return { key: keyOf(note.id), party: keyOf(party), date, channel, summary: str(note.content) ?? '' };
}

import type { ExchangeIndicator } from '../../domain/exchange.js';
import { deterministicId } from '../../domain/ids.js';
import { BulwarkError } from '../../errors.js';
import { keyOf, sdo, stixId, toDay, toTimestamp, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

const OBJECT_PATH: Record<ExchangeIndicator['kind'], string> = { email: 'email-addr:value', url: 'url:value', domain: 'domain-name:value' };

/** STIX patterning string literals escape backslash and quote. */
const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** An email address, web address or domain → indicator, and an `indicates` relationship to its actor. */
export function indicatorToStix(i: ExchangeIndicator, ctx: StixContext, actorType: (key: string) => string): StixObject[] {
  const ind = { ...sdo('indicator', i.key, ctx), indicator_types: ['attribution'], pattern: `[${OBJECT_PATH[i.kind]} = ${quote(i.value)}]`, pattern_type: 'stix', valid_from: toTimestamp(i.validFrom) };
  if (!i.indicates) return [ind];
  const rel = { ...sdo('relationship', deterministicId('indicates', [i.key, i.indicates]), ctx), relationship_type: 'indicates', source_ref: ind.id, target_ref: stixId(actorType(i.indicates), i.indicates) };
  return [ind, rel];
}

/** Reads the single-comparison patterns Bulwark writes; richer patterns are refused by name. */
export function indicatorFromStix(o: StixObject): Omit<ExchangeIndicator, 'indicates'> {
  const m = String(o.pattern).match(/^\[(email-addr|url|domain-name):value\s*=\s*'((?:[^'\\]|\\.)*)'\]$/);
  if (o.pattern_type !== 'stix' || !m) throw new BulwarkError('BWK_ERR_FILE_FORMAT', `indicator pattern ${JSON.stringify(o.pattern)} is not a single email, URL or domain comparison`, { record: o.id, field: 'pattern' });
  const kind = (Object.keys(OBJECT_PATH) as ExchangeIndicator['kind'][]).find((k) => OBJECT_PATH[k].startsWith(`${m[1]}:`))!;
  return { key: keyOf(o.id), kind, value: m[2].replace(/\\(.)/g, '$1'), validFrom: toDay(String(o.valid_from)) };
}

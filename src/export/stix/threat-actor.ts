import type { ExchangeActor } from '../../domain/exchange.js';
import { keyOf, nonEmpty, sdo, str, strs, type StixContext } from './common.js';
import type { StixObject } from './schema.js';

/** A cluster judged to be one actor → threat-actor; a campaign → intrusion-set. */
export function actorToStix(a: ExchangeActor, ctx: StixContext): StixObject {
  const common = { name: a.name, description: a.description, aliases: nonEmpty(a.aliases) };
  return a.kind === 'campaign'
    ? { ...sdo('intrusion-set', a.key, ctx), ...common }
    : { ...sdo('threat-actor', a.key, ctx), ...common, threat_actor_types: ['unknown'] };
}

export function actorFromStix(o: StixObject): ExchangeActor {
  return { key: keyOf(o.id), kind: o.type === 'intrusion-set' ? 'campaign' : 'actor', name: String(o.name).trim(), aliases: strs(o.aliases), description: str(o.description) };
}

import { deterministicId, STIX_SCO_NAMESPACE, uuidv5 } from '../../domain/ids.js';
import { tlpInfo, type TlpLevel } from '../../domain/tlp.js';
import type { StixObject } from './schema.js';

/** What every converter needs: the package's time, producer identity and marking. */
export interface StixContext {
  created: string;
  producerId: string;
  tlp: TlpLevel;
}

/** Package keys are already UUIDv5, so a STIX id is the type and the key. */
export const stixId = (type: string, key: string) => `${type}--${key}`;
export const keyOf = (id: string) => id.slice(id.indexOf('--') + 2);

export function producerId(producer: string): string {
  return stixId('identity', deterministicId('producer', [producer.toLowerCase()]));
}

/** Cyber-observable ids follow the specification: UUIDv5 in the STIX namespace over the identifying properties. */
export function scoId(type: 'email-addr' | 'url' | 'domain-name', value: string): string {
  return `${type}--${uuidv5(JSON.stringify({ value }), STIX_SCO_NAMESPACE)}`;
}

export function sdo(type: string, key: string, ctx: StixContext): StixObject {
  return {
    type, spec_version: '2.1', id: stixId(type, key), created_by_ref: ctx.producerId,
    created: ctx.created, modified: ctx.created, object_marking_refs: [tlpInfo(ctx.tlp).stixId],
  };
}

/** "label: value" lines: readable by an analyst, read back exactly by Bulwark's importer. */
export function kvLines(pairs: [string, string | undefined][]): string | undefined {
  const lines = pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}: ${String(v).replace(/\s*\n\s*/g, ' ')}`);
  return lines.length ? lines.join('\n') : undefined;
}

export function parseKv(text: unknown): [string, string][] {
  if (typeof text !== 'string') return [];
  return text.split('\n').flatMap((l) => {
    const m = l.match(/^([a-z][a-z ]*):\s?(.*)$/);
    return m ? [[m[1], m[2].trim()] as [string, string]] : [];
  });
}

export const kvAll = (pairs: [string, string][], k: string) => pairs.filter(([x]) => x === k).map(([, v]) => v);
export const kvOne = (pairs: [string, string][], k: string) => kvAll(pairs, k)[0];
export const toTimestamp = (day: string) => `${day}T00:00:00.000Z`;
export const toDay = (ts: string) => ts.slice(0, 10);
export const nonEmpty = <T>(xs: T[]) => (xs.length ? xs : undefined);
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
export const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

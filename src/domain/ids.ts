import { createHash } from 'node:crypto';

/** Bulwark's UUIDv5 namespace: every exported object id is derived from it and the object's identifying fields. */
export const BULWARK_NAMESPACE = '6b1f5c0e-4a6e-5b8c-9d2f-0b3a7c41e9d2';
/** The namespace the STIX 2.1 specification fixes for cyber-observable ids (§2.9). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** RFC 4122 version-5 UUID: SHA-1 over namespace and name, so equal inputs always give equal ids. */
export function uuidv5(name: string, namespace = BULWARK_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** An id from declared identifying fields, joined unambiguously (JSON of the ordered values). */
export function deterministicId(kind: string, fields: (string | number | undefined)[]): string {
  return uuidv5(JSON.stringify([kind, ...fields.map((f) => f ?? null)]));
}

import { z } from 'zod';

/**
 * Bulwark's own validation of the STIX 2.1 objects it writes and reads, written from the STIX 2.1
 * specification (OASIS Standard, 10 June 2021) and checked against what oasis-open's JSON schemas
 * require: identifiers are `type--UUID` (versions 1–5, RFC 4122 variant), timestamps are RFC 3339 in
 * UTC ('Z'), `created`/`modified` are precise to the millisecond, lists are never empty.
 */
export const STIX_ID = (type: string) => z.string().regex(new RegExp(`^${type}--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, 'i'), `must be a ${type}--<UUID> identifier`);
const AnyId = z.string().regex(/^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'must be a STIX identifier');
const Timestamp = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/, 'must be an RFC 3339 UTC timestamp');
const TimestampMs = Timestamp.refine((t) => /\.\d{3,}Z$/.test(t), 'must be precise to the millisecond');
const List = <T extends z.ZodTypeAny>(t: T) => z.array(t).min(1);

const ExternalReference = z.object({ source_name: z.string().min(1), description: z.string().optional(), url: z.string().optional(), external_id: z.string().optional() });

/** Properties common to STIX Domain and Relationship Objects (§3.2). */
const core = (type: string) => ({
  type: z.literal(type),
  spec_version: z.literal('2.1'),
  id: STIX_ID(type),
  created_by_ref: STIX_ID('identity').optional(),
  created: TimestampMs,
  modified: TimestampMs,
  revoked: z.boolean().optional(),
  labels: List(z.string()).optional(),
  confidence: z.number().int().min(0).max(100).optional(),
  lang: z.string().optional(),
  external_references: List(ExternalReference).optional(),
  object_marking_refs: List(STIX_ID('marking-definition')).optional(),
});

/** Properties common to cyber-observable objects (§3.3); their ids are UUIDv5 over their identifying properties. */
const scoCore = (type: string) => ({
  type: z.literal(type),
  spec_version: z.literal('2.1').optional(),
  id: STIX_ID(type),
  object_marking_refs: List(STIX_ID('marking-definition')).optional(),
  defanged: z.boolean().optional(),
});

export const IDENTITY_CLASSES = ['individual', 'group', 'system', 'organization', 'class', 'unknown'] as const;
export const THREAT_ACTOR_TYPES = ['activist', 'competitor', 'crime-syndicate', 'criminal', 'hacker', 'insider-accidental', 'insider-disgruntled', 'nation-state', 'sensationalist', 'spy', 'terrorist', 'unknown'] as const;

export const STIX_SCHEMAS = {
  identity: z.object({ ...core('identity'), name: z.string().min(1), description: z.string().optional(), roles: List(z.string()).optional(), identity_class: z.enum(IDENTITY_CLASSES).optional(), sectors: List(z.string()).optional(), contact_information: z.string().optional() }),
  'threat-actor': z.object({
    ...core('threat-actor'), name: z.string().min(1), description: z.string().optional(), threat_actor_types: List(z.enum(THREAT_ACTOR_TYPES)).optional(), aliases: List(z.string()).optional(),
    first_seen: Timestamp.optional(), last_seen: Timestamp.optional(), roles: List(z.string()).optional(), goals: List(z.string()).optional(), primary_motivation: z.string().optional(),
  }),
  'intrusion-set': z.object({ ...core('intrusion-set'), name: z.string().min(1), description: z.string().optional(), aliases: List(z.string()).optional(), first_seen: Timestamp.optional(), last_seen: Timestamp.optional(), goals: List(z.string()).optional() }),
  indicator: z.object({
    ...core('indicator'), name: z.string().optional(), description: z.string().optional(), indicator_types: List(z.string()).optional(),
    pattern: z.string().min(1), pattern_type: z.string().min(1), pattern_version: z.string().optional(), valid_from: Timestamp, valid_until: Timestamp.optional(),
  }),
  'observed-data': z.object({ ...core('observed-data'), first_observed: Timestamp, last_observed: Timestamp, number_observed: z.number().int().min(1).max(999_999_999), object_refs: List(AnyId) }),
  relationship: z.object({ ...core('relationship'), relationship_type: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case words joined by hyphens'), description: z.string().optional(), source_ref: AnyId, target_ref: AnyId, start_time: Timestamp.optional(), stop_time: Timestamp.optional() }),
  note: z.object({ ...core('note'), abstract: z.string().optional(), content: z.string().min(1), authors: List(z.string()).optional(), object_refs: List(AnyId) }),
  'marking-definition': z.object({
    type: z.literal('marking-definition'), spec_version: z.literal('2.1'), id: STIX_ID('marking-definition'), created: TimestampMs, name: z.string().optional(),
    created_by_ref: STIX_ID('identity').optional(), definition_type: z.string().optional(), definition: z.record(z.string(), z.unknown()).optional(),
    extensions: z.record(z.string().regex(/^extension-definition--/), z.record(z.string(), z.unknown())).optional(),
  }).refine((m) => m.extensions || (m.definition_type && m.definition), 'a marking definition needs definition_type and definition, or an extension'),
  'email-addr': z.object({ ...scoCore('email-addr'), value: z.string().min(3), display_name: z.string().optional() }),
  url: z.object({ ...scoCore('url'), value: z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, 'must be a URL') }),
  'domain-name': z.object({ ...scoCore('domain-name'), value: z.string().min(1) }),
} as const;

export type StixType = keyof typeof STIX_SCHEMAS;
export type StixObject = { type: string; id: string; [k: string]: unknown };
export const STIX_TYPES = Object.keys(STIX_SCHEMAS) as StixType[];

export const BundleSchema = z.object({ type: z.literal('bundle'), id: STIX_ID('bundle'), objects: z.array(z.object({ type: z.string(), id: z.string() }).passthrough()) });

/** Validates one object of a type Bulwark knows; `strict` (for what Bulwark writes) also refuses unknown properties. */
export function validateStixObject(o: StixObject, strict = false): { ok: true } | { ok: false; field: string; problem: string } {
  const schema = STIX_SCHEMAS[o.type as StixType];
  if (!schema) return { ok: false, field: 'type', problem: `"${o.type}" is not a type Bulwark reads` };
  const s = strict && 'strict' in schema ? (schema as z.ZodObject).strict() : schema;
  const r = s.safeParse(o);
  if (r.success) return { ok: true };
  const issue = r.error.issues[0];
  return { ok: false, field: issue.path.join('.') || '(object)', problem: issue.message };
}

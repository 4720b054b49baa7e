import { z } from 'zod';
import { deterministicId } from '../../domain/ids.js';

/**
 * MISP core format (the JSON MISP exchanges events in): an Event with Attributes, Objects built from
 * misp-objects templates, ObjectReferences between them, and Tags. Only the parts Bulwark writes and
 * reads are described; MISP sends numbers as strings, so both are accepted.
 */
const NumStr = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(String);
const Uuid = z.string().uuid('must be a UUID');

export const MispAttributeSchema = z.object({
  uuid: Uuid,
  type: z.string().min(1),
  category: z.string().min(1),
  value: z.string().min(1),
  to_ids: z.boolean().default(false),
  comment: z.string().default(''),
  object_relation: z.string().optional(),
  first_seen: z.string().optional(),
  distribution: NumStr.optional(),
});

export const MispReferenceSchema = z.object({ uuid: Uuid, referenced_uuid: Uuid, relationship_type: z.string().min(1), comment: z.string().default('') });

export const MispObjectSchema = z.object({
  uuid: Uuid,
  name: z.string().min(1),
  'meta-category': z.string().default('misc'),
  template_uuid: Uuid.optional(),
  template_version: NumStr.optional(),
  comment: z.string().default(''),
  distribution: NumStr.optional(),
  Attribute: z.array(MispAttributeSchema).min(1, 'an object needs attributes'),
  ObjectReference: z.array(MispReferenceSchema).default([]),
});

export const MispEventSchema = z.object({
  Event: z.object({
    uuid: Uuid,
    info: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    timestamp: NumStr,
    threat_level_id: NumStr,
    analysis: NumStr,
    distribution: NumStr,
    published: z.boolean().default(false),
    Orgc: z.object({ name: z.string().min(1), uuid: Uuid.optional() }),
    Tag: z.array(z.object({ name: z.string().min(1) })).default([]),
    Attribute: z.array(MispAttributeSchema).default([]),
    Object: z.array(MispObjectSchema).default([]),
  }),
});

export type MispAttribute = z.input<typeof MispAttributeSchema>;
export type MispObject = z.input<typeof MispObjectSchema>;
export type MispReference = z.input<typeof MispReferenceSchema>;
export type MispEvent = z.infer<typeof MispEventSchema>;

/** Attributes inside objects get ids derived from their object and relation, so exports repeat exactly. */
export const objectAttribute = (objectUuid: string, relation: string, type: string, value: string, n = 0): MispAttribute => ({
  uuid: deterministicId('misp-attribute', [objectUuid, relation, n, value]), object_relation: relation, type, category: categoryOf(type), value, to_ids: false, comment: '',
});

/** A writer of one object's attributes: one per non-empty value, for a relation of the template. */
export const attributesOf = (objectUuid: string) => (rel: string, type: string, values: (string | undefined)[]): MispAttribute[] =>
  values.flatMap((v, n) => (v ? [objectAttribute(objectUuid, rel, type, v, n)] : []));

/** MISP's default category for each attribute type Bulwark writes (from MISP's describeTypes). */
export function categoryOf(type: string): string {
  if (type === 'threat-actor' || type === 'campaign-name') return 'Attribution';
  if (type === 'email-src' || type === 'email') return 'Payload delivery';
  if (type === 'url' || type === 'domain') return 'Network activity';
  if (type === 'link') return 'External analysis';
  return 'Other';
}

export const valuesOf = (o: { Attribute: { object_relation?: string; value: string }[] }, rel: string) => o.Attribute.filter((a) => a.object_relation === rel).map((a) => a.value);

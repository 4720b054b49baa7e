import { z } from 'zod';
import { TlpSchema } from './tlp.js';

/**
 * The exchange package: what Bulwark sends to and receives from partners, independent of format.
 * STIX, MISP and CSV converters map this to and from their own objects; anything a format cannot
 * carry is named in a loss report. Keys are deterministic ids (UUIDv5 over identifying fields).
 */
const Key = z.string().uuid();
const Text = (max: number) => z.string().trim().min(1).max(max);

export const PartySchema = z.object({
  key: Key,
  kind: z.enum(['person', 'organisation']),
  name: Text(300),
  aliases: z.array(Text(300)).default([]),
  emails: z.array(z.string().email()).default([]),
  phones: z.array(z.string().regex(/^\+[0-9]{6,15}$/, 'is not an E.164 phone number')).default([]),
  profiles: z.array(z.string().url()).default([]),
  country: Text(100).optional(),
  dob: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).optional(),
  companyNumber: Text(20).optional(),
  address: Text(500).optional(),
});

export const ActorSchema = z.object({
  key: Key,
  /** A cluster of parties judged to be one actor (threat-actor), or a campaign (intrusion-set). */
  kind: z.enum(['actor', 'campaign']),
  name: Text(300),
  aliases: z.array(Text(300)).default([]),
  description: Text(5000).optional(),
});

export const IndicatorSchema = z.object({
  key: Key,
  kind: z.enum(['email', 'url', 'domain']),
  value: Text(2000),
  /** The actor the indicator points to. */
  indicates: Key.optional(),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export const ApproachSchema = z.object({
  key: Key,
  party: Key,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  channel: z.string().regex(/^[a-z_]+$/),
  summary: Text(20_000),
});

export const LINK_TYPES = ['attributed-to', 'employed-by', 'related-to', 'director-of', 'owns'] as const;
export const LinkSchema = z.object({ key: Key, type: z.enum(LINK_TYPES), from: Key, to: Key, description: Text(2000).optional() });

export const NoteSchema = z.object({ key: Key, about: z.array(Key).min(1), content: Text(20_000), author: Text(200).optional() });

export const PackageSchema = z.object({
  key: Key,
  title: Text(300),
  tlp: TlpSchema,
  /** The producing organisation (a security team or a partner). */
  producer: Text(300),
  created: z.string().datetime(),
  actors: z.array(ActorSchema).default([]),
  parties: z.array(PartySchema).default([]),
  indicators: z.array(IndicatorSchema).default([]),
  approaches: z.array(ApproachSchema).default([]),
  links: z.array(LinkSchema).default([]),
  notes: z.array(NoteSchema).default([]),
});

export type ExchangePackage = z.infer<typeof PackageSchema>;
export type Party = z.infer<typeof PartySchema>;
export type ExchangeActor = z.infer<typeof ActorSchema>;
export type ExchangeIndicator = z.infer<typeof IndicatorSchema>;
export type ExchangeApproach = z.infer<typeof ApproachSchema>;
export type ExchangeLink = z.infer<typeof LinkSchema>;
export type ExchangeNote = z.infer<typeof NoteSchema>;

/** One field a format could not carry, named so nothing is dropped silently. */
export interface Loss {
  format: 'stix' | 'misp' | 'csv';
  /** The package part, e.g. "parties[2].dob" or "actors[*].aliases". */
  field: string;
  key?: string;
  reason: string;
}

import { createHash, randomUUID } from 'node:crypto';
import { extname } from 'node:path';
import { z } from 'zod';
import { actorOffices, type Actor } from '../domain/actor.js';
import { assertTextLimit, safeFilename } from '../domain/text.js';
import { recordTlp, stricter, TLP, TlpSchema, type TlpLevel } from '../domain/tlp.js';
import { BulwarkError } from '../errors.js';
import { BUNDLED_CATALOGUE, parseCatalogue, vocabulary, type Catalogue } from '../risk/catalogue.js';
import { assessRelationship, type RelationshipAssessment } from '../risk/escalation.js';
import { OFFICE_KINDS } from '../risk/routing.js';
import { assessApproach, type Assessment } from '../risk/score.js';
import { normaliseName } from '../screening/normalize.js';
import type { AlertRecord, ApproachRecord, AttachmentRecord, ContactRecord, Office, Store } from '../store/types.js';
import { watchlistSign } from '../risk/watchlist.js';
import { ukDay } from '../domain/dates.js';
import { day, today } from './inputs.js';
import type { ScreeningService } from './screening.js';
import { contactRef } from './parties.js';

const CHANNELS = Object.keys(vocabulary.channels) as [string, ...string[]];
const TYPES = Object.keys(vocabulary.approachTypes) as [string, ...string[]];
const LIMITS = vocabulary.limits;
const MEDIA: Record<string, string> = { '.pdf': 'application/pdf', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.eml': 'message/rfc822', '.txt': 'text/plain', '.msg': 'application/vnd.ms-outlook', '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };

const ContactInput = z.object({
  id: z.string().optional(),
  name: z.string().trim().min(1, 'the contact needs a name').max(300),
  kind: z.enum(['person', 'organisation']).default('person'),
  claimedRole: z.enum(vocabulary.claimedRoles as [string, ...string[]]).optional(),
  claimedAffiliation: z.string().trim().max(300).optional(),
  employer: z.string().trim().max(300).optional(),
  country: z.string().trim().max(100).optional(),
  emails: z.array(z.string().trim().email('is not a valid email address')).default([]),
  phones: z.array(z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'is not a phone number')).default([]),
  profiles: z.array(z.string().trim().url('is not a web address').refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')).default([]),
  /** Their online profile as seen: when it was made and how many connections it has (thin or new profiles, OS-01). */
  profileCreated: z.string().optional(),
  profileConnections: z.number().int().nonnegative('connections cannot be negative').optional(),
  /** The contact's own marking; it never ends up less strict than any report about them. */
  tlp: TlpSchema.optional(),
});

/** An attachment arrives as its bytes and a name, never as a path: the service reads no files. */
const AttachmentInput = z
  .object({ filename: z.string().min(1, 'an attachment needs a file name').max(1000), content: z.instanceof(Uint8Array).optional(), contentBase64: z.string().optional() })
  .strict()
  .refine((a) => a.content || a.contentBase64 !== undefined, 'an attachment needs its content (bytes, or base64)');

export const ApproachInput = z.object({
  contact: ContactInput,
  date: z.string().trim().min(1, 'the date is required'),
  channel: z.enum(CHANNELS, { message: `channel must be one of ${CHANNELS.join(', ')}` }),
  types: z.array(z.enum(TYPES, { message: `type must be one of ${TYPES.join(', ')}` })).min(1, 'say what kind of approach it was (at least one type)'),
  approached: z.object({ name: z.string().trim().min(1, 'say who in the office was approached'), role: z.string().trim().optional() }),
  asked: z.string().trim().min(1, 'say what they asked for').max(20_000),
  answers: z.array(z.string()).default([]),
  notes: z.string().max(20_000).optional(),
  attachments: z.array(AttachmentInput).max(LIMITS.attachmentsPerApproach).default([]),
  /** How far this report may travel (TLP 2.0); sharing and export hold to it. */
  tlp: TlpSchema.default(TLP.defaultForReports),
});
export type ApproachInputT = z.input<typeof ApproachInput>;

/** A day of the approach: DD/MM/YYYY or ISO, not in the future, not before the earliest the vocabulary allows. */
function approachDay(s: string, field: string, todayIso: string): string {
  const iso = day(s, field);
  if (iso > todayIso) throw new BulwarkError('BWK_ERR_INPUT', `the date ${s} is in the future`, { field });
  if (iso < LIMITS.earliestDate) throw new BulwarkError('BWK_ERR_INPUT', `the date ${s} is before ${LIMITS.earliestDate}`, { field });
  return iso;
}

/** Keys that identify a contact across offices: email, phone, profile address, and name with organisation. */
export function contactKeys(c: z.infer<typeof ContactInput>): string[] {
  const keys = new Set<string>();
  for (const e of c.emails) keys.add(`email:${e.toLowerCase()}`);
  for (const p of c.phones) keys.add(`phone:${p.replace(/[^0-9+]/g, '').replace(/^00/, '+')}`);
  for (const u of c.profiles) {
    const url = new URL(u);
    keys.add(`profile:${url.hostname.replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '').toLowerCase()}`);
  }
  const name = normaliseName(c.name, c.kind === 'person' ? 'Person' : 'Organization').tokens.map((t) => t.simp).sort().join(' ');
  const org = c.claimedAffiliation ? normaliseName(c.claimedAffiliation, 'Organization').tokens.map((t) => t.simp).sort().join(' ') : '';
  if (name) keys.add(`name:${name}|${org}`);
  return [...keys];
}

export interface Correlation {
  offices: number;
  /** The shared details: email:…, phone:…, profile:…, name:…|organisation. */
  keys: string[];
  contacts: { officeId: string; contactId: string; name: string; approaches: number; level: string; lastApproach: string }[];
}

export interface ContactView {
  contact: ContactRecord;
  approaches: (ApproachRecord & { attachments: Omit<AttachmentRecord, 'content' | 'officeId' | 'approachId'>[] })[];
  relationship: RelationshipAssessment;
}

/**
 * Approaches and contacts for an office: validates a report, screens the contact, scores the
 * approach against the indicator catalogue, reads the whole relationship for escalation, and
 * stores everything in one transaction.
 */
export class ApproachService {
  constructor(
    private readonly store: Store,
    private readonly screening: ScreeningService,
    private readonly clock: () => Date = () => new Date(),
    /** Resolves the contacts just stored across offices (the security team's view), once they are safely stored. */
    private readonly resolve: (sources: string[]) => Promise<unknown> = async () => undefined,
  ) {}

  /** The current catalogue: the newest stored version, else the bundled one. */
  async catalogue(): Promise<Catalogue> {
    const stored = await this.store.latestCatalogue();
    return stored ? parseCatalogue(stored.data, `catalogue version ${stored.version}`) : BUNDLED_CATALOGUE;
  }

  async setCatalogue(actor: Actor, data: unknown, note: string): Promise<Catalogue> {
    if (actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only an administrator may change the indicator catalogue');
    if (!note.trim()) throw new BulwarkError('BWK_ERR_INPUT', 'say why the catalogue changes (a note)', { field: 'note' });
    const current = await this.catalogue();
    let next: Catalogue;
    try {
      next = parseCatalogue({ ...(data as object), version: current.version + 1 }, 'the new catalogue');
    } catch (e) {
      // A catalogue sent by a user is input to correct, not a broken rules file.
      throw new BulwarkError('BWK_ERR_INPUT', (e as Error).message, { field: 'catalogue' });
    }
    await this.store.saveCatalogue(
      { version: next.version, data: next, actor: actor.userId, note: note.trim(), createdAt: this.clock().toISOString() },
      { actor: actor.userId, officeId: actor.officeId, action: 'indicators.set', subject: `catalogue v${next.version}`, detail: { note: note.trim(), indicators: next.indicators.length } },
    );
    return next;
  }

  async office(actor: Actor): Promise<Office> {
    return (await this.store.getOffice(actor.officeId)) ?? { id: actor.officeId, name: actor.officeId, kind: 'other', createdAt: new Date(0).toISOString() };
  }

  async setOffice(actor: Actor, o: { name: string; kind: string }): Promise<Office> {
    if (actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only an administrator may change office details');
    if (!OFFICE_KINDS.includes(o.kind)) throw new BulwarkError('BWK_ERR_INPUT', `office kind must be one of ${OFFICE_KINDS.join(', ')}`, { field: 'kind' });
    const office: Office = { id: actor.officeId, name: o.name.trim() || actor.officeId, kind: o.kind, createdAt: this.clock().toISOString() };
    await this.store.saveOffice(office, { actor: actor.userId, officeId: actor.officeId, action: 'office.set', subject: office.id, detail: { name: office.name, kind: office.kind } });
    return office;
  }

  private readAttachments(list: z.infer<typeof AttachmentInput>[]): Omit<AttachmentRecord, 'id' | 'approachId' | 'officeId'>[] {
    return list.map((a, i) => {
      const filename = safeFilename(a.filename);
      const field = `attachments.${i}`;
      const tooLarge = (n: number) => new BulwarkError('BWK_ERR_FILE_TOO_LARGE', `attachment "${filename}" is ${n} bytes; the limit is ${LIMITS.attachmentMaxBytes} (10 MB)`, { field });
      let content: Buffer;
      if (a.content) content = Buffer.from(a.content);
      else {
        const b64 = a.contentBase64!.replace(/\s+/g, '');
        // Refused before decoding: the size of the decoded bytes is known from the text's length.
        if (Math.floor((b64.length * 3) / 4) > LIMITS.attachmentMaxBytes + 2) throw tooLarge(Math.floor((b64.length * 3) / 4));
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) throw new BulwarkError('BWK_ERR_INPUT', `attachment "${filename}" is not valid base64`, { field });
        content = Buffer.from(b64, 'base64');
      }
      if (content.length > LIMITS.attachmentMaxBytes) throw tooLarge(content.length);
      if (content.length === 0) throw new BulwarkError('BWK_ERR_FILE_EMPTY', `attachment "${filename}" is empty`, { field: `attachments.${i}` });
      return { filename, mediaType: MEDIA[extname(filename).toLowerCase()] ?? 'application/octet-stream', sha256: createHash('sha256').update(content).digest('hex'), size: content.length, content };
    });
  }

  /**
   * Validates, screens, scores and stores one approach; returns its assessment and the relationship's.
   * With `dryRun` nothing is stored: a form shows the level as answers arrive.
   */
  async addApproach(actor: Actor, raw: unknown, opts: { dryRun?: boolean } = {}): Promise<{ contact: ContactRecord; approach: ApproachRecord; assessment: Assessment; relationship: RelationshipAssessment; alerts: AlertRecord[] }> {
    // An attachment's content is bytes, whatever form it came in: its own limit holds it.
    const { attachments: _files, ...text } = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    assertTextLimit(text);
    const parsed = ApproachInput.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      const field = i.path.join('.');
      const value = i.path.reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k as string], raw);
      throw new BulwarkError('BWK_ERR_INPUT', typeof value === 'string' && i.message.startsWith('is ') ? `"${value}" ${i.message}` : i.message, { field });
    }
    const input = parsed.data;
    const recordedOn = today(this.clock);
    const date = approachDay(input.date, 'date', recordedOn);
    const profileCreated = input.contact.profileCreated ? approachDay(input.contact.profileCreated, 'contact.profileCreated', recordedOn) : undefined;
    const cat = await this.catalogue();
    const unknown = input.answers.filter((a) => !cat.indicators.some((x) => x.id === a && x.evidence.answer));
    if (unknown.length) throw new BulwarkError('BWK_ERR_INPUT', `unknown indicator answer(s): ${unknown.join(', ')}`, { field: 'answers' });
    const files = this.readAttachments(input.attachments);
    const office = await this.office(actor);
    const now = this.clock().toISOString();
    let contact: ContactRecord;
    let earlier: TlpLevel | undefined;
    if (input.contact.id) {
      const existing = await this.store.getContact(actor.officeId, input.contact.id);
      if (!existing) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no contact "${input.contact.id}" in this office`, { field: 'contact.id' });
      earlier = recordTlp(existing.data);
      contact = { ...existing, name: input.contact.name, data: { ...existing.data, ...stripId(input.contact) }, updatedAt: now };
    } else {
      contact = { id: randomUUID(), officeId: actor.officeId, name: input.contact.name, data: stripId(input.contact), createdAt: now, updatedAt: now };
    }
    // A contact is known through its reports: its marking is at least as strict as the strictest of them.
    contact.data.tlp = [input.contact.tlp, earlier].reduce<TlpLevel>((a, b) => (b ? stricter(a, b) : a), input.tlp);
    const keys = contactKeys(input.contact);
    const elsewhere = await this.store.contactsWithKeys(keys, actor.officeId);
    const screen = await this.screening.screen(actor, { name: input.contact.name, type: input.contact.kind === 'organisation' ? 'organisation' : 'person', ...(input.contact.country ? { country: input.contact.country } : {}) }, { limit: 3 });
    let orgScreen;
    if (input.contact.claimedAffiliation) orgScreen = await this.screening.screen(actor, { name: input.contact.claimedAffiliation, type: 'organisation' }, { limit: 3 });
    const best = [...screen.hits, ...(orgScreen?.hits ?? [])].filter((h) => h.decision?.decision !== 'false_positive' || h.decision.reopened).sort((a, b) => b.score - a.score)[0];
    const sign = best ? watchlistSign(best) : undefined;
    contact.data.screening = { at: now, algorithm: screen.algorithm, listVersions: screen.listVersions, hits: [...screen.hits, ...(orgScreen?.hits ?? [])].map((h) => ({ entityId: h.entityId, caption: h.caption, score: h.score, level: h.level, dataset: h.dataset, reasons: h.reasons })) };
    const assessment = assessApproach(
      cat,
      {
        channel: input.channel,
        types: input.types,
        answers: input.answers,
        crossOffice: elsewhere.length > 0,
        ...(best && sign ? { screening: { level: sign, summary: `${sign === 'match' ? 'matches' : sign === 'weak' ? 'shares only a common name with' : 'may match'} ${best.caption} on ${best.dataset} (score ${best.score.toFixed(2)}): ${best.reasons.slice(0, 3).join('; ')}` } } : {}),
        ...(input.contact.claimedRole ? { claimedRole: input.contact.claimedRole } : {}),
        text: [input.asked, input.notes ?? ''].join('\n'),
        ...(profileCreated || input.contact.profileConnections !== undefined ? { profile: { ...(profileCreated ? { created: profileCreated } : {}), ...(input.contact.profileConnections !== undefined ? { connections: input.contact.profileConnections } : {}) } } : {}),
        date,
        recordedOn,
      },
      office.kind,
    );
    const approach: ApproachRecord = {
      id: randomUUID(),
      officeId: actor.officeId,
      contactId: contact.id,
      date,
      data: { channel: input.channel, types: input.types, approached: input.approached, asked: input.asked, answers: input.answers, ...(input.notes ? { notes: input.notes } : {}), tlp: input.tlp },
      assessment: assessment as unknown as Record<string, unknown>,
      catalogueVersion: cat.version,
      createdBy: actor.userId,
      createdAt: now,
    };
    const previous = await this.store.approachesFor(actor.officeId, contact.id);
    const relationship = assessRelationship(cat, [...previous.map(entryOf), entryOf(approach)]);
    const routedTo = assessment.actions.filter((a) => a.kind === 'report' && a.to).map((a) => a.to!);
    const alerts: AlertRecord[] = relationship.alerts
      .filter((a) => a.approachId === approach.id)
      .map((a) => ({ id: randomUUID(), officeId: actor.officeId, contactId: contact.id, approachId: approach.id, kind: a.kind, level: a.level, message: a.message, routedTo: routedTo.length ? routedTo : ['Your security team'], createdAt: now }));
    // Written with this approach, but never returned to this office: it must not learn who else was approached.
    const forOthers = !input.contact.id && previous.length === 0 ? await this.reportedElsewhere(elsewhere, date, now) : [];
    const attachments: AttachmentRecord[] = files.map((f) => ({ ...f, id: randomUUID(), approachId: approach.id, officeId: actor.officeId }));
    if (opts.dryRun) return { contact, approach, assessment, relationship, alerts };
    const source = contactRef(actor.officeId, contact.id);
    await this.store.recordApproach({
      contact,
      keys,
      approach,
      attachments,
      alerts: [...alerts, ...forOthers],
      queue: [source],
      audit: { actor: actor.userId, officeId: actor.officeId, action: 'approach.add', subject: approach.id, detail: { contact: contact.id, level: assessment.level, score: assessment.score, catalogueVersion: cat.version, attachments: attachments.map((a) => a.sha256) } },
    });
    await this.resolve([source]);
    return { contact, approach, assessment, relationship, alerts };
  }

  /**
   * Alerts for the offices that reported the same person earlier (RF-A24, outreach at scale): they
   * hear that another office has been approached, never which one.
   */
  private async reportedElsewhere(elsewhere: { officeId: string; contactId: string; key: string }[], date: string, now: string): Promise<AlertRecord[]> {
    const byContact = new Map<string, { officeId: string; contactId: string; keys: Set<string> }>();
    for (const e of elsewhere) {
      const k = `${e.officeId}\u0000${e.contactId}`;
      const g = byContact.get(k) ?? { officeId: e.officeId, contactId: e.contactId, keys: new Set<string>() };
      g.keys.add(e.key.split(':')[0]);
      byContact.set(k, g);
    }
    const out: AlertRecord[] = [];
    for (const g of byContact.values()) {
      const last = (await this.store.approachesFor(g.officeId, g.contactId)).at(-1);
      if (!last) continue;
      const strong = [...g.keys].some((k) => k !== 'name');
      out.push({
        id: randomUUID(), officeId: g.officeId, contactId: g.contactId, approachId: last.id, kind: 'reported_elsewhere', level: strong ? 'high' : 'medium',
        message: `Another office reported an approach on ${ukDay(date)} from the same ${strong ? 'contact details' : 'name and organisation'} (${[...g.keys].sort().join(', ')}): the same person may be approaching several offices (RF-A24). Which office is not shared; your security team can see the pattern.`,
        routedTo: ['Your security team'], createdAt: now,
      });
    }
    return out;
  }

  async contactView(actor: Actor, contactId: string): Promise<ContactView> {
    const contact = await this.store.getContact(actor.officeId, contactId);
    if (!contact) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no contact "${contactId}" in this office`);
    const records = await this.store.approachesFor(actor.officeId, contactId);
    const approaches = await Promise.all(
      records.map(async (a) => ({ ...a, attachments: (await this.store.attachmentsFor(actor.officeId, a.id)).map(({ id, filename, mediaType, sha256, size }) => ({ id, filename, mediaType, sha256, size })) })),
    );
    return { contact, approaches, relationship: assessRelationship(await this.catalogue(), records.map(entryOf)) };
  }

  listContacts(actor: Actor): Promise<ContactRecord[]> {
    return this.store.listContacts(actor.officeId);
  }

  /**
   * For security officers: the same person or organisation reported by several offices, with each
   * office's contact, its number of approaches and its current level.
   */
  async correlations(actor: Actor): Promise<Correlation[]> {
    if (actor.role !== 'security_officer' && actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only security officers and administrators see other offices’ contacts');
    const visible = new Set(actorOffices(actor));
    const shared = (await this.store.sharedContactKeys()).map((k) => ({ ...k, contacts: k.contacts.filter((c) => visible.has(c.officeId)) }));
    // Contacts linked by any shared key form one cluster (union–find over contact ids).
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      const p = parent.get(x);
      if (p === undefined || p === x) {
        parent.set(x, x);
        return x;
      }
      const root = find(p);
      parent.set(x, root);
      return root;
    };
    for (const k of shared) {
      const ids = k.contacts.map((c) => `${c.officeId}\u0000${c.contactId}`);
      for (const id of ids) find(id);
      for (const id of ids.slice(1)) parent.set(find(id), find(ids[0]));
    }
    const clusters = new Map<string, { keys: Set<string>; members: Set<string> }>();
    for (const k of shared) {
      for (const c of k.contacts) {
        const root = find(`${c.officeId}\u0000${c.contactId}`);
        const cl = clusters.get(root) ?? { keys: new Set<string>(), members: new Set<string>() };
        cl.keys.add(k.key);
        cl.members.add(`${c.officeId}\u0000${c.contactId}`);
        clusters.set(root, cl);
      }
    }
    const cat = await this.catalogue();
    const out: Correlation[] = [];
    for (const cl of clusters.values()) {
      const contacts = [];
      for (const m of [...cl.members].sort()) {
        const [officeId, contactId] = m.split('\u0000');
        const contact = await this.store.getContact(officeId, contactId);
        if (!contact) continue;
        const approaches = await this.store.approachesFor(officeId, contactId);
        const rel = assessRelationship(cat, approaches.map(entryOf));
        contacts.push({ officeId, contactId, name: contact.name, approaches: approaches.length, level: rel.level, lastApproach: approaches.at(-1)?.date ?? '' });
      }
      const offices = new Set(contacts.map((c) => c.officeId));
      if (offices.size > 1) out.push({ offices: offices.size, keys: [...cl.keys].sort(), contacts });
    }
    return out.sort((a, b) => b.offices - a.offices || b.contacts.length - a.contacts.length);
  }

  listAlerts(actor: Actor): Promise<AlertRecord[]> {
    return this.store.listAlerts(actor.officeId);
  }
}

function stripId(c: z.infer<typeof ContactInput>): Record<string, unknown> {
  const { id: _id, ...rest } = c;
  return rest;
}

function entryOf(a: ApproachRecord) {
  return { approachId: a.id, date: a.date, channel: String(a.data.channel), types: a.data.types as string[], assessment: a.assessment as unknown as Assessment };
}

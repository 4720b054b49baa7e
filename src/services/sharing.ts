import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOffices, type Actor } from '../domain/actor.js';
import { assertMayReach, fitsUnder, recordTlp, stricter, TlpSchema, tlpInfo, type TlpLevel } from '../domain/tlp.js';
import { BulwarkError } from '../errors.js';
import type { SecurityRecord } from '../store/security.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { CASE_KIND } from './cases.js';
import { parseInput as parse } from './inputs.js';

export const GROUP_KIND = 'sharing-group';
export const SHARE_KIND = 'share';

const GroupInput = z.object({
  name: z.string().trim().min(1).max(200),
  purpose: z.string().trim().max(2000).default(''),
  tlp: TlpSchema.default('amber'),
  confidentialMembership: z.boolean().default(false),
  members: z.array(z.object({ officeId: z.string().min(1), pseudonymous: z.boolean().default(false) })).min(1),
});
export type SharingGroup = z.infer<typeof GroupInput> & { id: string };

const ShareInput = z.object({
  groupId: z.string().min(1),
  subject: z.object({ kind: z.enum(['approach', 'case', 'cluster']), id: z.string().min(1) }),
  title: z.string().trim().min(1).max(300),
  summary: z.string().trim().min(1).max(20_000),
  tlp: TlpSchema,
});

export interface SharedItem {
  id: string;
  groupId: string;
  subject: { kind: string; id: string };
  title: string;
  summary: string;
  tlp: TlpLevel;
  /** "an office" when the contributor is pseudonymous and the reader is not the security team. */
  from: string;
  at: string;
}

const isSecurity = (a: Actor) => a.role === 'security_officer' || a.role === 'admin';

/**
 * Sharing groups: named groups of offices (a security team, a party's compliance office, a parliamentary
 * security department) with a TLP ceiling, optionally confidential membership, and pseudonymous
 * contributors: members see "an office"; the security team sees which.
 */
export class SharingService {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async createGroup(actor: Actor, raw: unknown): Promise<SharingGroup> {
    if (!isSecurity(actor)) throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only security officers and administrators create sharing groups');
    const g = { ...parse(GroupInput, raw), id: randomUUID() };
    assertMayReach(g.tlp, 'group', `the group "${g.name}"`);
    const now = this.clock().toISOString();
    await this.store.writeSecurity({
      records: [{ id: g.id, kind: GROUP_KIND, scope: 'security', refs: g.members.map((m) => m.officeId), data: g as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt: now, updatedAt: now }],
      audit: [{ actor: actor.userId, officeId: actor.officeId, action: 'group.create', subject: g.id, detail: { name: g.name, tlp: g.tlp, members: g.members.length, confidential: g.confidentialMembership } }],
    });
    return g;
  }

  private async group(actor: Actor, id: string): Promise<SharingGroup> {
    const r = await this.store.getSecurityRecord(GROUP_KIND, id);
    const g = r?.data as unknown as SharingGroup | undefined;
    const mine = new Set(actorOffices(actor));
    if (!g || !g.members.some((m) => mine.has(m.officeId))) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no sharing group ${id}`);
    return g;
  }

  /** The groups the acting office belongs to; confidential membership is shown only to the security team. */
  async groups(actor: Actor): Promise<(Omit<SharingGroup, 'members'> & { members: SharingGroup['members'] | null })[]> {
    const mine = new Set(actorOffices(actor));
    const all = (await this.store.listSecurityRecords(GROUP_KIND)).map((r) => r.data as unknown as SharingGroup).filter((g) => g.members.some((m) => mine.has(m.officeId)));
    return all.map((g) => ({ ...g, members: g.confidentialMembership && !isSecurity(actor) ? null : g.members }));
  }

  /** Shares an approach, case or cluster summary with a group: within the group's TLP ceiling, never RED or AMBER+STRICT. */
  async share(actor: Actor, raw: unknown): Promise<SharedItem> {
    const s = parse(ShareInput, raw);
    const g = await this.group(actor, s.groupId);
    const member = g.members.find((m) => m.officeId === actor.officeId);
    if (!member) throw new BulwarkError('BWK_ERR_FORBIDDEN', 'the acting office is not a member of this group');
    assertMayReach(s.tlp, 'group', `this ${s.subject.kind}`);
    const own = await this.subjectTlp(actor, s.subject);
    if (own) {
      assertMayReach(own, 'group', `this ${s.subject.kind}`);
      if (!fitsUnder(own, s.tlp)) throw new BulwarkError('BWK_ERR_FORBIDDEN', `this ${s.subject.kind} is marked ${tlpInfo(own).label}; a share may not mark it less strictly (${tlpInfo(s.tlp).label})`, { field: 'tlp' });
    }
    if (stricter(s.tlp, g.tlp) !== g.tlp) throw new BulwarkError('BWK_ERR_FORBIDDEN', `the group "${g.name}" takes nothing marked stricter than TLP:${g.tlp.toUpperCase()}`, { field: 'tlp' });
    const id = randomUUID();
    const now = this.clock().toISOString();
    const data = { ...s, officeId: actor.officeId, pseudonymous: member.pseudonymous, at: now };
    await this.store.writeSecurity({
      records: [{ id, kind: SHARE_KIND, scope: g.id, refs: [g.id, actor.officeId, `${s.subject.kind}:${s.subject.id}`], data, createdBy: actor.userId, createdAt: now, updatedAt: now }],
      audit: [{ actor: actor.userId, officeId: actor.officeId, action: 'group.share', subject: id, detail: { group: g.id, subject: s.subject, tlp: s.tlp } }],
    });
    return this.view(actor, id, data);
  }

  /** The marking of what is shared, when it has one; an approach or case the office cannot see reads as not found. */
  private async subjectTlp(actor: Actor, subject: { kind: string; id: string }): Promise<TlpLevel | undefined> {
    if (subject.kind === 'approach') {
      const a = await this.store.getApproach(actor.officeId, subject.id);
      if (!a) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no approach ${subject.id}`);
      return recordTlp(a.data);
    }
    if (subject.kind === 'case') {
      const r = await this.store.getSecurityRecord(CASE_KIND, subject.id);
      if (!r || !actorOffices(actor).includes(r.scope)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no case ${subject.id}`);
      return TlpSchema.parse(r.data.tlp);
    }
    return undefined;
  }

  /** What a member sees in a group: contributions, pseudonymous ones as "an office" unless the reader is the security team. */
  async feed(actor: Actor, groupId: string): Promise<SharedItem[]> {
    await this.group(actor, groupId);
    return (await this.store.listSecurityRecords(SHARE_KIND, { scope: groupId })).map((r) => this.view(actor, r.id, r.data as SecurityRecord['data'] & { officeId: string; pseudonymous: boolean; at: string }));
  }

  private view(actor: Actor, id: string, d: Record<string, unknown> & { officeId: string; pseudonymous: boolean; at: string }): SharedItem {
    const own = d.officeId === actor.officeId;
    return {
      id, groupId: String(d.groupId), subject: d.subject as SharedItem['subject'], title: String(d.title), summary: String(d.summary), tlp: d.tlp as TlpLevel,
      from: d.pseudonymous && !own && !isSecurity(actor) ? 'an office' : d.officeId, at: d.at,
    };
  }
}

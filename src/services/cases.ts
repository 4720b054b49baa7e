import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { actorOffices, type Actor } from '../domain/actor.js';
import { TlpSchema, type TlpLevel } from '../domain/tlp.js';
import { BulwarkError } from '../errors.js';
import type { AuditEntry, Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { caseReportHtml } from '../export/case-report.js';
import { requireSecurity, type ClusterView, type ResolutionService } from './resolution.js';
import { parseInput as parse } from './inputs.js';

export const CASE_KIND = 'case';
export const CASE_STATUSES = ['open', 'investigating', 'referred', 'closed'] as const;
export const CASE_PRIORITIES = ['low', 'medium', 'high', 'critical'] as const;
const LinkInput = z.object({ kind: z.enum(['cluster', 'contact', 'donor', 'approach', 'alert', 'node', 'partner-package']), ref: z.string().min(1).max(300), label: z.string().max(300).optional() });

const OpenInput = z.object({
  title: z.string().trim().min(1).max(300),
  priority: z.enum(CASE_PRIORITIES).default('medium'),
  tlp: TlpSchema.default('amber'),
  assignee: z.string().trim().min(1).optional(),
  fromAlert: z.string().optional(),
  links: z.array(LinkInput).default([]),
  note: z.string().trim().max(20_000).optional(),
});
const UpdateInput = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  priority: z.enum(CASE_PRIORITIES).optional(),
  tlp: TlpSchema.optional(),
  assignee: z.string().trim().min(1).nullable().optional(),
  outcome: z.string().trim().min(1).max(5000).optional(),
  addLinks: z.array(LinkInput).default([]),
  note: z.string().trim().min(1).max(20_000).optional(),
}).refine((u) => u.status !== 'closed' || u.outcome, { message: 'a closed case records its outcome', path: ['outcome'] });

export interface CaseNote { id: string; at: string; by: string; text: string }
export interface Case {
  id: string;
  officeId: string;
  title: string;
  status: (typeof CASE_STATUSES)[number];
  priority: (typeof CASE_PRIORITIES)[number];
  tlp: TlpLevel;
  assignee?: string;
  fromAlert?: string;
  links: z.infer<typeof LinkInput>[];
  notes: CaseNote[];
  outcome?: string;
  openedAt: string;
  openedBy: string;
  closedAt?: string;
}

export interface CaseView extends Case {
  /** Whole days since it was opened (to closing, for a closed case). */
  daysOpen: number;
  /** The case's history, read from the audit chain. */
  timeline: { at: string; actor: string; action: string; detail: unknown }[];
}


/** Cases the security team works: opened from an alert or by hand; every change is an audit entry, which is the timeline. */
export class CaseService {
  constructor(private readonly store: Store, private readonly clock: Clock, private readonly resolution: ResolutionService) {}

  async open(actor: Actor, raw: unknown): Promise<CaseView> {
    requireSecurity(actor);
    const i = parse(OpenInput, raw);
    const now = this.clock().toISOString();
    const c: Case = {
      id: randomUUID(), officeId: actor.officeId, title: i.title, status: 'open', priority: i.priority, tlp: i.tlp, assignee: i.assignee, fromAlert: i.fromAlert,
      links: i.links, notes: i.note ? [{ id: randomUUID(), at: now, by: actor.userId, text: i.note }] : [], openedAt: now, openedBy: actor.userId,
    };
    await this.save(actor, c, 'case.open', { title: c.title, priority: c.priority, tlp: c.tlp, fromAlert: c.fromAlert, links: c.links.length });
    return this.get(actor, c.id);
  }

  async update(actor: Actor, id: string, raw: unknown): Promise<CaseView> {
    const c = await this.load(actor, id);
    const u = parse(UpdateInput, raw);
    const now = this.clock().toISOString();
    const next: Case = {
      ...c,
      ...(u.status ? { status: u.status } : {}), ...(u.priority ? { priority: u.priority } : {}), ...(u.tlp ? { tlp: u.tlp } : {}),
      ...(u.assignee !== undefined ? { assignee: u.assignee ?? undefined } : {}), ...(u.outcome ? { outcome: u.outcome } : {}),
      links: [...c.links, ...u.addLinks.filter((l) => !c.links.some((x) => x.kind === l.kind && x.ref === l.ref))],
      notes: u.note ? [...c.notes, { id: randomUUID(), at: now, by: actor.userId, text: u.note }] : c.notes,
      closedAt: u.status === 'closed' ? now : u.status ? undefined : c.closedAt,
    };
    const changed = Object.fromEntries(Object.entries(u).filter(([k, v]) => v !== undefined && !(k === 'addLinks' && !(v as unknown[]).length)));
    await this.save(actor, next, u.status === 'closed' ? 'case.close' : 'case.update', changed);
    return this.get(actor, id);
  }

  async list(actor: Actor): Promise<Case[]> {
    requireSecurity(actor);
    const out: Case[] = [];
    for (const o of actorOffices(actor)) out.push(...(await this.store.listSecurityRecords(CASE_KIND, { scope: o })).map((r) => r.data as unknown as Case));
    return out.sort((a, b) => CASE_PRIORITIES.indexOf(b.priority) - CASE_PRIORITIES.indexOf(a.priority) || a.openedAt.localeCompare(b.openedAt));
  }

  async get(actor: Actor, id: string): Promise<CaseView> {
    const c = await this.load(actor, id);
    const end = c.closedAt ?? this.clock().toISOString();
    const timeline = (await this.store.auditFor([id])).map((e: AuditEntry) => ({ at: e.at, actor: e.actor, action: e.action, detail: e.detail }));
    return { ...c, daysOpen: Math.floor((Date.parse(end) - Date.parse(c.openedAt)) / 86_400_000), timeline };
  }

  /** The printable report (HTML with a print stylesheet), with the linked clusters' members and evidence. */
  async report(actor: Actor, id: string): Promise<string> {
    const c = await this.get(actor, id);
    const ids = c.links.filter((l) => l.kind === 'cluster').map((l) => l.ref);
    const clusters = (await Promise.all(ids.map((id) => this.resolution.cluster(actor, id)))).filter((x): x is ClusterView => !!x);
    await this.store.appendAudit({ actor: actor.userId, officeId: actor.officeId, action: 'case.report', subject: id, detail: {} });
    return caseReportHtml(c, clusters);
  }

  private async load(actor: Actor, id: string): Promise<Case> {
    requireSecurity(actor);
    const r = await this.store.getSecurityRecord(CASE_KIND, id);
    if (!r || !actorOffices(actor).includes(r.scope)) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no case ${id}`);
    return r.data as unknown as Case;
  }

  private async save(actor: Actor, c: Case, action: string, detail: unknown): Promise<void> {
    const now = this.clock().toISOString();
    await this.store.writeSecurity({
      records: [{ id: c.id, kind: CASE_KIND, scope: c.officeId, refs: c.links.map((l) => `${l.kind}:${l.ref}`), data: c as unknown as Record<string, unknown>, createdBy: c.openedBy, createdAt: c.openedAt, updatedAt: now }],
      audit: [{ actor: actor.userId, officeId: actor.officeId, action, subject: c.id, detail }],
    });
  }
}

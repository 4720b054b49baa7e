import type { Actor } from '../domain/actor.js';
import type { AuditEntry, Store } from '../store/types.js';

/** The audit trail as officers see it: their offices' entries; the whole chain's integrity. */
export class AuditService {
  constructor(private readonly store: Store) {}

  /** Entries of the office the call acts in (administrators acting with `all` see every office), newest last. */
  async list(actor: Actor, opts: { limit: number; offset: number; all?: boolean }): Promise<AuditEntry[]> {
    const entries = opts.all && actor.role === 'admin' ? await this.store.listAudit() : await this.store.listAudit({ officeId: actor.officeId });
    return entries.slice(opts.offset, opts.offset + opts.limit);
  }

  /**
   * Checks the whole trail: the chain (every office's entries link into one), the checkpoint of its
   * head, and every record it covers against the hash its entry recorded.
   */
  async verify(): Promise<{ ok: boolean; entries: number; records: number; problems: string[]; problem?: string }> {
    const r = await this.store.verifyAudit();
    return { ok: r.ok, entries: r.entries, records: r.records, problems: r.problems, ...(r.problems[0] ? { problem: r.problems[0] } : {}) };
  }

  /** Writes a read of sensitive records into the trail. */
  async recordRead(actor: Actor, what: string, subject: string, detail: unknown = {}): Promise<void> {
    await this.store.appendAudit({ actor: actor.userId, officeId: actor.officeId, action: `read.${what}`, subject, detail });
  }
}

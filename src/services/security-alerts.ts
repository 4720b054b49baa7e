import { actorOffices, type Actor } from '../domain/actor.js';
import type { OfficeNotice, SecurityAlert } from '../risk/resolution/alerts.js';
import type { Store } from '../store/types.js';
import { requireSecurity, type ResolutionService } from './resolution.js';
import { ALERT_KIND, NOTICE_KIND } from './resolver.js';

/**
 * Alerts across offices, as raised when the report that caused them was resolved (resolver.ts): a
 * cluster reaching N offices or holding a listed party, or a record matching a partner's indicator,
 * alerts the security officers of the offices concerned; a reporting office gets a notice that names
 * no other office. Reading first resolves whatever another process left queued.
 */
export class SecurityAlertService {
  constructor(private readonly store: Store, private readonly resolution: ResolutionService) {}

  /** Alerts for the offices a security officer protects, newest first. */
  async alerts(actor: Actor): Promise<(SecurityAlert & { id: string; officeId: string })[]> {
    requireSecurity(actor);
    await this.resolution.settle();
    const out = [];
    for (const o of actorOffices(actor)) for (const r of await this.store.listSecurityRecords(ALERT_KIND, { scope: o })) out.push({ ...(r.data as unknown as SecurityAlert), id: r.id, officeId: r.scope });
    return out.sort((a, b) => b.at.localeCompare(a.at) || a.id.localeCompare(b.id));
  }

  /** Notices for the acting office (anyone in it): no other office is named or counted. */
  async notices(actor: Actor): Promise<(OfficeNotice & { id: string })[]> {
    await this.resolution.settle();
    return (await this.store.listSecurityRecords(NOTICE_KIND, { scope: actor.officeId })).map((r) => ({ ...(r.data as unknown as OfficeNotice), id: r.id }));
  }
}

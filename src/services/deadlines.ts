import type { Actor } from '../domain/actor.js';
import type { MoneyService } from './money.js';
import type { TravelService } from './travel.js';

export interface DeadlineItem {
  due: string;
  status: 'overdue' | 'upcoming';
  what: string;
  subject: string;
  source: string;
}

/** Every open deadline of an office, overdue first then soonest: donations, gifts, registers, debriefs. */
export async function officeDeadlines(actor: Actor, money: MoneyService, travel: TravelService, asOf = new Date().toISOString().slice(0, 10)): Promise<DeadlineItem[]> {
  const items: DeadlineItem[] = [];
  for (const s of await money.checkAll(actor, asOf)) {
    for (const d of s.current.deadlines) {
      if (d.status === 'met') continue;
      items.push({ due: d.due, status: d.status === 'overdue' ? 'overdue' : 'upcoming', what: d.label, subject: `${s.entry.kind} of £${s.entry.value} from ${s.entry.donor.name} (${s.entry.id})`, source: d.source });
    }
  }
  for (const t of await travel.list(actor)) {
    for (const d of travel.deadlines(t)) {
      if (d.met) continue;
      items.push({ due: d.due, status: d.due < asOf ? 'overdue' : 'upcoming', what: d.label, subject: `trip ${t.id}`, source: d.source });
    }
  }
  return items.sort((a, b) => (a.status === b.status ? a.due.localeCompare(b.due) : a.status === 'overdue' ? -1 : 1));
}

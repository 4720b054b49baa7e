import type { Actor } from '../domain/actor.js';
import { isoDay } from '../domain/dates.js';
import { gbp } from '../risk/money-entry.js';
import { day } from './inputs.js';
import type { MoneyService } from './money.js';
import type { TravelService } from './travel.js';

export interface DeadlineItem {
  /** Stable for the same duty of the same record, so a calendar can update the event. */
  id: string;
  due: string;
  status: 'overdue' | 'upcoming';
  what: string;
  subject: string;
  source: string;
}

/**
 * Every open deadline of an office, overdue first then soonest: donations, gifts, registers,
 * debriefs, each re-checked from the office's current history. `asOf` is a day in DD/MM/YYYY or
 * ISO form, compared as a date.
 */
export async function officeDeadlines(actor: Actor, money: MoneyService, travel: TravelService, asOf: string = isoDay()): Promise<DeadlineItem[]> {
  const on = day(asOf, 'asOf');
  const items: DeadlineItem[] = [];
  for (const s of await money.checkAll(actor, on)) {
    for (const d of s.current.deadlines) {
      if (d.status === 'met') continue;
      items.push({ id: `${s.entry.id}/${d.id}`, due: d.due, status: d.status === 'overdue' ? 'overdue' : 'upcoming', what: d.label, subject: `${s.entry.kind} of ${gbp(s.entry.value)} from ${s.entry.donor.name} (${s.entry.id})`, source: d.source });
    }
  }
  for (const t of await travel.list(actor)) {
    for (const d of travel.deadlines(t)) {
      if (d.met) continue;
      items.push({ id: `${t.id}/${d.id}`, due: d.due, status: d.due < on ? 'overdue' : 'upcoming', what: d.label, subject: `trip ${t.id}`, source: d.source });
    }
  }
  return items.sort((a, b) => (a.status === b.status ? a.due.localeCompare(b.due) : a.status === 'overdue' ? -1 : 1));
}

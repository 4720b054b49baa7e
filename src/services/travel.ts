import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import { countryCode } from '../domain/countries.js';
import { BulwarkError } from '../errors.js';
import { addDays } from '../domain/dates.js';
import { briefing, briefingHtml, foreignFunded, FUNDER_TYPES, TRAVEL, type Trip } from '../risk/travel.js';
import type { Store } from '../store/types.js';
import { ApproachInput, type ApproachService } from './approaches.js';
import { day, dayDate, inputError, parseInput } from './inputs.js';

export const TRIP_RECORD = 'trip';

const date = dayDate();
const TripInput = z
  .object({
    destination: z.string().trim().min(2, 'say where the trip goes'),
    city: z.string().trim().optional(),
    depart: date,
    return: date,
    funder: z.object({ name: z.string().trim().min(1, 'say who pays'), type: z.enum(FUNDER_TYPES, { message: `funder type must be one of ${FUNDER_TYPES.join(', ')}` }) }),
    purpose: z.string().trim().min(1, 'say what the trip is for'),
    devices: z.array(z.string().trim().min(1)).default([]),
    travellers: z.array(z.string().trim().min(1)).min(1, 'say who travels'),
  })
  .superRefine((t, ctx) => {
    if (t.return < t.depart) ctx.addIssue({ code: 'custom', path: ['return'], message: 'the return date is before the departure date' });
    if (!countryCode(t.destination)) ctx.addIssue({ code: 'custom', path: ['destination'], message: `unknown country "${t.destination}"` });
  });

const DebriefInput = z.object({
  answers: z.array(
    z.object({
      id: z.string(),
      yes: z.boolean(),
      details: z.string().optional(),
      /** The person involved, to record as an approach. */
      contact: z.object({ name: z.string(), claimedRole: z.string().optional(), claimedAffiliation: z.string().optional(), emails: z.array(z.string()).optional() }).optional(),
      date: z.string().optional(),
    }),
  ),
});

/** Overseas trips: a briefing before, a debrief after whose answers become approach records. */
export class TravelService {
  constructor(
    private readonly store: Store,
    private readonly approaches: ApproachService,
  ) {}

  async add(actor: Actor, raw: unknown): Promise<Trip> {
    const input = parseInput(TripInput, raw);
    const trip: Trip = { id: randomUUID(), ...input, destination: countryCode(input.destination)! };
    await this.save(actor, trip, 'trip.add', { destination: trip.destination, depart: trip.depart, return: trip.return, funder: trip.funder, foreignFunded: foreignFunded(trip) });
    return trip;
  }

  /** Writes a trip and its audit entry together. */
  private async save(actor: Actor, trip: Trip, action: string, detail: unknown): Promise<void> {
    const now = new Date().toISOString();
    await this.store.putRecords(
      [{ id: trip.id, officeId: actor.officeId, kind: TRIP_RECORD, key: trip.destination, date: trip.depart, data: trip as unknown as Record<string, unknown>, createdBy: actor.userId, createdAt: now, updatedAt: now }],
      { actor: actor.userId, officeId: actor.officeId, action, subject: trip.id, detail },
    );
  }

  async get(actor: Actor, id: string): Promise<Trip> {
    const r = await this.store.getRecord(actor.officeId, TRIP_RECORD, id);
    if (!r) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no trip "${id}" in this office`);
    return r.data as unknown as Trip;
  }

  async list(actor: Actor): Promise<Trip[]> {
    return (await this.store.listRecords(actor.officeId, TRIP_RECORD)).map((r) => r.data as unknown as Trip);
  }

  async briefing(actor: Actor, id: string, format: 'markdown' | 'html' = 'markdown'): Promise<string> {
    const t = await this.get(actor, id);
    return format === 'html' ? briefingHtml(t) : briefing(t);
  }

  questions() {
    return TRAVEL.debrief.questions;
  }

  /**
   * Records the debrief. Every "yes" naming a person becomes an approach (with the question's
   * indicators), all validated before anything is written.
   */
  async debrief(actor: Actor, id: string, raw: unknown): Promise<{ trip: Trip; approaches: string[]; deviceIncidents: string[] }> {
    const trip = await this.get(actor, id);
    if (trip.debrief) throw new BulwarkError('BWK_ERR_INPUT', `the trip was debriefed on ${trip.debrief.completedAt.slice(0, 10)}`);
    if (trip.return > new Date().toISOString().slice(0, 10)) throw new BulwarkError('BWK_ERR_INPUT', `the trip ends on ${trip.return}: debrief after returning`);
    const debrief = parseInput(DebriefInput, raw);
    const questions = new Map(TRAVEL.debrief.questions.map((q) => [q.id, q]));
    const unknown = debrief.answers.filter((a) => !questions.has(a.id)).map((a) => a.id);
    if (unknown.length) throw new BulwarkError('BWK_ERR_INPUT', `unknown debrief question(s): ${unknown.join(', ')}`, { field: 'answers' });
    const reports = debrief.answers
      .filter((a) => a.yes && a.contact)
      .map((a) => {
        const q = questions.get(a.id)!;
        return {
          contact: a.contact!,
          date: a.date ?? trip.return,
          channel: 'in_person',
          types: q.types.length ? q.types : ['meeting_request'],
          approached: { name: trip.travellers.join(', ') },
          asked: a.details ?? q.question,
          answers: q.indicators,
          notes: `From the debrief of the trip to ${trip.city ? `${trip.city}, ` : ''}${trip.destination} (${trip.depart} to ${trip.return}), question ${q.id}: ${q.question}`,
        };
      });
    for (const [i, r] of reports.entries()) {
      const check = ApproachInput.safeParse(r);
      if (!check.success) throw inputError(check.error, r, { line: i + 1 });
    }
    const created: string[] = [];
    for (const r of reports) created.push((await this.approaches.addApproach(actor, r)).approach.id);
    const deviceIncidents = debrief.answers.filter((a) => a.yes && questions.get(a.id)!.deviceIncident).map((a) => a.details ?? 'a device was out of sight');
    const done: Trip = { ...trip, debrief: { completedAt: new Date().toISOString(), answers: debrief.answers.map(({ id: qid, yes, details }) => ({ id: qid, yes, ...(details ? { details } : {}) })), approaches: created } };
    await this.save(actor, done, 'trip.debrief', { approaches: created, deviceIncidents });
    return { trip: done, approaches: created, deviceIncidents };
  }

  /** Records that the visit was entered on the register of interests. */
  async markRegistered(actor: Actor, id: string, date: string): Promise<Trip> {
    const trip = await this.get(actor, id);
    const registered = day(date, 'registered');
    if (registered < trip.depart) throw new BulwarkError('BWK_ERR_INPUT', `the registration date is before the trip (${trip.depart})`, { field: 'registered' });
    const next: Trip = { ...trip, registered };
    await this.save(actor, next, 'trip.registered', { registered });
    return next;
  }

  /** The trip's own deadlines: the debrief, and registering a visit someone else paid for. */
  deadlines(t: Trip): { id: string; label: string; due: string; met: boolean; source: string }[] {
    const out = [{ id: 'debrief', label: `debrief the trip to ${t.destination}`, due: addDays(t.return, TRAVEL.debrief.dueDays), met: Boolean(t.debrief), source: TRAVEL.debrief.dueSource }];
    if (t.funder.type !== 'self' && t.funder.type !== 'public_funds') {
      out.push({ id: 'register_visit', label: `register the visit to ${t.destination} paid by ${t.funder.name}${foreignFunded(t) ? ' (foreign-funded)' : ''}`, due: addDays(t.return, 28), met: Boolean(t.registered), source: TRAVEL.visitRegister.source });
    }
    return out;
  }
}

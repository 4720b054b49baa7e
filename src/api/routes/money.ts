import { z } from 'zod';
import { registerCsv } from '../../export/register.js';
import { Doc, IdParam, Page, Paging, page, route } from '../route.js';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');
const MONEY_EXAMPLE = { kind: 'donation', recipient: 'member', donor: { name: 'Example Donor Ltd', type: 'company', companyNumber: '01234567' }, amount: 5000, received: '2026-11-10', description: 'cash donation' };
const TRIP_EXAMPLE = { destination: 'Iran', depart: '2026-12-01', return: '2026-12-05', funder: { name: 'A foreign ministry', type: 'foreign_government' }, purpose: 'parliamentary delegation', travellers: ['The member'] };

/** Donations, gifts, hospitality, visits and travel, with their deadlines and the register export. */
export const moneyRoutes = [
  route({
    method: 'GET', url: '/api/money', action: 'money.read', summary: 'The office\'s donations, gifts, hospitality and visits, each checked again as of today',
    query: Paging, response: Page(Doc),
    async handler({ services, actor, query }) {
      return page(await services.money.checkAll(actor, services.clock().toISOString().slice(0, 10)), query);
    },
  }),
  route({
    method: 'POST', url: '/api/money', action: 'money.write', summary: 'Record a donation, loan, gift, hospitality or visit: permissibility, missing evidence, thresholds, deadlines and red flags',
    body: Doc, response: Doc, status: 201,
    example: { body: MONEY_EXAMPLE },
    async handler({ services, actor, request }) {
      return services.money.add(actor, request.body);
    },
  }),
  route({
    method: 'POST', url: '/api/money/check', action: 'money.check', summary: 'Check an entry against the rules and the office\'s history without storing it (the form\'s live verdict)',
    body: Doc, response: Doc,
    example: { body: MONEY_EXAMPLE },
    async handler({ services, actor, request }) {
      return services.money.add(actor, request.body, { dryRun: true });
    },
  }),
  route({
    method: 'GET', url: '/api/money/:id', action: 'money.read', summary: 'One entry with its stored and its current check',
    params: IdParam, response: Doc,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params }) {
      return services.money.get(actor, params.id);
    },
  }),
  route({
    method: 'PATCH', url: '/api/money/:id', action: 'money.write', summary: 'Record a later decision or filing (accepted, returned, reported, registered)',
    params: IdParam, body: Doc, response: Doc,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' }, body: { accepted: '2026-11-20' } },
    async handler({ services, actor, params, request }) {
      return services.money.update(actor, params.id, request.body);
    },
  }),
  route({
    method: 'GET', url: '/api/trips', action: 'trips.read', summary: 'The office\'s trips',
    query: Paging, response: Page(Doc),
    async handler({ services, actor, query }) {
      return page(await services.travel.list(actor), query);
    },
  }),
  route({
    method: 'POST', url: '/api/trips', action: 'trips.write', summary: 'Record an overseas trip: briefing, deadlines, debrief reminder',
    body: Doc, response: Doc, status: 201,
    example: { body: TRIP_EXAMPLE },
    async handler({ services, actor, request }) {
      return services.travel.add(actor, request.body);
    },
  }),
  route({
    method: 'GET', url: '/api/trips/:id', action: 'trips.read', summary: 'One trip',
    params: IdParam, response: Doc,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params }) {
      return services.travel.get(actor, params.id);
    },
  }),
  route({
    method: 'GET', url: '/api/trips/:id/briefing', action: 'trips.read', summary: 'The printable pre-travel briefing (HTML with a print stylesheet, or Markdown)',
    params: IdParam, query: z.object({ format: z.enum(['html', 'markdown']).default('html') }), response: { contentType: 'text/html' },
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params, query, reply }) {
      const text = await services.travel.briefing(actor, params.id, query.format);
      if (query.format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(text);
      // The briefing is self-contained with its own inline styles, and nothing else.
      return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").send(text);
    },
  }),
  route({
    method: 'POST', url: '/api/trips/:id/debrief', action: 'trips.write', summary: 'Debrief after a trip: answers that name someone become approach reports',
    params: IdParam, body: Doc, response: Doc,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' }, body: { answers: [] } },
    async handler({ services, actor, params, request }) {
      return services.travel.debrief(actor, params.id, request.body);
    },
  }),
  route({
    method: 'POST', url: '/api/trips/:id/registered', action: 'trips.write', summary: 'Record when a paid-for visit was registered',
    params: IdParam, body: z.object({ date: IsoDay }), response: Doc,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' }, body: { date: '2026-11-20' } },
    async handler({ services, actor, params, body }) {
      return services.travel.markRegistered(actor, params.id, body.date);
    },
  }),
  route({
    method: 'GET', url: '/api/deadlines', action: 'deadlines.read', summary: 'Every open deadline of the office, overdue first then soonest',
    query: z.object({ asOf: IsoDay.optional() }), response: z.object({ asOf: z.string(), items: z.array(Doc) }),
    async handler({ services, actor, query }) {
      const asOf = query.asOf ?? services.clock().toISOString().slice(0, 10);
      return { asOf, items: await services.deadlines(actor, asOf) };
    },
  }),
  route({
    method: 'GET', url: '/calendar/:feed', action: 'deadlines.calendar', summary: 'The office\'s open deadlines as an iCalendar feed, for calendars to subscribe to; the address holds a calendar token (POST /api/auth/calendar)',
    params: z.object({ feed: z.string().min(1).max(200) }), tokenInPath: { param: 'feed', suffix: '.ics' },
    response: { contentType: 'text/calendar' },
    example: { params: { feed: 'bwk_calendar-token.ics' } },
    async handler({ services, actor, reply }) {
      return reply.type('text/calendar; charset=utf-8').header('content-disposition', 'inline; filename="bulwark-deadlines.ics"').send(await services.reminders.calendar(actor.officeId));
    },
  }),
  route({
    method: 'GET', url: '/api/register-export', action: 'register.export', summary: 'Entries due on the register, as CSV ready to file',
    response: { contentType: 'text/csv' },
    async handler({ services, actor, reply }) {
      // Re-checked from the office's current history, so the register never shows a stale total.
      const all = await services.money.checkAll(actor, services.clock().toISOString().slice(0, 10));
      await services.audit.recordRead(actor, 'register_export', actor.officeId, { entries: all.length });
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="register.csv"').send(registerCsv(all));
    },
  }),
];

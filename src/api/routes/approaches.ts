import { z } from 'zod';
import { actorOffices } from '../../domain/actor.js';
import { TLP_LEVELS } from '../../domain/tlp.js';
import { Doc, IdParam, Page, Paging, page, route } from '../route.js';

const Contact = z.object({ id: z.string(), officeId: z.string(), name: z.string(), data: Doc, createdAt: z.string(), updatedAt: z.string() });
const Alert = z.object({ id: z.string(), officeId: z.string(), contactId: z.string(), approachId: z.string(), kind: z.string(), level: z.string(), message: z.string(), routedTo: z.array(z.string()), createdAt: z.string() });
const Added = z.object({ contact: Contact, approach: Doc, assessment: Doc, relationship: Doc, alerts: z.array(Alert) });
/** An approach report as the form sends it; the service validates each field and names the one at fault. */
const ApproachBody = z.object({
  contact: Doc, date: z.string(), channel: z.string(), types: z.array(z.string()), approached: Doc, asked: z.string(),
  answers: z.array(z.string()).optional(), notes: z.string().optional(), tlp: z.enum(TLP_LEVELS).optional(),
  attachments: z.array(z.object({ filename: z.string().min(1).max(255), contentBase64: z.string() })).optional(),
});
const EXAMPLE = {
  contact: { name: 'Alex Recruiter', claimedRole: 'recruiter', claimedAffiliation: 'Global Talent Partners', emails: ['alex@example.org'] },
  date: '2026-11-02', channel: 'linkedin', types: ['job_offer'], approached: { name: 'Researcher' },
  asked: 'a paid consultancy report on the committee\'s China work', answers: [],
};

/** Contacts, approach reports with their scores, alerts, and the security team's cross-office view. */
export const approachRoutes = [
  route({
    method: 'GET', url: '/api/contacts', action: 'contacts.read', summary: 'The office\'s contacts, most recently active first',
    query: Paging, response: Page(Contact),
    async handler({ services, actor, query }) {
      return page(await services.approaches.listContacts(actor), query);
    },
  }),
  route({
    method: 'GET', url: '/api/contacts/:id', action: 'contacts.read', summary: 'A contact with its relationship timeline, every approach and its score, screening hits and alerts',
    params: IdParam, response: z.object({ contact: Contact, approaches: z.array(Doc), relationship: Doc }),
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params }) {
      const view = await services.approaches.contactView(actor, params.id);
      await services.audit.recordRead(actor, 'contact', params.id);
      return view;
    },
  }),
  route({
    method: 'POST', url: '/api/approaches', action: 'approaches.create', summary: 'Report an approach: the contact is screened, the approach scored against the indicator catalogue, the relationship re-read and alerts routed',
    body: ApproachBody, response: Added, status: 201,
    example: { body: EXAMPLE },
    async handler({ services, actor, request }) {
      return services.approaches.addApproach(actor, request.body);
    },
  }),
  route({
    method: 'POST', url: '/api/approaches/assess', action: 'approaches.assess', summary: 'Score a draft report without storing it (the form\'s live level and reasons)',
    body: ApproachBody, response: Added,
    example: { body: EXAMPLE },
    async handler({ services, actor, request }) {
      return services.approaches.addApproach(actor, request.body, { dryRun: true });
    },
  }),
  route({
    method: 'GET', url: '/api/alerts', action: 'alerts.read', summary: 'The office\'s alerts, newest first; with all=true, the alerts of every office the caller may see (security officers)',
    query: Paging.extend({ all: z.enum(['true', 'false']).optional() }), response: Page(Alert),
    async handler({ services, actor, query }) {
      const offices = query.all === 'true' ? actorOffices(actor) : [actor.officeId];
      const alerts = (await Promise.all(offices.map((officeId) => services.approaches.listAlerts({ ...actor, officeId })))).flat();
      return page(alerts.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), query);
    },
  }),
  route({
    method: 'GET', url: '/api/correlations', action: 'correlations.read', summary: 'The same contact reported by several of the offices the caller protects',
    response: z.object({ items: z.array(Doc) }),
    async handler({ services, actor }) {
      const items = await services.approaches.correlations(actor);
      await services.audit.recordRead(actor, 'correlations', `${items.length} clusters`);
      return { items };
    },
  }),
];

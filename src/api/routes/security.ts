import { z } from 'zod';
import { TLP_LEVELS } from '../../domain/tlp.js';
import { Doc, IdParam, Page, Paging, page, route } from '../route.js';

const Items = z.object({ items: z.array(Doc) });
const ID = '00000000-0000-4000-8000-000000000000';
const Decision = z.object({ type: z.enum(['confirm', 'split']), refs: z.array(z.string().max(300)).min(1).max(200), apart: z.array(z.string().max(300)).max(200).optional(), reason: z.string().max(2000) });

/** Entity resolution across offices, cross-office alerts, office notices and sharing groups. */
export const securityRoutes = [
  route({
    method: 'GET', url: '/api/clusters', action: 'clusters.read', summary: 'Records of the offices the caller protects resolved to one actor, with the evidence for each link',
    query: Paging, response: Page(Doc),
    async handler({ services, actor, query }) {
      const items = await services.security.resolution.clusters(actor);
      await services.audit.recordRead(actor, 'clusters', `${items.length} clusters`);
      return page(items, query);
    },
  }),
  route({
    method: 'POST', url: '/api/clusters/decisions', action: 'clusters.decide', summary: 'Confirm that records are one actor, or split records apart; audited and reversible',
    body: Decision, response: Doc, status: 201,
    example: { body: { type: 'confirm', refs: ['contact:office-a:x', 'contact:office-a:y'], reason: 'same phone' } },
    async handler({ services, actor, body }) {
      return services.security.resolution.decide(actor, body);
    },
  }),
  route({
    method: 'POST', url: '/api/clusters/decisions/:id/revert', action: 'clusters.decide', summary: 'Revert a confirm or split decision; the clusters are rebuilt without it',
    params: IdParam, body: z.object({ reason: z.string().max(2000) }), response: Doc,
    example: { params: { id: ID }, body: { reason: 'entered in error' } },
    async handler({ services, actor, params, body }) {
      return services.security.resolution.revert(actor, params.id, body.reason);
    },
  }),
  route({
    method: 'GET', url: '/api/security-alerts', action: 'security-alerts.read', summary: 'Alerts for the offices the caller protects: clusters reaching several offices or holding a listed party',
    query: Paging, response: Page(Doc),
    async handler({ services, actor, query }) {
      return page(await services.security.alerts.alerts(actor), query);
    },
  }),
  route({
    method: 'GET', url: '/api/notices', action: 'notices.read', summary: 'Notices that a report of this office is part of something larger (other offices are never named)',
    response: Items,
    async handler({ services, actor }) {
      return { items: await services.security.alerts.notices(actor) };
    },
  }),
  route({
    method: 'GET', url: '/api/groups', action: 'groups.read', summary: 'The sharing groups this office belongs to (members hidden when membership is confidential)',
    response: Items,
    async handler({ services, actor }) {
      return { items: await services.security.sharing.groups(actor) };
    },
  }),
  route({
    method: 'POST', url: '/api/groups', action: 'groups.manage', summary: 'Create a sharing group with a TLP ceiling, confidential membership and pseudonymous members',
    body: z.object({ name: z.string(), purpose: z.string().optional(), tlp: z.enum(TLP_LEVELS).optional(), confidentialMembership: z.boolean().optional(), members: z.array(z.object({ officeId: z.string(), pseudonymous: z.boolean().optional() })) }),
    response: Doc, status: 201,
    example: { body: { name: 'Northern security team', tlp: 'amber', members: [{ officeId: 'office-a' }] } },
    async handler({ services, actor, body }) {
      return services.security.sharing.createGroup(actor, body);
    },
  }),
  route({
    method: 'GET', url: '/api/groups/:id/items', action: 'groups.read', summary: 'What was shared in a group; pseudonymous contributions read "an office" except to the security team',
    params: IdParam, response: Items,
    example: { params: { id: ID } },
    async handler({ services, actor, params }) {
      return { items: await services.security.sharing.feed(actor, params.id) };
    },
  }),
  route({
    method: 'POST', url: '/api/groups/:id/items', action: 'groups.share', summary: 'Share an approach, case or cluster summary with a group, within its TLP',
    params: IdParam,
    body: z.object({ subject: z.object({ kind: z.enum(['approach', 'case', 'cluster']), id: z.string() }), title: z.string(), summary: z.string(), tlp: z.enum(TLP_LEVELS) }),
    response: Doc, status: 201,
    example: { params: { id: ID }, body: { subject: { kind: 'approach', id: ID }, title: 'Recruiter on LinkedIn', summary: 'Offered paid consultancy', tlp: 'green' } },
    async handler({ services, actor, params, body }) {
      return services.security.sharing.share(actor, { ...body, groupId: params.id });
    },
  }),
];

import { z } from 'zod';
import { Doc, Page, Paging, route } from '../route.js';

/** The hash-chained audit trail and its verification. */
export const auditRoutes = [
  route({
    method: 'GET', url: '/api/audit', action: 'audit.read', summary: 'The office\'s audit entries, oldest first (administrators: all=true for every office)',
    query: Paging.extend({ all: z.enum(['true', 'false']).optional() }), response: Page(Doc),
    async handler({ services, actor, query }) {
      const items = await services.audit.list(actor, { limit: query.limit + 1, offset: query.offset, all: query.all === 'true' });
      return { items: items.slice(0, query.limit), nextOffset: items.length > query.limit ? query.offset + query.limit : null };
    },
  }),
  route({
    method: 'GET', url: '/api/audit/verify', action: 'audit.read', summary: 'Check that no audit entry, its checkpoint or a record it covers was altered, removed or reordered',
    response: z.object({ ok: z.boolean(), entries: z.number(), records: z.number(), problems: z.array(z.string()), problem: z.string().optional() }),
    async handler({ services }) {
      return services.audit.verify();
    },
  }),
];

import { z } from 'zod';
import { route } from '../route.js';

/** Liveness and readiness for a load balancer or an orchestrator. */
export const healthRoutes = [
  route({
    method: 'GET', url: '/healthz', action: 'health.read', summary: 'The process answers',
    response: z.object({ ok: z.literal(true) }),
    async handler() {
      return { ok: true };
    },
  }),
  route({
    method: 'GET', url: '/readyz', action: 'health.read', summary: 'The store answers and lists are loaded (503 otherwise)',
    response: z.object({ ok: z.boolean(), lists: z.number(), entities: z.number() }),
    async handler({ services, reply }) {
      const lists = await services.lists.list().catch(() => null);
      if (!lists?.length) return reply.status(503).send({ ok: false, lists: lists?.length ?? 0, entities: 0 });
      return { ok: true, lists: lists.length, entities: lists.reduce((n, l) => n + l.entityCount, 0) };
    },
  }),
];

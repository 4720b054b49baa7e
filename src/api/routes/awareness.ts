import { z } from 'zod';
import { Doc, route } from '../route.js';

const Result = z.object({
  drillId: z.string(), correct: z.number(), total: z.number(), passed: z.boolean(),
  questions: z.array(z.object({ id: z.string(), chosen: z.string().nullable(), correct: z.boolean(), answer: z.string(), explain: z.string(), facts: z.array(z.string()), guidance: z.string() })),
});
const Done = z.record(z.string(), z.object({ correct: z.number(), total: z.number(), at: z.string() }));

/** The guidance inside the product, the scenario drills, and who has done them. */
export const awarenessRoutes = [
  route({
    method: 'GET', url: '/api/awareness/guidance', action: 'awareness.read', summary: 'The guidance in plain language, each section citing its source facts and naming the red flags it explains',
    response: Doc,
    async handler({ services }) {
      return services.awareness.guidance();
    },
  }),
  route({
    method: 'GET', url: '/api/awareness/drills', action: 'awareness.read', summary: 'The scenario drills built from public cases (without their answers)',
    response: z.object({ version: z.number(), drills: z.array(Doc) }),
    async handler({ services }) {
      return services.awareness.drills();
    },
  }),
  route({
    method: 'POST', url: '/api/awareness/drills/:id', action: 'awareness.drill', summary: 'Answer a drill: each answer marked and explained with its guidance; the result is recorded for the caller',
    params: z.strictObject({ id: z.string().min(1).max(100) }),
    body: z.object({ answers: z.record(z.string().max(20), z.string().max(20)) }),
    response: Result,
    example: { params: { id: 'recruiter' }, body: { answers: { q1: 'b', q2: 'b', q3: 'c' } } },
    async handler({ services, actor, params, body }) {
      return services.awareness.submitDrill(actor, params.id, body.answers);
    },
  }),
  route({
    method: 'GET', url: '/api/awareness/mine', action: 'awareness.read', summary: 'The caller\'s newest result for each drill',
    response: Done,
    async handler({ services, actor }) {
      return services.awareness.mine(actor);
    },
  }),
  route({
    method: 'GET', url: '/api/awareness/completion', action: 'awareness.office', summary: 'Drill completion per user across an office (security officers: ?office= for another office they protect)',
    response: Doc,
    async handler({ services, actor }) {
      return services.awareness.officeCompletion(actor);
    },
  }),
];

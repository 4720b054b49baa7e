import { z } from 'zod';
import { MAX_FIELD_LENGTH } from '../../screening/query.js';
import { JUDGEMENTS } from '../../store/types.js';
import { Doc, IdParam, route } from '../route.js';

export const ScreenQuery = z.object({
  name: z.string().min(1).max(MAX_FIELD_LENGTH),
  type: z.string().max(40).optional(),
  dob: z.string().max(20).optional(),
  country: z.string().max(100).optional(),
  id: z.string().max(100).optional(),
});
const Hit = z.object({ entityId: z.string(), caption: z.string(), schema: z.string(), dataset: z.string(), score: z.number(), level: z.enum(['match', 'possible']), reasons: z.array(z.string()) }).passthrough();
const ScreenResult = z.object({ query: Doc, algorithm: z.string(), threshold: z.number(), hits: z.array(Hit), warnings: z.array(z.string()), listVersions: z.record(z.string(), z.number()) }).passthrough();
const Job = z.object({ id: z.string(), status: z.enum(['running', 'done', 'failed']), readBytes: z.number(), totalBytes: z.number(), rows: z.number(), summary: Doc.optional(), error: z.string().optional(), filename: z.string(), startedAt: z.string(), updatedAt: z.string() }).passthrough();
const BATCH_MAX_BYTES = 50 * 1024 * 1024;

/** Screening through the server's warm index: single names, CSV batches, and reviewers' decisions. */
export const screeningRoutes = [
  route({
    method: 'POST', url: '/api/screen', action: 'screening.run', summary: 'Screen one person or organisation (any script, any spelling); every hit explained, with the office\'s earlier decisions',
    body: ScreenQuery.extend({ limit: z.number().int().min(1).max(100).optional(), includePossible: z.boolean().optional() }),
    response: ScreenResult,
    example: { body: { name: 'Игорь Гиркин', dob: '1970' } },
    async handler({ services, actor, body }) {
      const { limit, includePossible, ...query } = body;
      return services.screening.screen(actor, query, { ...(limit ? { limit } : {}), ...(includePossible !== undefined ? { includePossible } : {}) });
    },
  }),
  route({
    method: 'POST', url: '/api/screen/batch', action: 'screening.batch', summary: 'Screen every row of a CSV (columns name, type, dob, country, id; others pass through); answers a job to poll',
    query: z.object({ filename: z.string().max(255).default('batch.csv') }),
    upload: { types: ['text/csv', 'text/plain', 'application/octet-stream'], maxBytes: BATCH_MAX_BYTES },
    response: Job, status: 202,
    example: { body: 'name,dob\nIgor Girkin,1970\n', contentType: 'text/csv' },
    async handler({ services, actor, query, body }) {
      return services.batches.start(actor, body as Buffer, query.filename);
    },
  }),
  route({
    method: 'GET', url: '/api/screen/batch/:id', action: 'screening.batch', summary: 'A batch\'s progress (bytes read of the total, rows done) and summary',
    params: IdParam, response: Job,
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params }) {
      return services.batches.get(actor, params.id);
    },
  }),
  route({
    method: 'GET', url: '/api/screen/batch/:id/result', action: 'screening.batch', summary: 'A finished batch\'s result as CSV (one line per hit, best first)',
    params: IdParam, response: { contentType: 'text/csv' },
    example: { params: { id: '00000000-0000-0000-0000-000000000000' } },
    async handler({ services, actor, params, reply }) {
      const csv = await services.batches.result(actor, params.id);
      await services.audit.recordRead(actor, 'screening_batch', params.id);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="screening-${params.id}.csv"`).send(csv);
    },
  }),
  route({
    method: 'POST', url: '/api/decisions', action: 'screening.decide', summary: 'Record a reviewer\'s decision on a hit; later screens of the same query show it (re-opened if the listing changes)',
    body: z.object({ query: ScreenQuery, entityId: z.string().min(1).max(200), decision: z.enum(JUDGEMENTS as [string, ...string[]]), reason: z.string().trim().min(1).max(2000) }),
    response: Doc, status: 201,
    example: { body: { query: { name: 'Igor Girkin' }, entityId: 'ofac-sdn:16961', decision: 'false_positive', reason: 'a different person: born 1985 in Leeds' } },
    async handler({ services, actor, body }) {
      return services.screening.decide(actor, body);
    },
  }),
];

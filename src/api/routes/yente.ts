import { z } from 'zod';
import { Doc, route } from '../route.js';

const Example = z.object({ id: z.string().max(200).optional(), schema: z.string().min(1).max(40), properties: z.record(z.string(), z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)])) });
const DatasetParam = z.strictObject({ dataset: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'dataset names are lower-case letters, digits, hyphens and underscores') });
const FtmEntity = z.object({ id: z.string(), caption: z.string(), schema: z.string(), properties: z.record(z.string(), z.array(z.string())), datasets: z.array(z.string()), referents: z.array(z.string()), target: z.boolean() }).passthrough();
const Scored = FtmEntity.extend({ score: z.number(), match: z.boolean(), features: z.record(z.string(), z.number()) });
const Total = z.object({ value: z.number(), relation: z.string() });
/** yente's query parameters: the ones Bulwark uses, and the rest accepted so existing clients work unchanged. */
const MatchParams = z.object({
  threshold: z.coerce.number().min(0).max(1).default(0.7),
  cutoff: z.coerce.number().min(0).max(1).default(0.5),
  limit: z.coerce.number().int().min(1).max(500).default(5),
  algorithm: z.string().max(40).default('best'),
  fuzzy: z.string().optional(), changed_since: z.string().optional(), topics: z.union([z.string(), z.array(z.string())]).optional(),
  include_dataset: z.union([z.string(), z.array(z.string())]).optional(), exclude_dataset: z.union([z.string(), z.array(z.string())]).optional(),
  exclude_schema: z.union([z.string(), z.array(z.string())]).optional(), exclude_entity_ids: z.union([z.string(), z.array(z.string())]).optional(),
});

/** Endpoints in the shape of OpenSanctions' yente API (match, search, entity), over Bulwark's lists and matcher. */
export const yenteRoutes = [
  route({
    method: 'POST', url: '/match/:dataset', action: 'screening.run', summary: 'yente-compatible matching: several FollowTheMoney-shaped queries, scored results per query',
    params: DatasetParam, query: MatchParams,
    body: z.object({ queries: z.record(z.string().max(200), Example).refine((q) => Object.keys(q).length <= 100, 'at most 100 queries in one request'), weights: z.record(z.string(), z.number()).optional() }),
    response: z.object({ responses: z.record(z.string(), z.object({ status: z.number(), results: z.array(Scored), total: Total, query: Doc })), matcher: Doc, limit: z.number() }),
    example: { params: { dataset: 'default' }, body: { queries: { q1: { schema: 'Person', properties: { name: ['Arkadiy Rotenberg'], birthDate: ['1951'] } } } } },
    async handler({ services, params, query, body }) {
      return services.matching.match(params.dataset, body.queries, query);
    },
  }),
  route({
    method: 'GET', url: '/search/:dataset', action: 'screening.run', summary: 'yente-compatible search by name',
    params: DatasetParam,
    query: z.object({ q: z.string().min(1).max(300), schema: z.string().max(40).optional(), limit: z.coerce.number().int().min(1).max(500).default(10), offset: z.coerce.number().int().min(0).max(10_000).default(0) }).passthrough(),
    response: z.object({ results: z.array(FtmEntity), total: Total, limit: z.number(), offset: z.number(), facets: Doc }),
    example: { params: { dataset: 'default' }, query: { q: 'Rotenberg' } },
    async handler({ services, params, query }) {
      return services.matching.search(params.dataset, { q: query.q, limit: query.limit, offset: query.offset, ...(query.schema ? { schema: query.schema } : {}) });
    },
  }),
  route({
    method: 'GET', url: '/entities/:id', action: 'entities.read', summary: 'yente-compatible entity: by Bulwark id, or by the FollowTheMoney id of an entity that came from FtM data',
    params: z.strictObject({ id: z.string().min(1).max(200) }), response: FtmEntity,
    example: { params: { id: 'un-sc:2892251' } },
    async handler({ services, params }) {
      return services.matching.entity(params.id);
    },
  }),
];

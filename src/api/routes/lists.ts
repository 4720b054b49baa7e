import { z } from 'zod';
import { FORMATS } from '../../ingest/formats/index.js';
import { MAX_IN_MEMORY_BYTES } from '../../ingest/read.js';
import { vocabulary } from '../../risk/catalogue.js';
import { DONATION_RULES } from '../../risk/donation-rules.js';
import { MONEY_KINDS, PAYMENT_METHODS } from '../../risk/donations.js';
import { OFFICE_KINDS } from '../../risk/routing.js';
import { FUNDER_TYPES, TRAVEL } from '../../risk/travel.js';
import { ROLES } from '../../domain/actor.js';
import { TOKEN_SCOPES } from '../../domain/security.js';
import { TLP } from '../../domain/tlp.js';
import { Doc, IdParam, route } from '../route.js';

const Version = z.object({ id: z.number(), dataset: z.string(), format: z.string(), source: z.string(), fileHash: z.string(), recordCount: z.number(), counts: z.record(z.string(), z.number()), dataDate: z.string().optional(), importedAt: z.string(), delta: Doc, actor: z.string() });
const Dataset = z.object({ name: z.string(), title: z.string(), format: z.string(), current: Version, entityCount: z.number(), ageDays: z.number(), stale: z.boolean() });
const ImportReport = z.object({ version: Version, skipped: z.array(z.object({ record: z.string(), reason: z.string() })), parseMs: z.number(), storeMs: z.number() });
const NameParam = z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'list names are lower-case letters, digits and hyphens') });

/** Watchlists, their entities, the indicator catalogue and the vocabularies forms offer. */
export const listRoutes = [
  route({
    method: 'GET', url: '/api/vocabulary', action: 'vocabulary.read', summary: 'Every choice a form offers: channels, approach types, claimed roles, donor types, office kinds, roles, token scopes, list formats',
    response: Doc,
    async handler() {
      return {
        channels: vocabulary.channels, approachTypes: vocabulary.approachTypes, claimedRoles: vocabulary.claimedRoles, stages: vocabulary.stages,
        moneyKinds: MONEY_KINDS, paymentMethods: PAYMENT_METHODS, recipients: Object.keys(DONATION_RULES.recipients),
        donorTypes: DONATION_RULES.donorTypes, officeKinds: OFFICE_KINDS, roles: ROLES, tokenScopes: TOKEN_SCOPES, listFormats: Object.keys(FORMATS),
        funderTypes: FUNDER_TYPES, debriefQuestions: TRAVEL.debrief.questions.map((q) => ({ id: q.id, question: q.question })),
        tlp: { levels: TLP.levels.map(({ level, label, meaning }) => ({ level, label, meaning })), defaultForReports: TLP.defaultForReports },
      };
    },
  }),
  route({
    method: 'GET', url: '/api/lists', action: 'lists.read', summary: 'The loaded lists: current version, entity counts, data dates',
    response: z.object({ items: z.array(Dataset) }),
    async handler({ services }) {
      return { items: await services.lists.list() };
    },
  }),
  route({
    method: 'GET', url: '/api/lists/:name/versions', action: 'lists.read', summary: 'Every imported version of one list, newest first, with its delta',
    params: NameParam, response: z.object({ items: z.array(Version) }),
    example: { params: { name: 'un-sc' } },
    async handler({ services, params }) {
      return { items: await services.lists.history(params.name) };
    },
  }),
  route({
    method: 'POST', url: '/api/lists/:name/import', action: 'lists.write', summary: 'Import a list file (the request body) as a new version of the list',
    params: NameParam,
    query: z.object({ format: z.enum(Object.keys(FORMATS) as [string, ...string[]]), title: z.string().max(200).optional(), filename: z.string().max(255).default('upload'), force: z.enum(['true', 'false']).optional() }),
    upload: { types: ['application/xml', 'text/xml', 'text/csv', 'text/plain', 'application/octet-stream', 'application/x-ndjson', 'text/tab-separated-values'], maxBytes: MAX_IN_MEMORY_BYTES },
    response: ImportReport, status: 201,
    example: { params: { name: 'office-list' }, query: { format: 'csv' }, body: 'name\nExample Person\n', contentType: 'text/csv' },
    async handler({ services, actor, params, query, body }) {
      return services.lists.importUpload(actor, {
        dataset: params.name, format: query.format, content: body as Buffer, filename: query.filename, force: query.force === 'true', ...(query.title ? { title: query.title } : {}),
      });
    },
  }),
  route({
    method: 'POST', url: '/api/lists/update', action: 'lists.write', summary: 'Download fresh copies of the lists from their official addresses',
    body: z.object({ only: z.array(z.string().max(64)).max(50).default([]) }).optional(),
    response: z.object({ outcomes: z.array(Doc) }),
    example: { body: { only: ['un-sc'] } },
    async handler({ services, actor, body }) {
      return { outcomes: await services.lists.update(actor, body?.only ?? []) };
    },
  }),
  route({
    method: 'GET', url: '/api/entities/:id', action: 'entities.read', summary: 'One listed entity, verbatim, with its records on other lists',
    params: IdParam, response: z.object({ entity: Doc, linked: z.array(z.object({ entity: Doc, via: z.array(Doc) })) }),
    example: { params: { id: 'un-sc:2892251' } },
    async handler({ services, params }) {
      return services.lists.entity(params.id);
    },
  }),
  route({
    method: 'GET', url: '/api/indicators', action: 'indicators.read', summary: 'The current indicator catalogue (version, indicators with question, weight, stage and source)',
    response: Doc,
    async handler({ services }) {
      return services.approaches.catalogue();
    },
  }),
  route({
    method: 'PUT', url: '/api/indicators', action: 'indicators.write', summary: 'Publish a new catalogue version; every later score records it',
    body: z.object({ catalogue: Doc, note: z.string().trim().min(1).max(2000) }), response: Doc,
    example: { body: { catalogue: { indicators: [] }, note: 'why it changes' } },
    async handler({ services, actor, body }) {
      return services.approaches.setCatalogue(actor, body.catalogue, body.note);
    },
  }),
];

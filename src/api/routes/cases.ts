import { z } from 'zod';
import { TLP, TLP_LEVELS } from '../../domain/tlp.js';
import { EXCHANGE_LIMITS } from '../../export/guard.js';
import { CASE_PRIORITIES, CASE_STATUSES } from '../../services/cases.js';
import { EXCHANGE_FORMATS } from '../../services/exchange.js';
import { Doc, IdParam, route } from '../route.js';

const ID = '00000000-0000-4000-8000-000000000000';
const Link = z.object({ kind: z.enum(['cluster', 'contact', 'donor', 'approach', 'alert', 'node', 'partner-package']), ref: z.string(), label: z.string().optional() });
const Exported = z.object({ format: z.string(), contentType: z.string(), content: z.string(), losses: z.array(Doc) });
const Audience = z.enum(TLP.reach as ['named', 'organisation', 'group', 'community', 'world']);
const CSV_MAX = 20_000_000;
/** The page is self-contained: inline styles only, nothing to fetch or run. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** Cases, the graph and the company register, and exchange with partners (STIX 2.1, MISP, CSV). */
export const caseRoutes = [
  route({
    method: 'GET', url: '/api/cases', action: 'cases.read', summary: 'Cases of the offices the caller protects, highest priority first',
    response: z.object({ items: z.array(Doc) }),
    async handler({ services, actor }) {
      return { items: await services.security.cases.list(actor) };
    },
  }),
  route({
    method: 'POST', url: '/api/cases', action: 'cases.write', summary: 'Open a case, from an alert or by hand',
    body: z.object({ title: z.string(), priority: z.enum(CASE_PRIORITIES).optional(), tlp: z.enum(TLP_LEVELS).optional(), assignee: z.string().optional(), fromAlert: z.string().optional(), links: z.array(Link).optional(), note: z.string().optional() }),
    response: Doc, status: 201,
    example: { body: { title: 'Recruiter writing to several offices', priority: 'high' } },
    async handler({ services, actor, body }) {
      return services.security.cases.open(actor, body);
    },
  }),
  route({
    method: 'GET', url: '/api/cases/:id', action: 'cases.read', summary: 'A case with its timeline from the audit trail and the days since it was opened',
    params: IdParam, response: Doc, example: { params: { id: ID } },
    async handler({ services, actor, params }) {
      return services.security.cases.get(actor, params.id);
    },
  }),
  route({
    method: 'PATCH', url: '/api/cases/:id', action: 'cases.write', summary: 'Work a case: status, priority, TLP, assignee, outcome, linked records, a note',
    params: IdParam,
    body: z.object({ status: z.enum(CASE_STATUSES).optional(), priority: z.enum(CASE_PRIORITIES).optional(), tlp: z.enum(TLP_LEVELS).optional(), assignee: z.string().nullable().optional(), outcome: z.string().optional(), addLinks: z.array(Link).optional(), note: z.string().optional() }),
    response: Doc, example: { params: { id: ID }, body: { status: 'investigating' } },
    async handler({ services, actor, params, body }) {
      return services.security.cases.update(actor, params.id, body);
    },
  }),
  route({
    method: 'GET', url: '/api/cases/:id/report', action: 'cases.read', summary: 'The printable case report (HTML with a print stylesheet)',
    params: IdParam, response: { contentType: 'text/html' }, example: { params: { id: ID } },
    async handler({ services, actor, params, reply }) {
      return reply.type('text/html; charset=utf-8').header('content-security-policy', HTML_CSP).send(await services.security.cases.report(actor, params.id));
    },
  }),
  route({
    method: 'GET', url: '/api/cases/:id/export', action: 'exchange.export', summary: 'A case as STIX 2.1, MISP or CSV, with the loss report; refused when its TLP may not reach the audience',
    params: IdParam, query: z.object({ format: z.enum(EXCHANGE_FORMATS), audience: Audience.default('group') }), response: Exported,
    example: { params: { id: ID }, query: { format: 'stix' } },
    async handler({ services, actor, params, query }) {
      const pkg = await services.security.exchange.packageForCase(actor, params.id);
      const out = await services.security.exchange.export(actor, pkg, query.format, query.audience);
      return { format: query.format, contentType: out.contentType, content: out.body, losses: out.losses };
    },
  }),
  route({
    method: 'POST', url: '/api/exchange/selection', action: 'exchange.export', summary: 'A selection of clusters and records as STIX 2.1, MISP or CSV',
    body: z.object({ title: z.string().min(1).max(300), tlp: z.enum(TLP_LEVELS), clusterIds: z.array(z.string()).max(200).optional(), refs: z.array(z.string()).max(1000).optional(), format: z.enum(EXCHANGE_FORMATS), audience: Audience.default('group') }),
    response: Exported, example: { body: { title: 'Selection', tlp: 'green', refs: [], format: 'csv' } },
    async handler({ services, actor, body }) {
      const pkg = await services.security.exchange.packageForSelection(actor, body);
      const out = await services.security.exchange.export(actor, pkg, body.format, body.audience);
      return { format: body.format, contentType: out.contentType, content: out.body, losses: out.losses };
    },
  }),
  route({
    method: 'POST', url: '/api/exchange/import', action: 'exchange.import', summary: 'Import a partner STIX 2.1 bundle or MISP event (the request body); refused whole, naming the object, if anything is wrong',
    query: z.object({ format: z.enum(['stix', 'misp']) }),
    upload: { types: ['application/stix+json', 'application/octet-stream'], maxBytes: EXCHANGE_LIMITS.maxBytes },
    response: z.object({ pkg: Doc, skipped: z.array(Doc) }), status: 201,
    example: { query: { format: 'stix' }, body: '{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[]}', contentType: 'application/stix+json' },
    async handler({ services, actor, query, body }) {
      return services.security.exchange.import(actor, query.format, body as Buffer);
    },
  }),
  route({
    method: 'GET', url: '/api/graph/neighbourhood', action: 'graph.read', summary: 'The nodes and typed edges around a node (depth 1–3)',
    query: z.object({ node: z.string().min(1).max(300), depth: z.coerce.number().int().min(1).max(3).default(1) }),
    response: z.object({ nodes: z.array(Doc), edges: z.array(Doc) }), example: { query: { node: 'company:00000000' } },
    async handler({ services, actor, query }) {
      return services.security.graph.neighbourhood(actor, query.node, query.depth);
    },
  }),
  route({
    method: 'GET', url: '/api/graph/paths', action: 'graph.read', summary: 'The shortest explained paths between two nodes (e.g. donor → company → director → listed entity)',
    query: z.object({ from: z.string().min(1).max(300), to: z.string().min(1).max(300) }),
    response: z.object({ items: z.array(Doc) }), example: { query: { from: 'company:00000000', to: 'listed:x' } },
    async handler({ services, actor, query }) {
      return { items: await services.security.graph.paths(actor, query.from, query.to) };
    },
  }),
  route({
    method: 'POST', url: '/api/register/import', action: 'register.import', summary: 'Import a company register: companies (BasicCompanyData layout), officers and persons with significant control (CSV texts)',
    body: z.object({ companies: z.string().min(1).max(CSV_MAX), officers: z.string().max(CSV_MAX).optional(), pscs: z.string().max(CSV_MAX).optional() }),
    response: z.object({ companies: z.number(), people: z.number(), listed: z.number() }), status: 201,
    example: { body: { companies: 'CompanyName,CompanyNumber,RegAddress.AddressLine1,RegAddress.PostTown,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,IncorporationDate\nEXAMPLE LTD,00000001,1 Example Street,LONDON,E1 9ZZ,Private Limited Company,Active,United Kingdom,01/01/2020\n' } },
    async handler({ services, actor, body }) {
      return services.security.graph.importRegisterUpload(actor, body);
    },
  }),
];

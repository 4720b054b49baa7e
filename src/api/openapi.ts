import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { POLICIES, type PolicyRow } from '../domain/policy.js';
import type { RouteDef } from './route.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  try {
    return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  } catch {
    return {};
  }
}

const who = (row: PolicyRow) => (row.roles === 'public' ? 'public' : `${row.roles.join(', ')}${row.office ? ' (own or assigned office)' : ''}${row.token ? `; token scope ${row.token}` : ''}`);

/** The OpenAPI 3.1 description, generated from the route table (schemas, policies, examples). */
export function openApi(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([a-zA-Z]+)/g, '{$1}');
    const row: PolicyRow = POLICIES[r.action];
    const parameters = [
      ...[...r.url.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...(r.query ? Object.entries(((jsonSchema(r.query, 'input') as { properties?: Record<string, unknown> }).properties ?? {})).map(([name, schema]) => ({ name, in: 'query', schema })) : []),
      ...(row.office ? [{ name: 'office', in: 'query', description: 'act in another office one is assigned to', schema: { type: 'string' } }] : []),
    ];
    const success = String(r.status ?? 200);
    const content = 'contentType' in r.response ? { [r.response.contentType]: {} } : { 'application/json': { schema: jsonSchema(r.response, 'output') } };
    (paths[path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      description: `Policy ${r.action}: ${row.what}. Allowed: ${who(row)}.`,
      'x-policy': r.action,
      parameters,
      ...(r.body ? { requestBody: { content: { 'application/json': { schema: jsonSchema(r.body, 'input'), ...(r.example?.body ? { example: r.example.body } : {}) } } } } : {}),
      ...(r.upload ? { requestBody: { content: Object.fromEntries(r.upload.types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) } } : {}),
      responses: { [success]: { description: 'success', content }, default: { description: 'an error: { error: { code, message, field? } }' } },
      security: row.roles === 'public' ? [] : [{ session: [] }, { token: [] }],
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Bulwark', version: '1', description: 'Screening, approach reporting and compliance against foreign-state interference. Errors are listed in docs/errors.md.' },
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'bulwark_session', description: 'from POST /api/auth/login; writes also need the x-csrf-token header' },
        token: { type: 'http', scheme: 'bearer', description: 'an API token from POST /api/tokens' },
      },
    },
  };
}

/** `/openapi.json` and a browsable page at `/docs` (plain HTML: the server may run offline, so nothing is fetched). */
export function registerDocs(app: FastifyInstance, routes: RouteDef[]): void {
  const doc = openApi(routes);
  const rows = routes
    .map((r) => {
      const row: PolicyRow = POLICIES[r.action];
      const example = r.example?.body !== undefined ? `<details><summary>example body</summary><pre>${escape(typeof r.example.body === 'string' ? r.example.body : JSON.stringify(r.example.body, null, 2))}</pre></details>` : '';
      return `<tr><td><code>${r.method}</code></td><td><code>${escape(r.url)}</code></td><td>${escape(r.summary)}${example}</td><td>${escape(who(row))}</td></tr>`;
    })
    .join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Bulwark API</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}code{background:#f0f0f0;padding:0 .2rem}pre{background:#f6f6f6;padding:.5rem;overflow:auto}</style></head>
<body><h1>Bulwark API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Sign in with <code>POST /api/auth/login</code> (cookie; send <code>x-csrf-token</code> on writes) or send <code>Authorization: Bearer &lt;token&gt;</code>. Another office's record answers 404, like a missing one.</p>
<table><thead><tr><th>method</th><th>path</th><th>what</th><th>who may</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
  app.get('/openapi.json', { config: { action: 'docs.read' } }, async () => doc);
  app.get('/docs', { config: { action: 'docs.read' } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'").send(html),
  );
}

import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { POLICIES } from '../domain/policy.js';
import { SECURITY } from '../domain/security.js';
import { BulwarkError } from '../errors.js';
import type { Services } from '../services/container.js';
import { sendError, zodError } from './errors.js';
import { guard } from './guard.js';
import { assertCleanText } from './hygiene.js';
import { registerDocs } from './openapi.js';
import type { RouteDef } from './route.js';
import { ROUTES } from './routes/index.js';
import { webPlugin } from './web.js';

/** JSON bodies larger than this are refused before parsing (uploads declare their own limit). */
const JSON_LIMIT = 2 * 1024 * 1024;
const TOKEN_IN_PATH = new RegExp(`${SECURITY.tokens.prefix}[A-Za-z0-9_-]+`, 'g');

export interface ServerOptions {
  logLevel?: string;
  trustProxy?: boolean;
  /** Where logs go (standard output by default). */
  logStream?: NodeJS.WritableStream;
}

/** Unknown fields are refused: object schemas become strict, once per route. */
const strict = <T>(schema: z.ZodType<T> | undefined): z.ZodType<T> | undefined => (schema instanceof z.ZodObject ? ((schema as z.ZodObject).strict() as unknown as z.ZodType<T>) : schema);

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) {
    if (value && typeof value === 'object' && Object.keys(value).length) throw new BulwarkError('BWK_ERR_INPUT', `${where} takes no fields`, { field: Object.keys(value)[0] });
    return undefined as T;
  }
  const r = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (!r.success) {
    const body = zodError(r.error, where);
    throw new BulwarkError('BWK_ERR_INPUT', body.error.message.replace(/^[^:]+: /, ''), { field: body.error.field });
  }
  return r.data as T;
}

function splitOffice(query: unknown): { office?: string; rest: Record<string, unknown> } {
  const { office, ...rest } = (query ?? {}) as Record<string, unknown>;
  if (office !== undefined && typeof office !== 'string') throw new BulwarkError('BWK_ERR_INPUT', 'office must be given once', { field: 'office' });
  return { ...(office !== undefined ? { office } : {}), rest };
}

function register(app: FastifyInstance, def: RouteDef, services: Services): void {
  const schemas = { params: strict(def.params), query: strict(def.query), body: strict(def.body) };
  app.route({
    method: def.method,
    url: def.url,
    bodyLimit: def.upload?.maxBytes ?? JSON_LIMIT,
    config: { action: def.action },
    handler: async (request, reply) => {
      const { office, rest } = splitOffice(request.query);
      const { actor, principal } = await guard(request, def, services, office);
      const params = parsePart(schemas.params, request.params, 'path');
      const query = parsePart(schemas.query, rest, 'query');
      if (def.upload) {
        const type = String(request.headers['content-type'] ?? '').split(';')[0].trim();
        if (!def.upload.types.includes(type)) throw new BulwarkError('BWK_ERR_INPUT', `send the file as ${def.upload.types.join(' or ')}`, { field: 'content-type' });
        if (!Buffer.isBuffer(request.body)) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'no file was sent');
      } else if (Buffer.isBuffer(request.body)) {
        // A file's content type sent to a route that takes JSON: say so, rather than report its fields missing.
        return reply.status(415).send({ error: { code: 'BWK_ERR_INPUT', message: 'this route takes JSON: send the body as application/json', field: 'content-type' } });
      } else if (request.body !== undefined) assertCleanText(request.body);
      assertCleanText(rest, ['query']);
      const body = def.upload ? request.body : parsePart(schemas.body, request.body, 'body');
      const out = await def.handler({ actor: actor!, ...(principal ? { principal } : {}), params, query, body, services, request, reply } as never);
      if (reply.sent) return reply;
      if (def.status) reply.status(def.status);
      return out;
    },
  });
}

/** The Bulwark HTTP server over one set of services. */
export async function buildServer(services: Services, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    trustProxy: opts.trustProxy ?? false,
    bodyLimit: JSON_LIMIT,
    logger: {
      level: opts.logLevel ?? 'info',
      // Requests are logged by method and path only (a token in a feed address cut off): never headers (cookies, tokens), query strings (names) or bodies (reports).
      serializers: {
        req: (req: FastifyRequest) => ({ method: req.method, path: req.url.split('?')[0].replace(TOKEN_IN_PATH, `${SECURITY.tokens.prefix}…`), reqId: req.id }),
      },
      redact: ['req.headers', 'headers.authorization', 'headers.cookie', '*.password', '*.token'],
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
  });
  // A route without a policy row is a build error, not an open door.
  app.addHook('onRoute', (r) => {
    const action = (r.config as { action?: string } | undefined)?.action;
    if (!action || !(action in POLICIES)) throw new Error(`route ${r.method} ${r.url} declares no policy`);
  });
  await app.register(cookie);
  app.addContentTypeParser(['text/csv', 'application/octet-stream', 'application/stix+json', 'application/xml', 'text/xml', 'text/plain', 'application/x-ndjson', 'text/tab-separated-values'], { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((e, request, reply) => sendError(e, request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new BulwarkError('BWK_ERR_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`), request, reply));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('cross-origin-resource-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
  });
  for (const def of ROUTES) register(app, def as RouteDef, services);
  registerDocs(app, ROUTES as RouteDef[]);
  await app.register(webPlugin);
  return app;
}

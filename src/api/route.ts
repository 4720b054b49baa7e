import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor } from '../domain/actor.js';
import type { Action } from '../domain/policy.js';
import type { Principal } from '../services/accounts.js';
import type { Services } from '../services/container.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<P, Q, B> {
  /** The caller, acting in the office the request names (or their own). */
  actor: Actor;
  principal?: Principal;
  params: P;
  query: Q;
  body: B;
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
}

/**
 * One route: its policy row, schemas and handler side by side. The server validates params, query
 * and body with the zod schemas (unknown fields refused), checks the policy, then calls the handler,
 * which calls one service. `response` documents the 200 body (JSON) or names the content type.
 */
export interface RouteDef<P = unknown, Q = unknown, B = unknown> {
  method: Method;
  url: string;
  action: Action;
  summary: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** The body is a file (raw bytes) of one of these content types, up to maxBytes. */
  upload?: { types: string[]; maxBytes: number };
  response: z.ZodType | { contentType: string };
  status?: number;
  /**
   * The credential is an API token carried in this path parameter (before `suffix`), for clients
   * that can only fetch an address, such as calendar subscriptions.
   */
  tokenInPath?: { param: string; suffix: string };
  /** A valid request, for the API description and the authorisation matrix test. */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown; contentType?: string };
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>;
}

// Identity helper: each route's handler types are inferred from its own schemas.
export const route = <P, Q, B>(r: RouteDef<P, Q, B>): RouteDef<P, Q, B> => r;

export const Paging = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** One page of a list: `nextOffset` is null on the last page. */
export function page<T>(items: T[], q: { limit: number; offset: number }): { items: T[]; nextOffset: number | null } {
  const slice = items.slice(q.offset, q.offset + q.limit);
  return { items: slice, nextOffset: q.offset + q.limit < items.length ? q.offset + q.limit : null };
}

export const Page = (item: z.ZodType) => z.object({ items: z.array(item), nextOffset: z.number().int().nullable() });
export const IdParam = z.strictObject({ id: z.string().min(1).max(200) });
export const Ok = z.object({ ok: z.literal(true) });
/** Loose record shape for documents whose fields the services define. */
export const Doc = z.record(z.string(), z.unknown());

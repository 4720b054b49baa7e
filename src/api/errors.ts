import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ERRORS, isBulwarkError, zodProblem, type ErrorCode } from '../errors.js';

export interface ErrorBody {
  error: { code: ErrorCode | 'BWK_ERR_INTERNAL'; message: string; field?: string };
}

export function zodError(e: z.ZodError, where: string): ErrorBody {
  return { error: { code: 'BWK_ERR_INPUT', ...zodProblem(e, where) } };
}

/** Maps every failure to the catalogue's status and one clear sentence; internal details stay in the log. */
export function sendError(e: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isBulwarkError(e)) {
    const body: ErrorBody = { error: { code: e.code, message: e.message, ...(e.location.field ? { field: e.location.field } : {}) } };
    if (e.code === 'BWK_ERR_RATE_LIMITED') reply.header('retry-after', '900');
    return reply.status(ERRORS[e.code].status).send(body);
  }
  if (e instanceof z.ZodError) return reply.status(400).send(zodError(e, 'body'));
  const fe = e as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 413 ? 'BWK_ERR_FILE_TOO_LARGE' : fe.statusCode === 404 ? 'BWK_ERR_NOT_FOUND' : 'BWK_ERR_INPUT';
    const message = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? `content type ${request.headers['content-type'] ?? '(none)'} is not accepted here` : fe.message;
    return reply.status(fe.statusCode).send({ error: { code, message } } satisfies ErrorBody);
  }
  request.log.error({ err: e }, 'request failed');
  return reply.status(500).send({ error: { code: 'BWK_ERR_INTERNAL', message: 'Something went wrong inside Bulwark; the administrator can find it in the log.' } } satisfies ErrorBody);
}

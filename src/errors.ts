import type { z } from 'zod';

/**
 * The one catalogue of Bulwark errors. Domain code throws BulwarkError with a stable code;
 * the CLI maps codes to exit codes and the API (later) to HTTP statuses.
 */
export const ERRORS = {
  BWK_ERR_INPUT: { exit: 2, status: 400, message: 'The input is not valid.' },
  BWK_ERR_FILE_NOT_FOUND: { exit: 3, status: 404, message: 'The file does not exist or cannot be read.' },
  BWK_ERR_FILE_EMPTY: { exit: 4, status: 400, message: 'The file is empty.' },
  BWK_ERR_FILE_ENCODING: { exit: 4, status: 400, message: 'The file is not in the expected text encoding.' },
  BWK_ERR_FILE_FORMAT: { exit: 4, status: 400, message: 'The file is not in the expected format.' },
  BWK_ERR_FILE_TOO_LARGE: { exit: 4, status: 413, message: 'The file is larger than the importer accepts.' },
  BWK_ERR_LIST_SHRANK: { exit: 4, status: 422, message: 'The new list would lose more of the current entries than allowed without a reason.' },
  BWK_ERR_DUPLICATE_IMPORT: { exit: 5, status: 409, message: 'This exact file is already the current version of the dataset.' },
  BWK_ERR_NOT_FOUND: { exit: 6, status: 404, message: 'No such record.' },
  BWK_ERR_DOWNLOAD: { exit: 7, status: 502, message: 'A list could not be downloaded.' },
  BWK_ERR_STORE: { exit: 8, status: 503, message: 'The store failed.' },
  BWK_ERR_RULES: { exit: 9, status: 500, message: 'A rules data file is invalid.' },
  BWK_ERR_FORBIDDEN: { exit: 10, status: 403, message: 'The acting user may not do this.' },
  BWK_ERR_UNAUTHENTICATED: { exit: 11, status: 401, message: 'Sign in first: no valid session or token.' },
  BWK_ERR_RATE_LIMITED: { exit: 12, status: 429, message: 'Too many attempts; wait and try again.' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ErrorLocation {
  file?: string;
  line?: number;
  record?: string;
  field?: string;
}

export class BulwarkError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  /** The problem alone, without its location. */
  readonly detail: string;

  constructor(code: ErrorCode, detail: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(formatMessage(detail, location), options);
    this.name = 'BulwarkError';
    this.code = code;
    this.location = location;
    this.detail = detail;
  }

  get exitCode(): number {
    return ERRORS[this.code].exit;
  }
}

/** An input refused by a zod schema, as one sentence naming the field (unknown fields named as such). */
export function zodProblem(e: z.ZodError, where: string): { message: string; field: string } {
  const i = e.issues[0];
  const path = i.path.map(String);
  const field = path.length ? path.join('.') : where;
  const unknown = i.code === 'unrecognized_keys' ? `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}` : i.message;
  return { message: `${field}: ${unknown}`, field: i.code === 'unrecognized_keys' ? [...path, i.keys[0]].join('.') : field };
}

function formatMessage(detail: string, loc: ErrorLocation): string {
  const where = [
    loc.file,
    loc.line !== undefined ? `line ${loc.line}` : undefined,
    loc.record !== undefined ? `record ${loc.record}` : undefined,
    loc.field !== undefined ? `field ${loc.field}` : undefined,
  ].filter(Boolean);
  return where.length ? `${where.join(', ')}: ${detail}` : detail;
}

export function isBulwarkError(e: unknown): e is BulwarkError {
  return e instanceof BulwarkError;
}

/** The one way the UI talks to Bulwark: same-origin JSON calls with the session cookie and CSRF header. */
import { shown } from './format';

export interface User {
  id: string;
  username: string;
  displayName?: string;
  role: 'member' | 'staff' | 'security_officer' | 'admin';
  officeId: string;
  offices: string[];
  mustChangePassword: boolean;
  email?: string;
  digest: 'off' | 'daily' | 'weekly';
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * An answer of the API decoded with every text in it as the UI shows it (`shown`), so no page
 * renders a control or bidi character a record holds, whichever field it comes from.
 */
export const fromJson = (text: string): unknown => JSON.parse(text, (_key, v: unknown) => (typeof v === 'string' ? shown(v) : v));

let csrfToken = '';
let onExpired: () => void = () => undefined;

export function setSession(token: string, expired: () => void): void {
  csrfToken = token;
  onExpired = expired;
}

/** The session's CSRF token, for the few requests not made through `api` (uploads with progress). */
export const csrf = () => csrfToken;

async function call<T>(method: string, path: string, body?: unknown, raw?: { type: string }): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = raw?.type ?? 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body) });
  const text = await res.text();
  const data = text && res.headers.get('content-type')?.includes('json') ? fromJson(text) : shown(text);
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; field?: string } })?.error ?? {};
    // A session that ended (expiry, sign-out elsewhere) sends the user back to sign in, keeping their place.
    if (res.status === 401 && !path.startsWith('/api/auth/')) onExpired();
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? `The server answered ${res.status}`, e.field);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body?: unknown) => call<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  del: <T>(path: string) => call<T>('DELETE', path),
  upload: <T>(path: string, body: Blob | string, type: string) => call<T>('POST', path, body, { type }),
};

/** Appends `office=` when acting in another office the user may see. */
export const inOffice = (path: string, office?: string) => (office ? `${path}${path.includes('?') ? '&' : '?'}office=${encodeURIComponent(office)}` : path);

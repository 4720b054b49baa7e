import { BulwarkError, isBulwarkError } from '../errors.js';

/**
 * Turns a driver's failure into one sentence saying what is wrong and what to do, as BWK_ERR_STORE
 * (exit 8, HTTP 503). Bulwark's own errors (bad input, a refused import) pass through unchanged.
 */
export function storeFault(e: unknown, where: string): BulwarkError {
  if (isBulwarkError(e)) return e;
  const err = e as { code?: string; message?: string };
  const code = err.code ?? '';
  const msg = String(err.message ?? e);
  const say = (what: string) => new BulwarkError('BWK_ERR_STORE', `${where}: ${what}`, {}, { cause: e });
  if (code === 'SQLITE_NOTADB' || /not a database/i.test(msg)) return say('the file is not a Bulwark database (it is damaged or something else); point BULWARK_DB at the right file or restore a backup');
  if (code === 'EISDIR' || /directory/i.test(msg) && code.startsWith('SQLITE_CANTOPEN')) return say('the path is a directory, not a database file; set BULWARK_DB to a file path');
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'EACCES' || code === 'ENOENT') return say('the database file cannot be opened (check the path and its permissions)');
  if (code === 'SQLITE_CORRUPT' || /malformed/i.test(msg)) return say('the database file is damaged; restore it from a backup (`bulwark restore`)');
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return say('another process held the database\'s write lock longer than a write waits for it (up to two minutes), so nothing was written (a list import holds it for seconds at a time, so a process is probably stuck); try again, and if it happens again, stop the other Bulwark processes using this file');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === '53100') return say('the disk is full; free space and try again');
  if (code === 'SQLITE_READONLY' || code === 'EROFS') return say('the database is read-only; check the file\'s permissions');
  if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === '57P03') return say('PostgreSQL does not answer; check that it is running and that BULWARK_DATABASE_URL names the right host and port');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return say('the PostgreSQL host in BULWARK_DATABASE_URL cannot be found; check the address');
  if (code === '3D000') return say('the PostgreSQL database does not exist; create it or fix BULWARK_DATABASE_URL');
  if (code === '28000' || code === '28P01') return say('PostgreSQL refused the login; check the user and password in BULWARK_DATABASE_URL');
  if (code === '57P01' || code === '08006' || code === '08003' || /Connection terminated|connection closed/i.test(msg)) return say('the connection to PostgreSQL was lost; try again when the server is back');
  if (/Invalid URL|invalid connection|ERR_INVALID_URL/i.test(msg + code)) return say('BULWARK_DATABASE_URL is not a valid PostgreSQL address (postgres://user@host:port/database)');
  return say(`the store failed (${msg.split('\n')[0]}); check the store and try again`);
}

/** Every method of a store (and of its parts, such as `accounts`), with driver failures mapped by `storeFault`. */
export function guardStore<T extends object>(store: T, where: string): T {
  const parts = new Map<PropertyKey, object>();
  return new Proxy(store, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        if (!parts.has(prop)) parts.set(prop, guardStore(v as object, where));
        return parts.get(prop);
      }
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        try {
          const out = v.apply(target, args);
          return out instanceof Promise ? out.catch((e: unknown) => { throw storeFault(e, where); }) : out;
        } catch (e) {
          throw storeFault(e, where);
        }
      };
    },
  });
}

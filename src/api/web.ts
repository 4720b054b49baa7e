import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** The built web UI (npm run build:web). */
export const WEB_DIST = new URL('../../web/dist/', import.meta.url).pathname;

/**
 * The browser may run only the UI's own files: no inline script or style, no other origin, no
 * framing, no plugins. React sets styles through the DOM (allowed); cytoscape draws on a canvas.
 */
export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8',
};

/** Paths the API and machine clients own: never answered with the app. */
const NOT_THE_APP = /^\/(api|match|search|entities|openapi\.json|docs|healthz|readyz)(\/|$|\?)/;

/**
 * Serves web/dist: hashed assets with long caching, and index.html for every other GET that is not
 * an API path (the single-page app routes itself), all under the strict CSP.
 */
export async function webPlugin(app: FastifyInstance, opts: { dir?: string } = {}): Promise<void> {
  const dir = opts.dir ?? WEB_DIST;
  const index = join(dir, 'index.html');
  app.get('/*', { config: { action: 'web.read' } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0]);
    if (NOT_THE_APP.test(path)) return reply.callNotFound();
    const file = normalize(join(dir, path));
    reply.header('content-security-policy', WEB_CSP);
    if (file.startsWith(dir) && path !== '/' && existsSync(file) && statSync(file).isFile()) {
      const hashed = path.startsWith('/assets/');
      reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(readFileSync(file));
    }
    // A missing file with an extension is a missing asset, not an app route.
    if (extname(path)) return reply.callNotFound();
    if (!existsSync(index)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The web UI is not built yet: run `npm run build:web` (npm start does this).');
    }
    reply.header('cache-control', 'no-cache');
    return reply.type(TYPES['.html']).send(readFileSync(index));
  });
}

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_CSP, webPlugin } from '../../src/api/web.js';

describe('the web UI plugin', () => {
  let app: FastifyInstance;
  const dir = `${mkdtempSync(join(tmpdir(), 'bwk-dist-'))}/`;
  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Bulwark</title>');
    writeFileSync(join(dir, 'assets/index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, '..', 'secret.txt'), 'not for the web');
    app = Fastify();
    app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'BWK_ERR_NOT_FOUND' } }));
    await app.register(webPlugin, { dir });
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves the app for every page path, under the strict CSP', async () => {
    for (const url of ['/', '/report', '/contacts/abc?office=office-b']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.body).toContain('<title>Bulwark</title>');
      expect(r.headers['content-security-policy']).toBe(WEB_CSP);
    }
    expect(WEB_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('serves hashed assets with long caching', async () => {
    const r = await app.inject({ url: '/assets/index-abc.js' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toContain('immutable');
  });

  it('never answers an API path or a missing file with the app, and never leaves its folder', async () => {
    for (const url of ['/api/nope', '/api', '/match/default', '/healthz', '/assets/missing.js', '/favicon.ico', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toContain('not for the web');
    }
  });

  it('says plainly when the UI has not been built', async () => {
    const bare = Fastify();
    await bare.register(webPlugin, { dir: `${mkdtempSync(join(tmpdir(), 'bwk-nodist-'))}/` });
    const r = await bare.inject({ url: '/' });
    expect(r.statusCode).toBe(503);
    expect(r.body).toMatch(/npm run build:web/);
    await bare.close();
  });
});
